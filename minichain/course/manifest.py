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
checks the task ``fingerprint``. The task's points are shared among its checks,
public and hidden alike: equally, unless the task's ``weights`` table gives a
check another weight (a check's share is its weight over the sum of the task's
weights; a check not in the table weighs 1)::

    [tasks.weights]
    test_fingerprint_is_the_sha256_hex_of_the_file = 2

Every task also says how hard it is and how long it takes (issue 14, point 6):
``difficulty`` is ``"core"`` (every learner does it) or ``"stretch"`` (for those
who want more), and ``minutes`` is the time a learner needs from the starter to
passing checks. ``minichain learn list`` and the lesson pages show the totals.

The exercise's words in Chinese (issue 21) sit beside the English ones: a
``[zh]`` table after the top-level fields holds the exercise's ``title``,
``summary`` and ``scenario``, and a ``[tasks.zh]`` table after each task its
``title``, ``instructions`` and ``hints`` (as many hints as the English has).
Code, identifiers, points and checks are not translated: both languages share
them. Each such table records ``source_sha256``, the SHA-256 of the English
words it translates (:func:`minichain.course.translations.words_digest`), so a
change to the English is
noticed until the translation is updated and stamped again
(:mod:`minichain.course.translations`)::

    [zh]
    source_sha256 = "3f1c...e2"
    title = "..."

    [[tasks]]
    id = "fingerprint"
    ...
    [tasks.zh]
    source_sha256 = "..."
    title = "..."
    instructions = '''...'''
    hints = ["...", "..."]

An exercise without a ``[zh]`` table is not translated yet; one with it must
translate every task, and every field, or loading it fails naming the file
and the field.

This module reads the manifest alone; :mod:`minichain.course.model` adds the
Python files and checks that every weight names a check of its task.
"""

from __future__ import annotations

import math
import re
import sys
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

from minichain.course.errors import ManifestError
from minichain.course.translations import DIGEST, FIELD, LANGUAGES, words_digest

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

MANIFEST = "exercise.toml"
FILES = ("starter.py", "solution.py", "test_public.py", "test_hidden.py")
NAME_RULE = re.compile(r"^[a-z][a-z0-9_]*$")
MAX_POINTS = 100
MAX_MINUTES = 240
DIFFICULTIES = ("core", "stretch")


@dataclass(frozen=True)
class TaskText:
    """A task's words in another language.

    Attributes:
        language: the language code, e.g. ``"zh"``.
        title: the task's title.
        instructions: Markdown: what to do.
        hints: the hints, as many as the English ones and in their order.
        recorded: the hash of the English words it was last brought up to date
            with (``source_sha256``; ``""`` when not recorded yet).
    """

    language: str
    title: str
    instructions: str
    hints: tuple[str, ...]
    recorded: str


@dataclass(frozen=True)
class ExerciseText:
    """An exercise's own words (not its tasks') in another language.

    Attributes:
        language: the language code, e.g. ``"zh"``.
        title: the exercise's title.
        summary: one sentence for lists.
        scenario: Markdown: the story.
        recorded: the hash of the English words it translates (``""`` when not recorded yet).
    """

    language: str
    title: str
    summary: str
    scenario: str
    recorded: str


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
        weights: the weights the manifest gives some checks, as (check name, weight);
            every other check of the task weighs 1.
        difficulty: ``"core"`` or ``"stretch"``.
        minutes: the time a learner needs, from the starter to passing checks.
        translations: its words in other languages (``[tasks.zh]``), one per language.
    """

    id: str
    function: str
    title: str
    points: int
    instructions: str
    hints: tuple[str, ...]
    weights: tuple[tuple[str, Fraction], ...]
    difficulty: str
    minutes: int
    translations: tuple[TaskText, ...]

    @property
    def english_digest(self) -> str:
        """The hash of the task's words a translation translates: title, instructions, hints."""
        return words_digest(
            {"title": self.title, "instructions": self.instructions, "hints": self.hints}
        )

    def text(self, language: str) -> TaskText | None:
        """The task's words in ``language``, or None when not translated."""
        return next((text for text in self.translations if text.language == language), None)


