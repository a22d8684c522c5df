"""The grader reaches every verdict itself: the student's code only ever answers with plain data.

Each test hands the judge a notebook's code cells, as a student would write
them, and reads its verdicts. The student's code runs in the real sandbox
(bubblewrap where installed); the checks are the exercises' own.
"""

import json
from fractions import Fraction

import pytest

from minichain.course.autograde import student_cells
from minichain.course.judge import judge
from minichain.course.model import find_exercise
from minichain.course.notebook import student_version
from minichain.course.weights import format_points
from tests.course import COURSE, EXERCISES
from tests.course import nbgrader_class as course_class

EVIDENCE = find_exercise(COURSE, "evidence_hash")
SETUP = EVIDENCE.solution_code.prelude
ANSWERS = course_class.solution_functions()
FINGERPRINT, MATCHES, FIRST_TAMPERED = (
    ANSWERS[name] for name in ("fingerprint", "matches_record", "first_tampered")
)
CORRECT = [SETUP, FINGERPRINT, MATCHES, FIRST_TAMPERED]


def verdicts(cells, **limits):
    return judge(EVIDENCE, cells, task_seconds=limits.pop("task_seconds", 60.0), **limits)


def points(judgement) -> dict[str, Fraction]:
    return {task.task: task.earned for task in judgement.tasks}


def all_lines(judgement) -> list[str]:
    return [check.line for task in judgement.tasks for check in task.checks] + list(judgement.cells)


def test_the_reference_answers_earn_every_point():
    judgement = verdicts(CORRECT)
    assert judgement.earned == EVIDENCE.points
    assert all(check.passed for task in judgement.tasks for check in task.checks)


def test_a_task_earns_the_share_of_each_check_it_passes():
    almost = "def fingerprint(evidence):\n    return sha256(evidence).hex() if evidence else ''\n"
    judgement = verdicts([SETUP, almost, MATCHES, FIRST_TAMPERED])
    fingerprint = judgement.task("fingerprint")
    failed = [check.name for check in fingerprint.checks if not check.passed]
    assert failed == ["test_fingerprint_is_the_sha256_hex_of_the_file_even_when_empty"]
    assert fingerprint.earned == Fraction(3, 4) * 1
    assert format_points(fingerprint.earned) == "0.75"
    assert judgement.earned == EVIDENCE.points - Fraction(1, 4)


def test_an_object_equal_to_everything_is_refused_not_trusted():
    liar = (
        "class Anything(str):\n    def __eq__(self, other):\n        return True\n"
        "    def __ne__(self, other):\n        return False\n"
        "def fingerprint(evidence):\n    return Anything('x')\n"
    )
    judgement = verdicts([SETUP, liar, MATCHES, FIRST_TAMPERED])
    assert judgement.task("fingerprint").earned == 0
    reasons = {check.reason for check in judgement.task("fingerprint").checks}
    assert all("not plain data" in reason for reason in reasons), reasons


def test_patching_the_library_or_the_check_runner_in_the_notebook_changes_no_verdict():
    cheat = (
        "import hashlib, minichain.hashing, minichain.course.grading, builtins\n"
        "minichain.hashing.sha256 = lambda data: bytes(32)\n"
        "hashlib.sha256 = lambda *args: None\n"
        "minichain.course.grading.run_checks = lambda *tests, **kwargs: None\n"
        "builtins.__import__ = None\n"
        "def fingerprint(evidence):\n    return '00' * 32\n"
        "def matches_record(evidence, recorded):\n    return True\n"
        "def first_tampered(records, links):\n    return None\n"
    )
    judgement = verdicts([cheat])
    assert judgement.task("fingerprint").earned == 0
    assert judgement.task("matches_record").earned == 1  # "True" is right for two of four checks
    assert judgement.task("first_tampered").earned == Fraction(6, 7)  # "None" is right for 2 of 7


def test_an_endless_loop_costs_only_its_own_task():
    loops = "def fingerprint(evidence):\n    while True:\n        pass\n"
    judgement = verdicts([SETUP, loops, MATCHES, FIRST_TAMPERED], task_seconds=1.0)
    # matches_record calls fingerprint, so it loops too; first_tampered does not.
    assert points(judgement) == {"fingerprint": 0, "matches_record": 0, "first_tampered": 3}
    assert {check.reason for check in judgement.task("fingerprint").checks} == {
        "timed out after 1 s"
    }


