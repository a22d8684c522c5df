"""The exercise manifest, ``exercise.toml``, and the folder around it.

An exercise folder ``exercises/<name>/`` holds::

    exercise.toml    title, order, lesson page, scenario story, sources, tasks
    starter.py       what the learner starts from (TODOs; fails the public tests)
    solution.py      the reference solution; ### BEGIN/END SOLUTION marks what
                     the released notebook leaves out
    test_public.py   checks the learner sees (terminal and notebook alike)
    test_hidden.py   checks only the grader runs

Every task is one function the learner writes, worth some points. A test
belongs to the task whose id its name starts with: ``test_fingerprint_...``
checks the task ``fingerprint``.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from minichain.course.errors import ManifestError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

MANIFEST = "exercise.toml"
FILES = ("starter.py", "solution.py", "test_public.py", "test_hidden.py")
NAME_RULE = re.compile(r"^[a-z][a-z0-9_]*$")
MAX_POINTS = 100


@dataclass(frozen=True)
class Task:
    """One function the learner writes.

    Attributes:
        id: short name; tests named ``test_<id>...`` check this task.
        function: the name of the function the learner completes.
        title: one line shown above the task.
        points: what the task's test cell is worth in the notebook.
        instructions: Markdown: what to do.
        hints: shown one at a time on request (``minichain learn hint``).
    """

    id: str
    function: str
    title: str
    points: int
    instructions: str
    hints: tuple[str, ...]


@dataclass(frozen=True)
class Exercise:
    """One exercise folder, read and checked.

    Attributes:
        name: the folder name, also the nbgrader assignment name.
        folder: where the folder is.
        title: the exercise title.
        order: position in the course, from 1.
        lesson: the course page (under ``course/``) the exercise belongs to.
        summary: one sentence for lists.
        scenario: Markdown: the real-world story the exercise is set in.
        sources: where the story's facts come from.
        tasks: the tasks in the order the learner meets them.
    """

    name: str
    folder: Path
    title: str
    order: int
    lesson: str
    summary: str
    scenario: str
    sources: tuple[str, ...]
    tasks: tuple[Task, ...]

    @property
    def starter(self) -> Path:
        """The starter code file."""
        return self.folder / "starter.py"

    @property
    def solution(self) -> Path:
        """The reference solution file."""
        return self.folder / "solution.py"

    @property
    def public_tests(self) -> Path:
        """The tests the learner sees."""
        return self.folder / "test_public.py"

    @property
    def hidden_tests(self) -> Path:
        """The tests only the grader runs."""
        return self.folder / "test_hidden.py"

    @property
    def points(self) -> int:
        """Total points of the exercise."""
        return sum(task.points for task in self.tasks)


class _Fields:
    """Reads typed fields from one TOML table and names the file and field on any error."""

    def __init__(self, path: Path, table: dict[str, Any], prefix: str = "") -> None:
        self.path = path
        self.table = table
        self.prefix = prefix

    def error(self, key: str, rule: str) -> ManifestError:
        return ManifestError(f"{self.path}: {self.prefix}{key}", rule)

    def text(self, key: str, one_line: bool = False) -> str:
        if key not in self.table:
            raise self.error(key, "is required")
        value = self.table[key]
        if not isinstance(value, str) or not value.strip():
            raise self.error(key, "must be a non-empty string")
        if one_line and "\n" in value.strip():
            raise self.error(key, "must fit on one line")
        return value.strip()

    def integer(self, key: str, low: int, high: int) -> int:
        if key not in self.table:
            raise self.error(key, "is required")
        value = self.table[key]
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.error(key, f"must be an integer, got {type(value).__name__}")
        if not low <= value <= high:
            raise self.error(key, f"must be between {low} and {high}, got {value}")
        return value

    def texts(self, key: str) -> tuple[str, ...]:
        if key not in self.table:
            raise self.error(key, "is required")
        value = self.table[key]
        if not isinstance(value, list) or not value:
            raise self.error(key, "must be a non-empty list of strings")
        for position, item in enumerate(value):
            if not isinstance(item, str) or not item.strip():
                raise self.error(f"{key}[{position}]", "must be a non-empty string")
        return tuple(item.strip() for item in value)

    def unknown(self, allowed: set[str]) -> None:
        for key in self.table:
            if key not in allowed:
                raise self.error(
                    key, f"is not a manifest field (allowed: {', '.join(sorted(allowed))})"
                )


TOP_FIELDS = {"title", "order", "lesson", "summary", "scenario", "sources", "tasks"}
TASK_FIELDS = {"id", "function", "title", "points", "instructions", "hints"}


def _read_task(path: Path, table: Any, position: int) -> Task:
    prefix = f"tasks[{position}]."
    if not isinstance(table, dict):
        raise ManifestError(f"{path}: tasks[{position}]", "must be a table ([[tasks]])")
    fields = _Fields(path, table, prefix)
    fields.unknown(TASK_FIELDS)
    task_id = fields.text("id", one_line=True)
    if not NAME_RULE.match(task_id):
        raise fields.error("id", "must be lower case letters, digits and _ (a Python name)")
    function = fields.text("function", one_line=True)
    if not function.isidentifier():
        raise fields.error("function", f"must be a Python function name, got {function!r}")
    return Task(
        id=task_id,
        function=function,
        title=fields.text("title", one_line=True),
        points=fields.integer("points", 1, MAX_POINTS),
        instructions=fields.text("instructions"),
        hints=fields.texts("hints"),
    )


def load_exercise(folder: Path) -> Exercise:
    """Read and check the exercise in ``folder``.

    Raises:
        ManifestError: a file is missing, the TOML is malformed, or a field
            breaks its rule; the message names the file and the field.
    """
    folder = Path(folder)
    name = folder.name
    if not NAME_RULE.match(name):
        raise ManifestError(
            str(folder), "an exercise folder name must be lower case letters, digits and _"
        )
    path = folder / MANIFEST
    for file_name in (MANIFEST, *FILES):
        if not (folder / file_name).is_file():
            raise ManifestError(str(folder / file_name), "is missing; every exercise needs it")
    try:
        table = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise ManifestError(str(path), f"is not valid TOML ({error})") from None
    fields = _Fields(path, table)
    fields.unknown(TOP_FIELDS)
    lesson = fields.text("lesson", one_line=True)
    if not lesson.endswith(".md") or lesson.startswith(("/", ".")) or "\\" in lesson:
        raise fields.error(
            "lesson", f"must be a page path under course/ ending in .md, got {lesson!r}"
        )
    raw_tasks = table.get("tasks")
    if not isinstance(raw_tasks, list) or not raw_tasks:
        raise fields.error("tasks", "needs at least one [[tasks]] table")
    tasks = tuple(_read_task(path, item, position) for position, item in enumerate(raw_tasks))
    seen: set[tuple[str, str]] = set()
    for position, task in enumerate(tasks):
        for key, value in (("id", task.id), ("function", task.function)):
            if (key, value) in seen:
                raise ManifestError(f"{path}: tasks[{position}].{key}", f"{value!r} is used twice")
            seen.add((key, value))
    return Exercise(
        name=name,
        folder=folder,
        title=fields.text("title", one_line=True),
        order=fields.integer("order", 1, 999),
        lesson=lesson,
        summary=fields.text("summary", one_line=True),
        scenario=fields.text("scenario"),
        sources=fields.texts("sources"),
        tasks=tasks,
    )


def load_course(root: Path) -> list[Exercise]:
    """Read every exercise folder under ``root`` (those holding an ``exercise.toml``), in order.

    Raises:
        ManifestError: an exercise is invalid, two share an order, or there are none.
    """
    root = Path(root)
    folders = sorted(path.parent for path in root.glob(f"*/{MANIFEST}"))
    if not folders:
        raise ManifestError(str(root), f"holds no exercise (no */{MANIFEST})")
    exercises = [load_exercise(folder) for folder in folders]
    by_order: dict[int, Exercise] = {}
    for exercise in exercises:
        if exercise.order in by_order:
            raise ManifestError(
                f"{exercise.folder / MANIFEST}: order",
                f"{exercise.order} is also the order of {by_order[exercise.order].name}",
            )
        by_order[exercise.order] = exercise
    return sorted(exercises, key=lambda exercise: exercise.order)


def find_exercise(exercises: list[Exercise], key: str) -> Exercise:
    """Return the exercise named ``key`` or at position ``key`` (1-based, as ``list`` shows).

    Raises:
        ExerciseError: no such exercise.
    """
    from minichain.course.errors import ExerciseError

    for exercise in exercises:
        if key == exercise.name:
            return exercise
    if key.isdigit() and 1 <= int(key) <= len(exercises):
        return exercises[int(key) - 1]
    names = ", ".join(exercise.name for exercise in exercises)
    raise ExerciseError("exercise", f"no exercise {key!r} (there are: {names})")
