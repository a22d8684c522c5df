"""Ordinary Jupyter habits never cost marks: real nbgrader, a class of careless honest students.

Each student hands in the right answers to evidence_hash after doing something
people do in Jupyter: copying, splitting or moving a cell, losing or renaming
an answer cell's grade id, printing debug lines to stderr, leaving a cell
running. One hands in a file that is not a notebook. The whole class is graded
with one `nbgrader autograde` call: every readable notebook earns full marks,
and the unreadable one gets one line in the log.
"""

import copy
import csv
import json

import pytest

from tests.course import nbgrader_class as course_class

CELL_SECONDS = 2


def code_cell(cell_id: str, source: str) -> dict:
    """A code cell as Jupyter makes one: no nbgrader metadata."""
    return {
        "cell_type": "code",
        "execution_count": None,
        "id": cell_id,
        "metadata": {},
        "outputs": [],
        "source": source,
    }


def cell_index(notebook: dict, cell_id: str) -> int:
    return next(i for i, cell in enumerate(notebook["cells"]) if cell["id"] == cell_id)


def copied_an_answer_cell(notebook: dict) -> None:
    """Copy-pasted the answer cell (metadata and all), tried something, fixed it in the copy."""
    course_class.fully_correct(notebook)
    at = cell_index(notebook, "answer_fingerprint")
    first = copy.deepcopy(notebook["cells"][at])
    first["id"] = "copied-cell"
    first["source"] = "def fingerprint(evidence):\n    return 'first attempt'\n"
    notebook["cells"].insert(at, first)


def split_an_answer_cell(notebook: dict) -> None:
    """Moved a helper out into a cell of its own, above the answer cell."""
    course_class.fully_correct(notebook)
    at = cell_index(notebook, "answer_matches_record")
    helper = code_cell("helper-cell", "def normalised(text):\n    return text.strip().lower()\n")
    notebook["cells"].insert(at, helper)
    notebook["cells"][at + 1]["source"] = (
        "def matches_record(evidence, recorded):\n"
        "    return fingerprint(evidence) == normalised(recorded)\n"
    )


def reordered_the_cells(notebook: dict) -> None:
    """Dragged the answer cells to the end, below every test cell."""
    course_class.fully_correct(notebook)
    answers = [cell for cell in notebook["cells"] if cell["id"].startswith("answer_")]
    notebook["cells"] = [c for c in notebook["cells"] if c not in answers] + answers[::-1]


def renamed_a_grade_id(notebook: dict) -> None:
    course_class.fully_correct(notebook)
    cell = notebook["cells"][cell_index(notebook, "answer_first_tampered")]
    cell["metadata"]["nbgrader"]["grade_id"] = "my_answer"


def lost_a_grade_id(notebook: dict) -> None:
    course_class.fully_correct(notebook)
    notebook["cells"][cell_index(notebook, "answer_fingerprint")]["metadata"] = {}


def printed_debug_lines_to_stderr(notebook: dict) -> None:
    course_class.fully_correct(notebook)
    cell = notebook["cells"][cell_index(notebook, "answer_fingerprint")]
    cell["source"] = (
        "import sys\n"
        "print('loading my answer', file=sys.stderr)\n"
        "def fingerprint(evidence):\n"
        "    print('debug:', len(evidence), file=sys.stderr)\n"
        "    return sha256(evidence).hex()\n"
    )


def left_a_cell_running(notebook: dict) -> None:
    """A cell that waits for ever (a forgotten experiment) between two answers."""
    course_class.fully_correct(notebook)
    at = cell_index(notebook, "answer_matches_record")
    waiting = code_cell("waiting-cell", "import time\nwhile True:\n    time.sleep(1)\n")
    notebook["cells"].insert(at, waiting)


def used_magics_and_shell_lines(notebook: dict) -> None:
    course_class.fully_correct(notebook)
    at = cell_index(notebook, "answer_fingerprint")
    notebook["cells"][at]["source"] = "%load_ext autoreload\n!pip list\n" + "".join(
        notebook["cells"][at]["source"]
    )


