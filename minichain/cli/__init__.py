"""The ``minichain`` command.

Each command's grammar is registered by a module of this package
(``learn``, ``course``, ``node``); its handler imports what it needs only when it runs,
so ``minichain --help`` imports nothing heavy and stays quick.
"""

from __future__ import annotations

import argparse
import sys

from minichain import TEACHING_MODULES, __version__
from minichain.cli import course, learn, node
from minichain.cli import keys as keys_command
from minichain.cli import mine as mine_command
from minichain.cli import send as send_command
from minichain.cli import show as show_command
from minichain.cli import sim as sim_command
from minichain.cli import tour as tour_command
from minichain.cli import verify as verify_command
from minichain.errors import MinichainError


def build_parser() -> argparse.ArgumentParser:
    """The command-line grammar of ``minichain``."""
    parser = argparse.ArgumentParser(
        prog="minichain",
        description=(
            "A small, exact teaching blockchain. Its library reads in this order: "
            + ", ".join(name.split(".")[-1] for name in TEACHING_MODULES)
            + ". New here? Start with `minichain tour`. Each command below has its own --help."
        ),
    )
    parser.add_argument("--version", action="version", version=f"minichain {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    learn.register(commands)
    course.register(commands)
    node.register(commands)
    tour_command.register(commands)
    mine_command.register(commands)
    show_command.register(commands)
    verify_command.register(commands)
    keys_command.register(commands)
    send_command.register(commands)
    sim_command.register(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code.

    0 ok, 1 refused with a one-line reason, 2 usage error, 130 stopped with Ctrl-C.
    """
    parser = build_parser()
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 0
    try:
        return int(handler(args))
    except MinichainError as error:
        print(f"minichain: {error}", file=sys.stderr)
        return 1
    except OSError as error:  # the system refused a file or folder no check foresaw
        where = f"{error.filename}: " if error.filename is not None else ""
        print(f"minichain: {where}{error.strerror or error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:  # Ctrl-C: stop quietly, with the shell's code for SIGINT
        print("\nminichain: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
