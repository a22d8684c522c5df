"""``minichain course``: the instructor's commands (check, generate, measure; run a class).

Only the argument grammar lives at module level; the handlers import the
course tooling when they run, so ``minichain --help`` stays quick.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from minichain.cli.arguments import path
from minichain.terminal.i18n import _


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``course check``, ``generate``, ``stats``, ``translations`` and ``class``."""
    course = commands.add_parser(
        "course", help=_("instructor tools: check, generate and measure the exercises")
    )
    actions = course.add_subparsers(dest="action", metavar="ACTION", required=True)
    root_help = _("the course root holding the exercise folders (default: the course's exercises/)")

    check = actions.add_parser(
        "check",
        help=(
            _(
                "check every exercise: manifest valid, starter fails, solution passes, "
                "hidden checks twinned, notebook fresh"
            )
        ),
    )
    check.add_argument("--root", type=path, help=root_help)
    check.set_defaults(handler=run_check)

    generate = actions.add_parser(
        "generate", help=_("write the nbgrader source notebooks from the exercise folders")
    )
    generate.add_argument("--root", type=path, help=root_help)
    generate.add_argument(
        "--lang",
        choices=("en", "zh"),
        action="append",
        help=(
            _(
                "only this language's notebooks (repeatable; default: every language an exercise "
                "is in). English goes to source/, Chinese to source_zh/, with the same grade ids"
            )
        ),
    )
    generate.set_defaults(handler=run_generate)

    stats = actions.add_parser(
        "stats",
        help=_(
            "measure the exercises: tasks, reference lines, short tasks, minutes, vs the targets"
        ),
    )
    stats.add_argument("--root", type=Path, help=root_help)
    stats.set_defaults(handler=run_stats)

    translations = actions.add_parser(
        "translations",
        help=_(
            "list the site's pages and the exercises whose translation is missing or behind "
            "the English"
        ),
    )
    translations.add_argument(
        "--docs", type=path, help=_("the English site's folder (default: the checkout's course/)")
    )
    translations.add_argument(
        "--stamp",
        type=path,
        metavar="PAGE",
        action="append",
        help=_(
            "record that the translated PAGE (e.g. course/zh/policy.md), or every translated "
            "block of an exercise (e.g. exercises/evidence_hash), is up to date"
        ),
    )
    translations.add_argument("--root", type=path, help=root_help)
    translations.set_defaults(handler=run_translations)

    hub = actions.add_parser(
        "class",
        help=_("run a class on JupyterHub on this machine (127.0.0.1): Ctrl-C or --stop stops it"),
        description=(
            _(
                "Start JupyterHub on 127.0.0.1 with an instructor, N students, nbgrader's "
                "assignment list for everyone and the formgrader for the instructor, and keep it "
                "running until Ctrl-C. A demo: all servers run as your own system user "
                "(see course/instructor.md)."
            )
        ),
    )
    hub.add_argument(
        "--folder", type=Path, default=Path("build/class"), help=_("the class folder (build/class)")
    )
    hub.add_argument(
        "--port", type=int, default=8100, help=_("public port; the class also uses the next two")
    )
    hub.add_argument("--students", type=int, default=3, help=_("students of a new class (3)"))
    hub.add_argument("--root", type=path, help=root_help)
    hub.add_argument("--stop", action="store_true", help=_("stop the class running in --folder"))
    hub.set_defaults(handler=run_class)


def _root(args: argparse.Namespace) -> Path:
    from minichain.course.paths import default_root

    return Path(args.root) if args.root is not None else default_root()


def run_check(args: argparse.Namespace) -> int:
    """Print one line per exercise and one per problem; 1 if any exercise has a problem."""
    from rich.console import Console

    from minichain.course.model import load_course
    from minichain.course.validate import validate_exercise
    from minichain.terminal.progress import progress_bar

    console = Console(highlight=False, soft_wrap=True)  # one line per exercise, however long
    console.print("checking the exercises...")
    root = _root(args)
    exercises = load_course(root)
    bar = progress_bar(console)
    results = []
    with bar:
        task = bar.add_task("checking", total=len(exercises))
        for exercise in exercises:
            bar.update(task, description=f"checking {exercise.name}")
            results.append(validate_exercise(exercise, root))
            bar.advance(task)
    for result in results:
        if result.problems:
            console.print(f"[red]✗[/red] {result.name}")
            for problem in result.problems:
                console.print(f"    {problem}", markup=False)
        else:
            console.print(
                f"[green]✓[/green] {result.name}: starter fails, "
                f"solution passes {result.checks} checks, hidden checks have public twins, "
                "checks titled in Chinese, Chinese current, notebook up to date"
            )
    bad = sum(bool(result.problems) for result in results)
    if bad:
        console.print(f"{bad} of {len(results)} exercises have problems")
        return 1
    console.print(f"all {len(results)} exercises are sound")
    return 0


def run_generate(args: argparse.Namespace) -> int:
    """Write the source notebooks; print which changed."""
    from minichain.course.notebook import generate

    changed = generate(_root(args), tuple(args.lang) if args.lang else None)
    for written in changed:
        print(f"wrote {written}")
    if not changed:
        print("all notebooks are up to date")
    return 0


