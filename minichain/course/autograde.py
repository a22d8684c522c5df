"""nbgrader autograde with verdicts outside the student's process (imported only by nbgrader).

The course's ``nbgrader_config.py`` puts :class:`JudgeNotebook` where nbgrader's
``Execute`` was in ``Autograde.autograde_preprocessors``: instead of running
the notebook in a Jupyter kernel, where the student's code and the tests share
one process, it sends the student's code to a sandbox and reaches every verdict
in nbgrader's own process (:mod:`minichain.course.judge`). Then it writes into
each test cell ``check_<task>`` what nbgrader reads:

* a ``stdout`` stream, one line per check (``ok`` or ``FAIL name: reason``);
* an ``execute_result`` whose text is the points the task earned: nbgrader's
  ``determine_grade`` gives the cell that many points (partial credit).

No ``error`` output and no ``stderr`` stream is ever written (either would zero
the cell). The gradebook is written by nbgrader's ``SaveAutoGrades`` as before.

These lines, which the student reads in the feedback, are in the language of
the submission (:func:`submission_language`): the notebook-level metadata
``minichain.language`` that every source notebook carries
(:func:`minichain.course.notebook.build_notebook`) and nbgrader keeps through
release, submission and autograde; without it (an editor that dropped it), the
language of the source folder the assignment is graded from (``source_zh``:
Chinese). The grader's own locale (``LANG``) plays no part.

The rules for ordinary Jupyter habits (documented in course/instructor.md):

* the student's code is every code cell that is not a test cell, in notebook
  order, whatever its metadata says (a copied, split, moved or renamed answer
  cell still counts); where a function is defined twice the last definition
  wins, as when the notebook is run from the top;
* a cell that raises is noted in its output and the next cell still runs;
* a cell that never stops is stopped after its time limit and skipped;
* IPython magics and shell lines (``%time``, ``!pip``) are ignored;
* what the code prints, on stdout or stderr, never costs points.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from nbformat import NotebookNode
from nbformat.v4 import new_output
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Float, Integer, Unicode

from minichain.course.judge import CELL_S, TASK_S, Judgement, judge
from minichain.course.model import Exercise, find_exercise, load_course
from minichain.course.notebook import SOURCE_FOLDERS, notebook_language
from minichain.course.paths import default_root
from minichain.course.sandbox import MEMORY_MIB
from minichain.course.weights import format_points
from minichain.terminal.i18n import translation

CHECK_CELL_PREFIX = "check_"
CHECK_CELL_HEADER = "# Checks of task"
"""The first line of every test cell (see :mod:`minichain.course.notebook`)."""


def _output(kind: str, **fields: Any) -> Any:
    return new_output(kind, **fields)  # type: ignore[no-untyped-call]


def _nbgrader(cell: Any) -> dict[str, Any]:
    metadata = cell.get("metadata", {}).get("nbgrader", {})
    return metadata if isinstance(metadata, dict) else {}


def is_test_cell(cell: Any) -> bool:
    """Whether ``cell`` is a test cell: nbgrader's grade cell, or one that starts like one."""
    meta = _nbgrader(cell)
    if meta.get("grade") and not meta.get("solution"):
        return True
    source = cell.get("source", "")
    text = "".join(source) if isinstance(source, list) else str(source)
    return text.lstrip().startswith(CHECK_CELL_HEADER)


def python_of(source: str) -> str:
    """A cell's Python: IPython's magics and shell lines become calls the sandbox ignores."""
    from IPython.core.inputtransformer2 import TransformerManager

    try:
        return str(TransformerManager().transform_cell(source))  # type: ignore[no-untyped-call]
    except Exception:  # noqa: BLE001 - leave it as it is; the sandbox will report the error
        return source


def student_cells(notebook: Any) -> list[tuple[int, str]]:
    """The student's code: each code cell that is not a test cell, as (position, Python)."""
    cells = []
    for position, cell in enumerate(notebook.get("cells", [])):
        if cell.get("cell_type") != "code" or is_test_cell(cell):
            continue
        source = cell.get("source", "")
        text = "".join(source) if isinstance(source, list) else str(source)
        cells.append((position, python_of(text)))
    return cells


