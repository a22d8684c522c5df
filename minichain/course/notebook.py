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
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from minichain.course.manifest import Exercise, Task, load_course
from minichain.course.sources import TestFile, TestFunction, read_code, read_tests

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


def _task_markdown(number: int, task: Task) -> str:
    hints = "\n\n".join(
        f"<details><summary>Hint {position}</summary>\n\n{hint}\n\n</details>"
        for position, hint in enumerate(task.hints, 1)
    )
    return f"""## Task {number}: {task.title} ({task.points} points)

{task.instructions}

{hints}
"""


def _checks(tests: tuple[TestFunction, ...], prelude: str, hidden: bool) -> str:
    parts = [prelude.strip("\n")] if prelude.strip() else []
    parts += [test.source.strip("\n") for test in tests]
    names = ", ".join(test.name for test in tests)
    parts.append(f"run_checks({names}{', hidden=True' if hidden else ''})")
    return "\n\n\n".join(parts)


def _test_cell_source(number: int, task: Task, public: TestFile, hidden: TestFile) -> str:
    text = (
        f"# Checks of task {number} (from test_public.py). Run this cell to check your answer.\n"
        + RUNNER_IMPORT
        + "\n"
        + _checks(public.for_task(task), public.prelude, hidden=False)
        + "\n"
    )
    hidden_tests = hidden.for_task(task)
    if hidden_tests:
        text += (
            "### BEGIN HIDDEN TESTS\n"
            + _checks(hidden_tests, hidden.prelude, hidden=True)
            + "\n### END HIDDEN TESTS\n"
        )
    return text


def build_notebook(exercise: Exercise) -> dict[str, Any]:
    """The source notebook of ``exercise`` as nbformat 4.5 JSON data."""
    starter = read_code(exercise, exercise.starter)
    solution = read_code(exercise, exercise.solution)
    public = read_tests(exercise, exercise.public_tests)
    hidden = read_tests(exercise, exercise.hidden_tests)
    cells = [_markdown("intro", _intro(exercise))]
    setup = LOAD_PICTURES + ("\n" + starter.prelude.strip("\n") if starter.prelude.strip() else "")
    cells.append(_code("setup", setup, {"grade": False, "solution": False, "locked": True}))
    for number, task in enumerate(exercise.tasks, 1):
        cells.append(_markdown(f"task_{task.id}", _task_markdown(number, task)))
        cells.append(
            _code(
                f"answer_{task.id}",
                solution.functions[task.function],
                {"grade": False, "solution": True, "locked": False},
            )
        )
        cells.append(
            _code(
                f"check_{task.id}",
                _test_cell_source(number, task, public, hidden),
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


def notebook_text(exercise: Exercise) -> str:
    """The notebook file's exact text (as nbformat writes it: indent 1, sorted keys)."""
    return json.dumps(build_notebook(exercise), indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def generate(root: Path) -> list[Path]:
    """Write every exercise's source notebook under ``root``; return the files that changed."""
    changed = []
    for exercise in load_course(root):
        path = notebook_path(root, exercise)
        text = notebook_text(exercise)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            changed.append(path)
    return changed


def stale_notebooks(root: Path) -> list[Path]:
    """The source notebooks under ``root`` that are missing or differ from their sources."""
    return [
        notebook_path(root, exercise)
        for exercise in load_course(root)
        if not notebook_path(root, exercise).exists()
        or notebook_path(root, exercise).read_text(encoding="utf-8") != notebook_text(exercise)
    ]
