"""The learn and course commands keep the CLI's promises: quick help, exit codes, no tracebacks."""

import subprocess
import sys

from tests.commands import run_minichain


def test_help_imports_no_course_tooling():
    probe = (
        "import sys, minichain.cli; minichain.cli.build_parser(); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('rich', 'nbgrader', 'watchfiles', 'ecdsa') or m.startswith(('minichain.course', "
        "'minichain.learn'))))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.strip() == "[]"


def test_help_lists_learn_and_course():
    out = run_minichain("--help").stdout
    assert "learn" in out and "course" in out


def test_a_missing_argument_is_a_usage_error_with_exit_code_2():
    result = run_minichain("learn", "goto")
    assert result.returncode == 2
    assert "the following arguments are required: exercise" in result.stderr


def test_course_without_an_action_is_a_usage_error():
    assert run_minichain("course").returncode == 2


def test_learn_options_work_after_the_action_too(tmp_path):
    before = run_minichain("learn", "--workspace", str(tmp_path / "a"), "list")
    after = run_minichain("learn", "list", "--workspace", str(tmp_path / "b"))
    assert before.returncode == after.returncode == 0
    assert before.stdout == after.stdout
    assert (tmp_path / "b" / "10_evidence_hash.py").exists()
