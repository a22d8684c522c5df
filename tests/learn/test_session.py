"""`minichain learn`, driven for real: a terminal (pexpect) or pipes, real files, real saves."""

import os
import re
import shutil

import pexpect
import pytest

from tests.commands import MINICHAIN, run_minichain
from tests.course import COURSE, ROOT

ALL_PASS = f"✓ all {len(COURSE[0].public.checks)} checks pass"
ENV = {**os.environ, "TERM": "dumb", "COLUMNS": "200", "NO_COLOR": "1"}


def learn(workspace, *args):
    return run_minichain("learn", "--workspace", str(workspace), *args, env=ENV, timeout=60)


def spawn(workspace, *options):
    child = pexpect.spawn(
        str(MINICHAIN),
        ["learn", "--workspace", str(workspace), *options],
        env=ENV,
        encoding="utf-8",
        timeout=20,
        dimensions=(40, 200),
    )
    return child


def first_file(workspace):
    return workspace / f"{COURSE[0].order:02d}_{COURSE[0].name}.py"


def solve(workspace):
    shutil.copyfile(COURSE[0].solution, first_file(workspace))


@pytest.fixture
def child_cleanup():
    children = []
    yield children.append
    for child in children:
        if child.isalive():
            child.terminate(force=True)


def test_learn_copies_every_starter_into_the_workspace(tmp_path):
    workspace = tmp_path / "work"
    assert learn(workspace, "list").returncode == 0
    for exercise in COURSE:
        copy = workspace / f"{exercise.order:02d}_{exercise.name}.py"
        assert copy.read_text() == exercise.starter.read_text()


def test_learn_never_overwrites_the_learners_work(tmp_path):
    workspace = tmp_path / "work"
    workspace.mkdir()
    first_file(workspace).write_text("# my own attempt\n")
    learn(workspace, "list")
    assert first_file(workspace).read_text() == "# my own attempt\n"


def test_list_shows_every_exercise_and_marks_the_current_one(tmp_path):
    out = learn(tmp_path / "work", "list").stdout
    lines = [line for line in out.splitlines() if line.strip()]
    assert len(lines) == len(COURSE)
    assert lines[0].startswith("→ 1. evidence_hash")


def test_check_fails_on_the_starter_with_the_first_failing_check(tmp_path):
    result = learn(tmp_path / "work", "check")
    assert result.returncode == 1
    assert result.stdout.startswith("checking...")
    assert "✗ fingerprint is the sha256 hex of the file (task 1, fingerprint)" in result.stdout
    assert "not written yet" in result.stdout


def test_check_passes_on_a_solved_exercise_and_records_it_done(tmp_path):
    workspace = tmp_path / "work"
    learn(workspace, "list")
    solve(workspace)
    result = learn(workspace, "check")
    assert result.returncode == 0
    assert ALL_PASS in result.stdout
    assert "done = evidence_hash" in (workspace / "progress.txt").read_text()


def test_hint_gives_the_next_hint_each_time_and_remembers_it(tmp_path):
    workspace = tmp_path / "work"
    hints = COURSE[0].tasks[0].hints
    assert f"hint 1/2: {hints[0]}" in learn(workspace, "hint").stdout
    assert f"hint 2/2: {hints[1]}" in learn(workspace, "hint").stdout
    assert "hints = evidence_hash.fingerprint:2" in (workspace / "progress.txt").read_text()


def test_hint_is_for_the_task_of_the_first_failing_check(tmp_path):
    workspace = tmp_path / "work"
    learn(workspace, "list")
    solution = COURSE[0].solution.read_text()
    first_file(workspace).write_text(
        solution.replace("return digits == fingerprint(evidence)", "raise NotImplementedError")
    )
    hints = COURSE[0].tasks[1].hints
    assert f"hint 1/{len(hints)}: {hints[0]}" in learn(workspace, "hint").stdout
    assert "hints = evidence_hash.matches_record:1" in (workspace / "progress.txt").read_text()