@dataclass(frozen=True)
class Manifest:
    """What ``exercise.toml`` says about one exercise folder, read and checked.

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
        translations: the exercise's words in other languages (``[zh]``), one per language;
            an exercise translated into a language has that language in every task too.
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
    translations: tuple[ExerciseText, ...]

    @property
    def manifest(self) -> Path:
        """The ``exercise.toml`` file."""
        return self.folder / MANIFEST

    @property
    def english_digest(self) -> str:
        """The hash of the exercise's own words a translation translates: title, summary, story."""
        return words_digest(
            {"title": self.title, "summary": self.summary, "scenario": self.scenario}
        )

    def text(self, language: str) -> ExerciseText | None:
        """The exercise's words in ``language``, or None when not translated."""
        return next((text for text in self.translations if text.language == language), None)

    @property
    def languages(self) -> tuple[str, ...]:
        """``"en"``, then the languages the exercise is translated into."""
        return ("en", *(text.language for text in self.translations))

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

    @property
    def minutes(self) -> int:
        """The time the whole exercise takes, its tasks' minutes added up."""
        return sum(task.minutes for task in self.tasks)

    def minutes_of(self, difficulty: str) -> int:
        """The time its tasks of one difficulty (``"core"`` or ``"stretch"``) take."""
        return sum(task.minutes for task in self.tasks if task.difficulty == difficulty)

    @property
    def time_summary(self) -> str:
        """The exercise's time in words: ``about 45 minutes (30 core, 15 stretch)``."""
        core, stretch = self.minutes_of("core"), self.minutes_of("stretch")
        split = f" ({core} core, {stretch} stretch)" if stretch else " (all core)"
        return f"about {self.minutes} minutes{split}"


class _Fields:
    """Reads typed fields from one TOML table and names the file and field on any error."""

    def __init__(self, path: Path, table: dict[str, Any], prefix: str = "") -> None:
        self.path = path
        self.table = table
        self.prefix = prefix

    def refuse(self, key: str, rule: str, **params: Any) -> ManifestError:
        """The refusal of ``key``: ``rule`` is a template filled in with ``params``."""
        return ManifestError(f"{self.path}: {self.prefix}{key}", rule, **params)

    def text(self, key: str, one_line: bool = False) -> str:
        if key not in self.table:
            raise self.refuse(key, "is required")
        value = self.table[key]
        if not isinstance(value, str) or not value.strip():
            raise self.refuse(key, "must be a non-empty string")
        if one_line and "\n" in value.strip():
            raise self.refuse(key, "must fit on one line")
        return value.strip()

    def integer(self, key: str, low: int, high: int) -> int:
        if key not in self.table:
            raise self.refuse(key, "is required")
        value = self.table[key]
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.refuse(
                key, "must be an integer, got {type_name}", type_name=type(value).__name__
            )
        if not low <= value <= high:
            raise self.refuse(
                key,
                "must be between {low} and {high}, got {value}",
                low=low,
                high=high,
                value=value,
            )
        return value

    def texts(self, key: str) -> tuple[str, ...]:
        if key not in self.table:
            raise self.refuse(key, "is required")
        value = self.table[key]
        if not isinstance(value, list) or not value:
            raise self.refuse(key, "must be a non-empty list of strings")
        for position, item in enumerate(value):
            if not isinstance(item, str) or not item.strip():
                raise self.refuse(f"{key}[{position}]", "must be a non-empty string")
        return tuple(item.strip() for item in value)

    def choice(self, key: str, allowed: tuple[str, ...]) -> str:
        value = self.text(key, one_line=True)
        if value not in allowed:
            quoted = " or ".join(f'"{item}"' for item in allowed)
            raise self.refuse(key, "must be {quoted}, got {value!r}", quoted=quoted, value=value)
        return value

    def weights(self, key: str) -> tuple[tuple[str, Fraction], ...]:
        if key not in self.table:
            return ()
        value = self.table[key]
        if not isinstance(value, dict):
            raise self.refuse(key, "must be a table mapping check names to weights")
        weights = []
        for name, weight in value.items():
            if (
                isinstance(weight, bool)
                or not isinstance(weight, (int, float))
                or not math.isfinite(weight)
                or weight <= 0
            ):
                raise self.refuse(
                    f"{key}.{name}", "must be a positive number, got {weight!r}", weight=weight
                )
            weights.append((name, Fraction(str(weight))))
        return tuple(weights)

    def recorded(self) -> str:
        """The translation's ``source_sha256``: "" when absent, else 64 lowercase hex digits."""
        if FIELD not in self.table:
            return ""
        value = self.table[FIELD]
        if not isinstance(value, str) or not DIGEST.fullmatch(value):
            raise self.refuse(FIELD, "must be 64 lowercase hex digits, got {value!r}", value=value)
        return value

    def sub(self, key: str) -> _Fields | None:
        """The fields of the table ``key`` of this one (None when there is none)."""
        if key not in self.table:
            return None
        value = self.table[key]
        if not isinstance(value, dict):
            raise self.refuse(key, "must be a table ([{table}])", table=f"{self.prefix}{key}")
        return _Fields(self.path, value, f"{self.prefix}{key}.")

    def unknown(self, allowed: set[str]) -> None:
        for key in self.table:
            if key not in allowed:
                raise self.refuse(
                    key,
                    "is not a manifest field (allowed: {sorted})",
                    sorted=", ".join(sorted(allowed)),
                )


TOP_FIELDS = {"title", "order", "lesson", "summary", "scenario", "sources", "tasks", *LANGUAGES}
TEXT_FIELDS = {"title", "summary", "scenario", FIELD}
TASK_TEXT_FIELDS = {"title", "instructions", "hints", FIELD}
TASK_FIELDS = {
    *LANGUAGES,
    "id",
    "function",
    "title",
    "points",
    "difficulty",
    "minutes",
    "instructions",
    "hints",
    "weights",
}


