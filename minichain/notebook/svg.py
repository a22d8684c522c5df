"""Pictures as SVG: a chain with its side branches, and a Merkle proof's path to the root.

Each function returns an :class:`Svg` object, which Jupyter displays through
its ``_repr_svg_`` method; ``str()`` of it is a complete, standalone SVG
document (it can be saved as a ``.svg`` file). The drawings use no scripts,
fonts or links to anything outside themselves, and every text goes through
:func:`html.escape`.

What is drawn comes from the library: the active chain is
:attr:`Blockchain.main <minichain.chain.Blockchain.main>`, the side branches
:meth:`Blockchain.side_branches <minichain.chain.Blockchain.side_branches>`;
a Merkle path's parents are hashed by :func:`minichain.merkle.merkle_root` of
the two children (the tree's own rule) and its verdict is
:func:`minichain.merkle.verify_proof`'s.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING

from minichain.hashing import short_hex
from minichain.merkle import MerkleProof, merkle_levels, merkle_proof, merkle_root, verify_proof

if TYPE_CHECKING:
    from minichain.chain import Blockchain
    from minichain.headers import BlockEntry

FONT = "font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 11px"

# Colours: the active chain and the proven path stand out; the rest is quieter.
MAIN_FILL, MAIN_STROKE = "#dbeafe", "#1d4ed8"
SIDE_FILL, SIDE_STROKE = "#f3f4f6", "#6b7280"
PATH_FILL, PATH_STROKE = "#fef3c7", "#b45309"
SIBLING_FILL, SIBLING_STROKE = "#ffffff", "#1d4ed8"
TEXT, MUTED = "#111827", "#4b5563"


@dataclass(frozen=True)
class Svg:
    """An SVG document that Jupyter displays as a picture; ``str()`` gives its text."""

    text: str

    def _repr_svg_(self) -> str:
        return self.text

    def __str__(self) -> str:
        return self.text


def _document(width: float, height: float, title: str, body: list[str]) -> Svg:
    return Svg(
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:g}" height="{height:g}" '
        f'viewBox="0 0 {width:g} {height:g}" role="img" style="background: #ffffff">'
        f"<title>{escape(title)}</title>" + "".join(body) + "</svg>"
    )


def _text(x: float, y: float, text: str, *, color: str = TEXT, bold: bool = False) -> str:
    weight = ' font-weight="bold"' if bold else ""
    return (
        f'<text x="{x:g}" y="{y:g}" text-anchor="middle" fill="{color}" style="{FONT}"{weight}>'
        f"{escape(text)}</text>"
    )


def _box(
    x: float, y: float, width: float, height: float, fill: str, stroke: str, **extra: str
) -> str:
    dash = ' stroke-dasharray="4 3"' if extra.pop("dashed", "") else ""
    stroke_width = extra.pop("stroke_width", "1.5")
    return (
        f'<rect x="{x:g}" y="{y:g}" width="{width:g}" height="{height:g}" rx="5" '
        f'fill="{fill}" stroke="{stroke}" stroke-width="{stroke_width}"{dash}/>'
    )


def _line(x1: float, y1: float, x2: float, y2: float, color: str) -> str:
    return (
        f'<line x1="{x1:g}" y1="{y1:g}" x2="{x2:g}" y2="{y2:g}" stroke="{color}" '
        f'stroke-width="1.5"/>'
    )


# --- a chain and its side branches -------------------------------------------------

BLOCK_W, BLOCK_H, GAP_X, GAP_Y, MARGIN = 128, 40, 20, 22, 14


def chain_tree(chain: Blockchain, last: int = 8) -> Svg:
    """The chain as a tree: the active chain in a row, each side branch in a row below it.

    Blocks are placed by height, so a side branch sits under the blocks of the
    active chain it competed with; a line joins every block to its parent.
    Only the ``last`` heights up to the highest known block are drawn; older
    blocks are summed up at the left, and side branches entirely older than
    that are counted in the title. Each block is a ``<g>`` with ``data-hash``
    and ``data-height`` attributes and a tooltip holding its full hash.
    """
    branches = chain.side_branches()
    top = max([chain.height] + [branch[-1].height for branch in branches])
    low = max(0, top - max(1, last) + 1)
    rows: list[list[BlockEntry]] = [chain.main[low:]]
    drawn: set[bytes] = set()
    hidden = 0
    for branch in branches:
        if branch[-1].height < low:
            hidden += 1
            continue
        # Branches that split off together share their first blocks: draw those once.
        shown = [entry for entry in branch if entry.height >= low and entry.hash not in drawn]
        drawn.update(entry.hash for entry in shown)
        rows.append(shown)
    left = MARGIN + (BLOCK_W + GAP_X if low > 0 else 0)

    def x_of(height: int) -> float:
        return left + (height - low) * (BLOCK_W + GAP_X)

    def y_of(row: int) -> float:
        return MARGIN + 18 + row * (BLOCK_H + GAP_Y)

    place: dict[bytes, tuple[float, float]] = {}
    for row, entries in enumerate(rows):
        for entry in entries:
            place[entry.hash] = (x_of(entry.height), y_of(row))
    edges, boxes = [], []
    for row, entries in enumerate(rows):
        for entry in entries:
            x, y = place[entry.hash]
            parent = entry.parent
            if parent is not None and parent.hash in place:
                px, py = place[parent.hash]
                color = MAIN_STROKE if row == 0 else SIDE_STROKE
                edges.append(_line(px + BLOCK_W, py + BLOCK_H / 2, x, y + BLOCK_H / 2, color))
            is_tip = row == 0 and entry is chain.tip_entry
            fill, stroke = (MAIN_FILL, MAIN_STROKE) if row == 0 else (SIDE_FILL, SIDE_STROKE)
            where = "active chain" if row == 0 else "side branch"
            boxes.append(
                f'<g class="{"main" if row == 0 else "side"}" data-hash="{entry.hash_hex}" '
                f'data-height="{entry.height}"><title>{escape(where)}: block {entry.height} '
                f"{entry.hash_hex}</title>"
                + _box(
                    x,
                    y,
                    BLOCK_W,
                    BLOCK_H,
                    fill,
                    stroke,
                    dashed="yes" if row else "",
                    stroke_width="3" if is_tip else "1.5",
                )
                + _text(x + BLOCK_W / 2, y + 16, f"block {entry.height}", bold=is_tip)
                + _text(x + BLOCK_W / 2, y + 31, short_hex(entry.hash), color=MUTED)
                + "</g>"
            )
    body = []
    if low > 0:
        y = y_of(0)
        body.append(_text(MARGIN + BLOCK_W / 2, y + 16, f"… {low} earlier", color=MUTED))
        body.append(_text(MARGIN + BLOCK_W / 2, y + 31, "blocks", color=MUTED))
        body.append(
            _line(MARGIN + BLOCK_W - 10, y + BLOCK_H / 2, left, y + BLOCK_H / 2, MAIN_STROKE)
        )
    side = len(branches)
    title = (
        f"{chain.params.name} chain: height {chain.height}, tip {short_hex(chain.tip_entry.hash)}, "
        f"{side} side branch{'es' if side != 1 else ''}"
        + (f" ({hidden} older not drawn)" if hidden else "")
    )
    width = x_of(top) + BLOCK_W + MARGIN
    height = y_of(len(rows) - 1) + BLOCK_H + MARGIN
    heading = (
        f'<text x="{MARGIN}" y="{MARGIN + 4}" fill="{TEXT}" style="{FONT}">{escape(title)}</text>'
    )
    return _document(max(width, 460), height, title, [heading, *body, *edges, *boxes])


# --- a Merkle proof ------------------------------------------------------------------

NODE_W, NODE_H, ROW_H = 260, 54, 80


def _level_width(leaf_count: int, level: int) -> int:
    """Nodes at ``level`` of a tree of ``leaf_count`` leaves (each level halves, rounding up)."""
    return ((leaf_count - 1) >> level) + 1


def merkle_path(
    proof: MerkleProof,
    leaf: bytes | None = None,
    root: bytes | None = None,
    *,
    levels: list[list[bytes]] | None = None,
) -> Svg:
    """The proof as a ladder from the leaf (bottom) to the root (top), the path lit up.

    Each level shows the two children of one parent: the node on the path
    (filled) and the sibling the proof supplies (outlined; dashed where the
    node is the odd last one of its level and is paired with itself). With
    ``leaf``, the path's hashes are worked out level by level with
    :func:`minichain.merkle.merkle_root` of the two children; with ``root``
    too, the verdict of :func:`minichain.merkle.verify_proof` is written on
    top. ``levels`` (from :func:`minichain.merkle.merkle_levels`) labels the
    nodes when the whole tree is known. Hashes are written as the bytes that
    are hashed (``digest.hex()``, as lesson 3 prints them), not reversed as
    explorers write txids. Path nodes are ``<g class="path">``
    and siblings ``<g class="sibling">``, each with ``data-level`` and
    ``data-position``.
    """
    depth = len(proof.siblings)
    path_hashes: list[bytes | None] = [leaf]
    node = leaf
    for level, sibling in enumerate(proof.siblings):
        if node is not None:
            position = proof.index >> level
            pair = [sibling, node] if position % 2 else [node, sibling]
            node = merkle_root(pair)
        path_hashes.append(node)
    if levels is not None:
        path_hashes = [level[proof.index >> number] for number, level in enumerate(levels)]

    width = 2 * NODE_W + 3 * MARGIN + 40
    top = MARGIN + 24

    def y_of(level: int) -> float:
        return top + (depth - level) * ROW_H

    def x_of(position: int) -> float:
        return MARGIN + 20 if position % 2 == 0 else 2 * MARGIN + 20 + NODE_W

    def label(level: int, position: int, value: bytes | None) -> str:
        text = f"level {level}, node {position}"
        return text if value is None else f"{text}: {short_hex(value, reverse=False)}"

    body = []
    for level in range(depth + 1):
        position = proof.index >> level
        y = y_of(level)
        x = x_of(position) if level < depth else (width - NODE_W) / 2
        name = "leaf" if level == 0 else ("root" if level == depth else "hash of the pair below")
        if level == depth and level == 0:
            name = "leaf and root"
        value = path_hashes[level]
        body.append(
            f'<g class="path" data-level="{level}" data-position="{position}">'
            f"<title>on the path: level {level}, node {position}"
            + ("" if value is None else f", {value.hex()}")
            + "</title>"
            + _box(x, y, NODE_W, NODE_H, PATH_FILL, PATH_STROKE, stroke_width="2.5")
            + _text(x + NODE_W / 2, y + 22, name, bold=True)
            + _text(x + NODE_W / 2, y + 39, label(level, position, value), color=MUTED)
            + "</g>"
        )
        if level == depth:
            continue
        partner = position ^ 1
        itself = partner >= _level_width(proof.leaf_count, level)
        sibling = proof.siblings[level]
        sx = x_of(partner)
        shown = position if itself else partner
        body.append(
            f'<g class="sibling" data-level="{level}" data-position="{shown}">'
            f"<title>from the proof: level {level}, {sibling.hex()}</title>"
            + _box(
                sx, y, NODE_W, NODE_H, SIBLING_FILL, SIBLING_STROKE, dashed="yes" if itself else ""
            )
            + _text(
                sx + NODE_W / 2,
                y + 22,
                "copy of itself (odd last node)" if itself else "sibling, from the proof",
            )
            + _text(
                sx + NODE_W / 2,
                y + 39,
                label(level, shown, sibling),
                color=MUTED,
            )
            + "</g>"
        )
        parent_x = x_of(position >> 1) if level + 1 < depth else (width - NODE_W) / 2
        parent_bottom = y_of(level + 1) + NODE_H
        for child_x in (x, sx):
            body.insert(
                0, _line(child_x + NODE_W / 2, y, parent_x + NODE_W / 2, parent_bottom, PATH_STROKE)
            )
    if leaf is not None and root is not None:
        verdict = (
            "verify_proof: the leaf is in the tree with this root"
            if verify_proof(leaf, proof, root)
            else f"verify_proof: NOT proven; the root is {short_hex(root, reverse=False)}"
        )
    else:
        verdict = f"leaf {proof.index} of {proof.leaf_count}: {depth} siblings in the proof"
    heading = (
        f'<text x="{MARGIN}" y="{MARGIN + 6}" fill="{TEXT}" style="{FONT}">{escape(verdict)}</text>'
    )
    height = y_of(0) + NODE_H + MARGIN
    title = f"Merkle path of leaf {proof.index} of {proof.leaf_count}"
    return _document(width, height, title, [heading, *body])


def merkle_tree_path(leaves: list[bytes], index: int) -> Svg:
    """The path of ``leaves[index]`` to the root, every node labelled with its hash."""
    levels = merkle_levels(leaves)
    proof = merkle_proof(leaves, index)
    return merkle_path(proof, leaves[index], levels[-1][0], levels=levels)
