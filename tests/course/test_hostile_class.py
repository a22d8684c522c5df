"""A class that tries to defeat the autograder, graded by real nbgrader with the course's config.

Thirty-odd cheats (a replaced check runner, import and IPython hooks, patched
references, an always-equal answer, a gradebook opened three folders up, a
process that outlives the kernel, hidden source pulled into feedback, writes
outside the sandbox, the network, the grader's environment) and seventeen honest
students (off by one, wrong encoding, a mutated input, an endless loop, huge
output, stderr prints, copied, split and moved cells, a partly right task).
Each gets exactly the score its honest part deserves, and nothing a student
runs may change a file, outlive grading, reach 127.0.0.1, put hidden check
source into feedback or touch the gradebook. See tests/course/hostile/.

One autograde run per assignment over the whole class (about two minutes):
marked ``heavy`` (``pytest -m "not heavy"`` leaves it out).
"""

from __future__ import annotations

import pytest

from tests.course.hostile.classroom import Outcome, page_text, run_class, summary
from tests.course.hostile.submissions import SUBMISSIONS, Submission, by_student

pytestmark = pytest.mark.heavy


@pytest.fixture(scope="module")
def graded(tmp_path_factory: pytest.TempPathFactory) -> Outcome:
    """The whole class, graded once; the tests below read what it left."""
    return run_class(tmp_path_factory.mktemp("hostile"))


def test_autograde_feedback_and_export_succeed_for_the_whole_class(graded: Outcome) -> None:
    failed = [(name, text[-2000:]) for name, code, text in graded.commands if code]
    assert not failed


@pytest.mark.parametrize("item", SUBMISSIONS, ids=lambda item: item.student)
def test_each_student_gets_exactly_the_score_their_work_deserves(
    graded: Outcome, item: Submission
) -> None:
    assert graded.scores[item.student] == pytest.approx(round(item.deserved, 2), abs=1e-9)


def test_no_student_scores_in_an_assignment_they_did_not_hand_in(graded: Outcome) -> None:
    students = by_student()
    others = [
        row
        for row in graded.rows
        if students[row["student_id"]].assignment != row["assignment"] and float(row["score"])
    ]
    assert not others


def test_no_file_outside_the_sandbox_changed(graded: Outcome) -> None:
    """Course root, classmates' submissions, the checkout's exercises and the host's /tmp."""
    assert graded.changed == [], summary(graded)


def test_no_process_a_student_started_outlives_grading(graded: Outcome) -> None:
    assert graded.survivors == []


def test_no_student_reaches_the_network(graded: Outcome) -> None:
    assert graded.connections == []


def test_no_feedback_page_shows_hidden_check_source(graded: Outcome) -> None:
    assert graded.leaks == {}


def test_the_gradebook_holds_only_what_nbgrader_computed(graded: Outcome) -> None:
    """No manual score or extra credit, no changed maximum, each auto score as its notebook says."""
    assert graded.gradebook == []


def feedback(graded: Outcome, student: str) -> str:
    item = by_student()[student]
    return page_text(
        graded.course / "feedback" / student / item.assignment / f"{item.assignment}.html"
    )


def test_feedback_names_each_failed_hidden_check_with_a_reason(graded: Outcome) -> None:
    text = feedback(graded, "honest_partial")
    assert "fingerprint is the sha256 hex of the file even when empty" in text
    assert "fingerprint is the sha256 hex of the file of binary data" in text


def test_feedback_says_the_looping_task_ran_out_of_time(graded: Outcome) -> None:
    assert "timed out" in feedback(graded, "honest_loops_forever")
