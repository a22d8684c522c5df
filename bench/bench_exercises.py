"""The exercise machinery's two speeds: autograding a class, and feedback after a save.

* ``autograde_s_per_notebook``: a class of 30 fake students hands in the first
  exercise; nbgrader's Python API autogrades them all in this one process.
  The students are the end-to-end test's kinds of submission, less the endless
  loop (that one costs the configured cell timeout by design).
* ``learn_feedback_s``: ``minichain learn`` runs in a real terminal; the
  learner's file is saved, and the clock stops when the result line appears.
"""

from __future__ import annotations

import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench.common import report, seconds
from minichain.course.model import load_exercise
from minichain.learn.workspace import Workspace
from tests.course import nbgrader_class as course_class

CLASS_SIZE = 30
SAVES = 8


def autograde_s_per_notebook() -> tuple[float, float]:
    """Seconds per notebook for the class, and one kernel's start-up for comparison."""
    from jupyter_client.manager import start_new_kernel
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

        total = seconds(grade_all)

    def kernel_start() -> None:
        manager, client = start_new_kernel(kernel_name="python3")
        client.stop_channels()
        manager.shutdown_kernel(now=True)

    kernel = statistics.median(seconds(kernel_start) for _ in range(3))
    return total / CLASS_SIZE, kernel


def learn_feedback_s() -> float:
    """Median seconds from a save to the result line in `minichain learn`'s terminal."""
    import pexpect

    exercise_dir = course_class.EXERCISES / "evidence_hash"
    versions = [exercise_dir / "solution.py", exercise_dir / "starter.py"]
    env = {**os.environ, "TERM": "dumb", "NO_COLOR": "1", "COLUMNS": "200"}
    minichain = str(Path(sys.executable).parent / "minichain")
    with tempfile.TemporaryDirectory(prefix="minichain-learn-bench-") as scratch:
        workspace = Path(scratch) / "work"
        child = pexpect.spawn(
            minichain, ["learn", "--workspace", str(workspace)], env=env, encoding="utf-8"
        )
        try:
            child.expect("watching for saves", timeout=30)
            exercise = load_exercise(exercise_dir)
            target = Workspace(workspace, course_class.EXERCISES).file_for(exercise)
            times = []
            for save in range(SAVES):
                start = time.perf_counter()
                shutil.copyfile(versions[save % 2], target)
                child.expect(["✓ all .* checks pass", "✗ "], timeout=30)
                times.append(time.perf_counter() - start)
                time.sleep(0.3)
            child.sendline("q")
            child.expect(pexpect.EOF, timeout=30)
        finally:
            if child.isalive():
                child.terminate(force=True)
    return statistics.median(times)


def main() -> None:
    per_notebook, kernel = autograde_s_per_notebook()
    report(
        "autograde_s_per_notebook",
        per_notebook,
        f"goal <= 1.5; class of {CLASS_SIZE}, NbGraderAPI in one process; "
        f"one kernel start alone takes {kernel:.2f} s",
    )
    report("learn_feedback_s", learn_feedback_s(), f"goal <= 1.0; median of {SAVES} saves")


if __name__ == "__main__":
    main()
