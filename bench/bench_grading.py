"""Autograding speed: a class through real nbgrader, and what the sandbox itself costs.

* ``autograde_s_per_notebook``: a class of 30 fake students hands in the first
  exercise (the end-to-end test's kinds of submission, less the endless loop,
  which costs its time limit by design); nbgrader's Python API autogrades them
  all in this one process.
* ``sandbox_overhead_ratio``: the reference solution of every exercise judged
  with the student's code in bubblewrap, divided by the same judging with the
  code in a plain subprocess (same worker, same limits, no walls).
* ``autograde_class_s``: 30 students x all nine exercises, end to end through
  nbgrader (generate_assignment, autograde, generate_feedback, export);
  autograde and generate_feedback run as two processes on disjoint halves of
  the class so that both cores work (the gradebook is SQLite: each process
  writes only its own students' rows), each through nbgrader's Python API on
  all nine assignments (``bench/grade_half.py``).
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from bench.common import report, seconds
from minichain.course.autograde import student_cells
from minichain.course.judge import judge
from minichain.course.model import load_course
from minichain.course.sandbox import bwrap_path
from tests.course import nbgrader_class as course_class
from tests.course.hostile.notebooks import solve

CLASS_SIZE = 30
NBGRADER = [sys.executable, "-m", "nbgrader"]
ROUNDS = 3


def autograde_s_per_notebook() -> float:
    """Seconds per notebook for a class of 30 on one assignment (NbGraderAPI, one process)."""
    from nbgrader.api import Gradebook

    course_class.prepare_environment()
    kinds = [kind for name, kind in course_class.STUDENTS.items() if name != "loops"]
    with tempfile.TemporaryDirectory(prefix="minichain-bench-") as scratch:
        course = course_class.copy_course(Path(scratch))
        api = course_class.api_for(course)
        api.generate_assignment(course_class.ASSIGNMENT)
        students = [f"student{n:02d}" for n in range(CLASS_SIZE)]
        with Gradebook(api.coursedir.db_url) as gradebook:
            for student in students:
                gradebook.update_or_create_student(student)
        for position, student in enumerate(students):
            course_class.submit(course, student, kinds[position % len(kinds)][0])

        def grade_all() -> None:
            for student in students:
                if not api.autograde(course_class.ASSIGNMENT, student)["success"]:
                    raise RuntimeError(f"autograde failed for {student}")

        return seconds(grade_all) / CLASS_SIZE


def solved_cells(name: str) -> list[str]:
    """The student's cells of the released notebook of ``name`` with every answer right."""
    release = course_class.EXERCISES / "source" / name / f"{name}.ipynb"
    notebook = json.loads(release.read_text())
    solve(notebook, name)
    return [code for _, code in student_cells(notebook)]


def sandbox_overhead_ratio() -> tuple[float, float, float]:
    """(bubblewrap / plain subprocess, seconds with bubblewrap, seconds without) for all nine."""
    course = load_course(course_class.EXERCISES)
    cells = {exercise.name: solved_cells(exercise.name) for exercise in course}

    def judge_all(isolate: bool) -> Callable[[], None]:
        def run() -> None:
            for exercise in course:
                judgement = judge(exercise, cells[exercise.name], isolate=isolate)
                if judgement.earned != exercise.points:
                    raise RuntimeError(f"{exercise.name}: {judgement.earned} of {exercise.points}")

        return run

    judge_all(True)()  # load every exercise's checks once
    judge_all(False)()
    walled = statistics.median(seconds(judge_all(True)) for _ in range(ROUNDS))
    plain = statistics.median(seconds(judge_all(False)) for _ in range(ROUNDS))
    return walled / plain, walled, plain


def nbgrader(course: Path, *words: str) -> None:
    """Run one nbgrader command in ``course``; raise if it fails."""
    done = subprocess.run(
        [*NBGRADER, *words], cwd=course, capture_output=True, text=True, check=False
    )
    if done.returncode:
        raise RuntimeError(f"nbgrader {' '.join(words)}: {done.stderr[-2000:]}")


def autograde_class_s() -> tuple[float, dict[str, float]]:
    """Seconds for the class x nine exercises, generate_assignment to export, and each step's."""
    course_class.prepare_environment()
    names = [exercise.name for exercise in load_course(course_class.EXERCISES)]
    halves = (
        [f"a{n:02d}" for n in range(CLASS_SIZE // 2)],
        [f"b{n:02d}" for n in range(CLASS_SIZE - CLASS_SIZE // 2)],
    )
    steps: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="minichain-bench-") as scratch:
        course = course_class.copy_course(Path(scratch))
        roster = course / "students.csv"
        roster.write_text(
            "id,first_name,last_name\n"
            + "".join(f"{s},Student,{s}\n" for half in halves for s in half)
        )
        nbgrader(course, "db", "student", "import", str(roster))

        def generate() -> None:
            api = course_class.api_for(course)
            for name in names:
                if not api.generate_assignment(name)["success"]:
                    raise RuntimeError(f"generate_assignment {name} failed")
            for half in halves:
                for position, student in enumerate(half):
                    for name in names:
                        hand_in(course, student, name, right=position % 3 != 2)

        def on_both_cores(command: str) -> Callable[[], None]:
            def run_half(prefix: str) -> None:
                done = subprocess.run(
                    [sys.executable, "-m", "bench.grade_half", command, str(course), prefix]
                    + names,
                    capture_output=True,
                    text=True,
                    check=False,
                )
                if done.returncode:
                    raise RuntimeError(f"{command} {prefix}*: {done.stderr[-2000:]}")

            def run() -> None:
                with ThreadPoolExecutor(2) as pool:
                    list(pool.map(run_half, ("a", "b")))

            return run

        steps["generate"] = seconds(generate)
        steps["autograde"] = seconds(on_both_cores("autograde"))
        steps["feedback"] = seconds(on_both_cores("generate_feedback"))
        steps["export"] = seconds(lambda: nbgrader(course, "export", "--to", "grades.csv"))
    return sum(steps.values()), steps


def hand_in(course: Path, student: str, name: str, right: bool) -> None:
    """``student`` hands in ``name``: every answer right, or as released (all wrong)."""
    release = course / "release" / name / f"{name}.ipynb"
    notebook = json.loads(release.read_text())
    if right:
        solve(notebook, name)
    folder = course / "submitted" / student / name
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.ipynb").write_text(json.dumps(notebook))
    (folder / "timestamp.txt").write_text("2026-11-27 10:00:00.000000 UTC\n")


def main() -> None:
    report(
        "autograde_s_per_notebook",
        autograde_s_per_notebook(),
        f"goal <= 0.5; class of {CLASS_SIZE} on one assignment, NbGraderAPI in one process",
    )
    ratio, walled, plain = sandbox_overhead_ratio()
    kind = "bubblewrap" if bwrap_path() else "no bubblewrap here: both runs plain"
    report(
        "sandbox_overhead_ratio",
        ratio,
        f"goal <= 1.3; nine solved notebooks judged {walled:.2f} s in the sandbox ({kind}), "
        f"{plain:.2f} s in a plain subprocess",
    )
    total, steps = autograde_class_s()
    parts = ", ".join(f"{step} {value:.0f} s" for step, value in steps.items())
    report(
        "autograde_class_s",
        total,
        f"goal <= 180; {CLASS_SIZE} students x 9 exercises: {parts}; "
        "autograde and feedback in two processes on halves of the class",
        digits=1,
    )


if __name__ == "__main__":
    main()
