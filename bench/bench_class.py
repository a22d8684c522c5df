"""A class on JupyterHub (issue 20): how soon the hub answers, and one assignment's round trip.

* ``class_start_s``: from ``make class`` (a new class folder) to the hub answering
  its API on 127.0.0.1; goal <= 20 s. Includes make's check of the venv, the
  class folder, the roster imported into the gradebook, the hub and its proxy.
* ``class_round_trip_s``: in the end-to-end test's class of three (hub and servers
  already up): the instructor generates and releases, three students fetch, work
  and submit, the instructor collects, autogrades (sandboxed), generates and
  releases feedback, and every student has fetched theirs.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import report
from minichain.hub.client import hub_answers, wait_until
from minichain.hub.config import find_proxy
from minichain.hub.errors import HubError
from minichain.hub.layout import new_settings
from minichain.hub.process import start, stop_folder
from tests.course import EXERCISES, ROOT
from tests.hub import classroom


def class_start_s() -> float:
    """Seconds from `make class` to the hub's API answering."""
    with tempfile.TemporaryDirectory(prefix="minichain-class-") as scratch:
        folder = Path(scratch) / "class"
        port = classroom.free_ports()
        env = {
            **os.environ,
            "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        }
        began = time.perf_counter()
        running = subprocess.Popen(
            ["make", "-s", "class", f"CLASS_DIR={folder}", f"CLASS_PORT={port}"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_until(
                lambda: hub_answers(f"http://127.0.0.1:{port}"), "hub", timeout=180, poll=0.1
            )
            took = time.perf_counter() - began
        finally:
            stop_folder(folder)
            running.wait(timeout=120)
        return took


def class_round_trip_s() -> float:
    """Seconds of release -> 3 submissions -> autograde -> feedback fetched, on a real hub."""
    with tempfile.TemporaryDirectory(prefix="minichain-class-") as scratch:
        settings = new_settings(Path(scratch) / "class", port=classroom.free_ports(), students=3)
        running = start(settings, EXERCISES)
        try:
            return classroom.run_class(settings).round_trip_s
        finally:
            running.stop()


def main() -> None:
    try:
        find_proxy()
    except HubError as missing:  # no Node.js here: say so instead of failing the other figures
        print(f"class_start_s, class_round_trip_s: skipped ({missing})", flush=True)
        return
    report("class_start_s", class_start_s(), "goal <= 20 s")
    report("class_round_trip_s", class_round_trip_s(), "report")


if __name__ == "__main__":
    main()
