"""Releasing an assignment in Chinese or in English, with real nbgrader, into one gradebook.

The Chinese source notebooks (``source_zh/``) have the English ones' cells,
ids, points and code; only their Markdown is Chinese. So an instructor can
release either language (``--CourseDirectory.source_directory=source_zh``), and
a submission in either language is graded the same by one gradebook.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from minichain.course.model import load_exercise
from minichain.course.notebook import build_notebook, student_version
from tests.course import nbgrader_class as course_class

ASSIGNMENT = course_class.ASSIGNMENT


def gradebook_cells(course: Path) -> dict[str, list[tuple]]:
    """What the gradebook of ``course`` recorded about the assignment's cells."""
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        notebook = gradebook.find_notebook(ASSIGNMENT, ASSIGNMENT)
        return {
            "grade": sorted(
                (cell.name, cell.max_score, cell.cell_type) for cell in notebook.grade_cells
            ),
            "solution": sorted(cell.name for cell in notebook.solution_cells),
            "source": sorted(
                (cell.name, cell.cell_type, cell.locked, cell.checksum)
                for cell in notebook.source_cells
            ),
        }


@pytest.fixture(scope="module")
def released(tmp_path_factory):
    """The assignment released in English in one course root and in Chinese in another."""
    course_class.prepare_environment()
    courses = {}
    for language, source in (("en", "source"), ("zh", "source_zh")):
        course = course_class.copy_course(tmp_path_factory.mktemp(f"nbgrader_{language}"))
        generated = course_class.api_for(course, source).generate_assignment(ASSIGNMENT)
        assert generated["success"], generated["log"]
        courses[language] = course
    return courses


def release_of(course: Path) -> dict:
    return json.loads((course / "release" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").read_text())


def test_both_releases_record_the_same_cells_points_and_checks(released):
    english, chinese = (gradebook_cells(released[language]) for language in ("en", "zh"))
    assert english["grade"] and english == chinese
    exercise = load_exercise(course_class.EXERCISES / ASSIGNMENT)
    assert sum(points for _, points, _ in chinese["grade"]) == exercise.points


def test_the_chinese_release_is_chinese_and_is_what_the_site_offers(released):
    release = release_of(released["zh"])
    assert release["cells"][0]["source"][0].startswith("# 防篡改的法庭证据")
    exercise = load_exercise(course_class.EXERCISES / ASSIGNMENT)
    ours = student_version(build_notebook(exercise, "zh"))
    assert ["".join(cell["source"]) for cell in release["cells"]] == [
        "".join(cell["source"]) for cell in ours["cells"]
    ]


def test_an_english_and_a_chinese_submission_get_full_marks_from_one_gradebook(released):
    # The class was given the Chinese release; one student worked in the English notebook.
    course = released["zh"]
    roster = course / "students.csv"
    roster.write_text("id,first_name,last_name\nwang,Wang,Fang\nsmith,Jo,Smith\n")
    imported = course_class.nbgrader(course, "db", "student", "import", str(roster))
    assert imported.returncode == 0, imported.stderr
    english = student_version(build_notebook(load_exercise(course_class.EXERCISES / ASSIGNMENT)))
    for student, notebook in (("wang", release_of(course)), ("smith", english)):
        course_class.fully_correct(notebook)
        target = course / "submitted" / student / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
        target.parent.mkdir(parents=True)
        target.write_text(json.dumps(notebook, indent=1, ensure_ascii=False))
        (target.parent / "timestamp.txt").write_text("2026-12-05 10:00:00.000000 UTC\n")
    api = course_class.api_for(course, "source_zh")
    for student in ("wang", "smith"):
        result = api.autograde(ASSIGNMENT, student)
        assert result["success"], result["log"]
    exported = course_class.nbgrader(course, "export", "--to", "grades.csv")
    assert exported.returncode == 0, exported.stderr
    full = float(load_exercise(course_class.EXERCISES / ASSIGNMENT).points)
    with (course / "grades.csv").open() as handle:
        scores = {row["student_id"]: float(row["score"]) for row in csv.DictReader(handle)}
    assert scores == {"wang": full, "smith": full}
