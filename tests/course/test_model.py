"""The exercise model: every folder parsed once into manifest, code and checks, each check worth
its share of its task's points; a broken folder is one error naming the file and the field."""

import re
from fractions import Fraction

import pytest

from minichain.course.errors import ManifestError
from minichain.course.model import load_course, load_exercise
from minichain.course.runner import run_in_subprocess
from tests.course import COURSE


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


def test_each_check_belongs_to_the_task_its_name_starts_with():
    for exercise in COURSE:
        for check in exercise.checks:
            assert check.name.startswith(f"test_{check.task}")
            assert check.source.startswith(f"def {check.name}(")
            file = exercise.file_of(check)
            assert check in file.checks and file.hidden == check.hidden
            assert file.path.read_text().splitlines()[check.line - 1] == f"def {check.name}():"
        assert [check.hidden for check in exercise.checks] == [False] * len(
            exercise.public.checks
        ) + [True] * len(exercise.hidden.checks)


def test_a_tasks_points_are_shared_equally_among_its_checks_by_default():
    evidence_hash = COURSE[0]
    first_tampered = evidence_hash.checks_of("first_tampered")
    count = len(first_tampered)
    assert count > 1
    assert {check.share for check in first_tampered} == {Fraction(1, count)}
    assert {check.points for check in first_tampered} == {Fraction(3, count)}
    for exercise in COURSE:
        for task in exercise.tasks:
            checks = exercise.checks_of(task.id)
            assert sum(check.share for check in checks) == 1
            assert sum(check.points for check in checks) == task.points


BINARY = "test_fingerprint_is_the_sha256_hex_of_the_file_of_binary_data"
EMPTY = "test_fingerprint_is_the_sha256_hex_of_the_file_even_when_empty"


def test_the_weights_table_gives_a_check_a_larger_share(course_copy):
    manifest = course_copy / "evidence_hash" / "exercise.toml"
    manifest.write_text(
        manifest.read_text().replace(
            'id = "fingerprint"\n',
            'id = "fingerprint"\nweights = { ' + BINARY + " = 2.5 }\n",
        )
    )
    checks = {check.name: check for check in load_exercise(manifest.parent).checks}
    assert checks[BINARY].share == Fraction(5, 11)
    assert checks[EMPTY].share == Fraction(2, 11)
    assert checks[EMPTY].points == Fraction(2, 11)


@pytest.mark.parametrize(
    ("weights", "field", "rule"),
    [
        ("{ test_nope = 1 }", "weights.test_nope", "is not a check of task 'fingerprint'"),
        (
            "{ test_matches_record_accepts_the_untouched_file = 1 }",
            "weights.test_matches_record_accepts_the_untouched_file",
            "is not a check of task 'fingerprint'",
        ),
        (
            "{ test_fingerprint_is_the_sha256_hex_of_the_file_of_binary_data = 0 }",
            "weights.test_fingerprint_is_the_sha256_hex_of_the_file_of_binary_data",
            "must be a positive number, got 0",
        ),
        (
            "{ test_fingerprint_is_the_sha256_hex_of_the_file_of_binary_data = true }",
            "weights.test_fingerprint_is_the_sha256_hex_of_the_file_of_binary_data",
            "must be a positive number, got True",
        ),
        (
            "{ test_fingerprint_is_the_sha256_hex_of_the_file_of_binary_data = nan }",
            "weights.test_fingerprint_is_the_sha256_hex_of_the_file_of_binary_data",
            "must be a positive number, got nan",
        ),
        ("[1, 2]", "weights", "must be a table mapping check names to weights"),
    ],
)
def test_a_bad_weight_is_refused_naming_file_and_field(course_copy, weights, field, rule):
    manifest = course_copy / "evidence_hash" / "exercise.toml"
    text = manifest.read_text().replace(
        'id = "fingerprint"\n', f'id = "fingerprint"\nweights = {weights}\n'
    )
    manifest.write_text(text)
    with pytest.raises(ManifestError) as caught:
        load_exercise(manifest.parent)
    assert caught.value.field == f"{manifest}: tasks[0].{field}"
    assert caught.value.rule.startswith(rule)


