"""What ``minichain sim`` prints: a progress bar while it runs, then the pictures and the facts."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from minichain.terminal import scenarios
from minichain.terminal.forks import fork_tree, timeline
from minichain.terminal.i18n import _
from minichain.terminal.progress import counting


def facts_table(facts: list[tuple[str, str]], title: str) -> Table:
    """Label/value lines as a two-column table."""
    table = Table(title=title, title_justify="left", show_header=False, pad_edge=False)
    table.add_column("fact", style="bold")
    table.add_column("value", overflow="fold")
    for label, value in facts:
        table.add_row(label, value)
    return table


def show(
    console: Console,
    scenario: str,
    *,
    seed: int,
    blocks: int,
    share: float,
    confirmations: int,
    trials: int,
    node: str | None,
    last: int,
) -> None:
    """Run ``scenario`` and print what happened.

    Raises:
        SimulationError: ``node`` is not a node of the scenario.
    """
    if scenario == "double-spend":
        with counting(console, _("double-spend races"), trials) as update:
            race = scenarios.double_spend(
                seed=seed, trials=trials, share=share, confirmations=confirmations, progress=update
            )
        title = _("double-spend: {trials} races, seed {seed}").format(trials=trials, seed=seed)
        console.print(facts_table(race.facts, title))
        return

    with counting(
        console, _("{scenario}: blocks found").format(scenario=scenario), blocks
    ) as update:
        result = scenarios.run_network(
            scenario, seed=seed, blocks=blocks, share=share, watch=node, progress=update
        )
    net = result.network
    watched = net.node(result.watched)
    title = _("{scenario}: timeline").format(scenario=scenario)
    console.print(timeline(net.trace, list(net.nodes), last=last, title=title))
    console.print()
    names = {each.address: each.name for each in net.nodes.values()}
    title = _("{node}'s block tree").format(node=watched.name)
    console.print(fork_tree(watched.chain, title=title, names=names))
    console.print()
    title = _("{scenario}: seed {seed}, {blocks} blocks").format(
        scenario=scenario, seed=seed, blocks=blocks
    )
    console.print(facts_table(result.facts, title))
