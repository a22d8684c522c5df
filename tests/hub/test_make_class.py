"""`make class` as an instructor runs it: up in a terminal, then Ctrl-C or `make class-stop`.

Each test starts the real target (the hub, its proxy, no single-user server
yet), waits for the line that says it is up, stops it one way, and checks
that nothing of the class is left running.
"""

import os
import signal
import subprocess
import sys
import time

import pytest

from minichain.hub.client import hub_answers
from minichain.hub.process import class_processes
from tests.course import ROOT
from tests.hub import classroom

pytestmark = pytest.mark.heavy
UP_LINE = "Ctrl-C here, or `make class-stop`, stops it."
START_S = 180


def make(*args, **kwargs):
    bin_dir = os.path.dirname(sys.executable)
    env = {**os.environ, "PATH": bin_dir + os.pathsep + os.environ.get("PATH", "")}
    return subprocess.Popen(
        ["make", "--no-print-directory", "-s", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        **kwargs,
    )


def start_class(folder, port):
    started = make(
        "class", f"CLASS_DIR={folder}", f"CLASS_PORT={port}", "STUDENTS=2", start_new_session=True
    )
    lines = []
    deadline = time.monotonic() + START_S
    for line in started.stdout:  # the target prints its lines, then blocks until stopped
        lines.append(line.rstrip())
        if line.strip() == UP_LINE or time.monotonic() > deadline:
            break
    assert lines and lines[-1] == UP_LINE, "\n".join(lines)
    return started, lines


@pytest.fixture
def class_folder(tmp_path):
    classroom.need_proxy()
    folder = tmp_path / "class"
    yield folder
    leftovers = class_processes(folder)
    for pid in leftovers:  # only if a test failed half-way: never leave a hub behind
        os.kill(pid, signal.SIGKILL)


def test_ctrl_c_stops_the_class_and_everything_it_started(class_folder):
    port = classroom.free_ports()
    started, lines = start_class(class_folder, port)
    assert f"JupyterHub is up at http://127.0.0.1:{port} (this machine only)" in lines
    assert any("students:   student01, student02" in line for line in lines)
    assert hub_answers(f"http://127.0.0.1:{port}")
    assert class_processes(class_folder)
    os.killpg(started.pid, signal.SIGINT)  # what Ctrl-C in the terminal does
    rest = started.communicate(timeout=120)[0]
    assert "stopped" in rest
    assert class_processes(class_folder) == []
    assert not hub_answers(f"http://127.0.0.1:{port}")


def test_make_class_stop_stops_it_and_make_class_brings_the_same_class_back(class_folder):
    port = classroom.free_ports()
    started, before = start_class(class_folder, port)
    stop = make("class-stop", f"CLASS_DIR={class_folder}")
    assert "stopped the class" in stop.communicate(timeout=120)[0]
    assert "the hub stopped" in started.communicate(timeout=120)[0]
    assert started.returncode == 0
    assert class_processes(class_folder) == []
    again = make("class-stop", f"CLASS_DIR={class_folder}")
    assert "no class was running" in again.communicate(timeout=120)[0]

    restarted, after = start_class(class_folder, port)  # same folder: same users and passwords
    os.killpg(restarted.pid, signal.SIGINT)
    restarted.communicate(timeout=120)
    passwords = [line for line in before if "password:" in line]
    assert len(passwords) == 2 and [line for line in after if "password:" in line] == passwords
    assert class_processes(class_folder) == []
