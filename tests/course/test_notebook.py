"""The generated nbgrader notebooks, and the student's copy the site offers for download."""

import json

import nbformat
import pytest

from minichain.course.errors import ReleaseError
from minichain.course.notebook import (
    HIDDEN_TESTS,
    build_notebook,
    notebook_text,
    stale_notebooks,
    student_version,
)
from tests.course import COURSE, EXERCISES


def test_committed_notebooks_are_what_the_sources_generate():
    assert stale_notebooks(EXERCISES) == []


def test_notebook_generation_is_deterministic():
    assert all(notebook_text(exercise) == notebook_text(exercise) for exercise in COURSE)


@pytest.mark.parametrize("exercise", COURSE, ids=lambda exercise: exercise.name)
def test_generated_notebook_is_valid_nbformat(exercise):
    nbformat.validate(nbformat.reads(notebook_text(exercise), as_version=4))


@pytest.mark.parametrize("exercise", COURSE, ids=lambda exercise: exercise.name)
def test_each_task_has_a_locked_test_cell_worth_its_points(exercise):
    cells = {cell["id"]: cell for cell in build_notebook(exercise)["cells"]}
    for task in exercise.tasks:
        meta = cells[f"check_{task.id}"]["metadata"]["nbgrader"]
        assert meta == {
            "grade": True,
            "grade_id": f"check_{task.id}",
            "locked": True,
            "points": task.points,
            "schema_version": 3,
            "solution": False,
        }
        answer = cells[f"answer_{task.id}"]["metadata"]["nbgrader"]
        assert (answer["solution"], answer["grade"], answer["locked"]) == (True, False, False)


@pytest.mark.parametrize("exercise", COURSE, ids=lambda exercise: exercise.name)
def test_test_cells_hold_the_very_functions_of_the_test_files(exercise):
    cells = {cell["id"]: "".join(cell["source"]) for cell in build_notebook(exercise)["cells"]}
    for task in exercise.tasks:
        source = cells[f"check_{task.id}"]
        before, _, after = source.partition(HIDDEN_TESTS.begin_line)
        assert all(check.source.strip() in before for check in exercise.public.for_task(task.id))
        assert all(check.source.strip() in after for check in exercise.hidden.for_task(task.id))


def test_grade_ids_are_unique_across_each_notebook():
    for exercise in COURSE:
        ids = [cell["id"] for cell in build_notebook(exercise)["cells"]]
        assert len(ids) == len(set(ids))


def test_student_version_is_what_nbgrader_releases():
    preprocessors = pytest.importorskip("nbgrader.preprocessors")
    for exercise in COURSE:
        source = build_notebook(exercise)
        ours = student_version(source)
        theirs = nbformat.reads(json.dumps(source), as_version=4)  # sources as strings
        resources: dict = {}
        theirs, resources = preprocessors.ClearSolutions().preprocess(theirs, resources)
        theirs, resources = preprocessors.ClearHiddenTests().preprocess(theirs, resources)
        assert ["".join(cell["source"]) for cell in ours["cells"]] == [
            cell.source for cell in theirs.cells
        ], exercise.name


def test_student_version_refuses_an_unclosed_solution_region():
    cell = {
        "cell_type": "code",
        "id": "answer_f",
        "metadata": {"nbgrader": {"solution": True}},
        "source": ["def f():\n", "    ### BEGIN SOLUTION\n", "    return 1\n"],
        "outputs": [],
        "execution_count": None,
    }
    with pytest.raises(ReleaseError, match="cell answer_f: opens .* without '### END SOLUTION'"):
        student_version({"cells": [cell]})
