"""``minichain learn``: the exercises in the terminal, checked on every save.

Only the argument grammar lives at module level; the handlers import the
runner when they run, so ``minichain --help`` stays quick.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from minichain.cli.arguments import path
from minichain.terminal.i18n import _, language

if TYPE_CHECKING:
    from rich.console import Console

    from minichain.learn.workspace import Workspace

DEFAULT_WORKSPACE = "minichain-exercises"


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``learn`` and its actions (list, show, hint, check, goto, reset) to the command line."""
    learn = commands.add_parser(
        "learn",
        help=_("do the exercises in the terminal, checked every time you save"),
        description=(
            _(
                "Copies the exercises into a workspace folder you own (never overwriting your "
                "work), shows the current one and checks it every time you save. Without an "
                "action it starts watching; the actions below do one thing and exit."
            )
        ),
    )
    _where_options(learn)
    learn.add_argument(
        "--manual-run",
        action="store_true",
        help=_("do not watch files; press Enter to check (for file systems where watching fails)"),
    )
    learn.set_defaults(handler=run_watch)
    actions = learn.add_subparsers(dest="action", metavar="ACTION")
    for name, text, handler in (
        ("list", _("list the exercises, your progress and their time"), run_list),
        ("show", _("show the current exercise's tasks: instructions and checks"), run_show),
        ("hint", _("show the next hint for the current exercise"), run_hint),
        ("check", _("check the current exercise once (exit 1 if it fails)"), run_check),
    ):
        action = actions.add_parser(name, help=text)
        _where_options(action, after_action=True)
        action.set_defaults(handler=handler)
    for name, text, handler in (
        ("goto", _("make EXERCISE (name or number) the current one"), run_goto),
        (
            "reset",
            _(
                "put EXERCISE's starter back and clear its done marks "
                "(your version is kept as .bak)"
            ),
            run_reset,
        ),
    ):
        action = actions.add_parser(name, help=text, aliases=["jump"] if name == "goto" else [])
        action.add_argument("exercise", help=_("an exercise name or number, as `learn list` shows"))
        _where_options(action, after_action=True)
        action.set_defaults(handler=handler)


def _where_options(parser: argparse.ArgumentParser, after_action: bool = False) -> None:
    """``--workspace`` and ``--root``, accepted before the action and after it.

    After the action they default to "not given", so that
    ``minichain learn --workspace W list`` and ``minichain learn list --workspace W``
    mean the same.
    """

    def default(value: object) -> object:
        return argparse.SUPPRESS if after_action else value

    parser.add_argument(
        "--workspace",
        type=path,
        default=default(Path(DEFAULT_WORKSPACE)),
        help=_("your exercise folder (default: {folder})").format(folder=f"./{DEFAULT_WORKSPACE}"),
    )
    parser.add_argument(
        "--root", type=path, default=default(None), help=_("the course's exercises folder")
    )


def _workspace(args: argparse.Namespace) -> Workspace:
    from minichain.course.paths import default_root
    from minichain.learn.workspace import Workspace

    root = Path(args.root) if args.root is not None else default_root()
    workspace = Workspace(args.workspace, root, language())
    workspace.prepare()
    return workspace


def _console() -> Console:
    from minichain.terminal.style import TerminalConsole

    return TerminalConsole(highlight=False)


def run_watch(args: argparse.Namespace) -> int:
    """Start the interactive loop."""
    console = _console()
    console.print("[dim]" + _("starting minichain learn...") + "[/dim]")
    from minichain.learn.app import Session

    return Session(_workspace(args), console, manual=args.manual_run).run()


def run_list(args: argparse.Namespace) -> int:
    """Print the exercises and the learner's progress."""
    from minichain.learn.app import list_exercises

    list_exercises(_console(), _workspace(args))
    return 0


def run_show(args: argparse.Namespace) -> int:
    """Print the current exercise's tasks with their instructions and checks."""
    from minichain.learn.app import Session

    Session(_workspace(args), _console()).show()
    return 0


def run_hint(args: argparse.Namespace) -> int:
    """Show the next hint of the current exercise's first failing task."""
    from minichain.learn.app import Session

    Session(_workspace(args), _console()).hint()
    return 0


def run_check(args: argparse.Namespace) -> int:
    """Check the current exercise once; 0 if every public check passes, else 1."""
    from minichain.learn.app import Session

    return 0 if Session(_workspace(args), _console()).check().passed else 1


def run_goto(args: argparse.Namespace) -> int:
    """Make an exercise the current one."""
    workspace = _workspace(args)
    exercise = workspace.find(args.exercise)
    workspace.set_current(exercise)
    print(
        _("current exercise: {name} ({file})").format(
            name=exercise.name, file=workspace.file_for(exercise)
        )
    )
    return 0


def run_reset(args: argparse.Namespace) -> int:
    """Put an exercise's starter back, keeping the learner's version as a backup."""
    workspace = _workspace(args)
    exercise = workspace.find(args.exercise)
    backup = workspace.reset(exercise)
    print(
        _(
            "reset {file}; your previous version is in {backup}; {name} is no longer marked done"
        ).format(file=workspace.file_for(exercise), backup=backup, name=exercise.name)
    )
    return 0
