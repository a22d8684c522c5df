"""Run a class through real nbgrader and collect what an auditor would check.

One course in a temporary folder: generate_assignment, the roster, every
hand-in, then one `nbgrader autograde` per assignment (all its students in one
run), `generate_feedback` and `nbgrader export`. Around the run it watches
what the students' code must not touch: every file of the course root except
what nbgrader itself writes, the checkout's exercises folder, a canary file in
the host's /tmp, a listener on 127.0.0.1, the process table and the
gradebook's rows.
"""

from __future__ import annotations

import csv
import hashlib
import html
import json
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from minichain.course.model import load_course, load_exercise
from tests.course import EXERCISES
from tests.course.hostile.submissions import (
    ASSIGNMENTS,
    SECRET_VARIABLE,
    SUBMISSIONS,
    Context,
    Submission,
)
from tests.course.nbgrader_class import api_for, copy_course, prepare_environment

NBGRADER = [sys.executable, "-m", "nbgrader"]
WRITTEN_BY_NBGRADER = ("gradebook.db", "autograded", "feedback", "grades.csv", ".nbgrader.log")
"""What nbgrader itself writes in the course root during autograde, feedback and export."""


class Listener:
    """A TCP server on 127.0.0.1 that records every connection (no student may reach it)."""

    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.server.settimeout(0.2)
        self.port = self.server.getsockname()[1]
        self.received: list[bytes] = []
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while not self.stopping.is_set():
            try:
                connection, _ = self.server.accept()
            except OSError:
                continue
            with connection:
                connection.settimeout(2)
                try:
                    self.received.append(connection.recv(256) or b"(connected)")
                    connection.sendall(b"ok\n")
                except OSError:
                    self.received.append(b"(connected)")

    def close(self) -> None:
        self.stopping.set()
        self.thread.join(timeout=5)
        self.server.close()


def snapshot(root: Path, skip: Sequence[str] = ()) -> dict[str, str]:
    """The SHA-256 of every file under ``root`` (paths relative), leaving out top-level ``skip``."""
    found = {}
    if not root.exists():
        return found
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if relative.parts[0] in skip or "__pycache__" in relative.parts or not path.is_file():
            continue
        found[str(relative)] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def differences(before: dict[str, str], after: dict[str, str], where: str) -> list[str]:
    """Each file added, removed or changed between two snapshots, named under ``where``."""
    changed = []
    for name in sorted(set(before) | set(after)):
        if before.get(name) != after.get(name):
            state = "added" if name not in before else "removed" if name not in after else "changed"
            changed.append(f"{where}/{name} {state}")
    return changed


def processes_with(token: str) -> dict[int, str]:
    """Every running process whose command line contains ``token`` (pid -> command line)."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if token in command:
            found[int(entry.name)] = command.strip()
    return found


def hidden_lines(exercise_name: str) -> list[str]:
    """Lines of the exercise's hidden checks that nothing a student may see also contains."""
    exercise = load_exercise(EXERCISES / exercise_name)
    visible = (
        exercise.public_tests.read_text() + (EXERCISES / exercise_name / "solution.py").read_text()
    )
    release = EXERCISES / "source" / exercise_name / f"{exercise_name}.ipynb"
    visible += "".join(
        "".join(cell["source"])
        for cell in json.loads(release.read_text())["cells"]
        if "BEGIN HIDDEN TESTS" not in "".join(cell["source"])
    )
    lines = []
    for check in exercise.hidden.checks:
        lines.append(f"def {check.name}")
        for line in check.source.splitlines()[1:]:
            stripped = line.strip()
            if len(stripped) >= 12 and stripped not in visible:
                lines.append(stripped)
    return lines


