"""``minichain learn``'s session: check, show, give hints, move on; and the interactive loop.

Every action of ``minichain learn`` is a :class:`Session` method, whether typed
in the loop or given on the command line (``learn check``, ``learn hint``).
In the loop, two sources of events feed one queue: the file watcher (watchfiles; a save of
the current exercise's file) and the learner's typed commands (one per line).
With ``--manual-run`` there is no watcher: pressing Enter re-runs the checks,
for file systems where watching does not work (some network and virtual-machine
shares).
"""

from __future__ import annotations

import queue
import sys
import threading
import time
from fractions import Fraction
from pathlib import Path
from typing import TextIO

from rich.console import Console
from rich.markdown import Markdown
from rich.markup import escape
from rich.syntax import Syntax

from minichain.course.errors import ExerciseError
from minichain.course.manifest import Task
from minichain.course.model import Exercise
from minichain.course.notebook import SOLUTION
from minichain.course.runner import Report, run_in_subprocess
from minichain.learn.workspace import Workspace

COMMANDS = (
    "[bold]Enter[/bold] check again · [bold]h[/bold] hint · [bold]s[/bold] show the tasks · "
    "[bold]l[/bold] list · [bold]n[/bold] next · [bold]g N[/bold] go to exercise N · "
    "[bold]q[/bold] quit"
)


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
    console.print(f"[dim]checks ({task.points} point{'s' if task.points != 1 else ''}):[/dim]")
    for check in exercise.public.for_task(task.id):
        console.print(f"  · {escape(check.title)} [dim]{_percent(check.share)}[/dim]")
    hidden = exercise.hidden.for_task(task.id)
    if hidden:
        share = sum((check.share for check in hidden), Fraction(0))
        console.print(
            f"  · {len(hidden)} hidden check{'s' if len(hidden) != 1 else ''} of the same rules, "
            f"run by the grader [dim]{_percent(share)}[/dim]"
        )


def show_task(
    console: Console, exercise: Exercise, number: int, task: Task, done: bool = False
) -> None:
    """Print one task: its title, difficulty and time, its instructions, and its checks."""
    state = " [green]✓ done[/green]" if done else ""
    console.print()
    console.print(
        f"[bold]Task {number}: {escape(task.title)}[/bold] ([cyan]{task.function}[/cyan]) · "
        f"{task.difficulty} · about {task.minutes} min{state}"
    )
    console.print(Markdown(task.instructions))
    show_checks(console, exercise, task)


def show_exercise(console: Console, workspace: Workspace, exercise: Exercise) -> None:
    """Print the exercise's title, file, time, and each task with its instructions and checks."""
    number = workspace.exercises.index(exercise) + 1
    done = workspace.load_progress().tasks
    console.rule(f"Exercise {number}/{len(workspace.exercises)}: {escape(exercise.title)}")
    console.print(escape(exercise.summary))
    console.print(
        f"Edit [bold]{escape(str(workspace.file_for(exercise)))}[/bold]; "
        f"{len(exercise.tasks)} tasks, {exercise.time_summary}."
    )
    for position, task in enumerate(exercise.tasks, 1):
        show_task(console, exercise, position, task, f"{exercise.name}.{task.id}" in done)
    console.print()


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
    console.print(
        f"[green]✓ task {number} ({escape(task.function)}) passes.[/green] "
        "The reference solution, to compare with yours:"
    )
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
        console.print("[dim]your code printed:[/dim]")
        console.print(escape(report.output.rstrip()), style="dim")
    if report.timed_out:
        console.print("[red]✗ the checks did not finish: is there an endless loop?[/red]")
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
            then = "That was the last exercise. Well done!"
        elif interactive:
            then = "Type [bold]n[/bold] and Enter for the next exercise."
        else:
            then = f"Move on with [bold]minichain learn goto {position + 1}[/bold]."
        console.print(f"[green]✓ all {total} checks pass[/green] ({seconds:.1f} s). {then}")
        return
    task = exercise.task(failure.task)
    where = f"task {exercise.tasks.index(task) + 1}, {task.function}"
    console.print(f"[red]✗ {escape(failure.title)}[/red] ({escape(where)})")
    console.print(f"  {escape(failure.message)}")
    if failure.detail:
        console.print(f"  [dim]check:[/dim] {escape(failure.detail)}")
    hint = "h for a hint" if interactive else "minichain learn hint for a hint"
    console.print(f"[dim]{passed} of {total} checks pass ({seconds:.1f} s). {hint}.[/dim]")


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
        state = "[green]done[/green] " if exercise.name in progress.done else "to do"
        marker = "→" if exercise.name == progress.current else " "
        finished = sum(f"{exercise.name}.{task.id}" in progress.tasks for task in exercise.tasks)
        console.print(
            f"{marker} {number}. {exercise.name:<18} {state} "
            f"{finished}/{len(exercise.tasks)} tasks {exercise.minutes:>4} min  "
            f"{escape(exercise.title)}",
            no_wrap=True,
            overflow="ellipsis",
        )


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
        self.console.print("[dim]checking...[/dim]")
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
        self.console.print(f"[yellow]hint {number}/{count}:[/yellow] {escape(text)}")

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
                if any(Path(path).name == current for _, path in changes):
                    self.events.put(("saved", current))
        except Exception as error:  # no watcher here: say so, and fall back to Enter
            self.events.put(("watch failed", f"{type(error).__name__}: {error}"))

    def open_exercise(self) -> None:
        show_exercise(self.console, self.workspace, self.exercise)
        self.console.print(COMMANDS)
        self.check()

    def handle(self, command: str) -> bool:
        """Carry out one typed command; return False to leave."""
        word, _, argument = command.partition(" ")
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
                self.console.print(f"[red]{escape(str(error))}[/red]")
            else:
                self.open_exercise()
        else:
            self.console.print(f"unknown command {escape(command)!r}. {COMMANDS}")
        return True

    def go_next(self) -> None:
        if self.report is None or not self.report.passed:
            self.console.print(
                "This exercise does not pass yet. Finish it first, or [bold]g N[/bold] to jump."
            )
            return
        position = self.workspace.exercises.index(self.exercise)
        if position + 1 == len(self.workspace.exercises):
            self.console.print("[green]That was the last exercise. Well done![/green]")
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
            self.console.print("[dim]manual mode: press Enter to check after each save[/dim]")
        else:
            self.console.print("[dim]watching for saves...[/dim]")
        try:
            while True:
                kind, value = self.events.get()
                if kind == "saved":
                    self.check()
                elif kind == "watch failed":
                    self.console.print(
                        f"[yellow]watching files failed ({escape(value)}); "
                        "press Enter to check after each save[/yellow]"
                    )
                elif not self.handle(value):
                    break
        except KeyboardInterrupt:
            pass
        finally:
            self.stop.set()
        self.console.print("bye: your work and progress are saved in the workspace")
        return 0
