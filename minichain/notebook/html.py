"""Blocks and transactions as HTML cards, for Jupyter and for the course site.

Each function returns an :class:`Html` object, which Jupyter displays through
its ``_repr_html_`` method; ``str()`` of it is the HTML text. The cards are
self-contained: inline styles only, no scripts, no fonts or images from
elsewhere, and every piece of text from a block or transaction goes through
:func:`html.escape`, so a document label cannot inject markup.

The facts come from the library itself: hashes as :func:`minichain.header.to_display_hex`
writes them, targets from :func:`minichain.pow.bits_to_target`, expected work from
:func:`minichain.pow.block_work`, heights and chainwork from the chain's own index.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING

from minichain.hashing import short_hex, to_display_hex
from minichain.header import BlockHeader, utc_time
from minichain.ledger import Block
from minichain.notebook.svg import chain_tree
from minichain.pow import bits_to_target, block_work
from minichain.tx import Transaction, TxOut

if TYPE_CHECKING:
    from minichain.chain import Blockchain

SHORT = 16
"""Hex digits of a hash shown where the full hash would not fit (as error messages do)."""

CARD_STYLE = (
    "font-family: ui-sans-serif, system-ui, sans-serif; font-size: 13px; color: #1f2328; "
    "background: #ffffff; border: 1px solid #8c959f; border-radius: 6px; "
    "padding: 8px 12px; margin: 4px 0; display: inline-block; max-width: 100%"
)
TITLE_STYLE = "font-weight: 600; font-size: 14px; margin: 0 0 6px 0"
TABLE_STYLE = "border-collapse: collapse; margin: 0"
NAME_STYLE = "text-align: left; padding: 1px 12px 1px 0; font-weight: 600; vertical-align: top"
VALUE_STYLE = "text-align: left; padding: 1px 8px 1px 0; vertical-align: top"
HEAD_STYLE = "text-align: left; padding: 2px 8px 2px 0; border-bottom: 1px solid #8c959f"
MONO_STYLE = "font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace"


@dataclass(frozen=True)
class Html:
    """An HTML fragment that Jupyter displays as HTML; ``str()`` gives its text."""

    text: str

    def _repr_html_(self) -> str:
        return self.text

    def __str__(self) -> str:
        return self.text


def _mono(text: str) -> str:
    return f'<span style="{MONO_STYLE}">{escape(text)}</span>'


def _field_table(rows: Iterable[tuple[str, str]]) -> str:
    """A two-column table; the values are already HTML (escaped by their makers)."""
    body = "".join(
        f'<tr><th style="{NAME_STYLE}">{escape(name)}</th>'
        f'<td style="{VALUE_STYLE}">{value}</td></tr>'
        for name, value in rows
    )
    return f'<table style="{TABLE_STYLE}">{body}</table>'


def _grid(headings: list[str], rows: list[list[str]]) -> str:
    """A table with a heading row; the cells are already HTML."""
    head = "".join(f'<th style="{HEAD_STYLE}">{escape(title)}</th>' for title in headings)
    body = "".join(
        "<tr>" + "".join(f'<td style="{VALUE_STYLE}">{cell}</td>' for cell in row) + "</tr>"
        for row in rows
    )
    return f'<table style="{TABLE_STYLE}"><tr>{head}</tr>{body}</table>'


def _card(kind: str, title: str, *parts: str) -> str:
    return (
        f'<div class="minichain-{kind}" style="{CARD_STYLE}">'
        f'<div style="{TITLE_STYLE}">{escape(title)}</div>' + "".join(parts) + "</div>"
    )


def header_rows(header: BlockHeader) -> list[tuple[str, str]]:
    """The header's fields in serialization order, with what bits and the time mean."""
    return [
        ("hash", _mono(header.hash_hex())),
        ("prev hash", _mono(to_display_hex(header.prev_hash))),
        ("merkle root", _mono(to_display_hex(header.merkle_root))),
        ("time", escape(f"{header.timestamp} ({utc_time(header.timestamp)})")),
        ("bits", _mono(f"{header.bits:#010x}")),
        ("target", _mono(f"{bits_to_target(header.bits):064x}")),
        ("nonce", escape(str(header.nonce))),
        ("work", escape(f"{block_work(header.bits):,} hashes expected")),
        ("version", escape(str(header.version))),
    ]


def header_card(header: BlockHeader) -> Html:
    """A block header as a card: each of its six fields and the block hash."""
    return Html(
        _card("header", f"header {short_hex(header.hash())}", _field_table(header_rows(header)))
    )


