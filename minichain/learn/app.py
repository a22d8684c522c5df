"""``minichain learn``'s session: check, show, give hints, move on; and the interactive loop.

Every action of ``minichain learn`` is a :class:`Session` method, whether typed
in the loop or given on the command line (``learn check``, ``learn hint``).
In the loop, two sources of events feed one queue: the file watcher (watchfiles; a save of
the current exercise's file) and the learner's typed commands (one per line).
With ``--manual-run`` there is no watcher: pressing Enter re-runs the checks,
for file systems where watching does not work (some network and virtual-machine
shares).

The session speaks the terminal's language (:mod:`minichain.terminal.i18n`); the
exercises' own texts (titles, instructions, hints) come from their
``exercise.toml`` as they are. A check's title follows the language too: its name
as words in English, its docstring in Chinese (``exercises/README.md``); a failure's
message is the runner's own words in that language (the runner's subprocess is
told it), or the assertion message the test file writes, as written.
"""

from __future__ import annotations

import queue
import re
import sys
import threading
import time
from fractions import Fraction
from pathlib import Path
from typing import TextIO

from rich.console import Console, Group, RenderableType
from rich.markdown import Markdown
from rich.markup import escape
from rich.syntax import Syntax
from rich.text import Text

from minichain.course.errors import ExerciseError
from minichain.course.manifest import Task
from minichain.course.model import Exercise
from minichain.course.notebook import SOLUTION
from minichain.course.runner import Report, run_in_subprocess
from minichain.course.translations import join_cjk_lines
from minichain.learn.workspace import Workspace
from minichain.terminal.i18n import N_, _, ngettext, refusal
from minichain.terminal.style import pad_cells
from minichain.terminal.wrap import has_cjk, prose

COMMANDS = N_(
    "[bold]Enter[/bold] check again · [bold]h[/bold] hint · [bold]s[/bold] show the tasks · "
    "[bold]l[/bold] list · [bold]n[/bold] next · [bold]g N[/bold] go to exercise N · "
    "[bold]q[/bold] quit"
)
"""The loop's keys (a message: shown as ``_(COMMANDS)``)."""

DIFFICULTIES = {"core": N_("core"), "stretch": N_("stretch")}
"""The words for a task's difficulty (:data:`minichain.course.manifest.DIFFICULTIES`)."""


def reference_solution(exercise: Exercise, task: Task) -> str:
    """The reference solution of ``task``: its function in ``solution.py``, markers left out."""
    source = exercise.solution_code.function(task.function).source
    markers = (SOLUTION.begin_line, SOLUTION.end_line)
    lines = source.splitlines(keepends=True)
    return "".join(line for line in lines if line.strip() not in markers)


def _percent(share: Fraction) -> str:
    return f"{float(share):.0%}"


def show_checks(console: Console, exercise: Exercise, task: Task) -> None:
    """List the task's public checks and its hidden ones, each with its share of the points."""
    points = ngettext("checks ({count} point):", "checks ({count} points):", task.points)
    console.print(f"[dim]{points.format(count=task.points)}[/dim]")
    for check in exercise.public.for_task(task.id):
        console.print(f"  · {escape(check.title)} [dim]{_percent(check.share)}[/dim]")
    hidden = exercise.hidden.for_task(task.id)
    if hidden:
        share = sum((check.share for check in hidden), Fraction(0))
        checks = ngettext(
            "{count} hidden check of the same rules, run by the grader",
            "{count} hidden checks of the same rules, run by the grader",
            len(hidden),
        ).format(count=len(hidden))
        console.print(f"  · {checks} [dim]{_percent(share)}[/dim]")


INLINE = re.compile(r"`([^`]+)`|\*\*([^*]+)\*\*|\*([^*]+)\*")
"""Markdown's inline code, bold and emphasis, as a task's instructions write them."""


def instructions(markdown: str) -> RenderableType:
    """A task's instructions for the terminal: rich's Markdown, except that a plain paragraph
    holding Chinese wraps where Chinese may (:func:`minichain.terminal.wrap.prose`); rich's
    Markdown breaks lines only at spaces."""
    if not has_cjk(markdown):
        return Markdown(markdown)
    parts: list[RenderableType] = []
    for block in re.split(r"\n\s*\n", join_cjk_lines(markdown).strip()):
        plain = not re.match(r"\s*(```|[-*+] |\d+\. |#|>|\|)", block)
        if plain and has_cjk(block):
            parts.append(prose(INLINE.sub(_inline_markup, escape(block.replace("\n", " ")))))
        else:
            parts.append(Markdown(block))
        parts.append(Text())
    return Group(*parts[:-1])


