"""One nbgrader process grading part of a class on every assignment (used by bench_grading).

``python -m bench.grade_half STEP COURSE PREFIX NAME...`` runs nbgrader's Python API
(the one formgrader uses) in this one process: for each assignment NAME, STEP
(``autograde`` or ``generate_feedback``) for every student whose id starts with
PREFIX. One process per half of the class keeps both cores busy while each
process writes only its own students' rows of the SQLite gradebook, and spares
the interpreter and nbgrader start-up (two seconds of CPU) per assignment that
one command line per assignment would cost.
"""

from __future__ import annotations

import sys
from pathlib import Path

from tests.course import nbgrader_class as course_class


def main(argv: list[str]) -> int:
    step, course, prefix, *names = argv
    api = course_class.api_for(Path(course))
    for name in names:
        if step == "autograde":
            done = api.autograde(name, f"{prefix}*", force=True)
        else:
            done = api.generate_feedback(name, f"{prefix}*", force=True)
        if not done["success"]:
            print(f"{step} {name} {prefix}*: {done['error']}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
