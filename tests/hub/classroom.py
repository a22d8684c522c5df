"""A whole class through a real JupyterHub on 127.0.0.1, driven as its users' browsers would.

Used by the end-to-end test (tests/hub/test_class_on_hub.py) and the benchmark
(bench/bench_class.py). Every step goes through the hub's proxy to the users'
own single-user servers, on the routes JupyterLab's nbgrader panels call:
the instructor's formgrader API (generate, release, collect, autograde with the
course's sandboxed grading, generate and release feedback), the students'
assignment list (fetch, submit, fetch feedback) and Jupyter's contents API (open
and save the notebook).
"""

from __future__ import annotations

import copy
import os
import socket
import subprocess
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest

from minichain.hub.client import Http, Hub
from minichain.hub.config import class_environment, find_proxy, venv_bin
from minichain.hub.errors import HubError
from minichain.hub.layout import COURSE_ID, ClassSettings
from tests.course import nbgrader_class as course_class

ASSIGNMENT = course_class.ASSIGNMENT
SERVER_START_S = 180.0
WORK: dict[str, tuple[Callable[[dict], None], float]] = {
    # what each student does to the released notebook, and the exact score it earns
    "student01": course_class.STUDENTS["correct"],
    "student02": course_class.STUDENTS["raises"],  # partly right: one task raises
    "student03": course_class.STUDENTS["untouched"],  # hands in the empty release
}


def need_proxy() -> None:
    """Skip on a machine without configurable-http-proxy; fail in CI, which must have it."""
    try:
        find_proxy()
    except HubError as missing:
        if os.environ.get("CI"):
            raise
        pytest.skip(str(missing))


def free_ports() -> int:
    """A port ``p`` with ``p``, ``p + 1`` and ``p + 2`` free on 127.0.0.1."""
    for _ in range(50):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = int(probe.getsockname()[1])
        if port > 65000:
            continue
        taken = False
        for other in (port + 1, port + 2):
            with socket.socket() as probe:
                taken = taken or probe.connect_ex(("127.0.0.1", other)) == 0
        if not taken:
            return port
    raise RuntimeError("no three free ports in a row")


def ok(answer: object, what: str) -> object:
    """An nbgrader answer that must say ``success``."""
    if not (isinstance(answer, dict) and answer.get("success")):
        raise AssertionError(f"{what}: {answer}")
    return answer


@dataclass
class ClassRun:
    """What a run of the class left, for the assertions."""

    settings: ClassSettings
    released: dict[str, list[dict]] = field(default_factory=dict)
    listed: dict[str, list[dict]] = field(default_factory=dict)
    feedback: dict[str, str] = field(default_factory=dict)
    submissions: list[dict] = field(default_factory=list)
    grades_csv: str = ""
    student_formgrader_status: int = 0
    round_trip_s: float = 0.0


def notebook_path() -> str:
    return f"{ASSIGNMENT}/{ASSIGNMENT}.ipynb"


def student_does_the_work(student: Http, change: Callable[[dict], None]) -> None:
    """Fetch, open, change and save the notebook, then submit it, as in JupyterLab."""
    body = {"course_id": COURSE_ID, "assignment_id": ASSIGNMENT}
    student.json("POST", "/assignments/fetch", body)
    model = student.json("GET", f"/api/contents/{notebook_path()}?type=notebook&content=1")
    notebook = copy.deepcopy(model["content"])
    change(notebook)
    saved = {"type": "notebook", "format": "json", "content": notebook}
    student.json("PUT", f"/api/contents/{notebook_path()}", saved)
    answer = student.json("POST", "/assignments/submit", body)
    assert isinstance(answer, dict) and answer.get("success"), answer


def run_class(settings: ClassSettings) -> ClassRun:
    """The term in miniature, on a hub that is already running for ``settings``."""
    run = ClassRun(settings)
    hub = Hub(settings.url, settings.driver_token)
    hub.start_servers(settings.users, timeout=SERVER_START_S)
    teacher = hub.as_user(settings.instructor)
    students = {name: hub.as_user(name) for name in settings.students}
    listing = f"/assignments?course_id={COURSE_ID}"

    started = time.perf_counter()
    grader = f"/formgrader/api/assignment/{ASSIGNMENT}"
    ok(teacher.json("POST", f"{grader}/assign"), "generate")
    ok(teacher.json("POST", f"{grader}/release"), "release")
    for name, student in students.items():
        run.released[name] = student.json("GET", listing)["value"]
        student_does_the_work(student, WORK[name][0])
    ok(teacher.json("POST", f"{grader}/collect"), "collect")
    for name in settings.students:
        path = f"/formgrader/api/submission/{ASSIGNMENT}/{name}/autograde"
        ok(teacher.json("POST", path), f"autograde {name}")
    ok(teacher.json("POST", f"{grader}/generate_feedback"), "generate_feedback")
    ok(teacher.json("POST", f"{grader}/release_feedback"), "release_feedback")
    body = {"course_id": COURSE_ID, "assignment_id": ASSIGNMENT}
    for name, student in students.items():
        student.json("POST", "/assignments/fetch_feedback", body)
        run.listed[name] = student.json("GET", listing)["value"]
        run.feedback[name] = feedback_page(student)
    run.round_trip_s = time.perf_counter() - started

    run.submissions = teacher.json("GET", f"/formgrader/api/submissions/{ASSIGNMENT}")
    run.student_formgrader_status = students[settings.students[0]].request(
        "GET", "/formgrader/api/assignments"
    )[0]
    run.grades_csv = export_grades(settings)
    return run


def feedback_page(student: Http) -> str:
    """The feedback page the student fetched (``<assignment>/feedback/<time>/<notebook>.html``)."""
    folder = student.json("GET", f"/api/contents/{ASSIGNMENT}/feedback?content=1")
    (stamp,) = [entry["path"] for entry in folder["content"] if entry["type"] == "directory"]
    path = urllib.parse.quote(f"{stamp}/{ASSIGNMENT}.html")
    page = student.json("GET", f"/api/contents/{path}?type=file&format=text")
    return str(page["content"])


def export_grades(settings: ClassSettings) -> str:
    """``nbgrader export`` in the course root, as the instructor runs it in a terminal."""
    done = subprocess.run(
        [str(venv_bin() / "nbgrader"), "export", "--to", "grades.csv"],
        cwd=settings.course,
        env=class_environment(settings),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return (settings.course / "grades.csv").read_text()