def page_text(path: Path) -> str:
    """A feedback page's text, tags removed and entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "", path.read_text(errors="replace")))


@dataclass
class Outcome:
    """What one run of the class left behind.

    Attributes:
        course: the course root.
        scores: each student's exported score for the assignment it handed in.
        rows: every row of grades.csv.
        commands: each nbgrader command run, its exit status and output.
        changed: files outside nbgrader's own output that changed (course, checkout, host /tmp).
        survivors: processes a submission started that were still running after autograde.
        connections: what the listener on 127.0.0.1 received.
        leaks: student -> hidden check lines found in their feedback page.
        gradebook: rows of the gradebook that nbgrader did not write as computed.
        autograde_s: wall-clock seconds of the autograde runs.
    """

    course: Path
    scores: dict[str, float] = field(default_factory=dict)
    rows: list[dict[str, str]] = field(default_factory=list)
    commands: list[tuple[str, int, str]] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    survivors: list[str] = field(default_factory=list)
    connections: list[bytes] = field(default_factory=list)
    leaks: dict[str, list[str]] = field(default_factory=dict)
    gradebook: list[str] = field(default_factory=list)
    autograde_s: float = 0.0

    def log(self, command: str) -> str:
        """The output of the first command run that starts with ``command``."""
        return next(text for name, _, text in self.commands if name.startswith(command))


def run(course: Path, words: Iterable[str], outcome: Outcome, env: dict[str, str]) -> int:
    """Run ``nbgrader WORDS`` in the course root; note its status and output."""
    words = list(words)
    done = subprocess.run(
        [*NBGRADER, *words],
        cwd=course,
        capture_output=True,
        text=True,
        timeout=1800,
        check=False,
        env=env,
    )
    outcome.commands.append((" ".join(words), done.returncode, done.stdout + done.stderr))
    return done.returncode


def place(course: Path, item: Submission, ctx: Context) -> None:
    """Hand in ``item``: the released notebook as the student edited it, and a timestamp."""
    release = course / "release" / item.assignment / f"{item.assignment}.ipynb"
    notebook = json.loads(release.read_text())
    item.make(notebook, ctx)
    folder = course / "submitted" / item.student / item.assignment
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{item.assignment}.ipynb").write_text(json.dumps(notebook, indent=1))
    (folder / "timestamp.txt").write_text("2026-11-27 10:00:00.000000 UTC\n")


def check_gradebook(course: Path, outcome: Outcome, students: set[str]) -> None:
    """Compare the gradebook with the roster, the exercises and the autograded notebooks."""
    connection = sqlite3.connect(f"file:{course / 'gradebook.db'}?mode=ro", uri=True)
    found = {row[0] for row in connection.execute("SELECT id FROM student")}
    if found != students:
        outcome.gradebook.append(f"students {sorted(found ^ students)} added or removed")
    points = {
        (exercise.name, f"check_{task.id}"): float(task.points)
        for exercise in load_course(EXERCISES)
        for task in exercise.tasks
    }
    rows = connection.execute(
        "SELECT sa.student_id, a.name, bc.name, g.auto_score, g.manual_score, g.extra_credit,"
        " gc.max_score FROM grade g"
        " JOIN submitted_notebook n ON g.notebook_id = n.id"
        " JOIN submitted_assignment sa ON n.assignment_id = sa.id"
        " JOIN assignment a ON sa.assignment_id = a.id"
        " JOIN base_cell bc ON g.cell_id = bc.id"
        " JOIN grade_cells gc ON g.cell_id = gc.id"
    ).fetchall()
    connection.close()
    computed: dict[tuple[str, str], dict[str, float | None]] = {}
    for student, assignment, cell, auto, manual, extra, maximum in rows:
        where = f"{student}/{assignment}/{cell}"
        if manual is not None or extra is not None:
            outcome.gradebook.append(f"{where}: manual score {manual}, extra credit {extra}")
        if points.get((assignment, cell)) != maximum:
            outcome.gradebook.append(f"{where}: max score {maximum}")
        if (student, assignment) not in computed:
            computed[student, assignment] = notebook_grades(course, student, assignment)
        score = computed[student, assignment].get(cell)
        if score is not None and score != auto:
            outcome.gradebook.append(f"{where}: auto score {auto}, its notebook says {score}")


def notebook_grades(course: Path, student: str, assignment: str) -> dict[str, float | None]:
    """What nbgrader's determine_grade reads from each test cell of the autograded notebook."""
    from nbformat import read
    from nbgrader.utils import determine_grade, is_grade

    path = course / "autograded" / student / assignment / f"{assignment}.ipynb"
    if not path.exists():
        return {}
    return {
        cell.metadata.nbgrader.grade_id: determine_grade(cell)[0]
        for cell in read(str(path), as_version=4).cells
        if is_grade(cell)
    }