def _read_task_text(fields: _Fields, language: str, hints: int) -> TaskText | None:
    """The ``[tasks.<language>]`` table of a task, or None when it has none."""
    table = fields.sub(language)
    if table is None:
        return None
    table.unknown(TASK_TEXT_FIELDS)
    text = TaskText(
        language=language,
        title=table.text("title", one_line=True),
        instructions=table.text("instructions"),
        hints=table.texts("hints"),
        recorded=table.recorded(),
    )
    if len(text.hints) != hints:
        raise table.refuse(
            "hints",
            "must hold {hints} hints, as the English does, not {hints_size}",
            hints=hints,
            hints_size=len(text.hints),
        )
    return text


def _read_exercise_text(fields: _Fields, language: str) -> ExerciseText | None:
    """The ``[<language>]`` table of the exercise, or None when it has none."""
    table = fields.sub(language)
    if table is None:
        return None
    table.unknown(TEXT_FIELDS)
    return ExerciseText(
        language=language,
        title=table.text("title", one_line=True),
        summary=table.text("summary", one_line=True),
        scenario=table.text("scenario"),
        recorded=table.recorded(),
    )


def _read_task(path: Path, table: Any, position: int) -> Task:
    prefix = f"tasks[{position}]."
    if not isinstance(table, dict):
        raise ManifestError(f"{path}: tasks[{position}]", "must be a table ([[tasks]])")
    fields = _Fields(path, table, prefix)
    fields.unknown(TASK_FIELDS)
    task_id = fields.text("id", one_line=True)
    if not NAME_RULE.match(task_id):
        raise fields.refuse("id", "must be lower case letters, digits and _ (a Python name)")
    function = fields.text("function", one_line=True)
    if not function.isidentifier():
        raise fields.refuse(
            "function", "must be a Python function name, got {function!r}", function=function
        )
    hints = fields.texts("hints")
    texts = (_read_task_text(fields, language, len(hints)) for language in LANGUAGES)
    return Task(
        id=task_id,
        function=function,
        title=fields.text("title", one_line=True),
        points=fields.integer("points", 1, MAX_POINTS),
        instructions=fields.text("instructions"),
        hints=hints,
        weights=fields.weights("weights"),
        difficulty=fields.choice("difficulty", DIFFICULTIES),
        minutes=fields.integer("minutes", 1, MAX_MINUTES),
        translations=tuple(text for text in texts if text is not None),
    )


def read_manifest(folder: Path) -> Manifest:
    """Read and check the manifest of the exercise in ``folder`` (and that its files exist).

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
        raise ManifestError(str(path), "is not valid TOML ({error})", error=error) from None
    fields = _Fields(path, table)
    fields.unknown(TOP_FIELDS)
    lesson = fields.text("lesson", one_line=True)
    if not lesson.endswith(".md") or lesson.startswith(("/", ".")) or "\\" in lesson:
        raise fields.refuse(
            "lesson",
            "must be a page path under course/ ending in .md, got {lesson!r}",
            lesson=lesson,
        )
    raw_tasks = table.get("tasks")
    if not isinstance(raw_tasks, list) or not raw_tasks:
        raise fields.refuse("tasks", "needs at least one [[tasks]] table")
    tasks = tuple(_read_task(path, item, position) for position, item in enumerate(raw_tasks))
    seen: set[tuple[str, str]] = set()
    for position, task in enumerate(tasks):
        for key, value in (("id", task.id), ("function", task.function)):
            if (key, value) in seen:
                raise ManifestError(
                    f"{path}: tasks[{position}].{key}", "{value!r} is used twice", value=value
                )
            seen.add((key, value))
    translations = []
    for language in LANGUAGES:
        text = _read_exercise_text(fields, language)
        if text is None:
            continue
        for position, task in enumerate(tasks):
            if task.text(language) is None:
                raise ManifestError(
                    f"{path}: tasks[{position}].{language}",
                    "is required: the exercise has a [{language}] table, so every task needs a "
                    "[tasks.{language}] table",
                    language=language,
                )
        translations.append(text)
    for language in LANGUAGES:
        if not any(text.language == language for text in translations):
            for position, task in enumerate(tasks):
                if task.text(language) is not None:
                    raise ManifestError(
                        f"{path}: {language}",
                        "is required: tasks[{position}] has a [tasks.{language}] table, so the "
                        "exercise needs a [{language}] table",
                        position=position,
                        language=language,
                    )
    return Manifest(
        name=name,
        folder=folder,
        title=fields.text("title", one_line=True),
        order=fields.integer("order", 1, 999),
        lesson=lesson,
        summary=fields.text("summary", one_line=True),
        scenario=fields.text("scenario"),
        sources=fields.texts("sources"),
        tasks=tasks,
        translations=tuple(translations),
    )
