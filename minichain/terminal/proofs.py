"""A Merkle inclusion proof drawn as the path it describes, from the leaf up to the root."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text

from minichain.hashing import short_hex
from minichain.merkle import MerkleProof, merkle_root, verify_proof
from minichain.terminal.i18n import _


def merkle_path(proof: MerkleProof, leaf: bytes, root: bytes | None = None) -> Group:
    """Draw ``proof`` for ``leaf``: one row per level, the path's node in bold, then the verdict.

    Each level pairs the node on the path with the proof's sibling, on the side
    bit ``k`` of the index gives (0: the path is the left child), and hashes
    the pair with :func:`minichain.merkle.merkle_root` of those two nodes,
    which is the tree's own parent rule. The verdict under the picture is
    :func:`minichain.merkle.verify_proof`'s, against ``root`` when given.

    Raises:
        EncodingError: ``leaf`` or ``root`` is not 32 bytes long.
    """
    table = Table(
        title=_("Merkle path of leaf {index} of {count} ({levels} levels)").format(
            index=proof.index, count=proof.leaf_count, levels=len(proof.siblings)
        ),
        title_justify="left",
        caption=_("parent = sha256d(left + right); the path's nodes in bold"),
        caption_justify="left",
    )
    table.add_column(_("level"), justify="right", no_wrap=True, min_width=5)
    table.add_column(_("left"), no_wrap=True)
    table.add_column(_("right"), no_wrap=True)
    table.add_column(_("parent"), no_wrap=True)
    node, position = leaf, proof.index
    odd_last = False
    table.add_row(_("leaf"), Text(short_hex(leaf), style="bold"), "", "")
    for level, sibling in enumerate(proof.siblings, 1):
        path = Text(short_hex(node), style="bold")
        odd_last = odd_last or sibling == node
        itself = " " + _("(itself)") if sibling == node else ""
        other = Text(short_hex(sibling) + itself)
        left, right = (other, path) if position % 2 else (path, other)
        pair = (sibling, node) if position % 2 else (node, sibling)
        node = merkle_root(list(pair))
        table.add_row(str(level), left, right, Text(short_hex(node), style="bold"))
        position //= 2
    lines: list[Text] = []
    if root is None:
        lines.append(Text(_("computed root {root}").format(root=short_hex(node))))
    elif verify_proof(leaf, proof, root):
        reaches = _("✓ reaches the root {root}: the leaf is in the tree")
        lines.append(Text(reaches.format(root=short_hex(root))))
    else:
        misses = _("✗ does not prove the leaf: the path ends at {end}, the root is {root}")
        lines.append(Text(misses.format(end=short_hex(node), root=short_hex(root))))
    if odd_last:
        table.caption = _("{caption}; (itself): an odd last node is paired with itself").format(
            caption=table.caption
        )
    return Group(table, *lines)
