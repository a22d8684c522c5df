"""`minichain course check` and `course generate`, on the real exercises and on broken copies."""

import json
import shutil

import pytest

from minichain.course.model import load_exercise
from minichain.course.notebook import notebook_path
from minichain.course.validate import (
    chinese_title_problems,
    public_twin,
    twin_problems,
    validate_course,
)
from tests.commands import run_minichain
from tests.course import COURSE, EXERCISES


def problems_of(results, name):
    return next(result.problems for result in results if result.name == name)


def test_course_check_passes_on_the_real_exercises():
    results = validate_course(EXERCISES)
    assert [result.problems for result in results] == [()] * len(COURSE)
    assert all(result.checks > 0 for result in results)


def test_course_check_command_exits_0_and_names_each_exercise():
    result = run_minichain("course", "check")
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    for exercise in COURSE:
        assert any(  # one whole line each, even when piped into a narrow log
            line.startswith(f"✓ {exercise.name}: ") and line.endswith("notebook up to date")
            for line in lines
        )


def test_course_check_reports_a_starter_that_already_passes(exercise_copy):
    root = exercise_copy("evidence_hash")
    folder = root / "evidence_hash"
    shutil.copy(folder / "solution.py", folder / "starter.py")
    result = run_minichain("course", "check", "--root", str(root))
    assert result.returncode == 1
    assert "passes every public check of task 'fingerprint'" in result.stdout


def test_course_check_reports_a_solution_that_fails_a_hidden_check(exercise_copy):
    root = exercise_copy("invoice_merkle")
    solution = root / "invoice_merkle" / "solution.py"
    solution.write_text(solution.read_text().replace("if len(level) % 2:", "if False:"))
    problems = problems_of(validate_course(root), "invoice_merkle")
    hidden = "test_batch_root_of_an_odd_batch_pairs_the_last_id_with_itself_at_sizes_to_11"
    assert any(f"fails {hidden}" in problem for problem in problems)


def test_every_hidden_check_of_the_course_has_a_public_twin():
    for exercise in COURSE:
        for check in exercise.hidden.checks:
            twin = public_twin(exercise, check)
            assert twin is not None and twin.task == check.task, (exercise.name, check.name)
            assert check.name.startswith(twin.name + "_")


def test_course_check_reports_a_hidden_check_without_a_public_twin(exercise_copy):
    course_copy = exercise_copy("evidence_hash")
    hidden = course_copy / "evidence_hash" / "test_hidden.py"
    hidden.write_text(
        hidden.read_text()
        + "\n\ndef test_fingerprint_refuses_a_string():\n    assert fingerprint(b'') != ''\n"
    )
    exercise = load_exercise(hidden.parent)
    assert twin_problems(exercise) == [
        f"{hidden}: test_fingerprint_refuses_a_string has no public twin (name it after the "
        "public check of task 'fingerprint' whose rule it confirms: <that name>_<case>)"
    ]
    result = run_minichain("course", "check", "--root", str(course_copy))
    assert result.returncode == 1
    assert "test_fingerprint_refuses_a_string has no public twin" in result.stdout


@pytest.mark.parametrize("exercise", COURSE, ids=lambda exercise: exercise.name)
def test_every_check_of_the_course_has_a_chinese_title(exercise):
    assert chinese_title_problems(exercise) == []


def test_course_check_refuses_a_check_without_a_chinese_docstring(exercise_copy):
    root = exercise_copy("evidence_hash")
    public = root / "evidence_hash" / "test_public.py"
    public.write_text(
        public.read_text()
        + "\n\ndef test_fingerprint_is_64_digits():\n    assert len(fingerprint(b'')) == 64\n"
        + '\n\ndef test_fingerprint_is_lower_case():\n    """lower case"""\n'
        + "    assert fingerprint(b'').islower()\n"
    )
    exercise = load_exercise(public.parent)
    rule = (
        "a check's docstring is its title in Simplified Chinese, one line "
        '(e.g. """指纹是文件的 SHA-256 哈希值""")'
    )
    assert chinese_title_problems(exercise) == [
        f"{public}: test_fingerprint_is_64_digits has no docstring: {rule}",
        f"{public}: test_fingerprint_is_lower_case has a docstring without Chinese "
        f"('lower case'): {rule}",
    ]
    result = run_minichain("course", "check", "--root", str(root))
    assert result.returncode == 1
    assert f"{public}: test_fingerprint_is_64_digits has no docstring: " in result.stdout


def test_course_check_reports_a_stale_notebook(exercise_copy):
    root = exercise_copy("diploma_signature")
    manifest = root / "diploma_signature" / "exercise.toml"
    manifest.write_text(manifest.read_text().replace("points = 3", "points = 4"))
    problems = problems_of(validate_course(root), "diploma_signature")
    assert any("out of date; run `minichain course generate`" in p for p in problems)


def test_course_generate_rewrites_a_stale_notebook(exercise_copy):
    root = exercise_copy("evidence_hash")
    path = notebook_path(root, load_exercise(root / "evidence_hash"))
    path.write_text("{}")
    result = run_minichain("course", "generate", "--root", str(root))
    assert result.returncode == 0
    assert json.loads(path.read_text())["nbformat"] == 4


def test_a_bad_manifest_field_is_one_line_naming_file_and_field(course_copy):
    root = course_copy
    manifest = root / "evidence_hash" / "exercise.toml"
    manifest.write_text(manifest.read_text().replace("points = 2", 'points = "two"'))
    result = run_minichain("course", "check", "--root", str(root))
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"minichain: {manifest}: tasks[1].points: must be an integer, got str"
    ]


def test_course_check_reports_a_setup_cell_that_would_print_a_docstring(exercise_copy):
    course_copy = exercise_copy("proof_of_work")
    # Jupyter shows the value of a cell's last expression: an attribute docstring at the
    # end of the shared code would appear as output under the student's setup cell.
    for name in ("solution.py", "starter.py"):
        path = course_copy / "proof_of_work" / name
        path.write_text(
            path.read_text().replace(
                "SIGN_BIT = 0x00800000  # the bit of ``bits`` that would make the target negative",
                'SIGN_BIT = 0x00800000\n"""The bit that would make the target negative."""',
            )
        )
    problems = problems_of(validate_course(course_copy), "proof_of_work")
    assert any("ends with an expression" in problem for problem in problems), problems
