"""Build the nbgrader source notebook of an exercise from its folder.

The notebook is generated, never edited by hand: ``minichain course generate``
writes ``exercises/source/<name>/<name>.ipynb`` and a test fails when a
committed notebook differs from what the sources give. The output is
deterministic: stable cell ids (the nbgrader grade ids), no timestamps, no
execution counts, keys sorted as nbformat writes them.

Layout, for each exercise:

1. the story and the instructions (Markdown), with the sources of the story;
2. ``setup``: ``%load_ext minichain.notebook`` (blocks, chains, Merkle proofs
   and transactions then display as pictures) and the shared code from
   ``starter.py`` (read-only);
3. per task: its instructions and hints (Markdown), the answer cell
   ``answer_<id>`` (the solution function; nbgrader clears what lies between
   ``### BEGIN SOLUTION`` and ``### END SOLUTION``) and the locked test cell
   ``check_<id>`` worth the task's points, holding the task's public checks
   and, between ``### BEGIN HIDDEN TESTS`` and ``### END HIDDEN TESTS``,
   its hidden ones.

The same module says what nbgrader's markers are and what a student receives
(:func:`student_version`, what ``nbgrader generate_assignment`` releases, which
the site offers for download), and when a committed notebook is up to date
(:func:`is_up_to_date`).
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from minichain.course.errors import ReleaseError
from minichain.course.manifest import Task
from minichain.course.model import Check, CheckFile, Exercise, load_course
from minichain.course.weights import weighting


@dataclass(frozen=True)
class Region:
    """Lines nbgrader treats specially, between a begin and an end marker.

    Attributes:
        begin: nbgrader's begin delimiter; any line containing it opens the region.
        end: nbgrader's end delimiter; any line containing it closes the region.
    """

    begin: str
    end: str

    @property
    def begin_line(self) -> str:
        """The begin marker as the exercises write it (a comment)."""
        return f"### {self.begin}"

    @property
    def end_line(self) -> str:
        """The end marker as the exercises write it (a comment)."""
        return f"### {self.end}"


SOLUTION = Region("BEGIN SOLUTION", "END SOLUTION")
"""In an answer cell: the answer, which the released notebook replaces with :data:`CODE_STUB`."""
HIDDEN_TESTS = Region("BEGIN HIDDEN TESTS", "END HIDDEN TESTS")
"""In a test cell: the hidden checks, which the released notebook leaves out."""
# nbgrader 0.9's defaults (ClearSolutions.code_stub["python"] and .text_stub).
CODE_STUB = "# YOUR CODE HERE\nraise NotImplementedError()"
TEXT_STUB = "YOUR ANSWER HERE"

SCHEMA_VERSION = 3
RUNNER_IMPORT = "from minichain.course.grading import run_checks\n"
LOAD_PICTURES = "%load_ext minichain.notebook\n"
"""The setup cell's first line: IPython shows minichain's objects as cards and drawings."""


def notebook_path(root: Path, exercise: Exercise) -> Path:
    """Where the source notebook of ``exercise`` lives in the course ``root``."""
    return Path(root) / "source" / exercise.name / f"{exercise.name}.ipynb"


def _lines(text: str) -> list[str]:
    return text.splitlines(keepends=True)


def _markdown(cell_id: str, text: str) -> dict[str, Any]:
    return {"cell_type": "markdown", "id": cell_id, "metadata": {}, "source": _lines(text.strip())}


def _code(cell_id: str, text: str, nbgrader: dict[str, Any] | None) -> dict[str, Any]:
    metadata: dict[str, Any] = {}
    if nbgrader is not None:
        metadata["nbgrader"] = {"grade_id": cell_id, "schema_version": SCHEMA_VERSION, **nbgrader}
        if nbgrader.get("locked"):
            metadata["deletable"] = False
            metadata["editable"] = False
    return {
        "cell_type": "code",
        "execution_count": None,
        "id": cell_id,
        "metadata": metadata,
        "outputs": [],
        "source": _lines(text.strip("\n")),
    }


def _intro(exercise: Exercise) -> str:
    sources = "\n".join(f"{number}. {source}" for number, source in enumerate(exercise.sources, 1))
    tasks = "\n".join(
        f"{number}. {task.title} ({task.points} points)"
        for number, task in enumerate(exercise.tasks, 1)
    )
    return f"""# {exercise.title}

{exercise.summary}

## The story

{exercise.scenario}

Sources:

{sources}

## What you will do

{tasks}

Write each function in its answer cell, then run the cell below it: it checks
your work. The checks you see are the ones the grader runs too; the grader also
runs a few hidden checks of the same task. Test cells are locked: edits to them
are undone when your notebook is graded. Run the cells from the top (setup first).
The same exercise can be done in the terminal with `minichain learn`.
"""


def _task_markdown(number: int, task: Task, exercise: Exercise) -> str:
    hints = "\n\n".join(
        f"<details><summary>Hint {position}</summary>\n\n{hint}\n\n</details>"
        for position, hint in enumerate(task.hints, 1)
    )
    return f"""## Task {number}: {task.title} ({task.points} points)

{task.instructions}

*Graded by {weighting(exercise, task.id)}: each check you pass earns its share.*

