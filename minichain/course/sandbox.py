"""Run a student's code in a separate, walled-off process: the grader's side of it.

A :class:`Sandbox` starts :mod:`minichain.course.worker` and talks to it over
two private pipes in plain-data frames (:mod:`minichain.course.wire`). On
Linux with bubblewrap (``bwrap``; Debian/Ubuntu: ``sudo apt-get install
bubblewrap``) the worker runs with

* its own network namespace (no network at all, not even the host's loopback),
  its own PID namespace (when the sandbox is stopped every process it started
  dies with it), its own user, IPC and UTS namespaces, all capabilities dropped;
* a file system made of read-only views of the Python installation, the
  virtual environment and the installed ``minichain`` package (any
  ``exercises`` folder in it hidden), a small private ``/tmp`` (the only
  writable place, gone with the sandbox), and fresh ``/proc`` and ``/dev``:
  the course root, the gradebook, the source notebooks, the hidden checks and
  other students' files are simply not there;
* an empty environment, a memory cap (``RLIMIT_AS``) and a file-size cap.

Time is limited per request: the worker stops the student's code itself when
it can, and the grader kills the whole sandbox when it does not answer in
time. Without bubblewrap (macOS, Windows) the worker is a plain child process
with the same limits, and :func:`isolation_warning` says, once, that files and
network are then not isolated.
"""

from __future__ import annotations

import logging
import os
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import minichain
from minichain.course import wire

MEMORY_MIB = 1024
"""Default memory cap of a sandbox (its address space), in MiB."""
FILE_MIB = 16
"""The largest file the student's code may write (in its private /tmp), in MiB."""
TMP_MIB = 64
"""Size of the private /tmp, in MiB."""
GRACE_S = 2.0
"""How long past a request's time limit the grader waits before killing the sandbox."""
START_S = 30.0
"""How long the worker may take to start."""
STOP_S = 5.0
"""How long :meth:`Sandbox.stop` waits for the killed processes to be gone."""

WARNING = (
    "minichain: bubblewrap (bwrap) is not used: student code runs in a plain subprocess "
    "with time and memory limits, but its files and network are not isolated "
    "(Debian/Ubuntu: sudo apt-get install bubblewrap)"
)
_warned: list[bool] = []
log = logging.getLogger(__name__)


def _parents() -> dict[int, int]:
    """Every process's parent, read from /proc (empty where there is no /proc)."""
    parents = {}
    for entry in Path("/proc").iterdir() if Path("/proc").is_dir() else []:
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    return parents


def descendants(pid: int) -> list[int]:
    """The processes started by ``pid``, its children's, and so on."""
    parents = _parents()
    found, frontier = [], [pid]
    while frontier:
        children = [child for child, parent in parents.items() if parent in frontier]
        found += children
        frontier = children
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


class SandboxDied(Exception):
    """The worker stopped answering or went away; the message says how."""


def bwrap_path() -> str | None:
    """The bubblewrap executable, or None where there is none (then files are not isolated)."""
    return shutil.which("bwrap") if sys.platform.startswith("linux") else None


def isolation_warning() -> None:
    """Log :data:`WARNING` (one line on stderr unless logging is set up), once per process."""
    if not _warned:
        _warned.append(True)
        log.warning(WARNING)


BOOT = (
    "import sys; sys.path.insert(0, sys.argv[1]); "
    "import minichain.course.worker as w; w.main(sys.argv[2:])"
)
"""How the worker starts: the grader's own minichain first on its path, whatever is installed."""


def _package() -> Path:
    """The folder of the minichain package this grader runs (the worker runs the same)."""
    return Path(minichain.__file__).resolve().parent


def _read_only_views() -> list[str]:
    """bwrap arguments: the system's and Python's files, read-only; nothing else."""
    args: list[str] = ["--ro-bind", "/usr", "/usr"]
    for top in ("/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"):
        path = Path(top)
        if path.is_symlink():
            args += ["--symlink", os.readlink(path), top]
        elif path.is_dir():
            args += ["--ro-bind", top, top]
    args += ["--ro-bind-try", "/etc/ld.so.cache", "/etc/ld.so.cache"]
    package = _package()
    roots = {Path(sys.prefix).resolve(), Path(sys.base_prefix).resolve()}
    roots.add(Path(sys.executable).resolve().parent.parent)
    for root in sorted(roots):
        if root != Path("/usr") and Path("/usr") not in root.parents:
            args += ["--ro-bind", str(root), str(root)]
    inside = any(root in package.parents for root in roots)
    if not inside:  # an editable install: the checkout's package folder, and nothing beside it
        args += ["--ro-bind", str(package), str(package)]
    if (package / "exercises").is_dir():
        args += ["--tmpfs", str(package / "exercises")]
    return args


def bwrap_command(bwrap: str, python: list[str]) -> list[str]:
    """The full bwrap command line that runs ``python`` walled off (see the module's list)."""
    return [
        bwrap,
        "--unshare-all",
        "--die-with-parent",
        "--new-session",
        "--cap-drop",
        "ALL",
        "--size",
        str(TMP_MIB * 2**20),
        "--tmpfs",
        "/tmp",
        *_read_only_views(),  # after /tmp: a Python or package kept under /tmp stays visible
        "--proc",
        "/proc",
        "--dev",
        "/dev",
        "--remount-ro",
        "/",
        "--chdir",
        "/tmp",
        "--clearenv",
        "--setenv",
        "HOME",
        "/tmp",
        "--setenv",
        "TMPDIR",
        "/tmp",
        "--setenv",
        "PATH",
        "/usr/bin:/bin",
        "--setenv",
        "PYTHONDONTWRITEBYTECODE",
        "1",
        "--setenv",
        "LANG",
        "C.UTF-8",
        *python,
    ]


