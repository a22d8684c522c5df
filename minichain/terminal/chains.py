"""A chain as a table: the active chain block by block, side branches beside it."""

from __future__ import annotations

from rich.table import Table

from minichain.chain import Blockchain
from minichain.hashing import short_hex
from minichain.header import utc_time
from minichain.headers import BlockEntry
from minichain.pow import block_work
from minichain.terminal.style import plural


def chain_table(chain: Blockchain, last: int | None = None) -> Table:
    """Every block by height: the active chain, and side branches (from ``side_branches()``).

    A block that two side branches share is listed once, with the first of them.

    Args:
        chain: the chain to draw.
        last: show only the blocks of the last ``last`` heights (``None``: all).
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
    table = Table(
        title=f"{chain.params.name} chain: height {chain.height}, tip {short_hex(chain.tip.hash)}",
        title_justify="left",
    )
    table.add_column("height", justify="right")
    table.add_column("branch", no_wrap=True)
    table.add_column("hash", no_wrap=True)
    table.add_column("time", no_wrap=True)
    table.add_column("txs", justify="right")
    table.add_column("work", justify="right")
    table.add_column("chainwork", justify="right")
    tip = chain.tip_entry
    for height, number, entry in rows:
        if number == 0:
            label = "active, tip" if entry is tip else "active"
        else:
            label = f"side {number}, forks at {branches[number - 1][0].height - 1}"
        table.add_row(
            str(height),
            label,
            short_hex(entry.hash),
            utc_time(entry.header.timestamp),
            str(len(chain.blocks[entry.hash].transactions)),
            f"{block_work(entry.header.bits):,}",
            f"{entry.chainwork:,}",
            style=None if number == 0 else "dim",
        )
    hidden = lowest
    side_blocks = chain.stale_block_count()
    notes = [f"{plural(len(chain.main), 'block')} on the active chain"]
    if branches:
        notes.append(f"{side_blocks} on {plural(len(branches), 'side branch', 'side branches')}")
    else:
        notes.append("no side branches")
    if hidden:
        notes.append("height 0 not shown" if hidden == 1 else f"heights 0-{hidden - 1} not shown")
    table.caption = ", ".join(notes)
    table.caption_justify = "left"
    return table
