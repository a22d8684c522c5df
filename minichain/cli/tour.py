"""``minichain tour``: a guided walk through the course, step by step, with live objects.

Only the argument grammar lives at module level; the handler imports the tour
(and rich) when it runs, so ``minichain --help`` stays quick.
"""

from __future__ import annotations

import argparse

from minichain.cli.arguments import whole
from minichain.terminal.i18n import _

STEP_COUNT = 9
"""Steps of the tour (tests check this matches minichain.terminal.tour.STEPS)."""


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``tour`` to the command line."""
    tour = commands.add_parser(
        "tour",
        help=_("a guided ten-minute walk through the course, with live minichain objects"),
        description=(
            _(
                "Walks through the course in the terminal: hashing, a Merkle proof, blocks, "
                "mining, signatures, a refused double spend, a fork and a reorg, the Bitcoin "
                "paper's attack table and a consortium of 27 cities. Press Enter for the next "
                "step, q then Enter to quit."
            )
        ),
    )
    tour.add_argument(
        "--auto", action="store_true", help=_("run every step without pausing (for scripts)")
    )
    tour.add_argument(
        "--step",
        type=whole(1, STEP_COUNT),
        default=1,
        metavar="N",
        help=_("start at step N ({first}-{last})").format(first=1, last=STEP_COUNT),
    )
    tour.set_defaults(handler=run_tour)


def run_tour(args: argparse.Namespace) -> int:
    """Run the tour from ``--step``; 0 when it ends or the learner quits."""
    from minichain.terminal.style import make_console
    from minichain.terminal.tour import run_tour as walk

    walk(make_console(), start=args.step, auto=args.auto)
    return 0
