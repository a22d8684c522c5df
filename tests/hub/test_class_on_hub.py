"""A class on a real JupyterHub on 127.0.0.1, end to end (issue 20).

The hub (jupyterhub from PyPI, configurable-http-proxy from npm) starts as
``make class`` starts it; the instructor logs in with their password, releases
the first exercise through the formgrader; three students fetch it, one solves
it, one gets a task wrong, one hands in the empty release; the instructor
collects, autogrades (the course's sandboxed grading), generates and releases
feedback; every student fetches their feedback and finds their score in it, and
``nbgrader export`` has the three scores exactly. Then the hub stops, and
nothing of the class keeps running.
"""

import csv
import html
import io
import re

import pytest

from minichain.course.model import load_exercise
from minichain.hub.layout import new_settings
from minichain.hub.process import class_processes, start
from tests.course import EXERCISES
from tests.hub import classroom

pytestmark = pytest.mark.heavy


@pytest.fixture(scope="module")
def term(tmp_path_factory):
    classroom.need_proxy()
    settings = new_settings(
        tmp_path_factory.mktemp("class") / "class", port=classroom.free_ports(), students=3
    )
    running = start(settings, EXERCISES)
    try:
        from minichain.hub.client import Hub

        hub = Hub(settings.url, settings.driver_token)
        logins = {
            "instructor, own password": hub.login(
                settings.instructor, settings.instructor_password
            ),
            "instructor, students' password": hub.login(
                settings.instructor, settings.student_password
            ),
            "student, shared password": hub.login(settings.students[0], settings.student_password),
            "stranger, shared password": hub.login("stranger", settings.student_password),
        }
        run = classroom.run_class(settings)
    finally:
        running.stop()
    return run, logins, class_processes(settings.folder)


def test_only_the_class_logs_in_and_only_the_instructor_as_instructor(term):
    _, logins, _ = term
    assert logins == {
        "instructor, own password": 302,
        "instructor, students' password": 403,
        "student, shared password": 302,
        "stranger, shared password": 403,
    }


def test_students_see_the_released_assignment_and_not_the_formgrader(term):
    run, _, _ = term
    for student in classroom.WORK:
        released = [(e["assignment_id"], e["status"]) for e in run.released[student]]
        assert released == [(classroom.ASSIGNMENT, "released")], student
    assert run.student_formgrader_status == 404


TOTAL = float(sum(task.points for task in load_exercise(EXERCISES / classroom.ASSIGNMENT).tasks))
"""The assignment's points, as its manifest gives them."""


def test_every_student_fetches_feedback_with_their_own_score(term):
    run, _, _ = term
    for student, (_, expected) in classroom.WORK.items():
        (entry,) = [e for e in run.listed[student] if e["status"] == "submitted"]
        assert entry["student_id"] == student
        (submission,) = entry["submissions"]
        assert submission["has_local_feedback"] and not submission["feedback_updated"]
        score = re.search(r"Score: ([\d.]+) / ([\d.]+)", run.feedback[student])
        assert score, run.feedback[student][:500]
        assert (float(score.group(1)), float(score.group(2))) == (expected, TOTAL), student


def check_lines(page):
    text = html.unescape(re.sub(r"<[^>]+>", "", page))
    return [line for line in text.splitlines() if line.startswith(("ok ", "FAIL "))]


def test_the_courses_own_grading_decided_one_line_per_check(term):
    """The lines JudgeNotebook writes under each test cell (nbgrader's own Execute writes none)."""
    run, _, _ = term
    solved, partly = check_lines(run.feedback["student01"]), check_lines(run.feedback["student02"])
    assert solved and all(line.startswith("ok ") for line in solved)
    failed = [line for line in partly if line.startswith("FAIL ")]
    assert failed and all(
        line.startswith("FAIL hidden: fingerprint") or "fingerprint" in line for line in failed
    )


def test_feedback_never_shows_hidden_checks(term):
    run, _, _ = term
    for page in run.feedback.values():
        assert "BEGIN HIDDEN TESTS" not in page


def test_the_formgrader_and_the_export_agree_on_the_three_scores(term):
    run, _, _ = term
    expected = {student: score for student, (_, score) in classroom.WORK.items()}
    graded = {s["student"]: s["score"] for s in run.submissions}
    assert graded == expected
    rows = list(csv.DictReader(io.StringIO(run.grades_csv)))
    exported = {row["student_id"]: float(row["score"]) for row in rows}
    assert exported == expected


def test_nothing_of_the_class_runs_after_stop(term):
    _, _, leftovers = term
    assert leftovers == []