{hints}
"""


def _checks(checks: tuple[Check, ...], file: CheckFile) -> str:
    parts = [file.prelude.strip("\n")] if file.prelude.strip() else []
    parts += [check.source.strip("\n") for check in checks]
    names = ", ".join(check.name for check in checks)
    parts.append(f"run_checks({names}{', hidden=True' if file.hidden else ''})")
    return "\n\n\n".join(parts)


def _test_cell_source(number: int, task: Task, exercise: Exercise) -> str:
    text = (
        f"# Checks of task {number} (from test_public.py). Run this cell to check your answer.\n"
        + RUNNER_IMPORT
        + "\n"
        + _checks(exercise.public.for_task(task.id), exercise.public)
        + "\n"
    )
    hidden = exercise.hidden.for_task(task.id)
    if hidden:
        text += (
            f"{HIDDEN_TESTS.begin_line}\n"
            + _checks(hidden, exercise.hidden)
            + f"\n{HIDDEN_TESTS.end_line}\n"
        )
    return text


def build_notebook(exercise: Exercise) -> dict[str, Any]:
    """The source notebook of ``exercise`` as nbformat 4.5 JSON data."""
    starter = exercise.starter_code
    cells = [_markdown("intro", _intro(exercise))]
    setup = LOAD_PICTURES + ("\n" + starter.prelude.strip("\n") if starter.prelude.strip() else "")
    cells.append(_code("setup", setup, {"grade": False, "solution": False, "locked": True}))
    for number, task in enumerate(exercise.tasks, 1):
        cells.append(_markdown(f"task_{task.id}", _task_markdown(number, task, exercise)))
        cells.append(
            _code(
                f"answer_{task.id}",
                exercise.solution_code.function(task.function).source,
                {"grade": False, "solution": True, "locked": False},
            )
        )
        cells.append(
            _code(
                f"check_{task.id}",
                _test_cell_source(number, task, exercise),
                {"grade": True, "solution": False, "locked": True, "points": task.points},
            )
        )
    return {
        "cells": cells,
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def _json(notebook: dict[str, Any]) -> str:
    """A notebook file's exact text, as nbformat writes it: indent 1, sorted keys."""
    return json.dumps(notebook, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def notebook_text(exercise: Exercise) -> str:
    """The source notebook's file text."""
    return _json(build_notebook(exercise))


def _without_region(cell: str, source: str, region: Region, stub: str | None) -> tuple[str, bool]:
    """The ``source`` of ``cell`` with each ``region`` replaced by ``stub`` (indented) or dropped.

    Raises:
        ReleaseError: a region is not closed, or is nested in another.
    """
    lines, inside, found = [], False, False
    for line in source.split("\n"):
        if region.begin in line:
            if inside:
                raise ReleaseError(cell, f"holds a nested {region.begin_line!r}")
            inside = found = True
            if stub is not None:
                indent = line[: len(line) - len(line.lstrip())]
                lines += [indent + stub_line for stub_line in stub.split("\n")]
        elif region.end in line:
            inside = False
        elif not inside:
            lines.append(line)
    if inside:
        raise ReleaseError(cell, f"opens {region.begin_line!r} without {region.end_line!r}")
    return "\n".join(lines), found


def student_version(notebook: dict[str, Any]) -> dict[str, Any]:
    """A copy of an nbgrader source ``notebook`` as ``nbgrader generate_assignment`` releases it.

    In an answer cell (nbgrader ``solution: true``) each :data:`SOLUTION` region
    becomes :data:`CODE_STUB`, indented like its first line, and an answer cell
    without one becomes the stub as a whole (nbgrader's ``ClearSolutions``); the
    :data:`HIDDEN_TESTS` regions are removed (``ClearHiddenTests``); outputs and
    execution counts are cleared.

    Raises:
        ReleaseError: a region is not closed, or is nested (naming the cell).
    """
    released = copy.deepcopy(notebook)
    for position, cell in enumerate(released["cells"]):
        where = f"cell {cell.get('id', position)}"
        source = "".join(cell["source"])
        is_solution = cell["metadata"].get("nbgrader", {}).get("solution", False)
        stub = CODE_STUB if cell["cell_type"] == "code" else TEXT_STUB
        source, replaced = _without_region(where, source, SOLUTION, stub)
        if is_solution and not replaced:
            source = stub
        source, _ = _without_region(where, source, HIDDEN_TESTS, None)
        cell["source"] = source.splitlines(keepends=True)
        if cell["cell_type"] == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
    return released


def student_notebook_text(exercise: Exercise) -> str:
    """The file text of the notebook a student receives."""
    return _json(student_version(build_notebook(exercise)))


def is_up_to_date(root: Path, exercise: Exercise) -> bool:
    """Whether the committed source notebook of ``exercise`` is exactly what its folder gives."""
    path = notebook_path(root, exercise)
    return path.is_file() and path.read_text(encoding="utf-8") == notebook_text(exercise)


def generate(root: Path) -> list[Path]:
    """Write every exercise's source notebook under ``root``; return the files that changed."""
    changed = []
    for exercise in load_course(root):
        if not is_up_to_date(root, exercise):
            path = notebook_path(root, exercise)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(notebook_text(exercise), encoding="utf-8")
            changed.append(path)
    return changed


def stale_notebooks(root: Path) -> list[Path]:
    """The source notebooks under ``root`` that are missing or differ from their sources."""
    return [
        notebook_path(root, exercise)
        for exercise in load_course(root)
        if not is_up_to_date(root, exercise)
    ]
