"""How much the learner writes: the course totals of issue 14, measured from the exercises.

A task's *reference lines* are the lines of its solution function that hold
code: between ``### BEGIN SOLUTION`` and ``### END SOLUTION`` when the function
has them (else its whole body), not counting blank lines, comments and
docstrings. A task is *short* when it has three reference lines or fewer.
``minichain course stats`` prints the table and the course's targets.
"""

from __future__ import annotations

import ast
import io
import textwrap
import tokenize
from collections.abc import Sequence
from dataclasses import dataclass

from minichain.course.model import Exercise
from minichain.course.notebook import SOLUTION

SHORT_LINES = 3
"""A task whose reference solution has at most this many lines is a short one."""


@dataclass(frozen=True)
class Target:
    """One of the course's goals for its totals (issue 14, point 2)."""

    name: str
    goal: str
    met: bool


def _docstring_lines(tree: ast.AST) -> set[int]:
    """The lines of every docstring (a string statement first in a body) in ``tree``."""
    lines: set[int] = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if not isinstance(body, list) or not body:
            continue
        first = body[0]
        if (
            isinstance(first, ast.Expr)
            and isinstance(first.value, ast.Constant)
            and isinstance(first.value.value, str)
        ):
            end = first.end_lineno if first.end_lineno is not None else first.lineno
            lines.update(range(first.lineno, end + 1))
    return lines


def reference_lines(source: str) -> int:
    """The number of code lines of one solution function's answer (see the module's rule).

    ``source`` is the function's source, as :class:`minichain.course.sources.Function`
    holds it.
    """
    text = textwrap.dedent(source)
    rows = text.splitlines()
    markers = (SOLUTION.begin_line, SOLUTION.end_line)
    marked = [number for number, row in enumerate(rows, 1) if row.strip() in markers]
    tree = ast.parse(text)
    function = next(node for node in tree.body if isinstance(node, ast.FunctionDef))
    if len(marked) == 2:
        first, last = marked[0] + 1, marked[1] - 1
    else:
        first = function.body[0].lineno
        last = function.end_lineno if function.end_lineno is not None else len(rows)
    skipped = _docstring_lines(tree)
    code: set[int] = set()
    ignored = {
        tokenize.COMMENT,
        tokenize.NL,
        tokenize.NEWLINE,
        tokenize.INDENT,
        tokenize.DEDENT,
        tokenize.ENDMARKER,
    }
    for token in tokenize.generate_tokens(io.StringIO(text).readline):
        if token.type in ignored:
            continue
        for line in range(token.start[0], token.end[0] + 1):
            if first <= line <= last and line not in skipped:
                code.add(line)
    return len(code)


@dataclass(frozen=True)
class ExerciseStats:
    """One exercise's share of the totals.

    Attributes:
        name: the exercise.
        lines: reference lines per task, in task order.
        minutes: the minutes its manifest gives, added up.
    """

    name: str
    lines: tuple[int, ...]
    minutes: int

    @property
    def tasks(self) -> int:
        """How many tasks it has."""
        return len(self.lines)

    @property
    def short(self) -> int:
        """How many of its tasks have at most :data:`SHORT_LINES` reference lines."""
        return sum(count <= SHORT_LINES for count in self.lines)

    @property
    def total_lines(self) -> int:
        """Its reference lines, added up."""
        return sum(self.lines)


def exercise_stats(exercise: Exercise) -> ExerciseStats:
    """Count the reference lines of each task of ``exercise``."""
    lines = tuple(
        reference_lines(exercise.solution_code.function(task.function).source)
        for task in exercise.tasks
    )
    return ExerciseStats(exercise.name, lines, exercise.minutes)


@dataclass(frozen=True)
class CourseStats:
    """The course's totals and how they compare with issue 14's targets."""

    exercises: tuple[ExerciseStats, ...]

    @property
    def tasks(self) -> int:
        """How many tasks the course has."""
        return sum(item.tasks for item in self.exercises)

    @property
    def short(self) -> int:
        """How many tasks are short."""
        return sum(item.short for item in self.exercises)

    @property
    def short_share(self) -> float:
        """The share of short tasks, from 0 to 1."""
        return self.short / self.tasks if self.tasks else 0.0

    @property
    def total_lines(self) -> int:
        """The reference lines of the whole course."""
        return sum(item.total_lines for item in self.exercises)

    @property
    def minutes(self) -> int:
        """The minutes of the whole course."""
        return sum(item.minutes for item in self.exercises)

    @property
    def targets(self) -> tuple[Target, ...]:
        """Issue 14's goals: >= 45 tasks, <= 10% short, >= 700 reference lines."""
        return (
            Target("tasks", ">= 45", self.tasks >= 45),
            Target(f"tasks of <= {SHORT_LINES} lines", "<= 10%", self.short_share <= 0.10),
            Target("reference lines", ">= 700", self.total_lines >= 700),
        )


def course_stats(exercises: Sequence[Exercise]) -> CourseStats:
    """The totals of ``exercises`` (as :func:`minichain.course.model.load_course` gives them)."""
    return CourseStats(tuple(exercise_stats(exercise) for exercise in exercises))