HABITS = {
    "copied_cell": copied_an_answer_cell,
    "split_cell": split_an_answer_cell,
    "reordered": reordered_the_cells,
    "renamed_id": renamed_a_grade_id,
    "lost_id": lost_a_grade_id,
    "stderr": printed_debug_lines_to_stderr,
    "left_running": left_a_cell_running,
    "magics": used_magics_and_shell_lines,
}
UNREADABLE = "not_a_notebook"


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    course_class.prepare_environment()
    course = course_class.copy_course(tmp_path_factory.mktemp("habits"))
    with (course / "nbgrader_config.py").open("a") as config:
        config.write(f"\nc.JudgeNotebook.cell_timeout = {CELL_SECONDS}\n")
    api = course_class.api_for(course)
    assert api.generate_assignment(course_class.ASSIGNMENT)["success"]
    students = [*HABITS, UNREADABLE]
    roster = course / "students.csv"
    roster.write_text("id\n" + "".join(f"{student}\n" for student in students))
    imported = course_class.nbgrader(course, "db", "student", "import", str(roster))
    assert imported.returncode == 0, imported.stderr
    for student, change in HABITS.items():
        course_class.submit(course, student, change)
    broken = course_class.submit(course, UNREADABLE, course_class.untouched_release)
    broken.write_text('{"cells": [ this is not JSON')
    autograded = course_class.nbgrader(course, "autograde", course_class.ASSIGNMENT, timeout=600)
    exported = course_class.nbgrader(course, "export", "--to", "grades.csv")
    assert exported.returncode == 0, exported.stderr
    with (course / "grades.csv").open() as handle:
        scores = {row["student_id"]: row["score"] for row in csv.DictReader(handle)}
    return course, autograded.stdout + autograded.stderr, scores


@pytest.mark.parametrize("student", HABITS)
def test_an_ordinary_habit_costs_no_marks(graded, student):
    _, log, scores = graded
    assert float(scores[student]) == 6.0, log[-3000:]


def test_a_copied_answer_cell_does_not_stop_nbgrader(graded):
    _, log, _ = graded
    assert "KeyError" not in log


def test_a_cell_left_running_is_stopped_and_noted_in_the_feedback(graded):
    course, _, _ = graded
    notebook = json.loads(
        (
            course
            / "autograded"
            / "left_running"
            / course_class.ASSIGNMENT
            / f"{course_class.ASSIGNMENT}.ipynb"
        ).read_text()
    )
    waiting = notebook["cells"][cell_index(notebook, "waiting-cell")]
    text = "".join("".join(output.get("text", "")) for output in waiting["outputs"])
    assert f"stopped after {CELL_SECONDS} s" in text


def test_no_test_cell_gets_an_error_or_a_stderr_output(graded):
    course, _, _ = graded
    for student in HABITS:
        path = (
            course
            / "autograded"
            / student
            / course_class.ASSIGNMENT
            / f"{course_class.ASSIGNMENT}.ipynb"
        )
        for cell in json.loads(path.read_text())["cells"]:
            for output in cell.get("outputs", []):
                assert output["output_type"] != "error"
                assert output.get("name") != "stderr"


def test_an_unreadable_notebook_gets_a_line_in_the_log_and_the_others_are_graded(graded):
    _, log, scores = graded
    unreadable = f"/{UNREADABLE}/{course_class.ASSIGNMENT}/{course_class.ASSIGNMENT}.ipynb"
    lines = [line for line in log.splitlines() if unreadable in line and "ERROR" in line]
    assert len(lines) == 1, lines
    assert lines[0].endswith(
        " cannot be read as a notebook (JSONDecodeError: Expecting value: line 1 column 13"
        " (char 12)); graded as an empty notebook"
    )
    assert "Traceback" not in log
    assert float(scores[UNREADABLE]) == 0
    assert all(float(scores[student]) == 6.0 for student in HABITS)
