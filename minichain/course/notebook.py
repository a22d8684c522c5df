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

Every exercise translated into Chinese (its ``[zh]`` tables) has a Chinese
source notebook too, ``exercises/source_zh/<name>/<name>.ipynb``: the same
cells in the same order with the same ids, metadata, points and code, the
Markdown (story, instructions, hints) in Chinese. The code cells are the very
same text, so the gradebook's record of either release (the locked cells
nbgrader restores, their checksums) fits a submission in either language: an
instructor releases the one the class reads (``nbgrader generate_assignment
<name> --CourseDirectory.source_directory=source_zh``) into the one course
root and gradebook. Only the notebook-level metadata says the language,
``"minichain": {"language": "zh"}`` (:func:`notebook_language`), following
nbformat's advice to namespace a tool's own metadata: nbgrader records and
checksums cells, never the notebook's metadata, and keeps it in the release and
in the autograded copy, so the grader writes each student's feedback in the
language of the notebook that student handed in (:mod:`minichain.course.autograde`).

The same module says what nbgrader's markers are and what a student receives
(:func:`student_version`, what ``nbgrader generate_assignment`` releases, which
the site offers for download), and when a committed notebook is up to date
(:func:`is_up_to_date`).
"""

from __future__ import annotations

import copy
import dataclasses
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from minichain.course.errors import ExerciseError, ReleaseError
from minichain.course.manifest import Task
from minichain.course.model import Check, CheckFile, Exercise, load_course
from minichain.course.translations import join_cjk_lines
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


SOURCE_FOLDERS = {"en": "source", "zh": "source_zh"}
"""The folder of the course root holding each language's source notebooks
(nbgrader's ``CourseDirectory.source_directory``; ``source`` is its default)."""

METADATA_KEY = "minichain"
"""The notebook-level metadata of the course's own: ``{"language": "zh"}``."""


def notebook_language(notebook: Any) -> str | None:
    """The language a notebook says it is in (``metadata.minichain.language``), if it
    says one of :data:`SOURCE_FOLDERS`'; ``None`` when it says nothing usable."""
    metadata = notebook.get("metadata", {}) if isinstance(notebook, dict) else {}
    own = metadata.get(METADATA_KEY, {}) if isinstance(metadata, dict) else {}
    language = own.get("language") if isinstance(own, dict) else None
    return language if isinstance(language, str) and language in SOURCE_FOLDERS else None


def notebook_path(root: Path, exercise: Exercise, language: str = "en") -> Path:
    """Where the source notebook of ``exercise`` in ``language`` lives in the course ``root``."""
    return Path(root) / SOURCE_FOLDERS[language] / exercise.name / f"{exercise.name}.ipynb"


def localized(exercise: Exercise, language: str) -> Exercise:
    """``exercise`` with its words (title, summary, story, each task's title,
    instructions and hints) in ``language``; everything else is the same objects.

    Raises:
        ExerciseError: the exercise is not translated into ``language``.
    """
    if language == "en":
        return exercise
    own = exercise.text(language)
    if own is None:
        raise ExerciseError(
            "--lang",
            "{name} is not translated into {language!r} (no [{language}] table)",
            name=exercise.name,
            language=language,
        )
    tasks = []
    for task in exercise.tasks:
        text = task.text(language)
        if text is None:  # load_exercise refuses this; kept for a hand-made model
            raise ExerciseError(
                "--lang",
                "{name}: task {id} has no [tasks.{language}]",
                name=exercise.name,
                id=task.id,
                language=language,
            )
        tasks.append(
            dataclasses.replace(
                task, title=text.title, instructions=text.instructions, hints=text.hints
            )
        )
    return dataclasses.replace(
        exercise,
        title=own.title,
        summary=own.summary,
        scenario=own.scenario,
        tasks=tuple(tasks),
    )


def _lines(text: str) -> list[str]:
    return text.splitlines(keepends=True)


def _markdown(cell_id: str, text: str, language: str = "en") -> dict[str, Any]:
    if language == "zh":
        text = join_cjk_lines(text)
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


def _intro(exercise: Exercise, language: str) -> str:
    if language == "zh":
        return _intro_zh(exercise)
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


def _intro_zh(exercise: Exercise) -> str:
    sources = "\n".join(f"{number}. {source}" for number, source in enumerate(exercise.sources, 1))
    tasks = "\n".join(
        f"{number}. {task.title}（{task.points} 分）"
        for number, task in enumerate(exercise.tasks, 1)
    )
    return f"""# {exercise.title}

{exercise.summary}

## 背景

{exercise.scenario}

资料来源（英文）：

{sources}

## 你要做什么

{tasks}

在每个函数的答题单元格里写好函数，再运行它下面的单元格：那个单元格会检查你的答案。
你看到的检查，评分时也会运行；评分程序还会对同一个任务再运行几项隐藏检查。
检查单元格是锁定的：你对它们的改动在评分时会被还原。请从头开始依次运行各单元格（先运行 setup）。
同一个练习也可以在终端里用 `minichain learn` 完成。
"""


def _task_markdown(number: int, task: Task, exercise: Exercise, language: str) -> str:
    if language == "zh":
        hints = "\n\n".join(
            f"<details><summary>提示 {position}</summary>\n\n{hint}\n\n</details>"
            for position, hint in enumerate(task.hints, 1)
        )
        return f"""## 任务 {number}：{task.title}（{task.points} 分）

{task.instructions}

*本任务共 {weighting(exercise, task.id, language)}；每通过一项检查，就得到它那一份分数。*

{hints}
"""
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


def build_notebook(exercise: Exercise, language: str = "en") -> dict[str, Any]:
    """The source notebook of ``exercise`` in ``language`` as nbformat 4.5 JSON data.

    Only the Markdown cells depend on the language (see the module docstring).

    Raises:
        ExerciseError: the exercise is not translated into ``language``.
    """
    original, exercise = exercise, localized(exercise, language)
    starter = exercise.starter_code
    cells = [_markdown("intro", _intro(exercise, language), language)]
    setup = LOAD_PICTURES + ("\n" + starter.prelude.strip("\n") if starter.prelude.strip() else "")
    cells.append(_code("setup", setup, {"grade": False, "solution": False, "locked": True}))
    for number, task in enumerate(exercise.tasks, 1):
        cells.append(
            _markdown(f"task_{task.id}", _task_markdown(number, task, exercise, language), language)
        )
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
                _test_cell_source(number, task, original),
                {"grade": True, "solution": False, "locked": True, "points": task.points},
            )
        )
    return {
        "cells": cells,
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
            METADATA_KEY: {"language": language},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def _json(notebook: dict[str, Any]) -> str:
    """A notebook file's exact text, as nbformat writes it: indent 1, sorted keys."""
    return json.dumps(notebook, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def notebook_text(exercise: Exercise, language: str = "en") -> str:
    """The source notebook's file text."""
    return _json(build_notebook(exercise, language))


def _without_region(cell: str, source: str, region: Region, stub: str | None) -> tuple[str, bool]:
    """The ``source`` of ``cell`` with each ``region`` replaced by ``stub`` (indented) or dropped.

    Raises:
        ReleaseError: a region is not closed, or is nested in another.
    """
    lines, inside, found = [], False, False
    for line in source.split("\n"):
        if region.begin in line:
            if inside:
                raise ReleaseError(
                    cell, "holds a nested {begin_line!r}", begin_line=region.begin_line
                )
            inside = found = True
            if stub is not None:
                indent = line[: len(line) - len(line.lstrip())]
                lines += [indent + stub_line for stub_line in stub.split("\n")]
        elif region.end in line:
            inside = False
        elif not inside:
            lines.append(line)
    if inside:
        raise ReleaseError(
            cell,
            "opens {begin_line!r} without {end_line!r}",
            begin_line=region.begin_line,
            end_line=region.end_line,
        )
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


def student_notebook_text(exercise: Exercise, language: str = "en") -> str:
    """The file text of the notebook a student receives (in ``language``)."""
    return _json(student_version(build_notebook(exercise, language)))


def is_up_to_date(root: Path, exercise: Exercise, language: str = "en") -> bool:
    """Whether the committed source notebook of ``exercise`` in ``language`` is up to date."""
    path = notebook_path(root, exercise, language)
    return path.is_file() and path.read_text(encoding="utf-8") == notebook_text(exercise, language)


def generate(root: Path, languages: tuple[str, ...] | None = None) -> list[Path]:
    """Write every exercise's source notebooks under ``root``; return the files that changed.

    Each exercise gets one per language it is in (English, and each language
    it is translated into), or only those of ``languages`` when given.

    Raises:
        ExerciseError: a language is not one the course knows.
    """
    for language in languages or ():
        if language not in SOURCE_FOLDERS:
            known = ", ".join(SOURCE_FOLDERS)
            raise ExerciseError(
                "--lang",
                "{language!r} is not a language of the course ({known})",
                language=language,
                known=known,
            )
    changed = []
    for exercise in load_course(root):
        for language in exercise.languages:
            if languages is not None and language not in languages:
                continue
            if not is_up_to_date(root, exercise, language):
                path = notebook_path(root, exercise, language)
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(notebook_text(exercise, language), encoding="utf-8")
                changed.append(path)
    return changed


def stale_notebooks(root: Path) -> list[Path]:
    """The source notebooks under ``root`` (every language of every exercise) that are
    missing or differ from their sources."""
    return [
        notebook_path(root, exercise, language)
        for exercise in load_course(root)
        for language in exercise.languages
        if not is_up_to_date(root, exercise, language)
    ]