def test_goto_by_number_makes_that_exercise_current(tmp_path):
    workspace = tmp_path / "work"
    assert learn(workspace, "goto", "4").returncode == 0
    assert "current = diploma_signature" in (workspace / "progress.txt").read_text()
    assert "✗ diploma bytes" in learn(workspace, "check").stdout


def test_goto_an_unknown_exercise_is_one_line_and_exit_1(tmp_path):
    result = learn(tmp_path / "work", "goto", "nope")
    assert result.returncode == 1
    names = ", ".join(exercise.name for exercise in COURSE)
    assert result.stderr.strip().splitlines() == [
        f"minichain: exercise: no exercise 'nope' (there are: {names})"
    ]


def test_reset_restores_the_starter_and_keeps_a_backup(tmp_path):
    workspace = tmp_path / "work"
    learn(workspace, "list")
    first_file(workspace).write_text("# half done\n")
    assert learn(workspace, "reset", "evidence_hash").returncode == 0
    assert first_file(workspace).read_text() == COURSE[0].starter.read_text()
    backup = first_file(workspace).with_name(first_file(workspace).name + ".bak")
    assert backup.read_text() == "# half done\n"


def test_reset_clears_the_done_marks_of_the_exercise_and_its_tasks(tmp_path):
    workspace = tmp_path / "work"
    learn(workspace, "list")
    solve(workspace)
    learn(workspace, "check")
    assert "done = evidence_hash" in (workspace / "progress.txt").read_text()
    learn(workspace, "reset", "1")
    progress = (workspace / "progress.txt").read_text()
    assert "done = \n" in progress and "tasks = \n" in progress
    assert f"0/{len(COURSE[0].tasks)} tasks" in learn(workspace, "list").stdout.splitlines()[0]


def solve_first_task_only(workspace):
    exercise = COURSE[0]
    task = exercise.tasks[0]
    starter = exercise.starter_code.function(task.function).source
    answer = exercise.solution_code.function(task.function).source
    first_file(workspace).write_text(exercise.starter.read_text().replace(starter, answer))


def test_a_task_is_done_when_its_public_checks_pass_and_then_shows_its_reference(tmp_path):
    workspace = tmp_path / "work"
    learn(workspace, "list")
    first = learn(workspace, "check").stdout
    assert "reference solution" not in first
    solve_first_task_only(workspace)
    result = learn(workspace, "check")
    assert result.returncode == 1
    assert "✓ task 1 (fingerprint) passes. The reference solution" in result.stdout
    assert "return digest.hexdigest()" in result.stdout
    assert "BEGIN SOLUTION" not in result.stdout
    assert "task 2" not in result.stdout.split("✗")[0]  # no other task's answer is given away
    progress = (workspace / "progress.txt").read_text()
    assert "tasks = evidence_hash.fingerprint\n" in progress
    assert "done = \n" in progress
    again = learn(workspace, "check").stdout
    assert "reference solution" not in again  # shown once, when the task first passes


def test_one_off_commands_speak_of_one_off_commands_not_the_loops_keys(tmp_path):
    workspace = tmp_path / "work"
    failing = learn(workspace, "check").stdout
    assert failing.rstrip().endswith("minichain learn hint for a hint.")
    solve(workspace)
    passing = learn(workspace, "check").stdout
    assert "Move on with minichain learn goto 2." in passing
    assert "Type n" not in passing


def test_show_renders_each_tasks_instructions_readable_at_80_columns(tmp_path):
    env = {**ENV, "COLUMNS": "80"}
    result = run_minichain("learn", "--workspace", str(tmp_path / "w"), "show", env=env)
    assert result.returncode == 0, result.stderr
    assert max(len(line.rstrip()) for line in result.stdout.splitlines()) <= 80
    words = " ".join(result.stdout.split())
    for task in COURSE[0].tasks:
        instructions = " ".join(task.instructions.replace("`", "").replace("*", "").split())
        assert instructions in words, task.id
        assert f"about {task.minutes} min" in words


