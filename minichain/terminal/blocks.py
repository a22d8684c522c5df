"""A block as a card: every header field, what it means, and the transactions inside."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Group
from rich.panel import Panel
from rich.table import Table

from minichain.hashing import short_hex, to_display_hex
from minichain.header import utc_time
from minichain.ledger import Block
from minichain.pow import bits_to_target, block_work
from minichain.terminal.i18n import N_, _, ngettext
from minichain.terminal.style import Fitting, coins, grouped

if TYPE_CHECKING:
    from minichain.chain import Blockchain


def block_fields(chain: Blockchain | None, block: Block) -> list[tuple[str, str]]:
    """The facts a block card shows, as ``(name, value)`` pairs in header order.

    The names are English, marked for the catalogue; the card translates them.
    """
    header = block.header
    entry = None if chain is None else chain.entries.get(block.hash)
    if chain is None or entry is None:
        height, where = "?", "" if chain is None else _("not in this chain")
    else:
        height = str(entry.height)
        where = _("active chain") if chain.is_active(block.hash) else _("side branch")
    work = block_work(header.bits)
    rows = [
        (
            N_("height"),
            _("{height}  ({where})").format(height=height, where=where) if where else height,
        ),
        (N_("hash"), to_display_hex(block.hash)),
        (N_("prev hash"), to_display_hex(header.prev_hash)),
        (N_("merkle root"), to_display_hex(header.merkle_root)),
        (N_("time"), f"{header.timestamp}  ({utc_time(header.timestamp)})"),
        (N_("bits"), f"{header.bits:#010x}"),
        (N_("target"), f"{bits_to_target(header.bits):064x}"),
        (N_("nonce"), str(header.nonce)),
        (
            N_("work"),
            ngettext("{count} expected hash", "{count} expected hashes", work).format(
                count=grouped(work)
            ),
        ),
    ]
    if entry is not None:
        rows.append((N_("chainwork"), f"{entry.chainwork:,}"))
    rows += [
        (N_("version"), str(header.version)),
        (N_("transactions"), str(len(block.transactions))),
        (N_("size"), _("{size} bytes").format(size=f"{block.size:,}")),
    ]
    return rows


def block_panel(chain: Blockchain | None, block: Block) -> Fitting:
    """``block`` as a card: its header fields, then one line per transaction.

    ``chain`` (may be ``None``) supplies what the block alone cannot say: its
    height, whether it is on the active chain or a side branch, its chainwork.
    """
    return Fitting(_block_card(chain, block, gap=2), _block_card(chain, block, gap=1))


def _block_card(chain: Blockchain | None, block: Block, gap: int) -> Panel:
    """The card, ``gap`` spaces between columns; at ``gap=1`` a 64-digit hash fits 80 columns."""
    fields = Table.grid(padding=(0, gap))
    fields.add_column(style="bold", no_wrap=True)
    fields.add_column(overflow="fold")
    for name, value in block_fields(chain, block):
        fields.add_row(_(name), value)
    txs = Table(box=None, padding=(0, gap), show_edge=False, pad_edge=False)
    txs.add_column("#", justify="right")
    txs.add_column("txid", no_wrap=True)
    txs.add_column(_("kind"))
    txs.add_column(_("in"), justify="right")
    txs.add_column(_("out"), justify="right")
    txs.add_column(_("pays"), justify="right")
    txs.add_column(_("documents"))
    for position, tx in enumerate(block.transactions):
        documents = [out.document.label for out in tx.outputs if out.document is not None]
        txs.add_row(
            str(position),
            short_hex(tx.txid),
            tx.kind,
            str(len(tx.inputs)),
            str(len(tx.outputs)),
            coins(sum(out.amount for out in tx.outputs)),
            ", ".join(documents),
        )
    entry = None if chain is None else chain.entries.get(block.hash)
    title = _("block {height}").format(height=entry.height) if entry is not None else _("block")
    return Panel(
        Group(fields, "", txs),
        title=f"[bold]{title}[/bold] {short_hex(block.hash)}",
        title_align="left",
        expand=False,
        padding=(0, 1) if gap > 1 else (0, 0, 0, 1),
    )
