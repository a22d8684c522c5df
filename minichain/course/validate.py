"""``minichain course check``: each exercise is well formed, its starter fails, its solution passes.

The idea is rustlings' ``dev check``. For each exercise folder:

* the manifest is valid, every test names a task and every weight a check
  (loading the exercise checks these; errors name file and field);
* ``starter.py`` and ``solution.py`` share their code outside the task
  functions, and the task functions have the same parameters;
* each solution function marks its answer with ``### BEGIN SOLUTION`` and
  ``### END SOLUTION`` (what the released notebook leaves out);
* every task has at least one public check, and the starter fails at least one
  public check of every task (no task is solved before the learner starts);
* every hidden check has a public twin: a public check of its task whose name,
  followed by ``_``, starts the hidden check's name (public
  ``test_first_tampered_finds_the_edited_entry``, hidden
  ``test_first_tampered_finds_the_edited_entry_when_it_is_the_first``). Public
  checks teach, hidden checks confirm the same rules on other data; a learner
  who passes the public checks meets no new rule in the hidden ones;
* every check, public or hidden, has a docstring of one line holding Chinese
  characters: its title in Simplified Chinese, which a learner reading
  Chinese sees in place of its name (the test cells are the same code in
  either language's notebook, so the Chinese has to travel with the check;
  :func:`chinese_title_problems`);
* the setup cell does not end with an expression (Jupyter would print its
  value, often an attribute's docstring, under the cell);
* the solution passes every public and hidden check;
* every translation of the exercise's words (``[zh]``, ``[tasks.zh]``)
  records the hash of the English it translates, and the English has not
  changed since (:func:`minichain.course.translations.exercise_problems`);
* the committed nbgrader notebooks, in English and in each language the
  exercise is translated into, are what the sources give.
"""

from __future__ import annotations

import ast
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from minichain.course.model import Check, Exercise, load_course
from minichain.course.notebook import SOLUTION, is_up_to_date, notebook_path
from minichain.course.runner import Report, run_in_subprocess
from minichain.course.translations import exercise_problems


@dataclass(frozen=True)
class Validation:
    """What ``course check`` found for one exercise.

    Attributes:
        name: the exercise.
        problems: one line each; empty when the exercise is sound.
        checks: how many public and hidden checks the solution passed.
    """

    name: str
    problems: tuple[str, ...]
    checks: int


def public_twin(exercise: Exercise, hidden: Check) -> Check | None:
    """The public check whose rule ``hidden`` confirms: its name is ``<public name>_<case>``."""
    twins = [
        check
        for check in exercise.public.for_task(hidden.task)
        if hidden.name.startswith(check.name + "_")
    ]
    return max(twins, key=lambda check: len(check.name)) if twins else None


def twin_problems(exercise: Exercise) -> list[str]:
    """One line per hidden check that has no public twin (see the module's list)."""
    return [
        f"{exercise.hidden_tests}: {check.name} has no public twin (name it after the public "
        f"check of task {check.task!r} whose rule it confirms: <that name>_<case>)"
        for check in exercise.hidden.checks
        if public_twin(exercise, check) is None
    ]


def _has_chinese(text: str) -> bool:
    """Whether ``text`` holds a CJK unified ideograph (U+4E00 to U+9FFF)."""
    return any("\u4e00" <= character <= "\u9fff" for character in text)


def chinese_title_problems(exercise: Exercise) -> list[str]:
    """One line per check whose docstring is not a one-line Chinese title (see the module)."""
    problems = []
    for check in exercise.checks:
        file = exercise.file_of(check).path
        doc = check.doc.strip()
        if not doc:
            rule = "has no docstring"
        elif "\n" in doc:
            rule = "has a docstring of more than one line"
        elif not _has_chinese(doc):
            rule = f"has a docstring without Chinese ({doc!r})"
        elif doc.endswith("。"):
            rule = "ends its docstring with 。 (a title takes no final full stop)"
        else:
            continue
        problems.append(
            f"{file}: {check.name} {rule}: a check's docstring is its title in Simplified "
            'Chinese, one line (e.g. """指纹是文件的 SHA-256 哈希值""")'
        )
    return problems


def ends_with_expression(code: str) -> bool:
    """Whether the last statement of ``code`` is an expression, which Jupyter shows as output."""
    try:
        body = ast.parse(code).body
    except SyntaxError:  # reported by the checks that run the code
        return False
    return bool(body) and isinstance(body[-1], ast.Expr)


def _static_problems(exercise: Exercise) -> list[str]:
    starter, solution = exercise.starter_code, exercise.solution_code
    begin, end = SOLUTION.begin_line, SOLUTION.end_line
    problems = []
    if ends_with_expression(solution.prelude):
        problems.append(
            f"{exercise.solution}: the code outside the task functions ends with an expression "
            "(a docstring?), which the notebook's setup cell would print: end it with a "
            "statement, e.g. move that constant above a helper function"
        )
    if starter.prelude != solution.prelude:
        problems.append(
            f"{exercise.starter} and {exercise.solution}: the code outside the task functions "
            "must be the same (the notebook's setup cell is made from it)"
        )
    for task in exercise.tasks:
        starting, answer = starter.function(task.function), solution.function(task.function)
        if starting.signature != answer.signature:
            problems.append(
                f"{exercise.starter}: {task.function}({starting.signature}) must take the "
                f"same parameters as in solution.py ({answer.signature})"
            )
        body = answer.source
        if body.count(begin) != 1 or body.count(end) != 1 or body.index(begin) > body.index(end):
            problems.append(
                f"{exercise.solution}: {task.function} must hold one {begin} ... {end} block"
            )
        if begin in starting.source:
            problems.append(
                f"{exercise.starter}: {task.function} must not hold the solution markers"
            )
        if not exercise.public.for_task(task.id):
            problems.append(
                f"{exercise.public_tests}: task {task.id!r} has no public check "
                f"(name one test_{task.id}_...)"
            )
    return problems + twin_problems(exercise) + chinese_title_problems(exercise)


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


def validate_exercise(exercise: Exercise, root: Path) -> Validation:
    """Check one exercise (see the module's list). Runs the code in subprocesses."""
    problems = _static_problems(exercise) + exercise_problems(exercise)
    with ThreadPoolExecutor(max_workers=2) as pool:
        starter = pool.submit(run_in_subprocess, exercise, exercise.starter, False)
        solution = pool.submit(run_in_subprocess, exercise, exercise.solution, True)
        problems += _run_problems(exercise, starter.result(), solution.result())
    if not problems:
        problems += [
            f"{notebook_path(root, exercise, language)}: out of date; "
            "run `minichain course generate`"
            for language in exercise.languages
            if not is_up_to_date(root, exercise, language)
        ]
    passed = sum(result.passed for result in solution.result().results)
    return Validation(exercise.name, tuple(problems), passed)


def validate_course(root: Path) -> list[Validation]:
    """Check every exercise under ``root``.

    Raises:
        ManifestError: an exercise cannot be read (the message names the file and the field).
    """
    return [validate_exercise(exercise, root) for exercise in load_course(root)]