def test_show_lists_each_check_with_its_share_of_the_tasks_points(tmp_path):
    out = learn(tmp_path / "work", "show").stdout
    for task in COURSE[0].tasks:
        for check in COURSE[0].public.for_task(task.id):
            assert f"· {check.title} {float(check.share):.0%}" in out
        hidden = COURSE[0].hidden.for_task(task.id)
        share = sum(check.share for check in hidden)
        assert (
            f"· {len(hidden)} hidden checks of the same rules, run by the grader {float(share):.0%}"
            in out
        )


def test_list_shows_each_exercises_tasks_done_and_time(tmp_path):
    lines = learn(tmp_path / "work", "list").stdout.splitlines()
    for line, exercise in zip(lines, COURSE):
        assert f"0/{len(exercise.tasks)} tasks" in line
        assert f" {exercise.minutes} min" in line


def test_a_workspace_path_that_is_a_file_is_refused(tmp_path):
    path = tmp_path / "file"
    path.write_text("")
    result = learn(path, "list")
    assert result.returncode == 1
    assert "exists and is not a folder" in result.stderr
    assert "Traceback" not in result.stderr


def test_saving_the_file_in_watch_mode_reruns_the_checks(tmp_path, child_cleanup):
    workspace = tmp_path / "work"
    child = spawn(workspace)
    child_cleanup(child)
    child.expect(f"Exercise 1/{len(COURSE)}: Tamper-evident court evidence")
    child.expect("checking...")
    child.expect("not written yet")
    child.expect("watching for saves")
    solve(workspace)
    child.expect("checking...")
    child.expect(ALL_PASS)
    child.sendline("q")
    child.expect(pexpect.EOF)


def test_next_moves_on_only_when_asked_and_only_after_passing(tmp_path, child_cleanup):
    workspace = tmp_path / "work"
    child = spawn(workspace, "--manual-run")
    child_cleanup(child)
    child.expect("press Enter to check")
    child.sendline("n")
    child.expect("does not pass yet")
    solve(workspace)
    child.sendline("")
    child.expect(ALL_PASS)
    child.sendline("n")
    child.expect(f"Exercise 2/{len(COURSE)}: {COURSE[1].title}")
    child.expect("not written yet")
    child.sendline("q")
    child.expect(pexpect.EOF)
    progress = (workspace / "progress.txt").read_text()
    assert f"current = {COURSE[1].name}" in progress
    assert "done = evidence_hash" in progress


def test_manual_run_works_with_plain_pipes(tmp_path):
    workspace = tmp_path / "work"
    learn(workspace, "list")
    solve(workspace)
    result = run_minichain(
        "learn", "--workspace", str(workspace), "--manual-run", input="h\nl\n\nq\n", env=ENV
    )
    assert result.returncode == 0
    assert result.stdout.count(ALL_PASS) == 2
    assert "→ 1. evidence_hash" in result.stdout
    assert result.stdout.rstrip().endswith("your work and progress are saved in the workspace")


def test_a_relative_workspace_works_and_the_self_study_page_shows_real_output(tmp_path):
    solution = COURSE[0].solution.read_text()
    wrong = solution.replace("return digits == fingerprint(evidence)", "return True")
    (tmp_path / "work").mkdir()
    first_file(tmp_path / "work").write_text(wrong)
    # The first check shows the reference solutions of the tasks that pass; the page shows the next.
    run_minichain("learn", "--workspace", "work", "check", env=ENV, cwd=tmp_path)
    result = run_minichain("learn", "--workspace", "work", "check", env=ENV, cwd=tmp_path)
    page = (ROOT / "course" / "learn.md").read_text()
    shown = page.split("```text\nchecking...")[1].split("```")[0]

    def untimed(text):
        return re.sub(r"\(\d+\.\d s\)", "(T s)", text).strip()

    assert untimed(result.stdout) == untimed("checking..." + shown)


def test_the_self_study_page_lists_every_starter_file_the_workspace_gets():
    page = (ROOT / "course" / "learn.md").read_text()
    listing = page.split("minichain-exercises/\n")[1].split("```")[0]
    listed = [line.split()[0] for line in listing.splitlines() if line.strip()]
    expected = [f"{exercise.order:02d}_{exercise.name}.py" for exercise in COURSE]
    assert listed == [*expected, "progress.txt"]
