"""The check runner that both front ends share: friendly messages, no crash on bad code."""

from minichain.course.runner import run_in_subprocess
from tests.course import COURSE

EXERCISE = COURSE[0]


def learner_file(tmp_path, text):
    path = tmp_path / "01_evidence_hash.py"
    path.write_text(text)
    return path


def test_the_starter_reports_not_written_yet():
    report = run_in_subprocess(EXERCISE, EXERCISE.starter)
    assert report.first_failure.task == "fingerprint"
    assert report.first_failure.message.startswith("not written yet")


def test_the_solution_passes_public_and_hidden_checks():
    report = run_in_subprocess(EXERCISE, EXERCISE.solution, hidden=True)
    assert report.passed
    assert len(report.results) == len(EXERCISE.checks)


def test_a_syntax_error_is_reported_with_its_line(tmp_path):
    report = run_in_subprocess(EXERCISE, learner_file(tmp_path, "def fingerprint(:\n"))
    assert report.load_error.startswith("your file is not valid Python")
    assert "line 1" in report.load_error


def test_an_endless_loop_is_stopped_by_the_timeout(tmp_path):
    code = EXERCISE.solution.read_text().replace(
        "return digest.hexdigest()", "while True:\n        pass"
    )
    report = run_in_subprocess(EXERCISE, learner_file(tmp_path, code), timeout=3)
    assert report.timed_out and not report.passed


def test_an_exception_in_learner_code_names_the_line(tmp_path):
    code = EXERCISE.solution.read_text().replace(
        "return digest.hexdigest()", "return sha256(evidence.decode()).hex()"
    )
    report = run_in_subprocess(EXERCISE, learner_file(tmp_path, code))
    failure = report.first_failure
    assert failure.message.startswith("your code raised WrongTypeError at line")
    assert "evidence.decode()" in failure.message


def test_a_failed_assert_shows_the_checks_message_and_line(tmp_path):
    code = EXERCISE.solution.read_text().replace(
        "return digest.hexdigest()", "return digest.hexdigest().upper()"
    )
    report = run_in_subprocess(EXERCISE, learner_file(tmp_path, code))
    failure = report.first_failure
    assert failure.name == "test_fingerprint_is_the_sha256_hex_of_the_file"
    assert "fingerprint(CONTRACT) returned" in failure.message
    assert failure.detail.startswith("assert got == want")


def test_what_the_learner_prints_is_captured_not_mixed_into_the_report(tmp_path):
    code = EXERCISE.solution.read_text() + '\nprint("debugging here")\n'
    report = run_in_subprocess(EXERCISE, learner_file(tmp_path, code))
    assert report.passed
    assert report.output == "debugging here\n"