def _inline_markup(match: re.Match[str]) -> str:
    code, bold, emphasis = match.groups()
    if code is not None:
        return f"[bold cyan]{code}[/bold cyan]"
    return f"[bold]{bold}[/bold]" if bold is not None else f"[italic]{emphasis}[/italic]"


def show_task(
    console: Console, exercise: Exercise, number: int, task: Task, done: bool = False
) -> None:
    """Print one task: its title, difficulty and time, its instructions, and its checks."""
    state = " [green]✓ " + _("done") + "[/green]" if done else ""
    console.print()
    heading = _("Task {number}: {title}").format(number=number, title=escape(task.title))
    difficulty = _(DIFFICULTIES.get(task.difficulty, task.difficulty))
    minutes = _("about {minutes} min").format(minutes=task.minutes)
    console.print(
        f"[bold]{heading}[/bold] ([cyan]{task.function}[/cyan]) · {difficulty} · {minutes}{state}"
    )
    console.print(instructions(task.instructions))
    show_checks(console, exercise, task)


def show_exercise(console: Console, workspace: Workspace, exercise: Exercise) -> None:
    """Print the exercise's title, file, time, and each task with its instructions and checks."""
    number = workspace.exercises.index(exercise) + 1
    done = workspace.load_progress().tasks
    console.rule(
        _("Exercise {number}/{count}: {title}").format(
            number=number, count=len(workspace.exercises), title=escape(exercise.title)
        )
    )
    console.print(escape(exercise.summary))
    console.print(
        _("Edit {file}; {tasks}, {time}.").format(
            file=f"[bold]{escape(str(workspace.file_for(exercise)))}[/bold]",
            tasks=ngettext("{count} task", "{count} tasks", len(exercise.tasks)).format(
                count=len(exercise.tasks)
            ),
            time=time_summary(exercise),
        )
    )
    for position, task in enumerate(exercise.tasks, 1):
        show_task(console, exercise, position, task, f"{exercise.name}.{task.id}" in done)
    console.print()


def time_summary(exercise: Exercise) -> str:
    """The exercise's time in words: ``about 45 minutes (30 core, 15 stretch)``.

    The words of :attr:`minichain.course.manifest.Exercise.time_summary`, in the
    language in use.
    """
    core, stretch = exercise.minutes_of("core"), exercise.minutes_of("stretch")
    if stretch:
        split = _("{core} core, {stretch} stretch").format(core=core, stretch=stretch)
    else:
        split = _("all core")
    return _("about {minutes} minutes ({split})").format(minutes=exercise.minutes, split=split)


def passing_tasks(exercise: Exercise, report: Report) -> list[str]:
    """The ids of the tasks whose checks in ``report`` all pass (none if the file does not run)."""
    if report.load_error or report.timed_out:
        return []
    passing = []
    for task in exercise.tasks:
        results = [result for result in report.results if result.task == task.id]
        if results and all(result.passed for result in results):
            passing.append(task.id)
    return passing


def show_solution(console: Console, exercise: Exercise, task: Task) -> None:
    """Print the reference solution of a task that passes, to compare with the learner's."""
    number = exercise.tasks.index(task) + 1
    passes = _("✓ task {number} ({function}) passes.").format(
        number=number, function=escape(task.function)
    )
    console.print(f"[green]{passes}[/green] " + _("The reference solution, to compare with yours:"))
    code = reference_solution(exercise, task).rstrip()
    console.print(Syntax(code, "python", theme="ansi_dark", word_wrap=True))


