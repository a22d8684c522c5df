"""The instructor's workflow with real nbgrader, in a temporary copy of the course.

generate_assignment -> `nbgrader db student import` -> submissions of eight fake
students -> autograde -> generate_feedback -> `nbgrader export` to CSV. Each
student must get exactly the score their work deserves, and no feedback page
may show hidden test source.
"""

import csv
import html
import re
from pathlib import Path

import pytest

from minichain.course.model import load_exercise
from tests.course import nbgrader_class as course_class


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """Run the whole cycle once; the tests below read what it left."""
    course_class.prepare_environment()
    course = course_class.copy_course(tmp_path_factory.mktemp("nbgrader"))
    api = course_class.api_for(course)
    generated = api.generate_assignment(course_class.ASSIGNMENT)
    assert generated["success"], generated["log"]

    roster = course / "students.csv"
    roster.write_text(
        "id,first_name,last_name\n"
        + "".join(f"{student},Fake,{student}\n" for student in course_class.STUDENTS)
    )
    imported = course_class.nbgrader(course, "db", "student", "import", str(roster))
    assert imported.returncode == 0, imported.stderr

    for student, (change, _) in course_class.STUDENTS.items():
        course_class.submit(course, student, change)
    logs = {}
    for student in course_class.STUDENTS:
        result = api.autograde(course_class.ASSIGNMENT, student)
        assert result["success"], f"{student}: {result['log']}"
        logs[student] = result["log"]
    feedback = api.generate_feedback(course_class.ASSIGNMENT)
    assert feedback["success"], feedback["log"]

    exported = course_class.nbgrader(course, "export", "--to", "grades.csv")
    assert exported.returncode == 0, exported.stderr
    return course, logs


def exported_scores(course: Path) -> dict[str, float]:
    with (course / "grades.csv").open() as handle:
        return {
            row["student_id"]: float(row["score"])
            for row in csv.DictReader(handle)
            if row["assignment"] == course_class.ASSIGNMENT
        }


@pytest.mark.parametrize("student", course_class.STUDENTS)
def test_each_fake_student_gets_exactly_the_expected_score_in_the_csv(graded, student):
    course, _ = graded
    expected = course_class.STUDENTS[student][1]
    assert exported_scores(course)[student] == expected


def test_the_csv_lists_the_full_marks_of_the_assignment(graded):
    course, _ = graded
    exercise = load_exercise(course_class.EXERCISES / course_class.ASSIGNMENT)
    with (course / "grades.csv").open() as handle:
        rows = list(csv.DictReader(handle))
    assert {float(row["max_score"]) for row in rows} == {float(exercise.points)}


def test_the_looping_student_costs_one_timeout_not_the_whole_notebook(graded):
    course, _ = graded
    autograded = (
        course
        / "autograded"
        / "loops"
        / course_class.ASSIGNMENT
        / f"{course_class.ASSIGNMENT}.ipynb"
    ).read_text()
    assert "timed out after 10 s" in autograded
    assert exported_scores(course)["loops"] > 0


def test_a_deleted_test_cell_is_put_back_and_graded(graded):
    _, logs = graded
    assert "Missing grade cell check_matches_record" in logs["deleted_test"]


def test_an_edited_locked_test_cell_is_restored_from_the_gradebook(graded):
    course, _ = graded
    autograded = (
        course
        / "autograded"
        / "edited_test"
        / course_class.ASSIGNMENT
        / f"{course_class.ASSIGNMENT}.ipynb"
    ).read_text()
    assert 'print(\\"all checks passed\\")' not in autograded
    assert "test_first_tampered_finds_the_edited_entry" in autograded


def feedback_text(course: Path, student: str) -> str:
    page = (
        course / "feedback" / student / course_class.ASSIGNMENT / f"{course_class.ASSIGNMENT}.html"
    ).read_text()
    return html.unescape(re.sub(r"<[^>]+>", "", page))


def hidden_source_lines() -> list[str]:
    """Every line of the hidden tests that the public checks do not also have."""
    exercise = load_exercise(course_class.EXERCISES / course_class.ASSIGNMENT)
    public = exercise.public_tests.read_text()
    lines = []
    for check in exercise.hidden.checks:
        lines.append(f"def {check.name}")
        body = check.source.splitlines()[1:]
        lines += [line.strip() for line in body if line.strip() not in public]
    assert len(lines) > 2 * len(exercise.hidden.checks)
    return lines


@pytest.mark.parametrize("student", course_class.STUDENTS)
def test_feedback_shows_no_hidden_test_source(graded, student):
    course, _ = graded
    text = feedback_text(course, student)
    leaked = [line for line in hidden_source_lines() if line in text]
    assert not leaked
    assert "BEGIN HIDDEN TESTS" not in text


def test_feedback_names_the_failed_hidden_check_without_its_code(graded):
    course, _ = graded
    text = feedback_text(course, "public_only")
    assert "FAIL hidden: matches record forgives upper case and spaces around a newline" in text


def test_feedback_shows_the_public_checks(graded):
    course, _ = graded
    assert "def test_fingerprint_is_the_sha256_hex_of_the_file" in feedback_text(course, "correct")
