"""The ``minichain`` command.

This first version lists what exists and prints the library's version; the
course's commands (``tour``, ``mine``, ``show``, ``learn`` ...) are added here
as the course grows. It imports nothing heavy, so ``minichain --help`` is quick.
"""

from __future__ import annotations

import argparse
import sys

from minichain import TEACHING_MODULES, __version__


def build_parser() -> argparse.ArgumentParser:
    """The command-line grammar of ``minichain``."""
    parser = argparse.ArgumentParser(
        prog="minichain",
        description=(
            "A small, exact teaching blockchain. Its library reads in this order: "
            + ", ".join(name.split(".")[-1] for name in TEACHING_MODULES)
            + ". Course commands (tour, mine, show, learn) arrive in later releases."
        ),
    )
    parser.add_argument("--version", action="version", version=f"minichain {__version__}")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the process exit code (0 ok, 2 usage error)."""
    parser = build_parser()
    args = sys.argv[1:] if argv is None else argv
    parser.parse_args(args)
    parser.print_help()
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
