"""The ``minichain`` command.

Each command's grammar is registered by a module of this package
(``learn``, ``course``, ``node``); its handler imports what it needs only when it runs,
so ``minichain --help`` imports nothing heavy and stays quick.

The commands speak the locale's language (``LANG=zh_CN.UTF-8``) or the one
``--lang`` names (:mod:`minichain.terminal.i18n`): English or Simplified Chinese;
argparse's own words too (:mod:`minichain.cli.parser`).
"""

from __future__ import annotations

import argparse
import sys
from typing import cast

from minichain import TEACHING_MODULES, __version__
from minichain.cli import course, learn, node
from minichain.cli import keys as keys_command
from minichain.cli import mine as mine_command
from minichain.cli import send as send_command
from minichain.cli import show as show_command
from minichain.cli import sim as sim_command
from minichain.cli import tour as tour_command
from minichain.cli import verify as verify_command
from minichain.cli.parser import Parser, speak_argparse
from minichain.errors import MinichainError
from minichain.terminal.i18n import LANGUAGES, _, refusal, use_language


def build_parser() -> argparse.ArgumentParser:
    """The command-line grammar of ``minichain``."""
    parser = Parser(
        prog="minichain",
        description=_(
            "A small, exact teaching blockchain. Its library reads in this order: {modules}. "
            "New here? Start with `minichain tour`. Each command below has its own --help."
        ).format(modules=", ".join(name.split(".")[-1] for name in TEACHING_MODULES)),
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"minichain {__version__}",
        help=_("show the version and exit"),
    )
    parser.add_argument(
        "--lang",
        choices=LANGUAGES,
        help=_("the language of the messages: en or zh (default: the locale's, as LANG says)"),
    )
    # Typed as argparse's own: each command's register() takes any parser's subcommands.
    commands = cast(
        "argparse._SubParsersAction[argparse.ArgumentParser]",
        parser.add_subparsers(dest="command", metavar="COMMAND"),
    )
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
    arguments = sys.argv[1:] if argv is None else argv
    use_language(_language_option(arguments))  # before parsing: usage errors are translated too
    speak_argparse()
    parser = build_parser()
    args = parser.parse_args(arguments)
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 0
    try:
        return int(handler(args))
    except MinichainError as error:
        print(_("minichain: {reason}").format(reason=refusal(error)), file=sys.stderr)
        return 1
    except OSError as error:  # the system refused a file or folder no check foresaw
        where = f"{error.filename}: " if error.filename is not None else ""
        reason = f"{where}{error.strerror or error}"
        print(_("minichain: {reason}").format(reason=reason), file=sys.stderr)
        return 1
    except KeyboardInterrupt:  # Ctrl-C: stop quietly, with the shell's code for SIGINT
        print("\n" + _("minichain: interrupted"), file=sys.stderr)
        return 130


def _language_option(arguments: list[str]) -> str | None:
    """The value of ``--lang`` among the options before the command (``None`` if not given).

    Read ahead of the parser so that its own refusals come in that language; a value
    that is not a language is left for the parser to refuse.
    """
    for position, word in enumerate(arguments):
        if not word.startswith("-") or word == "--":
            return None  # the command: what follows is its own
        value = None
        if word == "--lang" and position + 1 < len(arguments):
            value = arguments[position + 1]
        elif word.startswith("--lang="):
            value = word.partition("=")[2]
        if value is not None:
            return value if value in LANGUAGES else None
    return None


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
