"""The student's side of the sandbox: run the notebook's code, then answer calls.

Started by :mod:`minichain.course.sandbox` (``python -I``, with the grader's
own minichain first on the path) as ``main([IN_FD, OUT_FD, MEMORY_MIB,
FILE_MIB])``. Before any student code runs it caps its own memory and file
sizes (the caps hold for everything it starts), keeps the two pipe ends to
itself and sends the student's ``print`` output to a bounded buffer. Then it
serves requests, one frame each (:mod:`minichain.course.wire`):

* ``["cell", index, code, seconds]``: run one notebook cell in the notebook's
  namespace; answers ``["cell", error]`` with ``error`` one line, or ``""``.
* ``["call", function, args, kwargs, seconds]``: call a function the
  notebook defined; answers ``["ok", value, arguments]`` (the arguments that
  are lists, dicts or sets, as they are after the call), ``["raised", names, text,
  field, rule]`` (the exception's class names from its own class up, the first
  line of its message, and a library error's field and rule),
  ``["timeout"]`` or ``["refused", why]`` (a value that cannot be sent).

Nothing here is trusted by the grader: whatever the student's code does to
this process, the grader only ever reads plain data from it.
"""

from __future__ import annotations

import builtins
import os
import resource
import signal
import sys
import types
from types import FrameType
from typing import Any, BinaryIO

from minichain.course import carry, wire

MUTABLE = (list, dict, set)
"""The argument types whose changes are sent back (a check may look at its list afterwards)."""
TEXT_LIMIT = 200
"""The longest message text sent back (one line)."""


class TimeLimit(BaseException):
    """Raised in the student's code when its time is up (an endless loop)."""


class Sink:
    """A text stream that keeps at most ``limit`` characters (the student's prints)."""

    def __init__(self, limit: int = 20_000) -> None:
        self.limit = limit
        self.parts: list[str] = []
        self.size = 0

    def write(self, text: object) -> int:
        if type(text) is str and self.size < self.limit:
            kept = text[: self.limit - self.size]
            self.parts.append(kept)
            self.size += len(kept)
        return len(text) if type(text) is str else 0

    def flush(self) -> None:
        """Nothing to flush."""

    def isatty(self) -> bool:
        return False


class _Shell:
    """What ``get_ipython()`` returns: line magics and shell commands do nothing."""

    def __init__(self, namespace: dict[str, Any]) -> None:
        self.user_ns = namespace

    def run_line_magic(self, *args: object, **kwargs: object) -> None:
        return None

    def run_cell_magic(self, name: object, line: object, cell: object) -> None:
        """A cell magic (``%%time``) runs its cell's Python; others are ignored."""
        if name in ("time", "timeit", "capture") and isinstance(cell, str):
            exec(compile(cell, "<cell>", "exec"), self.user_ns)  # noqa: S102 - the student's cell
        return None

    def system(self, *args: object, **kwargs: object) -> None:
        return None

    def getoutput(self, *args: object, **kwargs: object) -> list[str]:
        return []


def _alarm(seconds: float) -> None:
    def stop(number: int, frame: FrameType | None) -> None:
        raise TimeLimit

    signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, max(seconds, 0.001))


def _disarm() -> None:
    signal.setitimer(signal.ITIMER_REAL, 0)


def _line(value: Any) -> str:
    """The first line of ``value`` if it is a str, bounded; else ""."""
    if type(value) is not str:
        return ""
    stripped = value.strip()
    return stripped.splitlines()[0][:TEXT_LIMIT] if stripped else ""


def describe(error: BaseException) -> list[Any]:
    """``["raised", names, text, field, rule]`` for ``error``, whatever its class does."""
    try:
        names = [
            cls.__name__ if type(cls.__name__) is str else "?"
            for cls in type.__getattribute__(type(error), "__mro__")
        ][:32]
    except BaseException:  # noqa: BLE001 - a metaclass may do anything
        names = ["Exception"]
    parts = []
    for reader in (
        lambda: str(error),
        lambda: error.__dict__.get("field", ""),
        lambda: error.__dict__.get("rule", ""),
    ):
        try:
            parts.append(_line(reader()))
        except BaseException:  # noqa: BLE001 - a __str__ that raises, a TimeLimit
            parts.append("")
    return ["raised", [name[:60] for name in names], *parts]


