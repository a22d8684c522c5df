"""A real nbgrader course in a temporary folder, and the fake students who hand work in.

Used by the end-to-end test (tests/course/test_nbgrader_workflow.py) and by the
autograde benchmark (bench/bench_exercises.py). Everything is real: nbgrader's
Python API, its gradebook, and a bubblewrap sandbox per notebook (JudgeNotebook).
"""

from __future__ import annotations

import copy
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from minichain.course.model import load_exercise

ROOT = Path(__file__).resolve().parents[2]
EXERCISES = ROOT / "exercises"
ASSIGNMENT = "evidence_hash"


def prepare_environment() -> None:
    """nbgrader runs `alembic` from PATH and its kernels import minichain via PYTHONPATH."""
    bin_dir = str(Path(sys.executable).parent)
    if os.environ.get("PATH", "").split(os.pathsep)[0] != bin_dir:
        os.environ["PATH"] = bin_dir + os.pathsep + os.environ.get("PATH", "")
    paths = os.environ.get("PYTHONPATH", "").split(os.pathsep)
    if str(ROOT) not in paths:
        os.environ["PYTHONPATH"] = os.pathsep.join([str(ROOT), *[p for p in paths if p]])


def copy_course(target: Path) -> Path:
    """Copy the course root (config and source notebooks, both languages) to ``target``."""
    course = target / "course"
    course.mkdir(parents=True)
    shutil.copy(EXERCISES / "nbgrader_config.py", course / "nbgrader_config.py")
    shutil.copytree(EXERCISES / "source", course / "source")
    shutil.copytree(EXERCISES / "source_zh", course / "source_zh")
    return course


def api_for(course: Path, source: str = "source"):  # -> nbgrader.apps.NbGraderAPI (lazy: slow)
    """nbgrader's Python API on ``course``, configured by its nbgrader_config.py.

    ``source`` is the folder of source notebooks to release from (``source_zh``
    for the Chinese ones, as ``--CourseDirectory.source_directory=source_zh`` does).
    """
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory
    from traitlets.config.loader import PyFileConfigLoader

    config = PyFileConfigLoader("nbgrader_config.py", path=str(course)).load_config()
    config.CourseDirectory.root = str(course)
    config.CourseDirectory.source_directory = source
    return NbGraderAPI(coursedir=CourseDirectory(config=config), config=config)


def solution_functions() -> dict[str, str]:
    """The reference answers of the assignment, without their solution markers."""
    exercise = load_exercise(EXERCISES / ASSIGNMENT)
    return {
        function.name: "".join(
            line for line in function.source.splitlines(keepends=True) if "###" not in line
        )
        for function in exercise.solution_code.functions
    }


def nbgrader(course: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    """Run the nbgrader command line in ``course``; output captured, exit status not checked."""
    return subprocess.run(
        [sys.executable, "-m", "nbgrader", *args],
        cwd=course,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def _answer(notebook: dict, function: str, source: str) -> None:
    for cell in notebook["cells"]:
        if cell["id"] == f"answer_{function}":
            cell["source"] = source
            return
    raise KeyError(function)


def _all_correct(notebook: dict) -> None:
    for name, text in solution_functions().items():
        _answer(notebook, name, text)


def fully_correct(notebook: dict) -> None:
    _all_correct(notebook)


def passes_public_fails_hidden(notebook: dict) -> None:
    """Slips the public checks do not catch: the hidden ones, with other data, do."""
    _all_correct(notebook)
    _answer(  # forgives spaces, not the newline a copied receipt brings along
        notebook,
        "matches_record",
        "def matches_record(evidence, recorded):\n"
        "    algorithm, colon, digits = recorded.lower().rpartition(':')\n"
        "    if colon and algorithm.strip() not in ('sha256', 'sha-256'):\n"
        "        return False\n"
        "    return digits.replace(' ', '') == fingerprint(evidence)\n",
    )
    _answer(  # never checks the first entry
        notebook,
        "first_tampered",
        "def first_tampered(records, links):\n"
        "    if len(records) != len(links):\n"
        "        return min(len(records), len(links))\n"
        "    previous = link(GENESIS, records[0]) if records else GENESIS\n"
        "    for index in range(1, len(records)):\n"
        "        previous = link(previous, records[index])\n"
        "        if previous != links[index]:\n"
        "            return index\n"
        "    return None\n",
    )


def raises_an_exception(notebook: dict) -> None:
    _all_correct(notebook)
    _answer(
        notebook,
        "fingerprint",
        "def fingerprint(evidence):\n    return sha256(evidence.decode()).hex()\n",
    )
    _answer(
        notebook,
        "matches_record",
        solution_functions()["matches_record"].replace(
            "fingerprint(evidence)", "sha256(evidence).hex()"
        ),
    )


def loops_forever(notebook: dict) -> None:
    _all_correct(notebook)
    _answer(
        notebook,
        "first_tampered",
        "def first_tampered(records, links):\n    while True:\n        pass\n",
    )


def edited_a_locked_test_cell(notebook: dict) -> None:
    _all_correct(notebook)
    _answer(
        notebook,
        "first_tampered",
        "def first_tampered(records, links):\n    return 2\n",
    )
    for cell in notebook["cells"]:
        if cell["id"] == "check_first_tampered":
            cell["source"] = 'print("all checks passed")\n'


def deleted_a_test_cell(notebook: dict) -> None:
    _all_correct(notebook)
    _answer(
        notebook, "matches_record", "def matches_record(evidence, recorded):\n    return True\n"
    )
    notebook["cells"] = [c for c in notebook["cells"] if c["id"] != "check_matches_record"]


def stripped_the_metadata(notebook: dict) -> None:
    _all_correct(notebook)
    for cell in notebook["cells"]:
        cell["metadata"] = {}


def untouched_release(notebook: dict) -> None:
    """Hands in the released notebook as it came."""


STUDENTS: dict[str, tuple[Callable[[dict], None], float]] = {
    # student id: (what they did to the released notebook, the exact score nbgrader must give).
    # Each check earns its share of its task's points (equal shares in evidence_hash, 23
    # points over ten tasks): public_only fails one hidden check of matches_record (1/12 of
    # 2 points) and one of first_tampered (1/7 of 3 points): 23 - 1/6 - 3/7 = 22.4;
    # raises loses fingerprint's point (its matches_record does not call fingerprint);
    # loops loses first_tampered's 3 points; edited_test's first_tampered passes 3 of its 7
    # checks (23 - 4 * 3/7 = 21.29); deleted_test's matches_record, whose "True" passes 7 of
    # its 12 checks, keeps 7/6 of its 2 points (22.17).
    "correct": (fully_correct, 23.0),
    "public_only": (passes_public_fails_hidden, 22.4),
    "raises": (raises_an_exception, 22.0),
    "loops": (loops_forever, 20.0),
    "edited_test": (edited_a_locked_test_cell, 21.29),
    "deleted_test": (deleted_a_test_cell, 22.17),
    "stripped": (stripped_the_metadata, 23.0),
    "untouched": (untouched_release, 0.0),
}


def submit(course: Path, student: str, change: Callable[[dict], None]) -> Path:
    """Place ``student``'s submission, made from the release notebook by ``change``."""
    release = course / "release" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    notebook = copy.deepcopy(json.loads(release.read_text()))
    change(notebook)
    target = course / "submitted" / student / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(notebook, indent=1))
    (target.parent / "timestamp.txt").write_text("2026-11-27 10:00:00.000000 UTC\n")
    return target
