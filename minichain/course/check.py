"""``minichain course check``: each exercise is well formed, its starter fails, its solution passes.

The idea is rustlings' ``dev check``. For each exercise folder:

* the manifest is valid and every test names a task (errors name file and field);
* ``starter.py`` and ``solution.py`` share their code outside the task
  functions, and the task functions have the same parameters;
* each solution function marks its answer with ``### BEGIN SOLUTION`` and
  ``### END SOLUTION`` (what the released notebook leaves out);
* every task has at least one public check, and the starter fails at least one
  public check of every task (no task is solved before the learner starts);
* the solution passes every public and hidden check;
* the committed nbgrader notebook is what the sources give.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from minichain.course.manifest import Exercise, load_course
from minichain.course.notebook import notebook_path, notebook_text
from minichain.course.runner import Report, run_in_subprocess
from minichain.course.sources import read_code, read_tests
from minichain.errors import MinichainError

BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"


@dataclass(frozen=True)
class ExerciseCheck:
    """What ``course check`` found for one exercise.

    Attributes:
        name: the exercise.
        problems: one line each; empty when the exercise is sound.
        checks: how many public and hidden checks the solution passed.
    """

    name: str
    problems: tuple[str, ...]
    checks: int


def _static_problems(exercise: Exercise) -> list[str]:
    starter = read_code(exercise, exercise.starter)
    solution = read_code(exercise, exercise.solution)
    public = read_tests(exercise, exercise.public_tests)
    read_tests(exercise, exercise.hidden_tests)
    problems = []
    if starter.prelude != solution.prelude:
        problems.append(
            f"{exercise.starter} and {exercise.solution}: the code outside the task functions "
            "must be the same (the notebook's setup cell is made from it)"
        )
    for task in exercise.tasks:
        function = task.function
        if starter.signatures[function] != solution.signatures[function]:
            problems.append(
                f"{exercise.starter}: {function}({starter.signatures[function]}) must take the "
                f"same parameters as in solution.py ({solution.signatures[function]})"
            )
        body = solution.functions[function]
        if body.count(BEGIN) != 1 or body.count(END) != 1 or body.index(BEGIN) > body.index(END):
            problems.append(
                f"{exercise.solution}: {function} must hold one {BEGIN} ... {END} block"
            )
        if BEGIN in starter.functions[function]:
            problems.append(f"{exercise.starter}: {function} must not hold the solution markers")
        if not public.for_task(task):
            problems.append(
                f"{exercise.public_tests}: task {task.id!r} has no public check "
                f"(name one test_{task.id}_...)"
            )
    return problems


def _run_problems(exercise: Exercise, starter: Report, solution: Report) -> list[str]:
    problems = []
    if starter.load_error or starter.timed_out:
        problems.append(f"{exercise.starter}: does not load ({starter.load_error or 'timed out'})")
    else:
        failing = {result.task for result in starter.results if not result.passed}
        for task in exercise.tasks:
            if task.id not in failing:
                problems.append(
                    f"{exercise.starter}: passes every public check of task {task.id!r}; "
                    "a starter must fail them"
                )
    if solution.load_error or solution.timed_out:
        problems.append(
            f"{exercise.solution}: does not load ({solution.load_error or 'timed out'})"
        )
    for result in solution.results:
        if not result.passed:
            problems.append(f"{exercise.solution}: fails {result.name}: {result.message}")
    return problems


def check_exercise(exercise: Exercise, root: Path) -> ExerciseCheck:
    """Check one exercise (see the module's list). Runs the code in subprocesses."""
    try:
        problems = _static_problems(exercise)
    except MinichainError as error:
        return ExerciseCheck(exercise.name, (str(error),), 0)
    with ThreadPoolExecutor(max_workers=2) as pool:
        starter = pool.submit(run_in_subprocess, exercise, exercise.starter, False)
        solution = pool.submit(run_in_subprocess, exercise, exercise.solution, True)
        problems += _run_problems(exercise, starter.result(), solution.result())
    path = notebook_path(root, exercise)
    if not problems and (
        not path.exists() or path.read_text(encoding="utf-8") != notebook_text(exercise)
    ):
        problems.append(f"{path}: out of date; run `minichain course generate`")
    passed = sum(result.passed for result in solution.result().results)
    return ExerciseCheck(exercise.name, tuple(problems), passed)


def check_course(root: Path) -> list[ExerciseCheck]:
    """Check every exercise under ``root``.

    Raises:
        ManifestError: a manifest is invalid (the message names the file and the field).
    """
    return [check_exercise(exercise, root) for exercise in load_course(root)]
