"""The results of checks: run check functions, describe each failure in one friendly line.

This is the part of :mod:`minichain.course.runner` that the notebooks' test
cells need (through :mod:`minichain.course.grading`); it imports only the
standard library, so that a grading kernel starts checking quickly.
"""

from __future__ import annotations

import linecache
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from types import TracebackType


def check_title(name: str) -> str:
    """A check's name as words: ``test_fingerprint_is_hex`` -> ``fingerprint is hex``."""
    return name.removeprefix("test_").replace("_", " ")


@dataclass(frozen=True)
class CheckResult:
    """The outcome of one check.

    Attributes:
        name: the test function's name.
        task: the id of the task it checks ("" when not known).
        passed: whether it passed.
        message: for a failure, what went wrong, in one friendly line.
        detail: for a failure, the check's line that failed (never set for hidden checks).
    """

    name: str
    task: str
    passed: bool
    message: str = ""
    detail: str = ""

    @property
    def title(self) -> str:
        """The check's name as words (see :func:`check_title`)."""
        return check_title(self.name)


def last_frame_line(trace: TracebackType | None, filename: str | None) -> tuple[str, int, str]:
    """File, line number and source of the deepest frame (in ``filename`` if given)."""
    found = ("", 0, "")
    for frame, number in traceback.walk_tb(trace):
        name = frame.f_code.co_filename
        if filename is None or name == filename:
            found = (name, number, linecache.getline(name, number).strip())
    return found


def describe_failure(
    error: BaseException, test: Callable[[], object], learner_file: str | None, hidden: bool
) -> tuple[str, str]:
    """A friendly message and the failing check line for ``error`` raised by ``test``."""
    kind = type(error).__name__
    text = str(error).strip().splitlines()[0] if str(error).strip() else ""
    _, _, check_line = last_frame_line(error.__traceback__, test.__code__.co_filename)
    detail = "" if hidden else check_line
    if isinstance(error, NotImplementedError):
        return (
            "not written yet: the function still raises NotImplementedError (replace the TODO)",
            detail,
        )
    if isinstance(error, AssertionError):
        if hidden:
            return "a hidden check failed (AssertionError)", ""
        return (text or "this check's condition was false"), detail
    place = ""
    if learner_file is not None:
        _, number, line = last_frame_line(error.__traceback__, learner_file)
        if number:
            place = f" at line {number} of your code ({line})"
    if hidden:
        return f"a hidden check failed: your code raised {kind}{place}", ""
    return (
        f"your code raised {kind}{place}: {text}" if text else f"your code raised {kind}{place}",
        detail,
    )


def run_functions(
    tests: Iterable[Callable[[], object]],
    tasks: dict[str, str] | None = None,
    hidden: bool = False,
    learner_file: str | None = None,
) -> list[CheckResult]:
    """Call each check; return one result per check (a failure never stops the others).

    Args:
        tests: the ``test_*`` functions, called without arguments.
        tasks: maps a check name to its task id, where known.
        hidden: hidden checks report no source line and no values.
        learner_file: the learner's file, to point at the failing line in it.
    """
    results = []
    for test in tests:
        task = (tasks or {}).get(test.__name__, "")
        try:
            test()
        except KeyboardInterrupt:
            # The notebook's time limit interrupts the kernel: report it, run nothing more.
            message = "interrupted: the check did not finish in time (an endless loop?)"
            results.append(CheckResult(test.__name__, task, False, message))
            break
        except (Exception, SystemExit) as error:  # a learner's code may raise anything
            message, detail = describe_failure(error, test, learner_file, hidden)
            results.append(CheckResult(test.__name__, task, False, message, detail))
        else:
            results.append(CheckResult(test.__name__, task, True))
    return results
