"""The exercise sources: manifests, generated notebooks, and `minichain course check`."""

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from minichain.course.check import check_course
from minichain.course.errors import ManifestError
from minichain.course.manifest import load_course, load_exercise
from minichain.course.notebook import build_notebook, notebook_path, notebook_text, stale_notebooks
from minichain.course.sources import read_tests

ROOT = Path(__file__).resolve().parent.parent
EXERCISES = ROOT / "exercises"
MINICHAIN = Path(sys.executable).parent / "minichain"
COURSE = load_course(EXERCISES)


def run(*args, cwd=ROOT):
    return subprocess.run(
        [str(MINICHAIN), *args], capture_output=True, text=True, timeout=120, check=False, cwd=cwd
    )


def copy_exercises(tmp_path: Path) -> Path:
    root = tmp_path / "exercises"
    shutil.copytree(EXERCISES, root, ignore=shutil.ignore_patterns("__pycache__"))
    return root


def test_the_course_has_its_exercises_in_order():
    assert [exercise.name for exercise in COURSE] == [
        "evidence_hash",
        "evidence_log",
        "invoice_merkle",
        "diploma_signature",
        "e_invoice",
        "proof_of_work",
        "confirmations",
        "city_quorum",
        "trade_finance",
    ]


def problems_of(results, name):
    return next(result.problems for result in results if result.name == name)


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
    public = read_tests(exercise, exercise.public_tests)
    hidden = read_tests(exercise, exercise.hidden_tests)
    for task in exercise.tasks:
        source = cells[f"check_{task.id}"]
        before, _, after = source.partition("### BEGIN HIDDEN TESTS")
        assert all(test.source.strip() in before for test in public.for_task(task))
        assert all(test.source.strip() in after for test in hidden.for_task(task))


def test_grade_ids_are_unique_across_each_notebook():
    for exercise in COURSE:
        ids = [cell["id"] for cell in build_notebook(exercise)["cells"]]
        assert len(ids) == len(set(ids))


def test_course_check_passes_on_the_real_exercises():
    results = check_course(EXERCISES)
    assert [result.problems for result in results] == [()] * len(COURSE)
    assert all(result.checks > 0 for result in results)


def test_course_check_command_exits_0_and_names_each_exercise():
    result = run("course", "check")
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    for exercise in COURSE:
        assert any(  # one whole line each, even when piped into a narrow log
            line.startswith(f"✓ {exercise.name}: ") and line.endswith("notebook up to date")
            for line in lines
        )


def test_course_check_reports_a_starter_that_already_passes(tmp_path):
    root = copy_exercises(tmp_path)
    folder = root / "evidence_hash"
    shutil.copy(folder / "solution.py", folder / "starter.py")
    result = run("course", "check", "--root", str(root))
    assert result.returncode == 1
    assert "passes every public check of task 'fingerprint'" in result.stdout


def test_course_check_reports_a_solution_that_fails_a_hidden_check(tmp_path):
    root = copy_exercises(tmp_path)
    solution = root / "invoice_merkle" / "solution.py"
    solution.write_text(solution.read_text().replace("if len(level) % 2:", "if False:"))
    problems = problems_of(check_course(root), "invoice_merkle")
    assert any("fails test_batch_root_matches_minichain_for_every_size" in p for p in problems)


def test_course_check_reports_a_stale_notebook(tmp_path):
    root = copy_exercises(tmp_path)
    manifest = root / "diploma_signature" / "exercise.toml"
    manifest.write_text(manifest.read_text().replace("points = 3", "points = 4"))
    problems = problems_of(check_course(root), "diploma_signature")
    assert any("out of date; run `minichain course generate`" in p for p in problems)


def test_course_generate_rewrites_a_stale_notebook(tmp_path):
    root = copy_exercises(tmp_path)
    path = notebook_path(root, load_exercise(root / "evidence_hash"))
    path.write_text("{}")
    result = run("course", "generate", "--root", str(root))
    assert result.returncode == 0
    assert json.loads(path.read_text())["nbformat"] == 4


def test_a_bad_manifest_field_is_one_line_naming_file_and_field(tmp_path):
    root = copy_exercises(tmp_path)
    manifest = root / "evidence_hash" / "exercise.toml"
    manifest.write_text(manifest.read_text().replace("points = 2", 'points = "two"'))
    result = run("course", "check", "--root", str(root))
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"minichain: {manifest}: tasks[1].points: must be an integer, got str"
    ]


def test_missing_manifest_field_raises_manifest_error(tmp_path):
    root = copy_exercises(tmp_path)
    manifest = root / "evidence_hash" / "exercise.toml"
    manifest.write_text(manifest.read_text().replace('lesson = "hashing.md"\n', ""))
    with pytest.raises(ManifestError) as caught:
        load_exercise(root / "evidence_hash")
    assert caught.value.field == f"{manifest}: lesson"
    assert caught.value.rule == "is required"


def test_unknown_manifest_field_is_refused(tmp_path):
    root = copy_exercises(tmp_path)
    manifest = root / "evidence_hash" / "exercise.toml"
    manifest.write_text("difficulty = 3\n" + manifest.read_text())
    with pytest.raises(ManifestError, match="difficulty: is not a manifest field"):
        load_exercise(root / "evidence_hash")


def test_a_test_that_names_no_task_is_refused(tmp_path):
    root = copy_exercises(tmp_path)
    tests = root / "evidence_hash" / "test_public.py"
    tests.write_text(tests.read_text() + "\n\ndef test_something_else():\n    pass\n")
    exercise = load_exercise(root / "evidence_hash")
    with pytest.raises(ManifestError, match="test_something_else: a test name must start with"):
        read_tests(exercise, tests)


def test_a_missing_hidden_test_file_is_named(tmp_path):
    root = copy_exercises(tmp_path)
    (root / "invoice_merkle" / "test_hidden.py").unlink()
    with pytest.raises(ManifestError, match="test_hidden.py: is missing"):
        load_course(root)


def test_two_exercises_with_one_order_are_refused(tmp_path):
    root = copy_exercises(tmp_path)
    manifest = root / "diploma_signature" / "exercise.toml"
    first = COURSE[0].order
    manifest.write_text(re.sub(r"(?m)^order = \d+$", f"order = {first}", manifest.read_text()))
    with pytest.raises(ManifestError, match=f"order: {first} is also the order of"):
        load_course(root)
