"""The learner's speed: feedback after a save (autograding's figures are in bench_grading).

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

from bench.common import report
from minichain.course.model import load_exercise
from minichain.learn.workspace import Workspace
from tests.course import nbgrader_class as course_class

SAVES = 8


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
    report("learn_feedback_s", learn_feedback_s(), f"goal <= 1.0; median of {SAVES} saves")


if __name__ == "__main__":
    main()