def _document_text(out: TxOut) -> str:
    document = out.document
    if document is None:
        return ""
    labels = ", ".join(f"{key}={value}" for key, value in document.metadata)
    return escape(document.label + (f" ({labels})" if labels else ""))


def block_card(block: Block, chain: Blockchain | None = None) -> Html:
    """A block as a card: its header fields, then one row per transaction.

    ``chain`` supplies what a block alone cannot say: its height, whether it is
    on the active chain or a side branch, and the chainwork up to it.
    """
    entry = None if chain is None else chain.entries.get(block.hash)
    rows: list[tuple[str, str]] = []
    title = "block"
    if entry is not None and chain is not None:
        where = "active chain" if chain.is_active(block.hash) else "side branch"
        rows.append(("height", escape(f"{entry.height} ({where})")))
        title = f"block {entry.height}"
    rows += header_rows(block.header)
    if entry is not None:
        rows.append(("chainwork", escape(f"{entry.chainwork:,}")))
    rows += [
        ("transactions", escape(str(len(block.transactions)))),
        ("size", escape(f"{block.size:,} bytes")),
    ]
    transactions = [
        [
            escape(str(position)),
            _mono(short_hex(tx.txid)),
            escape(tx.kind),
            escape(str(len(tx.inputs))),
            escape(str(len(tx.outputs))),
            escape(f"{sum(out.amount for out in tx.outputs):,}"),
            "<br/>".join(_document_text(out) for out in tx.outputs if out.document is not None),
        ]
        for position, tx in enumerate(block.transactions)
    ]
    grid = _grid(["#", "txid", "kind", "in", "out", "amount", "documents"], transactions)
    return Html(
        _card(
            "block",
            f"{title} {short_hex(block.hash)}",
            _field_table(rows),
            f'<div style="margin-top: 6px">{grid}</div>',
        )
    )


def transaction_card(tx: Transaction) -> Html:
    """A transaction as a card: its id and kind, the outputs it spends and those it creates."""
    rows = [
        ("txid", _mono(tx.txid_hex)),
        ("kind", escape(tx.kind)),
        ("size", escape(f"{tx.size:,} bytes")),
    ]
    if tx.memo:
        rows.append(("memo", _mono(tx.memo.hex())))
    if tx.issuer_key:
        rows.append(("issuer key", _mono(tx.issuer_key.hex())))
    inputs = [
        [
            escape(str(position)),
            _mono(f"{short_hex(tx_in.prevout.txid)}:{tx_in.prevout.index}"),
            _mono(tx_in.public_key.hex()[:SHORT] + "…" if tx_in.public_key else "(unsigned)"),
            escape(f"{len(tx_in.signature)} bytes"),
        ]
        for position, tx_in in enumerate(tx.inputs)
    ]
    outputs = [
        [
            escape(str(position)),
            _mono(out.owner),
            escape(f"{out.amount:,}"),
            _document_text(out),
        ]
        for position, out in enumerate(tx.outputs)
    ]
    parts = [_field_table(rows)]
    if inputs:
        parts.append(
            f'<div style="margin-top: 6px">Inputs (outputs it spends)'
            f"{_grid(['#', 'spends', 'public key', 'signature'], inputs)}</div>"
        )
    parts.append(
        f'<div style="margin-top: 6px">Outputs'
        f"{_grid(['#', 'owner', 'amount', 'document'], outputs)}</div>"
    )
    return Html(_card("transaction", f"{tx.label}…", *parts))


def chain_card(chain: Blockchain, last: int = 8) -> Html:
    """A chain as a card: its height, tip and branches, and the tree of its last blocks."""
    branches = chain.side_branches()
    rows = [
        ("chain", escape(chain.params.name)),
        ("height", escape(str(chain.height))),
        ("tip", _mono(chain.tip_entry.hash_hex)),
        ("chainwork", escape(f"{chain.tip_entry.chainwork:,}")),
        ("side branches", escape(str(len(branches)))),
        ("blocks off the active chain", escape(str(chain.stale_block_count()))),
        ("orphans held", escape(str(len(chain.orphans)))),
        ("mempool", escape(f"{len(chain.mempool)} transactions")),
    ]
    tree = chain_tree(chain, last)
    return Html(
        _card(
            "chain",
            f"{chain.params.name} chain at height {chain.height}",
            _field_table(rows),
            f'<div style="margin-top: 6px; overflow-x: auto">{tree}</div>',
        )
    )
