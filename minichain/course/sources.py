"""Read an exercise's Python files into the pieces the notebook and the runners need.

The test files are plain Python: top-level imports and helpers (the *prelude*)
and ``test_*`` functions. ``from exercise import ...`` names what the learner
writes; in the terminal it is the learner's file, in the notebook those names
are already defined by the answer cells, so that import is dropped there.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

from minichain.course.errors import ManifestError
from minichain.course.manifest import Exercise, Task

LEARNER_MODULE = "exercise"
"""The module name test files import the learner's code from."""


@dataclass(frozen=True)
class TestFunction:
    """One ``test_*`` function of a test file.

    Attributes:
        name: the function name.
        source: its source text, decorators included.
        task: the id of the task it checks.
    """

    name: str
    source: str
    task: str


@dataclass(frozen=True)
class TestFile:
    """A test file split into its prelude and its test functions."""

    path: Path
    prelude: str
    tests: tuple[TestFunction, ...]

    def for_task(self, task: Task) -> tuple[TestFunction, ...]:
        """The tests of one task, in file order."""
        return tuple(test for test in self.tests if test.task == task.id)


def _span(node: ast.stmt) -> tuple[int, int]:
    """First and last line (1-based, inclusive) of ``node``, decorators included."""
    first = min([node.lineno, *(d.lineno for d in getattr(node, "decorator_list", []))])
    return first, node.end_lineno if node.end_lineno is not None else node.lineno


def _segment(lines: list[str], node: ast.stmt) -> str:
    first, last = _span(node)
    # A body's trailing comments (such as ### END SOLUTION) belong to it, though ast ends earlier.
    while last < len(lines) and re.match(r"[ \t]+#", lines[last]):
        last += 1
    return "".join(lines[first - 1 : last]).rstrip() + "\n"


def _without(lines: list[str], removed: list[ast.stmt]) -> str:
    """The text of ``lines`` less the statements in ``removed``, tidied of extra blank lines."""
    drop: set[int] = set()
    for node in removed:
        first, last = _span(node)
        while last < len(lines) and re.match(r"[ \t]+#", lines[last]):
            last += 1
        drop.update(range(first, last + 1))
    kept = [line for number, line in enumerate(lines, start=1) if number not in drop]
    text = re.sub(r"\n{3,}", "\n\n\n", "".join(kept)).strip("\n")
    return text + "\n" if text else ""


def _is_docstring(module: ast.Module, node: ast.stmt) -> bool:
    return (
        node is module.body[0]
        and isinstance(node, ast.Expr)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
    )


def _parse(path: Path) -> tuple[ast.Module, list[str]]:
    text = path.read_text(encoding="utf-8")
    try:
        return ast.parse(text, filename=str(path)), text.splitlines(keepends=True)
    except SyntaxError as error:
        raise ManifestError(
            f"{path}: line {error.lineno}", f"is not valid Python ({error.msg})"
        ) from None


def _task_of(name: str, tasks: tuple[Task, ...]) -> str | None:
    """The longest task id that ``name`` (``test_<id>...``) starts with."""
    matches = [
        task.id
        for task in tasks
        if name == f"test_{task.id}" or name.startswith(f"test_{task.id}_")
    ]
    return max(matches, key=len) if matches else None


def read_tests(exercise: Exercise, path: Path) -> TestFile:
    """Split the test file ``path`` of ``exercise`` into prelude and per-task tests.

    Raises:
        ManifestError: the file is not Python, or a test's name names no task.
    """
    module, lines = _parse(path)
    removed: list[ast.stmt] = []
    tests: list[TestFunction] = []
    for node in module.body:
        if _is_docstring(module, node) or (
            isinstance(node, ast.ImportFrom) and node.module == LEARNER_MODULE
        ):
            removed.append(node)
        elif isinstance(node, ast.FunctionDef) and node.name.startswith("test_"):
            task = _task_of(node.name, exercise.tasks)
            if task is None:
                ids = ", ".join(task.id for task in exercise.tasks)
                raise ManifestError(
                    f"{path}: {node.name}",
                    f"a test name must start with test_<task id> (task ids: {ids})",
                )
            tests.append(TestFunction(node.name, _segment(lines, node), task))
            removed.append(node)
    return TestFile(path=path, prelude=_without(lines, removed), tests=tuple(tests))


@dataclass(frozen=True)
class CodeFile:
    """A starter or solution file: shared code, then one function per task."""

    path: Path
    prelude: str
    functions: dict[str, str]
    signatures: dict[str, str]


def read_code(exercise: Exercise, path: Path) -> CodeFile:
    """Split a starter or solution file into its prelude and the task functions.

    Raises:
        ManifestError: the file is not Python or lacks a task's function.
    """
    module, lines = _parse(path)
    wanted = {task.function for task in exercise.tasks}
    removed: list[ast.stmt] = []
    functions: dict[str, str] = {}
    signatures: dict[str, str] = {}
    for node in module.body:
        if isinstance(node, ast.FunctionDef) and node.name in wanted:
            functions[node.name] = _segment(lines, node)
            signatures[node.name] = ast.unparse(node.args)
            removed.append(node)
        elif _is_docstring(module, node):
            removed.append(node)
    for task in exercise.tasks:
        if task.function not in functions:
            raise ManifestError(
                f"{path}: {task.function}",
                f"task {task.id!r} needs a top-level function named {task.function}",
            )
    return CodeFile(
        path=path,
        prelude=_without(lines, removed),
        functions=functions,
        signatures=signatures,
    )