@dataclass(frozen=True)
class Reply:
    """The worker's answer to one request.

    Attributes:
        kind: ``"cell"``, ``"ok"``, ``"raised"``, ``"refused"``, ``"timeout"``, or
            ``"died"`` (the worker crashed, was killed or broke the protocol).
        body: the rest of the answer (see :mod:`minichain.course.worker`).
    """

    kind: str
    body: tuple[Any, ...] = ()


class Sandbox:
    """One walled-off worker process holding one notebook's code.

    Args:
        memory_mib: the memory cap.
        isolate: ``True`` requires bubblewrap, ``False`` never uses it, ``None``
            (default) uses it where it is installed and warns once where not.
    """

    def __init__(self, memory_mib: int = MEMORY_MIB, isolate: bool | None = None) -> None:
        self.memory_mib = memory_mib
        bwrap = bwrap_path()
        if isolate and bwrap is None:
            raise SandboxDied("bubblewrap (bwrap) is not installed")
        self.bwrap = bwrap if isolate is not False else None
        self.process: subprocess.Popen[bytes] | None = None
        self.scratch: str | None = None
        self._to: int = -1
        self._from: int = -1

    @property
    def isolated(self) -> bool:
        """Whether files and network are walled off (bubblewrap is used)."""
        return self.bwrap is not None

    def start(self) -> None:
        """Start the worker (stopping any earlier one) and wait until it is ready.

        Raises:
            SandboxDied: the worker did not start (bubblewrap or Python is broken).
        """
        self.stop()
        child_in, self._to = os.pipe()
        self._from, child_out = os.pipe()
        python = [sys.executable, "-I", "-c", BOOT, str(_package().parent)]
        python += [str(child_in), str(child_out), str(self.memory_mib), str(FILE_MIB)]
        if self.bwrap is not None:
            command = bwrap_command(self.bwrap, python)
            cwd = "/"
            env = {"PATH": "/usr/bin:/bin"}
        else:
            isolation_warning()
            self.scratch = tempfile.mkdtemp(prefix="minichain-sandbox-")
            command, cwd = python, self.scratch
            env = {"PATH": "/usr/bin:/bin", "HOME": self.scratch, "TMPDIR": self.scratch}
            env["PYTHONDONTWRITEBYTECODE"] = "1"
        try:
            self.process = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                pass_fds=(child_in, child_out),
                cwd=cwd,
                env=env,
                start_new_session=True,
            )
        finally:
            os.close(child_in)
            os.close(child_out)
        os.set_blocking(self._to, False)
        os.set_blocking(self._from, False)
        try:
            ready = self._receive(time.monotonic() + START_S)
        except (TimeoutError, SandboxDied, wire.WireError) as error:
            self.stop()
            raise SandboxDied(f"the sandbox did not start ({error or 'timed out'})") from None
        if ready != ["ready"]:
            self.stop()
            raise SandboxDied("the sandbox did not start (it broke the protocol)")

    def stop(self) -> None:
        """Kill the worker and everything it started, and wait until they are gone."""
        if self.process is not None:
            started = descendants(self.process.pid)
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
            self.process.kill()
            self.process.wait()
            self.process = None
            for pid in started:  # in the PID namespace they die with it; without one, kill them
                try:
                    os.kill(pid, signal.SIGKILL)
                except (ProcessLookupError, PermissionError):
                    pass
            deadline = time.monotonic() + STOP_S
            while time.monotonic() < deadline and any(_alive(pid) for pid in started):
                time.sleep(0.01)
        for fd in (self._to, self._from):
            if fd >= 0:
                os.close(fd)
        self._to = self._from = -1
        if self.scratch is not None:
            shutil.rmtree(self.scratch, ignore_errors=True)
            self.scratch = None

    def __enter__(self) -> Sandbox:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _send(self, data: bytes, deadline: float) -> None:
        view = memoryview(len(data).to_bytes(4, "big") + data)
        while view:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError
            _, writable, _ = select.select([], [self._to], [], left)
            if writable:
                try:
                    view = view[os.write(self._to, view) :]
                except BrokenPipeError:
                    raise SandboxDied("the sandbox closed its input") from None

    def _receive(self, deadline: float) -> Any:
        buffer = bytearray()
        wanted = 4
        while len(buffer) < wanted:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError
            readable, _, _ = select.select([self._from], [], [], left)
            if not readable:
                continue
            chunk = os.read(self._from, min(wanted - len(buffer), 1 << 20))
            if not chunk:
                raise SandboxDied("the sandbox stopped (it crashed or ran out of memory)")
            buffer += chunk
            if wanted == 4 and len(buffer) == 4:
                wanted = 4 + int.from_bytes(buffer, "big")
                if wanted - 4 > wire.MAX_FRAME:
                    raise SandboxDied("the sandbox sent more than the grader accepts")
        return wire.decode(bytes(buffer[4:]))

    def request(self, message: list[Any], seconds: float) -> Reply:
        """Send ``message``; wait for the answer up to ``seconds`` plus a grace period.

        A worker that does not answer in time is killed (``Reply("timeout")``);
        one that crashed or sent garbage gives ``Reply("died", (why,))``. Either
        way the sandbox must be started again before the next request.
        """
        if self.process is None:
            self.start()
        deadline = time.monotonic() + seconds + GRACE_S
        try:
            self._send(wire.encode(message), deadline)
            reply = self._receive(deadline)
        except TimeoutError:
            self.stop()
            return Reply("timeout")
        except (SandboxDied, wire.WireError) as error:
            self.stop()
            return Reply("died", (str(error),))
        if type(reply) is not list or not reply or type(reply[0]) is not str:
            self.stop()
            return Reply("died", ("the sandbox broke the protocol",))
        return Reply(reply[0], tuple(reply[1:]))