def run_stats(args: argparse.Namespace) -> int:
    """Print the course totals per exercise and against the targets of issue 14."""
    from rich.console import Console
    from rich.table import Table

    from minichain.course.model import load_course
    from minichain.course.stats import SHORT_LINES, course_stats

    stats = course_stats(load_course(_root(args)))
    table = Table(title="reference solution per exercise", title_justify="left")
    for heading in ("exercise", "tasks", f"<= {SHORT_LINES} lines", "lines", "minutes"):
        table.add_column(heading, justify="left" if heading == "exercise" else "right")
    for item in stats.exercises:
        table.add_row(
            item.name, str(item.tasks), str(item.short), str(item.total_lines), str(item.minutes)
        )
    table.add_section()
    table.add_row(
        "course",
        str(stats.tasks),
        str(stats.short),
        str(stats.total_lines),
        str(stats.minutes),
        style="bold",
    )
    console = Console(highlight=False)
    console.print(table)
    console.print(
        f"{stats.tasks} tasks, {stats.short} of them short ({stats.short_share:.0%}), "
        f"{stats.total_lines} reference lines, about {stats.minutes} minutes"
    )
    for target in stats.targets:
        mark = "[green]✓[/green]" if target.met else "[red]✗[/red]"
        console.print(f"{mark} {target.name}: goal {target.goal}")
    return 0


def run_translations(args: argparse.Namespace) -> int:
    """Print each page's and exercise's translation state; 1 if one is stale, orphaned or
    unrecorded."""
    from minichain.course.manifest import MANIFEST
    from minichain.course.translations import (
        LANGUAGES,
        MISSING,
        PROBLEMS,
        default_docs,
        example_states,
        stamp,
        stamp_exercise,
        translation_states,
    )

    docs = Path(args.docs) if args.docs is not None else default_docs()
    for page in args.stamp or []:
        target = Path(page)
        if (target / MANIFEST).is_file() or target.name == MANIFEST:
            blocks = stamp_exercise(target)
            print(f"{target}: recorded source_sha256 of {', '.join(blocks)}")
        else:
            print(f"{page}: recorded source_sha256 {stamp(docs, target)[:12]}…")
    bad = 0
    for language in LANGUAGES:
        for kind, states in (
            ("pages", translation_states(docs, language)),
            ("examples", example_states(docs, language)),
        ):
            done = [state for state in states if state.state not in (MISSING, *PROBLEMS)]
            print(f"{language}: {len(done)} of {len(states)} {kind} translated and current")
            for state in states:
                if state.state in PROBLEMS:
                    bad += 1
                if state.state != "current":
                    print(f"  {state.state:<10} {language}/{state.page}")
    if args.docs is None or args.root is not None:  # a site of its own: its exercises only if named
        bad += _exercise_translations(args)
    if bad:
        print(
            f"{bad} translations need attention: update them from the English, then run "
            "`minichain course translations --stamp course/<lang>/<page>.md` (a page or "
            "course/<lang>/examples/<name>.py, an example) or "
            "`--stamp exercises/<name>` (an exercise)"
        )
        return 1
    return 0


def _exercise_translations(args: argparse.Namespace) -> int:
    """Print each exercise's translation state per language; return how many blocks are wrong."""
    from minichain.course.model import load_course
    from minichain.course.translations import CURRENT, LANGUAGES, MISSING, exercise_states

    exercises = load_course(_root(args))
    bad = 0
    for language in LANGUAGES:
        states = {exercise.name: exercise_states(exercise, language) for exercise in exercises}
        done = [name for name, blocks in states.items() if all(s.state == CURRENT for s in blocks)]
        print(f"{language}: {len(done)} of {len(exercises)} exercises translated and current")
        for blocks in states.values():
            for state in blocks:
                if state.state != CURRENT:
                    bad += 1  # an exercise must be translated (see exercise_problems)
                    where = state.exercise if state.state == MISSING else state.field
                    print(f"  {state.state:<10} {where}")
    return bad


def run_class(args: argparse.Namespace) -> int:
    """Start the class in ``--folder`` (new, or as it was left) and wait; or stop it."""
    import dataclasses

    from minichain.hub.layout import SETTINGS_FILE, load, new_settings
    from minichain.hub.process import start, stop_folder

    folder = Path(args.folder).resolve()
    if args.stop:
        print("stopped the class" if stop_folder(folder) else "no class was running", flush=True)
        return 0
    if (folder / SETTINGS_FILE).exists():
        settings = load(folder)
        if settings.port != args.port:
            settings = dataclasses.replace(settings, port=args.port)
    else:
        settings = new_settings(folder, port=args.port, students=args.students)
    print(f"starting JupyterHub for the class in {folder} ...", flush=True)
    running = start(settings, _root(args))
    students = ", ".join(settings.students)
    print(
        f"JupyterHub is up at {settings.url} (this machine only)\n"
        f"  instructor: {settings.instructor}  password: {settings.instructor_password}\n"
        f"  students:   {students}  shared password: {settings.student_password}\n"
        f"  course root: {settings.course}\n"
        f"  log: {running.log}\n"
        "Ctrl-C here, or `make class-stop`, stops it.",
        flush=True,
    )
    try:
        status = running.wait()
    except KeyboardInterrupt:
        print("\nstopping the class ...", flush=True)
        running.stop()
        print("stopped", flush=True)
        return 0
    running.stop()  # stopped from outside: make sure nothing of it is left
    print(f"the hub stopped (exit status {status})", flush=True)
    return 0