@pytest.mark.parametrize(
    ("line", "replacement", "field", "rule"),
    [
        ('difficulty = "core"\n', "", "difficulty", "is required"),
        (
            'difficulty = "core"\n',
            'difficulty = "easy"\n',
            "difficulty",
            'must be "core" or "stretch"',
        ),
        ("minutes = 5\n", "", "minutes", "is required"),
        ("minutes = 5\n", "minutes = 0\n", "minutes", "must be between 1 and 240"),
        ("minutes = 5\n", 'minutes = "5"\n', "minutes", "must be an integer"),
    ],
)
def test_each_task_needs_a_difficulty_and_its_minutes(course_copy, line, replacement, field, rule):
    manifest = course_copy / "evidence_hash" / "exercise.toml"
    manifest.write_text(manifest.read_text().replace(line, replacement, 1))
    with pytest.raises(ManifestError) as caught:
        load_exercise(manifest.parent)
    assert caught.value.field == f"{manifest}: tasks[0].{field}"
    assert caught.value.rule.startswith(rule)


def test_an_exercises_time_is_its_tasks_minutes_added_up():
    for exercise in COURSE:
        assert exercise.minutes == sum(task.minutes for task in exercise.tasks)
        assert exercise.minutes_of("core") + exercise.minutes_of("stretch") == exercise.minutes
        assert exercise.time_summary.startswith(f"about {exercise.minutes} minutes")


def test_the_course_is_parsed_once_until_a_file_changes(course_copy):
    first = load_course(course_copy)
    assert load_course(course_copy) is first
    manifest = course_copy / "evidence_hash" / "exercise.toml"
    manifest.write_text(manifest.read_text().replace("points = 3", "points = 4"))
    again = load_course(course_copy)
    assert again is not first
    assert again[0].points == first[0].points + 1


def test_the_runner_needs_only_the_parsed_model_not_the_manifest(course_copy):
    exercise = load_exercise(course_copy / "evidence_hash")
    (course_copy / "evidence_hash" / "exercise.toml").unlink()
    report = run_in_subprocess(exercise, exercise.solution, hidden=True)
    assert report.passed and len(report.results) == len(exercise.checks)


def test_missing_manifest_field_raises_manifest_error(course_copy):
    root = course_copy
    manifest = root / "evidence_hash" / "exercise.toml"
    manifest.write_text(manifest.read_text().replace('lesson = "hashing.md"\n', ""))
    with pytest.raises(ManifestError) as caught:
        load_exercise(root / "evidence_hash")
    assert caught.value.field == f"{manifest}: lesson"
    assert caught.value.rule == "is required"


def test_unknown_manifest_field_is_refused(course_copy):
    root = course_copy
    manifest = root / "evidence_hash" / "exercise.toml"
    manifest.write_text("difficulty = 3\n" + manifest.read_text())
    with pytest.raises(ManifestError, match="difficulty: is not a manifest field"):
        load_exercise(root / "evidence_hash")


def test_a_test_that_names_no_task_is_refused(course_copy):
    root = course_copy
    tests = root / "evidence_hash" / "test_public.py"
    tests.write_text(tests.read_text() + "\n\ndef test_something_else():\n    pass\n")
    with pytest.raises(ManifestError, match="test_something_else: a test name must start with"):
        load_exercise(root / "evidence_hash")


def test_a_missing_hidden_test_file_is_named(course_copy):
    root = course_copy
    (root / "invoice_merkle" / "test_hidden.py").unlink()
    with pytest.raises(ManifestError, match="test_hidden.py: is missing"):
        load_course(root)


def test_two_exercises_with_one_order_are_refused(course_copy):
    root = course_copy
    manifest = root / "diploma_signature" / "exercise.toml"
    first = COURSE[0].order
    manifest.write_text(re.sub(r"(?m)^order = \d+$", f"order = {first}", manifest.read_text()))
    with pytest.raises(ManifestError, match=f"order: {first} is also the order of"):
        load_course(root)


def _prose(markdown: str) -> str:
    """Markdown without its code: fenced blocks, indented blocks and `inline spans`."""
    markdown = re.sub(r"```.*?```", "", markdown, flags=re.S)
    markdown = "\n".join(line for line in markdown.splitlines() if not line.startswith("    "))
    return re.sub(r"`[^`]*`", "", markdown, flags=re.S)


@pytest.mark.parametrize("exercise", COURSE, ids=lambda exercise: exercise.name)
def test_powers_in_instructions_and_hints_are_written_as_code(exercise):
    """Markdown reads `2**31` outside code as bold: the terminal showed "-231 .. 231 - 1"."""
    texts = [exercise.scenario] + [
        text for task in exercise.tasks for text in (task.instructions, *task.hints)
    ]
    bare = [match for text in texts for match in re.findall(r"\S*\*\*\s?\d\S*", _prose(text))]
    assert not bare