def test_a_loop_that_ignores_the_time_limit_costs_only_its_own_task():
    stubborn = (
        "import signal\n"
        "def fingerprint(evidence):\n"
        "    signal.signal(signal.SIGALRM, signal.SIG_IGN)\n"
        "    while True:\n"
        "        pass\n"
    )
    judgement = verdicts([SETUP, stubborn, MATCHES, FIRST_TAMPERED], task_seconds=1.0)
    # matches_record calls fingerprint, so it loops too; first_tampered does not.
    assert points(judgement) == {"fingerprint": 0, "matches_record": 0, "first_tampered": 3}


def test_a_ten_gigabyte_allocation_costs_only_its_own_task():
    greedy = "def fingerprint(evidence):\n    return bytes(10 * 2**30).hex()\n"
    judgement = verdicts([SETUP, greedy, MATCHES, FIRST_TAMPERED], memory_mib=512)
    assert points(judgement)["fingerprint"] == 0
    assert points(judgement)["first_tampered"] == 3
    reasons = {check.reason for check in judgement.task("fingerprint").checks}
    assert reasons == {"used more than 512 MiB"}


def test_the_last_definition_of_a_function_wins_as_when_the_notebook_runs_top_down():
    wrong = "def fingerprint(evidence):\n    return 'wrong'\n"
    judgement = verdicts([SETUP, wrong, MATCHES, FIRST_TAMPERED, FINGERPRINT])
    assert judgement.earned == EVIDENCE.points


def test_a_cell_that_raises_is_noted_and_the_next_cell_still_runs():
    judgement = verdicts([SETUP, "1 / 0", FINGERPRINT, "print(undefined)", MATCHES, FIRST_TAMPERED])
    assert judgement.earned == EVIDENCE.points
    assert judgement.cells[1] == "ZeroDivisionError: division by zero"
    assert judgement.cells[3] == "NameError: name 'undefined' is not defined"


def test_a_top_level_endless_loop_costs_only_what_it_blocks():
    judgement = verdicts(
        [SETUP, FINGERPRINT, "while True:\n    pass\n", MATCHES, FIRST_TAMPERED], cell_seconds=1.0
    )
    assert judgement.earned == EVIDENCE.points
    assert judgement.cells[2].startswith("stopped after 1 s")


def test_printing_to_stdout_and_stderr_costs_nothing():
    noisy = (
        "import sys\n"
        "def fingerprint(evidence):\n"
        "    print('debug', evidence, file=sys.stderr)\n"
        "    print('x' * 10**6)\n"
        "    return sha256(evidence).hex()\n"
    )
    assert verdicts([SETUP, noisy, MATCHES, FIRST_TAMPERED]).earned == EVIDENCE.points


HOSTILE_RAISES = (
    "import inspect, sys\n"
    "class Sneaky(Exception):\n"
    "    def __str__(self):\n"
    "        raise RuntimeError('no message')\n"
    "class Leave(BaseException):\n"
    "    pass\n"
    "def fingerprint(evidence):\n"
    "    raise Sneaky()\n"
    "def matches_record(evidence, recorded):\n"
    "    raise Leave(open('" + str(EXERCISES / "evidence_hash" / "test_hidden.py") + "').read())\n"
    "def first_tampered(records, links):\n"
    "    raise Leave(inspect.getsource(sys._getframe(1)))\n"
)


def test_whatever_the_code_raises_the_reason_is_one_line_and_no_hidden_source():
    judgement = verdicts([HOSTILE_RAISES])
    assert judgement.earned == 0
    reasons = {check.name: check.reason for task in judgement.tasks for check in task.checks}
    assert (
        reasons["test_fingerprint_is_the_sha256_hex_of_the_file_even_when_empty"]
        == "your function raised Sneaky"
    )
    # The hidden checks are not in the sandbox at all:
    assert reasons["test_matches_record_forgives_upper_case_and_spaces_around_a_newline"] == (
        "your function raised FileNotFoundError"
    )
    assert (
        reasons["test_first_tampered_finds_nothing_in_an_untouched_log_even_an_empty_one"]
        == "your function raised Leave"
    )
    assert all("\n" not in line for line in all_lines(judgement))
    hidden = EVIDENCE.hidden
    public = EVIDENCE.public.path.read_text()
    secret = [
        line.strip()
        for check in hidden.checks
        for line in check.source.splitlines()[1:]
        if line.strip() and line.strip() not in public
    ]
    assert secret
    text = "\n".join(all_lines(judgement))
    assert not [line for line in secret if line in text]