def show_report(
    console: Console,
    workspace: Workspace,
    exercise: Exercise,
    report: Report,
    seconds: float,
    interactive: bool = True,
) -> None:
    """Print the outcome: everything passes, or the first failing check explained.

    ``interactive`` says what to do next with the loop's keys; otherwise with
    one-off commands (``minichain learn hint``, ``minichain learn goto N``).
    """
    if report.output.strip():
        console.print("[dim]" + _("your code printed:") + "[/dim]")
        console.print(escape(report.output.rstrip()), style="dim")
    if report.timed_out:
        endless = _("✗ the checks did not finish: is there an endless loop?")
        console.print(f"[red]{endless}[/red]")
        return
    if report.load_error:
        console.print(f"[red]✗ {escape(report.load_error)}[/red]")
        return
    passed = sum(result.passed for result in report.results)
    total = len(report.results)
    failure = report.first_failure
    if failure is None:
        position = workspace.exercises.index(exercise) + 1
        if position == len(workspace.exercises):
            then = _("That was the last exercise. Well done!")
        elif interactive:
            then = _("Type [bold]n[/bold] and Enter for the next exercise.")
        else:
            then = _("Move on with {command}.").format(
                command=f"[bold]minichain learn goto {position + 1}[/bold]"
            )
        all_pass = ngettext("✓ all {count} checks pass", "✓ all {count} checks pass", total)
        console.print(f"[green]{all_pass.format(count=total)}[/green] ({seconds:.1f} s). {then}")
        return
    task = exercise.task(failure.task)
    where = _("task {number}, {function}").format(
        number=exercise.tasks.index(task) + 1, function=task.function
    )
    failed = _("[red]✗ {check}[/red] ({where})")
    console.print(failed.format(check=escape(failure.title), where=escape(where)))
    console.print(f"  {escape(failure.message)}")
    if failure.detail:
        console.print("  " + _("[dim]check:[/dim] {detail}").format(detail=escape(failure.detail)))
    hint = _("h for a hint") if interactive else _("minichain learn hint for a hint")
    passing = _("{passed} of {total} checks pass ({seconds} s). {hint}.").format(
        passed=passed, total=total, seconds=f"{seconds:.1f}", hint=hint
    )
    console.print(f"[dim]{passing}[/dim]")


def next_hint(workspace: Workspace, exercise: Exercise, task_id: str) -> tuple[int, int, str]:
    """The next hint of ``task_id`` (counted in the progress file): (number, count, text)."""
    progress = workspace.load_progress()
    task = exercise.task(task_id)
    key = f"{exercise.name}.{task.id}"
    seen = progress.hints.get(key, 0)
    number = min(seen + 1, len(task.hints))
    progress.hints[key] = number
    workspace.save_progress(progress)
    return number, len(task.hints), task.hints[number - 1]


def list_exercises(console: Console, workspace: Workspace) -> None:
    """Print every exercise with its state (done, current, or to do), tasks done and time."""
    progress = workspace.load_progress()
    for number, exercise in enumerate(workspace.exercises, 1):
        done = exercise.name in progress.done
        state = pad_cells(_("done") if done else _("to do"), STATE_WIDTH)
        if done:
            state = f"[green]{state}[/green]"
        marker = "→" if exercise.name == progress.current else " "
        finished = sum(f"{exercise.name}.{task.id}" in progress.tasks for task in exercise.tasks)
        tasks = _("{done}/{count} tasks").format(done=finished, count=len(exercise.tasks))
        minutes = _("{minutes} min").format(minutes=f"{exercise.minutes:>4}")
        console.print(
            f"{marker} {number}. {exercise.name:<18} {state} {tasks} {minutes}  "
            f"{escape(exercise.title)}",
            no_wrap=True,
            overflow="ellipsis",
        )


STATE_WIDTH = 5
"""Terminal cells of the state column of :func:`list_exercises` (``to do``, ``done``)."""