class Worker:
    """The request loop over the two pipe ends."""

    def __init__(self, reader: BinaryIO, writer: BinaryIO) -> None:
        self.reader = reader
        self.writer = writer
        main = types.ModuleType("__main__")  # the notebook's module, as in a kernel
        sys.modules["__main__"] = main
        self.namespace: dict[str, Any] = main.__dict__
        self.namespace["__builtins__"] = builtins
        self.namespace["get_ipython"] = lambda: _Shell(self.namespace)
        self.namespace["display"] = lambda *args, **kwargs: None

    def run_cell(self, code: str, seconds: float) -> list[Any]:
        try:
            _alarm(seconds)
            try:
                exec(compile(code, "<cell>", "exec"), self.namespace)  # noqa: S102 - the point
            finally:
                _disarm()
        except TimeLimit:
            return ["cell", f"stopped after {seconds:g} s (an endless loop?)"]
        except SyntaxError as error:
            return ["cell", f"SyntaxError: {_line(error.msg)} (line {error.lineno})"]
        except BaseException as error:  # noqa: BLE001 - the student's top level may raise anything
            _, names, text, _, _ = describe(error)
            return ["cell", f"{names[0]}: {text}" if text else names[0]]
        return ["cell", ""]

    def call(self, name: str, args: Any, kwargs: Any, seconds: float) -> list[Any]:
        try:
            _alarm(seconds)
            try:
                classes = carry.dataclasses_in(self.namespace)
                function = self.namespace.get(name)
                if not callable(function):
                    raise NameError(f"name {name!r} is not defined")
                given = carry.from_plain(args, classes)
                value = function(*given, **carry.from_plain(kwargs, classes))
                classes = carry.dataclasses_in(self.namespace)
                try:
                    reply = ["ok", carry.to_plain(value, classes)]
                    data = wire.encode(reply)
                except wire.WireError as error:
                    return ["refused", f"what it returned: {error}"]
                try:  # the lists, dicts and sets it was given, as they are now (it may change them)
                    after = [item if type(item) in MUTABLE else None for item in given]
                    data = wire.encode([*reply, carry.to_plain(after, classes)])
                except wire.WireError as error:
                    return ["refused", f"what it left in its arguments: {error}"]
            finally:
                _disarm()
        except TimeLimit:
            return ["timeout"]
        except BaseException as error:  # noqa: BLE001 - the student's code may raise anything
            return describe(error)
        return ["raw", data]

    def serve(self) -> None:
        while True:
            try:
                request = wire.read_frame(self.reader)
            except EOFError:
                return
            kind = request[0]
            if kind == "cell":
                reply = self.run_cell(request[2], request[3])
            elif kind == "call":
                reply = self.call(request[1], request[2], request[3], request[4])
            else:
                return
            if reply[0] == "raw":
                data = reply[1]
                self.writer.write(len(data).to_bytes(4, "big") + data)
                self.writer.flush()
            else:
                wire.write_frame(self.writer, reply)


def limit_resources(memory_mib: int, file_mib: int) -> None:
    """Cap this process and its children: address space, file size, no core files."""
    for kind, size in (
        (resource.RLIMIT_AS, memory_mib * 2**20),
        (resource.RLIMIT_FSIZE, file_mib * 2**20),
        (resource.RLIMIT_CORE, 0),
    ):
        resource.setrlimit(kind, (size, size))


def main(argv: list[str]) -> None:
    """Start serving on the pipe ends named in ``argv``."""
    in_fd, out_fd, memory_mib, file_mib = (int(item) for item in argv[:4])
    limit_resources(memory_mib, file_mib)
    reader = os.fdopen(in_fd, "rb", buffering=0)
    writer = os.fdopen(out_fd, "wb")
    sys.stdin = open(os.devnull)  # noqa: SIM115 - lives as long as the process
    sys.stdout = sys.stderr = Sink()
    worker = Worker(reader, writer)
    wire.write_frame(writer, ["ready"])
    worker.serve()


if __name__ == "__main__":
    main(sys.argv[1:])