@pytest.mark.parametrize("exercise", COURSE, ids=lambda exercise: exercise.name)
def test_every_exercise_carries_its_values_across_the_wall(exercise):
    """The source notebook (the reference answers) earns every point; the release earns none."""
    path = EXERCISES / "source" / exercise.name / f"{exercise.name}.ipynb"
    source = json.loads(path.read_text())
    solved = judge(exercise, [code for _, code in student_cells(source)])
    failures = [check.line for task in solved.tasks for check in task.checks if not check.passed]
    assert not failures
    assert solved.earned == exercise.points
    released = judge(exercise, [code for _, code in student_cells(student_version(source))])
    assert released.earned == 0


def test_a_change_to_a_list_argument_is_seen_by_the_check_as_in_one_process():
    merkle = find_exercise(COURSE, "invoice_merkle")
    path = EXERCISES / "source" / "invoice_merkle" / "invoice_merkle.ipynb"
    cells = [code for _, code in student_cells(json.loads(path.read_text()))]
    cells.append(
        "def same_root_batch(invoices):\n"
        "    size = 1\n"
        "    while len(invoices) % (2 * size) == 0:\n"
        "        size *= 2\n"
        "    if size == len(invoices):\n"
        "        return None\n"
        "    invoices.extend(invoices[-size:])\n"
        "    return invoices\n"
    )
    judgement = judge(merkle, cells)
    failed = [check.name for task in judgement.tasks for check in task.checks if not check.passed]
    assert failed == [
        "test_same_root_batch_leaves_the_batch_it_is_given_alone",
        "test_same_root_batch_leaves_the_batch_it_is_given_alone_of_twelve",
    ]


def test_two_notebooks_judged_at_once_keep_their_own_verdicts():
    from concurrent.futures import ThreadPoolExecutor

    wrong = "def fingerprint(evidence):\n    return 'wrong'\n"
    with ThreadPoolExecutor(max_workers=2) as pool:
        right = pool.submit(verdicts, CORRECT)
        broken = pool.submit(verdicts, [SETUP, wrong, MATCHES, FIRST_TAMPERED])
        assert right.result().earned == EVIDENCE.points
        assert broken.result().task("fingerprint").earned == 0


def test_a_huge_result_fails_its_checks_and_costs_nothing_else():
    huge = "def fingerprint(evidence):\n    return 'f' * (100 * 2**20)\n"
    judgement = verdicts([SETUP, huge, MATCHES, FIRST_TAMPERED])
    assert points(judgement) == {"fingerprint": 0, "matches_record": 1, "first_tampered": 3}
    reasons = {check.reason for check in judgement.task("fingerprint").checks}
    assert reasons == {
        "the grader refused what it returned: value: is larger than 16 MiB"
        " (only plain data crosses)"
    }


def test_a_function_cannot_change_the_checks_own_data_to_agree_with_it():
    """BATCH belongs to the checks file: a change to it stays in the sandbox."""
    merkle = find_exercise(COURSE, "invoice_merkle")
    path = EXERCISES / "source" / "invoice_merkle" / "invoice_merkle.ipynb"
    cells = [code for _, code in student_cells(json.loads(path.read_text()))]
    cells.append(
        "def same_root_batch(invoices):\n"
        "    forged = invoices + [b'junk', b'junk']\n"
        "    invoices[:] = forged\n"
        "    return forged\n"
    )
    judgement = judge(merkle, cells)
    verdict = {check.name: check for task in judgement.tasks for check in task.checks}
    assert not verdict["test_same_root_batch_of_six_invoices_copies_a_subtree_of_two"].passed
    assert not verdict["test_same_root_batch_leaves_the_batch_it_is_given_alone"].passed
