"""The results of checks: run check functions, describe each failure in one friendly line.

This is the part of :mod:`minichain.course.runner` that the notebooks' test
cells need (through :mod:`minichain.course.grading`); it imports only the
standard library and :mod:`minichain.terminal.i18n` (itself only the standard
library), so that a grading kernel starts checking quickly.

A learner reads these lines in English or in Simplified Chinese, as the terminal
speaks (:mod:`minichain.terminal.i18n`: ``minichain --lang``, else the first of
``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES`` and ``LANG`` that is set). The messages
written here come from the same gettext catalogue; a check's title is its name
as words in English and its docstring in Chinese (``exercises/README.md``: every
check's docstring is its title in Simplified Chinese, so the test cells, which
must be the same code in either language's notebook, carry both). The assertion
messages the test files write stay as they are written.
"""

from __future__ import annotations

import linecache
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from types import TracebackType

from minichain.terminal.i18n import _, language


def chinese_title(doc: str | None) -> str:
    """A check's Chinese title: the first line of its docstring ("" without one)."""
    lines = (doc or "").strip().splitlines()
    return lines[0].strip() if lines else ""


def check_title(name: str, doc: str | None = None, in_language: str | None = None) -> str:
    """A check's title in ``in_language`` (default: the language in use).

    English: its name as words, ``test_fingerprint_is_hex`` -> ``fingerprint is hex``.
    Chinese: its docstring (:func:`chinese_title`), or the English words without one.
    """
    if (in_language or language()) == "zh" and chinese_title(doc):
        return chinese_title(doc)
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
        doc: the check's docstring, its Chinese title ("" without one).
    """

    name: str
    task: str
    passed: bool
    message: str = ""
    detail: str = ""
    doc: str = ""

    @property
    def title(self) -> str:
        """The check's title in the language in use (see :func:`check_title`)."""
        return check_title(self.name, self.doc)


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
    check_line = last_frame_line(error.__traceback__, test.__code__.co_filename)[2]
    detail = "" if hidden else check_line
    if isinstance(error, NotImplementedError):
        return (
            _("not written yet: the function still raises NotImplementedError (replace the TODO)"),
            detail,
        )
    if isinstance(error, AssertionError):
        if hidden:
            return _("a hidden check failed (AssertionError)"), ""
        return (text or _("this check's condition was false")), detail
    place = ""
    if learner_file is not None:
        _file, number, line = last_frame_line(error.__traceback__, learner_file)
        if number:
            place = _(" at line {number} of your code ({line})").format(number=number, line=line)
    if hidden:
        return _("a hidden check failed: your code raised {kind}{place}").format(
            kind=kind, place=place
        ), ""
    raised = _("your code raised {kind}{place}").format(kind=kind, place=place)
    return (_("{raised}: {text}").format(raised=raised, text=text) if text else raised), detail


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
        doc = chinese_title(test.__doc__)
        try:
            test()
        except KeyboardInterrupt:
            # The notebook's time limit interrupts the kernel: report it, run nothing more.
            message = _("interrupted: the check did not finish in time (an endless loop?)")
            results.append(CheckResult(test.__name__, task, False, message, doc=doc))
            break
        except (Exception, SystemExit) as error:  # a learner's code may raise anything
            message, detail = describe_failure(error, test, learner_file, hidden)
            results.append(CheckResult(test.__name__, task, False, message, detail, doc))
        else:
            results.append(CheckResult(test.__name__, task, True, doc=doc))
    return results