class Session:
    """One ``minichain learn`` run in the terminal: one action, or the interactive loop."""

    def __init__(
        self,
        workspace: Workspace,
        console: Console,
        manual: bool = False,
        commands: TextIO | None = None,
    ) -> None:
        self.workspace = workspace
        self.console = console
        self.manual = manual
        self.commands = commands if commands is not None else sys.stdin
        self.events: queue.Queue[tuple[str, str]] = queue.Queue()
        self.stop = threading.Event()
        self.report: Report | None = None
        self.interactive = False

    @property
    def exercise(self) -> Exercise:
        """The exercise the learner is on."""
        return self.workspace.current()

    def check(self) -> Report:
        """Say "checking..." at once, run the public checks, show the outcome, record passes.

        A task is done once all its public checks pass; the first time, its
        reference solution is shown. The exercise is done once all its tasks are.
        """
        exercise = self.exercise
        self.console.print("[dim]" + _("checking...") + "[/dim]")
        start = time.perf_counter()
        self.report = run_in_subprocess(exercise, self.workspace.file_for(exercise))
        seconds = time.perf_counter() - start
        new = self.workspace.mark_tasks_done(exercise, passing_tasks(exercise, self.report))
        for task_id in new:
            show_solution(self.console, exercise, exercise.task(task_id))
        show_report(self.console, self.workspace, exercise, self.report, seconds, self.interactive)
        if self.report.passed:
            self.workspace.mark_done(exercise)
        return self.report

    def show(self) -> None:
        """Print the current exercise: its tasks, their instructions and their checks."""
        show_exercise(self.console, self.workspace, self.exercise)

    def hint(self) -> None:
        """Show the next hint of the first failing check's task (the first task if none fails).

        Without a report yet (a one-shot ``learn hint``), the checks run quietly first.
        """
        if self.report is None:
            self.report = run_in_subprocess(self.exercise, self.workspace.file_for(self.exercise))
        failure = self.report.first_failure
        task = failure.task if failure else self.exercise.tasks[0].id
        number, count, text = next_hint(self.workspace, self.exercise, task)
        hint = _("[yellow]hint {number}/{count}:[/yellow] {text}")
        self.console.print(hint.format(number=number, count=count, text=escape(text)))

    def _read_commands(self) -> None:
        for line in self.commands:
            self.events.put(("command", line.strip()))
        self.events.put(("command", "q"))  # end of input: leave

    def _watch(self) -> None:
        try:
            from watchfiles import watch

            folder = self.workspace.path.resolve()
            for changes in watch(folder, stop_event=self.stop, debounce=400, step=30):
                current = self.workspace.file_for(self.exercise).resolve().name
                if any(Path(path).name == current for _change, path in changes):
                    self.events.put(("saved", current))
        except Exception as error:  # no watcher here: say so, and fall back to Enter
            self.events.put(("watch failed", f"{type(error).__name__}: {error}"))

    def open_exercise(self) -> None:
        show_exercise(self.console, self.workspace, self.exercise)
        self.console.print(_(COMMANDS))
        self.check()

    def handle(self, command: str) -> bool:
        """Carry out one typed command; return False to leave."""
        word, _space, argument = command.partition(" ")
        word = word.lower()
        if word in ("q", "quit", "exit"):
            return False
        if word == "":
            self.check()
        elif word in ("h", "hint"):
            self.hint()
        elif word in ("s", "show"):
            self.show()
        elif word in ("l", "list"):
            list_exercises(self.console, self.workspace)
        elif word in ("n", "next"):
            self.go_next()
        elif word in ("g", "go", "goto", "jump"):
            try:
                self.workspace.set_current(self.workspace.find(argument.strip()))
            except ExerciseError as error:
                self.console.print(f"[red]{escape(refusal(error))}[/red]")
            else:
                self.open_exercise()
        else:
            unknown = _("unknown command {command}.").format(command=escape(repr(command)))
            self.console.print(unknown + " " + _(COMMANDS))
        return True

    def go_next(self) -> None:
        if self.report is None or not self.report.passed:
            self.console.print(
                _("This exercise does not pass yet. Finish it first, or [bold]g N[/bold] to jump.")
            )
            return
        position = self.workspace.exercises.index(self.exercise)
        if position + 1 == len(self.workspace.exercises):
            last = _("That was the last exercise. Well done!")
            self.console.print(f"[green]{last}[/green]")
            return
        self.workspace.set_current(self.workspace.exercises[position + 1])
        self.open_exercise()

    def run(self) -> int:
        """Show the current exercise and serve events until the learner quits."""
        self.interactive = True
        reader = threading.Thread(target=self._read_commands, daemon=True)
        reader.start()
        if not self.manual:
            threading.Thread(target=self._watch, daemon=True).start()
        self.open_exercise()
        if self.manual:
            manual = _("manual mode: press Enter to check after each save")
            self.console.print(f"[dim]{manual}[/dim]")
        else:
            self.console.print("[dim]" + _("watching for saves...") + "[/dim]")
        try:
            while True:
                kind, value = self.events.get()
                if kind == "saved":
                    self.check()
                elif kind == "watch failed":
                    failed = _(
                        "watching files failed ({reason}); press Enter to check after each save"
                    ).format(reason=escape(value))
                    self.console.print(f"[yellow]{failed}[/yellow]")
                elif not self.handle(value):
                    break
        except KeyboardInterrupt:
            pass
        finally:
            self.stop.set()
        self.console.print(_("bye: your work and progress are saved in the workspace"))
        return 0
