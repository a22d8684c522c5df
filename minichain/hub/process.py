"""Start a class's hub, wait until it answers, and stop it with everything it started.

The hub runs as ``jupyterhub -f minichain/hub/jupyterhub_config.py`` in a
session of its own, with ``MINICHAIN_CLASS`` (the class folder) in its
environment; JupyterHub passes its environment to the proxy, and the spawner
puts the marker in every single-user server's, whose kernels inherit it. On
stop the hub gets SIGTERM and stops its servers and the proxy itself
(``cleanup_servers``, ``cleanup_proxy``); whatever still carries the marker
after that (a server that did not stop in time) is killed by its process id.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from minichain.hub.client import hub_answers, wait_until
from minichain.hub.config import CLASS_MARKER, class_environment, find_proxy, venv_bin
from minichain.hub.errors import HubError
from minichain.hub.layout import ClassSettings, prepare

CONFIG_FILE = Path(__file__).with_name("jupyterhub_config.py")
HUB_START_S = 180.0
STOP_S = 60.0
LOG_FILE = "jupyterhub.log"


def class_processes(folder: Path) -> list[int]:
    """Process ids of everything that carries ``folder``'s class marker (Linux's /proc).

    Without /proc (macOS) nothing is found: stopping then relies on the hub's
    own clean-up of its servers and proxy, and on the pid file.
    """
    marker = f"{CLASS_MARKER}={Path(folder).resolve()}".encode()
    found: list[int] = []
    proc = Path("/proc")
    if not proc.is_dir():
        return found
    for entry in proc.iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            environ = (entry / "environ").read_bytes()
        except OSError:  # gone, or not ours to read
            continue
        if marker in environ.split(b"\0"):
            found.append(int(entry.name))
    return sorted(found)


def _port_free(port: int) -> bool:
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        return probe.connect_ex(("127.0.0.1", port)) != 0


@dataclass
class RunningClass:
    """A hub this process started (:func:`start`)."""

    settings: ClassSettings
    hub: subprocess.Popen[bytes]

    @property
    def log(self) -> Path:
        return self.settings.hub_folder / LOG_FILE

    def wait(self) -> int:
        """Block until the hub exits; its exit status."""
        return self.hub.wait()

    def stop(self) -> None:
        """Stop the hub, its servers and its proxy; nothing of the class keeps running."""
        stop_folder(self.settings.folder, self.hub.pid)
        self.hub.wait(timeout=STOP_S)


def import_roster(settings: ClassSettings) -> None:
    """``nbgrader db student import students.csv`` in the course root (the formgrader's roster)."""
    done = subprocess.run(
        [str(venv_bin() / "nbgrader"), "db", "student", "import", "students.csv"],
        cwd=settings.course,
        env=class_environment(settings),
        capture_output=True,
        text=True,
        timeout=HUB_START_S,
        check=False,
    )
    if done.returncode != 0:
        raise HubError(
            "students.csv", "nbgrader could not import it: {stderr}", stderr=done.stderr[-300:]
        )


def start(
    settings: ClassSettings, exercises: Path, *, timeout: float = HUB_START_S
) -> RunningClass:
    """Prepare the class folder, start its hub and return once the hub answers.

    Raises:
        HubError: the proxy is missing, a port is taken, or the hub did not answer in time
            (the last lines of its log are in the message).
    """
    find_proxy()
    for port in (settings.port, settings.port + 1, settings.port + 2):
        if not _port_free(port):
            raise HubError(
                f"port {port}",
                "already in use on 127.0.0.1; choose another --port (make class CLASS_PORT=...)",
            )
    if class_processes(settings.folder):
        raise HubError(str(settings.folder), "this class is already running; stop it first")
    prepare(settings, exercises)
    log = (settings.hub_folder / LOG_FILE).open("ab")
    hub = subprocess.Popen(
        [str(venv_bin() / "jupyterhub"), "-f", str(CONFIG_FILE)],
        cwd=settings.hub_folder,
        env=class_environment(settings),
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # Ctrl-C reaches our handler, which stops the hub in order
    )
    log.close()
    running = RunningClass(settings, hub)
    try:
        import_roster(settings)

        def ready() -> bool:
            if hub.poll() is not None:
                raise HubError(
                    "jupyterhub",
                    "exited with {returncode}: {log}",
                    returncode=hub.returncode,
                    log=_tail(running.log),
                )
            return hub_answers(settings.url)

        wait_until(ready, f"the hub at {settings.url}", timeout=timeout)
    except BaseException:
        running.stop()
        raise
    return running


def _tail(log: Path, lines: int = 5) -> str:
    try:
        return " | ".join(log.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        state = Path(f"/proc/{pid}/stat").read_text()
    except OSError:  # no /proc (macOS), or it just went: kill(pid, 0) is all there is
        return True
    return state.split(") ", 1)[-1][:1] != "Z"  # a zombie has finished


def stop_folder(folder: Path, hub_pid: int | None = None, *, timeout: float = STOP_S) -> bool:
    """Stop the class in ``folder``: SIGTERM to its hub, then SIGKILL to what is left.

    The hub's pid is ``hub_pid`` or the one in ``hub/jupyterhub.pid``. Returns
    whether anything was running.
    """
    if hub_pid is None:
        pid_file = Path(folder) / "hub" / "jupyterhub.pid"
        try:
            hub_pid = int(pid_file.read_text().strip())
        except (OSError, ValueError):
            hub_pid = None
    running = class_processes(folder)
    # With /proc, the pid file is trusted only for a process that carries the marker
    # (a stale file may name someone else's process by now).
    hub = hub_pid if hub_pid in running or not Path("/proc").is_dir() else None
    was_running = bool(running) or (hub is not None and _alive(hub))
    if hub is not None and _alive(hub):
        os.kill(hub, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while _alive(hub) and time.monotonic() < deadline:
            time.sleep(0.2)
    # SIGKILL whatever is left, until nothing of the class is: a killed process lingers
    # until the kernel has torn it down, and one being started just then shows up late.
    deadline = time.monotonic() + timeout
    while True:
        left = [pid for pid in class_processes(folder) if _alive(pid)]
        if not left or time.monotonic() > deadline:
            break
        for pid in left:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        time.sleep(0.05)
    return was_running
