"""``minichain sim``: run a network scenario in simulated time and draw what happened.

Only the argument grammar lives at module level; the handler imports the
simulator and rich when it runs, so ``minichain --help`` stays quick.
"""

from __future__ import annotations

import argparse

from minichain.cli.arguments import whole
from minichain.terminal.i18n import _

SCENARIOS = ("fork", "partition", "withhold", "double-spend")
"""Kept here too (not imported from minichain.terminal.scenarios) so --help imports nothing."""


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``sim`` to the command line."""
    sim = commands.add_parser(
        "sim",
        help=_("simulate a network (fork, partition, withheld blocks, double spend) and draw it"),
        description=(
            _(
                "Runs a network of nodes in simulated time (minichain.sim): every node keeps its "
                "own real chain. Draws the timeline (who mined what when, reorgs highlighted) and "
                "one node's block tree, then prints the facts: tips, agreement, reorgs, stale "
                "blocks. double-spend runs the attacker's race many times instead and compares the "
                "success rate with the Bitcoin paper. The same seed prints the same output."
            )
        ),
    )
    sim.add_argument(
        "--scenario", choices=SCENARIOS, default="fork", help=_("what to simulate (default: fork)")
    )
    sim.add_argument(
        "--seed",
        type=whole(0, 2**63 - 1),
        default=1,
        help=_("seeds every random choice (default 1)"),
    )
    sim.add_argument(
        "--blocks",
        type=whole(1, 100_000),
        default=30,
        metavar="N",
        help=_(
            "blocks to find before the scenario's turn (partition: healed after N; "
            "withhold: released after N) (default 30)"
        ),
    )
    sim.add_argument(
        "--share",
        type=_share,
        default=0.3,
        metavar="Q",
        help=_("the attacker's share of the hash power, withhold and double-spend (default 0.3)"),
    )
    sim.add_argument(
        "--confirmations",
        type=whole(0, 100),
        default=2,
        metavar="Z",
        help=_("double-spend: blocks the merchant waits for (default 2)"),
    )
    sim.add_argument(
        "--trials",
        type=whole(1, 1_000_000),
        default=200,
        metavar="N",
        help=_("double-spend: races to run (default 200)"),
    )
    sim.add_argument("--node", metavar="NAME", help=_("whose block tree to draw"))
    sim.add_argument(
        "--last",
        type=whole(1, 1_000_000),
        default=30,
        metavar="N",
        help=_("timeline: show the last N events (default 30)"),
    )
    sim.set_defaults(handler=run_sim)


def _share(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a number, got {text!r}") from None
    if not 0 < value < 1:  # also refuses nan
        raise argparse.ArgumentTypeError(f"must be between 0 and 1 (exclusive), got {text}")
    return value


def run_sim(args: argparse.Namespace) -> int:
    """Run the scenario, then print the timeline, the block tree and the facts."""
    from minichain.terminal import simview
    from minichain.terminal.style import make_console

    console = make_console()
    simview.show(
        console,
        args.scenario,
        seed=args.seed,
        blocks=args.blocks,
        share=args.share,
        confirmations=args.confirmations,
        trials=args.trials,
        node=args.node,
        last=args.last,
    )
    return 0