def run_class(
    workdir: Path,
    submissions: Sequence[Submission] = SUBMISSIONS,
    assignments: Sequence[str] = ASSIGNMENTS,
    config: str | None = None,
) -> Outcome:
    """Run ``submissions`` through nbgrader in a course under ``workdir``; see :class:`Outcome`.

    Args:
        config: the text of another nbgrader_config.py (default: the course's own).
    """
    prepare_environment()
    course = copy_course(workdir)
    if config is not None:
        (course / "nbgrader_config.py").write_text(config)
    token = f"hostile{uuid.uuid4().hex[:12]}"
    canary = Path("/tmp") / f"minichain-canary-{token}"
    canary.write_text("the host's own file\n")
    listener = Listener()
    ctx = Context(token, course, EXERCISES, canary, listener.port)
    outcome = Outcome(course)
    env = {**os.environ, SECRET_VARIABLE: token}
    try:
        api = api_for(course)
        for assignment in assignments:
            generated = api.generate_assignment(assignment)
            assert generated["success"], generated["log"]
        roster = course / "students.csv"
        roster.write_text(
            "id,first_name,last_name\n"
            + "".join(f"{item.student},Student,{item.student}\n" for item in submissions)
        )
        assert run(course, ["db", "student", "import", str(roster)], outcome, env) == 0
        for item in submissions:
            place(course, item, ctx)

        course_before = snapshot(course, WRITTEN_BY_NBGRADER)
        checkout_before = snapshot(EXERCISES)
        started = time.perf_counter()
        for assignment in assignments:
            run(course, ["autograde", assignment, "--force"], outcome, env)
        outcome.autograde_s = time.perf_counter() - started
        time.sleep(1.0)  # a process that outlives autograde has had time to act
        outcome.survivors = [f"{pid}: {cmd}" for pid, cmd in processes_with(token).items()]
        for assignment in assignments:
            run(course, ["generate_feedback", assignment, "--force"], outcome, env)
        run(course, ["export", "--to", "grades.csv"], outcome, env)

        outcome.changed += differences(
            course_before, snapshot(course, WRITTEN_BY_NBGRADER), "course"
        )
        # Only what carries the run's token: other people may edit the checkout meanwhile.
        checkout = differences(checkout_before, snapshot(EXERCISES), "exercises")
        outcome.changed += [line for line in checkout if token in line]
        if canary.read_text() != "the host's own file\n":
            outcome.changed.append(f"{canary} changed")
        outcome.changed += [
            f"{path} added" for path in Path("/tmp").glob(f"*{token}*") if path != canary
        ]
        outcome.connections = list(listener.received)

        with (course / "grades.csv").open() as handle:
            outcome.rows = list(csv.DictReader(handle))
        handed_in = {(item.student, item.assignment) for item in submissions}
        for row in outcome.rows:
            if (row["student_id"], row["assignment"]) in handed_in:
                outcome.scores[row["student_id"]] = float(row["score"])
        lines = {name: hidden_lines(name) for name in {e.name for e in load_course(EXERCISES)}}
        for page in sorted((course / "feedback").rglob("*.html")):
            text = page_text(page)
            leaked = [line for found in lines.values() for line in found if line in text]
            if leaked or "BEGIN HIDDEN TESTS" in text:
                outcome.leaks[page.parent.parent.name] = leaked or ["BEGIN HIDDEN TESTS"]
        check_gradebook(course, outcome, {item.student for item in submissions})
    finally:
        listener.close()
        cleanup(token)
    return outcome


def cleanup(token: str) -> None:
    """Stop what the run's submissions started and remove what they planted outside the course."""
    for pid in processes_with(token):
        try:
            os.kill(pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
    for path in [*Path("/tmp").glob(f"*{token}*"), *EXERCISES.glob(f"*{token}*")]:
        path.unlink(missing_ok=True)


def table(outcome: Outcome, submissions: Sequence[Submission] = SUBMISSIONS) -> str:
    """The class as a Markdown table: student, kind, assignment, what they did, deserved, got."""
    lines = [
        "| student | kind | assignment | what | deserved | got |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for item in submissions:
        got = outcome.scores.get(item.student)
        shown = "-" if got is None else f"{got:g}"
        mark = "" if got is not None and abs(got - round(item.deserved, 2)) < 0.011 else " **x**"
        kind = "cheat" if item.cheat else "honest"
        lines.append(
            f"| {item.student} | {kind} | {item.assignment} | {item.what} "
            f"| {round(item.deserved, 2):g} | {shown}{mark} |"
        )
    return "\n".join(lines)


def summary(outcome: Outcome) -> str:
    """Everything but the scores, one line per finding."""
    found: list[Any] = []
    found += [f"command `{name}` exited {code}" for name, code, _ in outcome.commands if code]
    found += [f"changed: {line}" for line in outcome.changed]
    found += [f"survived: {line[:120]}" for line in outcome.survivors]
    found += [f"listener got: {data[:60]!r}" for data in outcome.connections]
    found += [
        f"leak in {student}'s feedback: {lines[:3]}" for student, lines in outcome.leaks.items()
    ]
    found += [f"gradebook: {line}" for line in outcome.gradebook]
    return "\n".join(found) or "(nothing else)"