def exercise_named(name: str, root: Path | None = None) -> Exercise:
    """The exercise that is the nbgrader assignment ``name``.

    Raises:
        ExerciseError: there is no such exercise.
    """
    return find_exercise(load_course(default_root() if root is None else root), name)


def submission_language(notebook: Any, source_directory: str = "source") -> str:
    """The language a submission is graded in: its own (:func:`notebook_language`), else
    that of nbgrader's ``source_directory`` (a folder of :data:`SOURCE_FOLDERS`), else English.
    """
    own = notebook_language(notebook)
    if own is not None:
        return own
    by_folder = {folder: language for language, folder in SOURCE_FOLDERS.items()}
    return by_folder.get(Path(source_directory).name, "en")


def write_verdicts(notebook: Any, positions: list[int], judgement: Judgement) -> None:
    """Put the verdicts in the test cells, and each stopped cell's reason under it,
    in the judgement's language."""
    _ = translation(judgement.language).gettext
    by_task = {task.task: task for task in judgement.tasks}
    count = 0
    for position, cell in enumerate(notebook.cells):
        if cell.cell_type != "code":
            continue
        count += 1
        if is_test_cell(cell):
            grade_id = str(_nbgrader(cell).get("grade_id", ""))
            verdict = by_task.get(grade_id.removeprefix(CHECK_CELL_PREFIX))
            lines = [check.line for check in verdict.checks] if verdict else []
            earned = format_points(verdict.earned) if verdict else "0"
            total = verdict.points if verdict else 0
            lines.append(_("{earned} of {total} points").format(earned=earned, total=total))
            cell.outputs = [
                _output("stream", name="stdout", text="\n".join(lines) + "\n"),
                _output("execute_result", data={"text/plain": earned}, execution_count=count),
            ]
            cell.execution_count = count
        elif position in positions:
            note = judgement.cells[positions.index(position)]
            stopped = _("this cell stopped: {note}").format(note=note)
            text = "[" + _("grader") + "] " + stopped + "\n"
            cell.outputs = [_output("stream", name="stdout", text=text)] if note else []
            cell.execution_count = count


class JudgeNotebook(NbGraderPreprocessor):  # type: ignore[misc]
    """nbgrader's ``Execute`` replaced: the notebook's code in a sandbox, the verdicts here."""

    exercises = Unicode(
        "", help="The course's exercises folder (default: minichain's own, or $MINICHAIN_EXERCISES)"
    ).tag(config=True)
    task_timeout = Float(TASK_S, help="Seconds the student's code may use per task").tag(
        config=True
    )
    cell_timeout = Float(CELL_S, help="Seconds one notebook cell may run").tag(config=True)
    memory_mib = Integer(MEMORY_MIB, help="Memory cap of the sandbox, in MiB").tag(config=True)

    def preprocess(self, nb: NotebookNode, resources: dict[str, Any]) -> tuple[Any, Any]:
        """Judge the notebook and write the verdicts into its test cells."""
        name = resources["nbgrader"]["assignment"]
        exercise = exercise_named(name, Path(self.exercises) if self.exercises else None)
        cells = student_cells(nb)
        source = self.config.get("CourseDirectory", {}).get("source_directory", "source")
        judgement = judge(
            exercise,
            [code for _, code in cells],
            task_seconds=self.task_timeout,
            cell_seconds=self.cell_timeout,
            memory_mib=self.memory_mib,
            language=submission_language(nb, str(source)),
        )
        write_verdicts(nb, [position for position, _ in cells], judgement)
        student = resources["nbgrader"].get("student", "?")
        self.log.info(
            "%s/%s (%s): %s of %s points%s",
            student,
            name,
            judgement.language,
            format_points(judgement.earned),
            exercise.points,
            "" if judgement.isolated else " (not isolated: no bubblewrap)",
        )
        return nb, resources
