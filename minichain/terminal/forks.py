"""Fork pictures: a node's block tree and a simulation's timeline, drawn with rich.

Both pictures only *draw* what the library decided. The tree reads
:attr:`Blockchain.main <minichain.chain.Blockchain.main>` (the active, most-work
chain) and :meth:`Blockchain.side_branches <minichain.chain.Blockchain.side_branches>`
(every known block off it); the timeline reads a :mod:`minichain.sim` trace.
Nothing here decides which branch wins.

Colour is a bonus, never the message: a stale branch says "side branch", a
reorg row says "REORG", so a capture without colour reads the same.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from rich.markup import escape
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from minichain.chain import Added, Blockchain
from minichain.hashing import short_hex
from minichain.headers import BlockEntry
from minichain.sim import Event
from minichain.terminal.i18n import N_, _, ngettext
from minichain.terminal.style import grouped

__all__ = [
    "ADDED",
    "TIMELINE_KINDS",
    "added_outcome",
    "ForkFacts",
    "fork_facts",
    "fork_tree",
    "timeline",
]

TIMELINE_KINDS = ("mined", "reorg", "release", "partition", "heal", "rejected", "note")
"""Trace events the timeline shows by default (``received`` and ``catch-up`` are chatter)."""

MAX_LANES = 6
"""Up to this many nodes the timeline gives each node its own column."""


@dataclass(frozen=True)
class ForkFacts:
    """What a node's block tree says, in numbers.

    Attributes:
        height: height of the active tip.
        tip: the active tip's hash.
        branches: side branches the node knows.
        stale: blocks on those side branches (mined, valid, and not on the active chain),
            each counted once although branches can share their first blocks.
    """

    height: int
    tip: bytes
    branches: int
    stale: int


ADDED = {
    Added.EXTENDED: N_("extended the active chain"),
    Added.REORGANIZED: N_("became the tip of a branch with more work: the chain reorganised"),
    Added.SIDE_BRANCH: N_("stored on a side branch with less work"),
    Added.ORPHAN: N_("held until its parent arrives"),
    Added.KNOWN: N_("already known"),
}
"""What :meth:`Blockchain.add_block <minichain.chain.Blockchain.add_block>` did, in the
library's own words (each is its :class:`~minichain.chain.Added` value; a test checks
they stay equal), marked for the catalogue."""


def added_outcome(added: Added) -> str:
    """What ``add_block`` did with a block, in the language in use."""
    return _(ADDED[added])


def fork_facts(chain: Blockchain) -> ForkFacts:
    """Count the side branches and stale blocks of ``chain``."""
    branches = chain.side_branches()
    return ForkFacts(chain.height, chain.tip_entry.hash, len(branches), chain.stale_block_count())


def _miner(chain: Blockchain, entry: BlockEntry, names: Mapping[str, str]) -> str:
    if entry.height == 0:
        return _("genesis")
    block = chain.blocks.get(entry.hash)
    if block is None or not block.transactions or not block.transactions[0].outputs:
        return ""
    owner = block.transactions[0].outputs[0].owner
    return names.get(owner, owner[:8] + "…")


def _block_label(chain: Blockchain, entry: BlockEntry, names: Mapping[str, str]) -> str:
    miner = escape(_miner(chain, entry, names))
    return f"{entry.height:>3} {short_hex(entry.hash)}  [dim]{miner}[/dim]"


def fork_tree(
    chain: Blockchain,
    *,
    title: str | None = None,
    names: Mapping[str, str] | None = None,
    context: int = 1,
    tail: int = 3,
) -> Tree:
    """The active chain from genesis to tip, with each side branch hanging off its fork point.

    A block that two side branches share is drawn once: the later branch
    hangs off the last block they share. Long stretches of the active chain
    without a fork are folded into one line; the genesis block, ``context``
    blocks around every fork point and the last ``tail`` blocks are always
    shown.

    Args:
        chain: the node's chain.
        title: the first line of the picture (default: "block tree").
        names: who mined what: address -> name, read from each block's coinbase.
        context: active blocks shown on either side of a fork point.
        tail: active blocks shown before the tip.
    """
    names = {} if names is None else names
    branches = chain.side_branches()
    main = chain.main
    on_main = {entry.hash: entry.height for entry in main}
    fork_heights = {
        on_main[branch[0].header.prev_hash]
        for branch in branches
        if branch[0].header.prev_hash in on_main
    }
    shown = {0, *range(max(0, len(main) - 1 - tail), len(main))}
    for height in fork_heights:
        shown.update(range(max(0, height - context), min(len(main), height + context + 1)))

    facts = fork_facts(chain)
    title = _("block tree") if title is None else title
    branch_count = ngettext("{count} side branch", "{count} side branches", facts.branches)
    stale_count = ngettext("{count} stale block", "{count} stale blocks", facts.stale)
    tree = Tree(
        _("{title}: active chain to tip {height} {tip}, {branches}, {stale}").format(
            title=f"[bold]{escape(title)}[/bold]",
            height=facts.height,
            tip=short_hex(facts.tip),
            branches=branch_count.format(count=grouped(facts.branches)),
            stale=stale_count.format(count=grouped(facts.stale)),
        ),
        guide_style="dim",
    )
    nodes: dict[bytes, Tree] = {}
    hidden = 0
    for entry in main:
        if entry.height not in shown:
            hidden += 1
            continue
        if hidden:
            folded = ngettext(
                "{count} block without a fork", "{count} blocks without a fork", hidden
            )
            tree.add(f"[dim]  ┆ {folded.format(count=grouped(hidden))}[/dim]")
            hidden = 0
        label = _block_label(chain, entry, names)
        if entry is main[-1]:
            label += "  [bold green]◀ " + _("active tip (most work)") + "[/bold green]"
        nodes[entry.hash] = tree.add(label)

    # A branch's first block has its parent on the active chain, and the blocks
    # it shares with a branch drawn before it come first, so attaching branches
    # by the height they start at always finds the parent of its first new
    # block already drawn.
    for branch in sorted(branches, key=lambda b: (b[0].height, b[-1].height, b[-1].hash)):
        fresh = [entry for entry in branch if entry.hash not in nodes]
        parent = nodes.get(fresh[0].header.prev_hash)
        if parent is None:  # pragma: no cover - side_branches() starts at a known parent
            continue
        behind = main[-1].chainwork - branch[-1].chainwork
        work = _("less work") if behind > 0 else _("equal work, seen later")
        blocks = ngettext("{count} block", "{count} blocks", len(fresh))
        node = parent.add(
            _("{side_branch}, {blocks} ({work}: stale)").format(
                side_branch="[yellow]" + _("side branch") + "[/yellow]",
                blocks=blocks.format(count=grouped(len(fresh))),
                work=work,
            )
        )
        for entry in fresh:
            nodes[entry.hash] = node.add(f"[yellow]{_block_label(chain, entry, names)}[/yellow]")
    return tree


def _time(seconds: float) -> str:
    return f"{seconds:.1f}s"


def _event_text(event: Event, *, in_lane: bool) -> Text:
    if event.kind == "reorg":
        return Text(f"REORG {event.detail}", style="bold red")
    if event.kind == "mined":
        mined = event.detail.removeprefix("block ")  # "<height> <hash> on <parent hash>[ ...]"
        return Text(re.sub(r" on \S+", "", mined, count=1) if in_lane else mined, style="green")
    if event.kind in ("partition", "heal"):
        return Text(f"{event.kind.upper()} {event.detail}", style="bold yellow")
    if event.kind == "release":
        return Text(f"RELEASE {event.detail}", style="bold magenta")
    return Text(f"{event.kind} {event.detail}", style="dim")


def timeline(
    trace: Iterable[Event],
    nodes: Sequence[str],
    *,
    kinds: Iterable[str] = TIMELINE_KINDS,
    last: int | None = None,
    title: str | None = None,
) -> Table:
    """Who mined what when, one row per event, reorgs highlighted.

    With up to :data:`MAX_LANES` nodes each node has its own column (a
    network-wide event such as a partition fills the ``network`` column);
    with more, one ``node`` column names where it happened. In a lane a mined
    block is its height and hash, short enough for one line; the block tree
    shows what it was mined on.

    Args:
        trace: the simulation's events, oldest first (:attr:`minichain.sim.Network.trace`).
        nodes: the node names, in the order their columns appear.
        kinds: which event kinds to show.
        last: show only the last ``last`` of those events (the caption counts the rest).
        title: the table's title (default: "timeline").
    """
    wanted = set(kinds)
    events = [event for event in trace if event.kind in wanted]
    skipped = 0
    if last is not None and len(events) > last:
        skipped = len(events) - last
        events = events[skipped:]
    lanes = len(nodes) <= MAX_LANES
    title = _("timeline") if title is None else title
    table = Table(title=title, title_justify="left", show_lines=False, pad_edge=False)
    table.add_column(_("time"), justify="right", no_wrap=True)
    if lanes:
        for name in nodes:
            table.add_column(name, overflow="fold")
        table.add_column(_("network"), overflow="fold")
    else:
        table.add_column(_("node"), no_wrap=True)
        table.add_column(_("event"), overflow="fold")
    if skipped:
        table.caption = ngettext(
            "{count} earlier event not shown", "{count} earlier events not shown", skipped
        ).format(count=grouped(skipped))
    for event in events:
        text = _event_text(event, in_lane=lanes)
        if lanes:
            cells: list[Text | str] = ["" for _lane in range(len(nodes) + 1)]
            column = nodes.index(event.node) if event.node in nodes else len(nodes)
            cells[column] = text
            table.add_row(_time(event.time), *cells)
        else:
            table.add_row(_time(event.time), event.node or _("network"), text)
    return table
