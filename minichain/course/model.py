"""The exercise model: each exercise folder parsed once into a tree of frozen dataclasses.

:func:`load_course` reads every folder under a course root: the manifest
(:mod:`minichain.course.manifest`), the starter and the solution split into
shared code and task functions, and the test files split into shared code and
checks (:mod:`minichain.course.sources`). Everything the tools need is in the
tree, so each of them reads the folder the same way and none reads it again:
``course check`` (:mod:`minichain.course.validate`), the notebook builder
(:mod:`minichain.course.notebook`), the site's student notebooks
(``hooks/notebooks.py``), the check runner (:mod:`minichain.course.runner`)
and ``minichain learn`` (:mod:`minichain.learn`).

A *check* is one ``test_*`` function of ``test_public.py`` or ``test_hidden.py``.
Its name is its English title (as words), its one-line docstring its title in
Simplified Chinese. It belongs to the task whose id its name starts with, and carries its share of
that task's points (see :mod:`minichain.course.manifest` for ``weights``). Its
source and its file's prelude are all it needs to run: whatever runs checks
(here, in the notebooks, or a grader in another process) runs the prelude, then
the check's source, then calls it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, fields
from fractions import Fraction
from pathlib import Path

from minichain.course.errors import ExerciseError, ManifestError
from minichain.course.manifest import FILES, MANIFEST, Manifest, Task, read_manifest
from minichain.course.results import check_title
from minichain.course.sources import Function, split_file


@dataclass(frozen=True)
class CodeFile:
    """``starter.py`` or ``solution.py``: shared code, then one function per task.

    Attributes:
        path: the file.
        prelude: the code outside the task functions (the notebook's setup cell).
        functions: the task functions, in file order.
    """

    path: Path
    prelude: str
    functions: tuple[Function, ...]

    def function(self, name: str) -> Function:
        """The task function called ``name`` (every task's function is there)."""
        return next(function for function in self.functions if function.name == name)


@dataclass(frozen=True)
class Check:
    """One check: a ``test_*`` function, the task it checks and what it is worth.

    Attributes:
        name: the function's name, ``test_<task id>...``.
        task: the id of the task it checks.
        hidden: whether it comes from ``test_hidden.py`` (only the grader runs it).
        source: the function's source, decorators included; it runs after its file's prelude.
        line: where the function starts in its file (1-based).
        share: its part of the task's points (the task's shares add up to 1).
        points: ``share`` times the task's points.
        doc: its docstring: its title in Simplified Chinese ("" without one, which
            ``course check`` refuses).
    """

    name: str
    task: str
    hidden: bool
    source: str
    line: int
    share: Fraction
    points: Fraction
    doc: str = ""

    @property
    def title(self) -> str:
        """The check's title in the language in use (:func:`~minichain.course.results.check_title`).

        English: its name as words (``test_fingerprint_is_hex`` -> ``fingerprint is hex``);
        Chinese: its docstring.
        """
        return check_title(self.name, self.doc)


@dataclass(frozen=True)
class CheckFile:
    """``test_public.py`` or ``test_hidden.py``: shared code, then the checks.

    Attributes:
        path: the file.
        prelude: imports and helpers the checks use (without ``from exercise import``).
        hidden: whether its checks are hidden ones.
        checks: the checks, in file order.
    """

    path: Path
    prelude: str
    hidden: bool
    checks: tuple[Check, ...]

    def for_task(self, task_id: str) -> tuple[Check, ...]:
        """The checks of one task, in file order."""
        return tuple(check for check in self.checks if check.task == task_id)


@dataclass(frozen=True)
class Exercise(Manifest):
    """One exercise folder, parsed: its manifest, its code and its checks.

    Attributes (besides the manifest's):
        starter_code: ``starter.py``, split.
        solution_code: ``solution.py``, split (the answers keep their solution markers).
        public: ``test_public.py``, split into checks.
        hidden: ``test_hidden.py``, split into checks.
    """

    starter_code: CodeFile
    solution_code: CodeFile
    public: CheckFile
    hidden: CheckFile

    @property
    def checks(self) -> tuple[Check, ...]:
        """Every check: the public ones, then the hidden ones, each in file order."""
        return self.public.checks + self.hidden.checks

    def file_of(self, check: Check) -> CheckFile:
        """The test file ``check`` comes from (its prelude runs before it)."""
        return self.hidden if check.hidden else self.public

    def checks_of(self, task_id: str) -> tuple[Check, ...]:
        """The public, then the hidden checks of one task."""
        return tuple(check for check in self.checks if check.task == task_id)

    def task(self, task_id: str) -> Task:
        """The task with id ``task_id``.

        Raises:
            ExerciseError: the exercise has no such task.
        """
        for task in self.tasks:
            if task.id == task_id:
                return task
        raise ExerciseError(
            "task", "{name} has no task {task_id!r}", name=self.name, task_id=task_id
        )


def _task_of(name: str, tasks: tuple[Task, ...]) -> str | None:
    """The longest task id that ``name`` (``test_<id>...``) starts with."""
    matches = [
        task.id
        for task in tasks
        if name == f"test_{task.id}" or name.startswith(f"test_{task.id}_")
    ]
    return max(matches, key=len) if matches else None


def _read_code(manifest: Manifest, path: Path) -> CodeFile:
    wanted = {task.function for task in manifest.tasks}
    prelude, functions = split_file(path, wanted.__contains__)
    found = {function.name for function in functions}
    for task in manifest.tasks:
        if task.function not in found:
            raise ManifestError(
                f"{path}: {task.function}",
                "task {id!r} needs a top-level function named {function}",
                id=task.id,
                function=task.function,
            )
    return CodeFile(path, prelude, functions)


def _task_functions(manifest: Manifest, path: Path) -> tuple[str, list[tuple[Function, str]]]:
    """The prelude of a test file and each ``test_*`` function with the id of its task."""
    prelude, functions = split_file(path, lambda name: name.startswith("test_"))
    owned = []
    for function in functions:
        task = _task_of(function.name, manifest.tasks)
        if task is None:
            ids = ", ".join(task.id for task in manifest.tasks)
            raise ManifestError(
                f"{path}: {function.name}",
                "a test name must start with test_<task id> (task ids: {ids})",
                ids=ids,
            )
        owned.append((function, task))
    return prelude, owned


def _shares(manifest: Manifest, names: dict[str, list[str]]) -> dict[str, Fraction]:
    """Each check's share of its task's points, from the tasks' weights (1 where not given).

    Raises:
        ManifestError: a weight names no check of its task.
    """
    shares: dict[str, Fraction] = {}
    for position, task in enumerate(manifest.tasks):
        given = dict(task.weights)
        for name in given:
            if name not in names[task.id]:
                known = ", ".join(names[task.id]) or "none"
                raise ManifestError(
                    f"{manifest.folder / MANIFEST}: tasks[{position}].weights.{name}",
                    "is not a check of task {id!r} (its checks: {known})",
                    id=task.id,
                    known=known,
                )
        weights = {name: given.get(name, Fraction(1)) for name in names[task.id]}
        total = sum(weights.values(), Fraction(0))
        shares.update({name: weight / total for name, weight in weights.items()})
    return shares


def load_exercise(folder: Path) -> Exercise:
    """Read, split and check the exercise in ``folder``.

    Raises:
        ManifestError: a file is missing or is not Python, a manifest field breaks
            its rule, a task's function is missing, a test names no task, or a
            weight names no check; the message names the file and the field.
    """
    manifest = read_manifest(Path(folder))
    files = [
        (hidden, *_task_functions(manifest, path))
        for hidden, path in ((False, manifest.public_tests), (True, manifest.hidden_tests))
    ]
    names: dict[str, list[str]] = {task.id: [] for task in manifest.tasks}
    for _, _, owned in files:
        for function, task_id in owned:
            names[task_id].append(function.name)
    shares = _shares(manifest, names)
    points = {task.id: task.points for task in manifest.tasks}
    public, hidden = (
        CheckFile(
            path=manifest.hidden_tests if is_hidden else manifest.public_tests,
            prelude=prelude,
            hidden=is_hidden,
            checks=tuple(
                Check(
                    name=function.name,
                    task=task_id,
                    hidden=is_hidden,
                    source=function.source,
                    line=function.line,
                    share=shares[function.name],
                    points=shares[function.name] * points[task_id],
                    doc=function.docstring,
                )
                for function, task_id in owned
            ),
        )
        for is_hidden, prelude, owned in files
    )
    return Exercise(
        **{field.name: getattr(manifest, field.name) for field in fields(manifest)},
        starter_code=_read_code(manifest, manifest.starter),
        solution_code=_read_code(manifest, manifest.solution),
        public=public,
        hidden=hidden,
    )


_loaded: dict[Path, tuple[str, tuple[Exercise, ...]]] = {}


def _fingerprint(folders: list[Path]) -> str:
    """A digest of every file the exercises are read from (a missing file counts too)."""
    digest = hashlib.sha256()
    for folder in folders:
        for name in (MANIFEST, *FILES):
            path = folder / name
            digest.update(str(path).encode() + b"\0")
            digest.update(path.read_bytes() if path.is_file() else b"\0missing\0")
    return digest.hexdigest()


def load_course(root: Path) -> tuple[Exercise, ...]:
    """Every exercise folder under ``root`` (those holding an ``exercise.toml``), in course order.

    The course is parsed once: later calls return the same objects for as long
    as the folders' files are unchanged.

    Raises:
        ManifestError: an exercise is invalid, two share an order, or there are none.
    """
    root = Path(root)
    folders = sorted(path.parent for path in root.glob(f"*/{MANIFEST}"))
    if not folders:
        raise ManifestError(str(root), "holds no exercise (no */{manifest})", manifest=MANIFEST)
    fingerprint = _fingerprint(folders)
    cached = _loaded.get(root.resolve())
    if cached is not None and cached[0] == fingerprint:
        return cached[1]
    exercises = [load_exercise(folder) for folder in folders]
    by_order: dict[int, Exercise] = {}
    for exercise in exercises:
        if exercise.order in by_order:
            raise ManifestError(
                f"{exercise.folder / MANIFEST}: order",
                "{order} is also the order of {name}",
                order=exercise.order,
                name=by_order[exercise.order].name,
            )
        by_order[exercise.order] = exercise
    course = tuple(sorted(exercises, key=lambda exercise: exercise.order))
    _loaded[root.resolve()] = (fingerprint, course)
    return course


def find_exercise(exercises: Sequence[Exercise], key: str) -> Exercise:
    """The exercise named ``key`` or at position ``key`` (1-based, as ``learn list`` shows).

    Raises:
        ExerciseError: no such exercise.
    """
    for exercise in exercises:
        if key == exercise.name:
            return exercise
    if key.isdigit() and 1 <= int(key) <= len(exercises):
        return exercises[int(key) - 1]
    names = ", ".join(exercise.name for exercise in exercises)
    raise ExerciseError(
        "exercise", "no exercise {key!r} (there are: {names})", key=key, names=names
    )
