"""``minichain mine``: mine blocks onto a chain file, with a live count of hashes tried.

Only the argument grammar lives at module level; the handler imports the
chain and rich when it runs, so ``minichain --help`` stays quick.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from minichain.cli.arguments import add_params_option, address, chain_params, count, path
from minichain.terminal.i18n import _

if TYPE_CHECKING:
    from rich.progress import Progress

    from minichain.chain import Blockchain
    from minichain.ledger import Block

CLOCKS = ("simulated", "system")


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``mine`` to the command line."""
    mine = commands.add_parser(
        "mine",
        help=_("mine blocks onto a chain file, paying the rewards to an address"),
        description=(
            _(
                "Mines blocks on the tip of the chain in FILE (made if missing), each paying the "
                "reward and the fees to ADDRESS, and prints them. A progress bar counts the hashes "
                "tried against the number the target makes likely. With the simulated clock (the "
                "default) every block is stamped one target spacing after its parent, so the same "
                "command on the same file always mines the same blocks."
            )
        ),
    )
    mine.add_argument("--data", type=path, required=True, metavar="FILE", help=_("the chain file"))
    mine.add_argument(
        "--to", type=address, required=True, metavar="ADDRESS", help=_("who the rewards pay")
    )
    mine.add_argument(
        "--blocks", type=count, default=1, metavar="N", help=_("how many blocks (default: 1)")
    )
    add_params_option(mine, new_file="classroom")
    mine.add_argument(
        "--clock",
        choices=CLOCKS,
        default="simulated",
        help=_("block timestamps: one spacing after the tip (simulated, the default) or now"),
    )
    mine.set_defaults(handler=run_mine)


def run_mine(args: argparse.Namespace) -> int:
    """Mine ``--blocks`` blocks with a progress bar each; print them; 0 when all are mined."""
    import time

    from minichain.chain import Blockchain
    from minichain.hashing import short_hex
    from minichain.terminal.chains import chain_table
    from minichain.terminal.i18n import _, ngettext
    from minichain.terminal.progress import HashRateColumn, hash_rate, progress_bar
    from minichain.terminal.style import grouped, make_console

    console = make_console()
    params = chain_params(args.params, args.data)
    clock = time.time if args.clock == "system" else None
    with Blockchain.open(args.data, params, clock=clock) as chain:
        blocks = ngettext("{count} block", "{count} blocks", args.blocks)
        console.print(
            _("mining {blocks} on {chain} chain {file} (height {height}), paying {address}").format(
                blocks=blocks.format(count=grouped(args.blocks)),
                chain=params.name,
                file=args.data,
                height=chain.height,
                address=args.to,
            )
        )
        progress = progress_bar(console, HashRateColumn())
        with progress:
            for _block in range(args.blocks):
                block, tried, seconds, expected = _mine_one(chain, args.to, progress)
                hashes = ngettext("{count} hash", "{count} hashes", tried)
                console.print(
                    _(
                        "mined block {height} {hash} nonce {nonce}: {hashes}, "
                        "{ratio} × the {expected} expected, {rate}"
                    ).format(
                        height=chain.height,
                        hash=short_hex(block.hash),
                        nonce=block.header.nonce,
                        hashes=hashes.format(count=grouped(tried)),
                        ratio=f"{tried / expected:.2f}",
                        expected=f"{expected:,}",
                        rate=hash_rate(tried / seconds),
                    )
                )
        console.print(chain_table(chain, last=args.blocks))
    return 0


def _mine_one(chain: Blockchain, to: str, progress: Progress) -> tuple[Block, int, float, int]:
    """Mine one block with a progress bar; return it, hashes tried, seconds, hashes expected."""
    import time

    from minichain.headers import expected_bits
    from minichain.miner import mine_block
    from minichain.pow import block_work
    from minichain.terminal.i18n import _

    expected = block_work(expected_bits(chain.tip_entry, chain.params))
    name = _("block {height}").format(height=chain.height + 1)
    task = progress.add_task(name, total=expected, tried=0, rate=0.0)
    started = time.perf_counter()
    tries = 0

    def report(tried: int) -> None:
        nonlocal tries
        tries = tried
        seconds = max(time.perf_counter() - started, 1e-9)
        progress.update(task, completed=min(tried, expected), tried=tried, rate=tried / seconds)
        # Draw now, at every report (one per chunk of nonces), rather than waiting for rich's
        # timer: a block found before the timer's first tick would otherwise never show a bar.
        progress.refresh()

    block = mine_block(chain, to, progress=report)
    progress.remove_task(task)
    return block, tries, max(time.perf_counter() - started, 1e-9), expected
