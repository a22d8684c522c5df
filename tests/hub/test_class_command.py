"""`minichain course class` refuses with one line, and never leaves a half-started hub."""

import socket
import subprocess
import sys

from minichain.hub.process import class_processes
from tests.hub import classroom


def course_class(*args, cwd):
    return subprocess.run(
        [sys.executable, "-m", "minichain", "course", "class", *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=cwd,
        check=False,
    )


def test_stop_with_nothing_running_says_so(tmp_path):
    done = course_class("--folder", str(tmp_path / "none"), "--stop", cwd=tmp_path)
    assert (done.returncode, done.stdout.strip(), done.stderr) == (0, "no class was running", "")


def test_a_class_of_no_students_is_refused_in_one_line(tmp_path):
    classroom.need_proxy()
    done = course_class("--folder", str(tmp_path / "c"), "--students", "0", cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr.strip() == "minichain: students: must be 1 to 500, got 0"


def test_a_port_in_use_is_named_and_nothing_starts(tmp_path):
    classroom.need_proxy()
    port = classroom.free_ports()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", port + 1))
        taken.listen()
        folder = tmp_path / "c"
        done = course_class("--folder", str(folder), "--port", str(port), cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr.strip() == (
        f"minichain: port {port + 1}: already in use on 127.0.0.1; "
        "choose another --port (make class CLASS_PORT=...)"
    )
    assert "Traceback" not in done.stderr
    assert class_processes(folder) == []
