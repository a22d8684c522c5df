"""A chain as a table: the active chain block by block, side branches beside it."""

from __future__ import annotations

from rich.table import Table

from minichain.chain import Blockchain
from minichain.hashing import short_hex
from minichain.header import utc_time
from minichain.headers import BlockEntry
from minichain.pow import block_work
from minichain.terminal.i18n import N_, _, ngettext
from minichain.terminal.style import Fitting, grouped


def chain_table(chain: Blockchain, last: int | None = None) -> Fitting:
    """Every block by height: the active chain, and side branches (from ``side_branches()``).

    A block that two side branches share is listed once, with the first of them.

    Args:
        chain: the chain to draw.
        last: show only the blocks of the last ``last`` heights (``None``: all).

    Returns:
        the table, with fewer columns where the terminal is narrow (see
        :class:`~minichain.terminal.style.Fitting`).
    """
    branches = chain.side_branches()
    lowest = 0 if last is None else max(0, chain.height - last + 1)
    rows: list[tuple[int, int, BlockEntry]] = [
        (entry.height, 0, entry) for entry in chain.main[lowest:]
    ]
    listed: set[bytes] = set()
    for number, branch in enumerate(branches, 1):
        fresh = [entry for entry in branch if entry.hash not in listed]
        listed.update(entry.hash for entry in fresh)
        rows += [(entry.height, number, entry) for entry in fresh if entry.height >= lowest]
    rows.sort(key=lambda row: (row[0], row[1]))
    tip = chain.tip_entry
    cells: list[dict[str, str]] = []
    styles: list[str | None] = []
    for height, number, entry in rows:
        if number == 0:
            label = _("active, tip") if entry is tip else _("active")
        else:
            label = _("side {number}, forks at {height}").format(
                number=number, height=branches[number - 1][0].height - 1
            )
        cells.append(
            {
                "height": str(height),
                "branch": label,
                "hash": short_hex(entry.hash),
                "time (UTC)": utc_time(entry.header.timestamp).removesuffix(" UTC"),
                "txs": str(len(chain.blocks[entry.hash].transactions)),
                "work": f"{block_work(entry.header.bits):,}",
                "chainwork": f"{entry.chainwork:,}",
            }
        )
        styles.append(None if number == 0 else "dim")
    hidden = lowest
    side_blocks = chain.stale_block_count()
    active = len(chain.main)
    notes = [
        ngettext(
            "{count} block on the active chain", "{count} blocks on the active chain", active
        ).format(count=grouped(active))
    ]
    if branches:
        notes.append(
            ngettext(
                "{blocks} on {count} side branch",
                "{blocks} on {count} side branches",
                len(branches),
            ).format(blocks=side_blocks, count=grouped(len(branches)))
        )
    else:
        notes.append(_("no side branches"))
    if hidden:
        notes.append(
            _("height 0 not shown")
            if hidden == 1
            else _("heights 0-{last} not shown").format(last=hidden - 1)
        )
    title = _("{name} chain: height {height}, tip {tip}").format(
        name=chain.params.name, height=chain.height, tip=short_hex(chain.tip.hash)
    )
    # Translators: the separator between a caption's notes ("，" in Chinese).
    caption = _(", ").join(notes)
    # Narrow terminals lose the time first (the block card shows it), then each block's work.
    return Fitting(
        *(
            _chain_layout(title, caption, columns, cells, styles)
            for columns in (CHAIN_COLUMNS, CHAIN_COLUMNS[:3] + CHAIN_COLUMNS[4:], NARROW_COLUMNS)
        )
    )


CHAIN_COLUMNS = (
    N_("height"),
    N_("branch"),
    N_("hash"),
    N_("time (UTC)"),
    N_("txs"),
    N_("work"),
    N_("chainwork"),
)
"""The columns of :func:`chain_table`, as wide as the terminal allows."""
NARROW_COLUMNS = ("height", "branch", "hash", "txs", "chainwork")
"""The columns left at the narrowest."""
_RIGHT = {"height", "txs", "work", "chainwork"}


def _chain_layout(
    title: str,
    caption: str,
    columns: tuple[str, ...],
    cells: list[dict[str, str]],
    styles: list[str | None],
) -> Table:
    table = Table(title=title, title_justify="left", caption=caption, caption_justify="left")
    for column in columns:
        table.add_column(_(column), justify="right" if column in _RIGHT else "left", no_wrap=True)
    for row, style in zip(cells, styles):
        table.add_row(*(row[column] for column in columns), style=style)
    return table
