"""Stopping a class ends its processes, found by their marker, and nobody else's."""

import os
import subprocess
import sys

from minichain.hub.config import CLASS_MARKER
from minichain.hub.process import class_processes, stop_folder

SLEEPER = [sys.executable, "-c", "import time; time.sleep(120)"]


def sleeper(env=None):
    return subprocess.Popen(SLEEPER, env=env)


def test_a_stale_pid_file_never_stops_someone_elses_process(tmp_path):
    stranger = sleeper()
    try:
        (tmp_path / "hub").mkdir()
        (tmp_path / "hub" / "jupyterhub.pid").write_text(f"{stranger.pid}\n")
        assert stop_folder(tmp_path, timeout=5) is False
        assert stranger.poll() is None
    finally:
        stranger.kill()
        stranger.wait()


def test_whatever_carries_the_class_marker_is_stopped(tmp_path):
    left_behind = sleeper({**os.environ, CLASS_MARKER: str(tmp_path)})
    other_class = sleeper({**os.environ, CLASS_MARKER: str(tmp_path / "other")})
    try:
        assert class_processes(tmp_path) == [left_behind.pid]
        assert stop_folder(tmp_path, timeout=5) is True
        assert left_behind.wait(timeout=30) == -9
        assert other_class.poll() is None
        assert class_processes(tmp_path) == []
    finally:
        for process in (left_behind, other_class):
            process.kill()
            process.wait()


def test_the_hub_gets_sigterm_first(tmp_path):
    hub = sleeper({**os.environ, CLASS_MARKER: str(tmp_path)})
    try:
        assert stop_folder(tmp_path, hub.pid, timeout=30) is True
        assert hub.wait(timeout=30) == -15
    finally:
        hub.kill()
        hub.wait()
