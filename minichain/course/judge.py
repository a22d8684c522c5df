"""The grader's verdicts: each check of an exercise, reached outside the student's process.

The student's notebook code runs in a :class:`~minichain.course.sandbox.Sandbox`.
The checks (``test_public.py`` and ``test_hidden.py``, the instructor's own
files) run here, in the grader's process, against a stand-in ``exercise``
module: its shared code is the instructor's (``solution.py``'s prelude) and
each task function is a *stub* that sends its arguments to the sandbox as
plain data (:mod:`minichain.course.carry`, :mod:`minichain.course.wire`) and
rebuilds the answer with the grader's own library. A check compares that
answer with what the grader computed itself, so nothing the student defines
(an ``__eq__`` that is always true, a patched ``sha256``, a replaced check
runner) is ever asked for a verdict, and the hidden checks never enter the
sandbox at all.

A check that fails gets one line of reason: its assertion message (public
checks only), ``your function raised X: message``, ``timed out after N s`` or
``used more than N MiB``. A task's score is the sum of the points of the
checks it passed (each check's share of the task's points comes from the
exercise model, :attr:`minichain.course.model.Check.points`).

The verdicts speak the language of the notebook judged (``judge(...,
language="zh")``: the grader says which, :mod:`minichain.course.autograde`),
from the tooling's gettext catalogue (:func:`minichain.terminal.i18n.translation`),
whatever language the grader's own process speaks; the checks' assertion
messages stay as the instructor wrote them.
"""

from __future__ import annotations

import builtins
import sys
import threading
import time
import types
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from minichain import errors as library_errors
from minichain.course import carry
from minichain.course.model import Check, Exercise
from minichain.course.results import check_title
from minichain.course.sandbox import MEMORY_MIB, Reply, Sandbox
from minichain.course.weights import format_points
from minichain.course.wire import WireError
from minichain.errors import ConsensusError, MinichainError, Phrase
from minichain.terminal.i18n import translation

TASK_S = 10.0
"""The time the student's code may use for the checks of one task, in seconds."""
CELL_S = 10.0
"""The time one notebook cell may run when the notebook's code is loaded, in seconds."""
LOAD_S = 60.0
"""The time all the notebook's cells may take to load; later cells are not run."""
REASON_LIMIT = 160
"""The longest reason shown for a failed check."""
WORKER_STOPPED = "stopped after"
"""How the sandbox's worker (:mod:`minichain.course.worker`) begins a stopped cell's note."""


class CheckStopped(BaseException):  # noqa: N818 - not an error of the check: a stop
    """A check cannot go on (time up, a crash, a value the grader refuses); ``args[0]`` says why.

    A ``BaseException``, so that no ``except Exception`` in a check swallows it.
    """


class StudentError(Exception):
    """Stands for an exception class of the student's that the grader does not know."""


@dataclass(frozen=True)
class CheckVerdict:
    """The verdict on one check.

    Attributes:
        name: the check's function name.
        task: the id of its task.
        hidden: whether it is a hidden check.
        passed: whether it passed.
        reason: for a failure, one line saying why (no hidden source, ever).
        points: what the check is worth (its share of the task's points).
        doc: its docstring, its Chinese title ("" without one).
        language: the language of the notebook judged (``"en"`` or ``"zh"``).
    """

    name: str
    task: str
    hidden: bool
    passed: bool
    reason: str
    points: Fraction
    doc: str = ""
    language: str = "en"

    @property
    def title(self) -> str:
        """The check's title in :attr:`language` (:func:`check_title`)."""
        return check_title(self.name, self.doc, self.language)

    @property
    def line(self) -> str:
        """How feedback prints it: ``ok   title (0.5 pt)`` or ``FAIL title (0.5 pt): reason``."""
        _ = translation(self.language).gettext
        passed, failing = _("ok"), _("FAIL")
        status = (passed if self.passed else failing).ljust(max(len(passed), len(failing)))
        label = _("hidden: {check}").format(check=self.title) if self.hidden else self.title
        worth = _("({points} pt)").format(points=format_points(self.points))
        if self.passed:
            return f"{status} {label} {worth}"
        return f"{status} " + _("{check}: {message}").format(
            check=f"{label} {worth}", message=self.reason
        )


@dataclass(frozen=True)
class TaskVerdict:
    """The verdicts on one task's checks and the points they earn.

    Attributes:
        task: the task's id.
        points: what the task is worth.
        checks: one verdict per check, public first, in file order.
    """

    task: str
    points: int
    checks: tuple[CheckVerdict, ...]

    @property
    def earned(self) -> Fraction:
        """The points of the checks that passed."""
        return sum((check.points for check in self.checks if check.passed), Fraction(0))


@dataclass(frozen=True)
class Judgement:
    """Everything the grader found in one notebook.

    Attributes:
        exercise: the exercise's name.
        tasks: one verdict per task, in the exercise's order.
        cells: for each notebook cell sent, "" or why it stopped (one line).
        isolated: whether the student's code ran walled off (bubblewrap).
        language: the language the verdicts speak (the notebook's).
    """

    exercise: str
    tasks: tuple[TaskVerdict, ...]
    cells: tuple[str, ...]
    isolated: bool
    language: str = "en"

    @property
    def earned(self) -> Fraction:
        """The notebook's points."""
        return sum((task.earned for task in self.tasks), Fraction(0))

    def task(self, task_id: str) -> TaskVerdict:
        """The verdict on the task ``task_id``."""
        return next(task for task in self.tasks if task.task == task_id)


def _one_line(text: str) -> str:
    stripped = text.strip()
    line = stripped.splitlines()[0] if stripped else ""
    return line if len(line) <= REASON_LIMIT else line[: REASON_LIMIT - 3] + "..."


def _known_exceptions(namespace: dict[str, Any]) -> dict[str, type[BaseException]]:
    """Exception classes a student's may stand for: the exercise's, the library's, Python's."""
    known: dict[str, type[BaseException]] = {
        name: value
        for name, value in vars(builtins).items()
        if isinstance(value, type) and issubclass(value, Exception)
    }
    for source in (vars(library_errors), namespace):
        known.update(
            {
                name: value
                for name, value in source.items()
                if isinstance(value, type) and issubclass(value, Exception)
            }
        )
    return known


def containers_in(values: Any, depth: int = 0, found: set[int] | None = None) -> set[int]:
    """The ids of every list, dict and set reachable from ``values`` (a checks file's globals)."""
    found = set() if found is None else found
    kind = type(values)
    if depth > 20 or kind not in (list, tuple, dict, set, frozenset) or id(values) in found:
        return found
    if kind in (list, dict, set):
        found.add(id(values))
    for item in values.values() if kind is dict else values:
        containers_in(item, depth + 1, found)
    if kind is dict:
        for key in values:
            containers_in(key, depth + 1, found)
    return found


def _change_in_place(given: tuple[Any, ...], after: Any, fixtures: set[int]) -> None:
    """Make the check's own list, dict and set arguments what the student's code left them.

    The student's function works on copies; a check that looks at its list
    after the call (``leaves the original list alone``) must see any change.
    The checks files' own module-level data (``fixtures``) never changes: the
    grader's references stay the grader's, whatever a student's function does.
    """
    if type(after) is not list or len(after) != len(given):
        raise WireError("arguments", "must come back one per argument")
    for mine, theirs in zip(given, after):
        if id(mine) in fixtures:
            continue
        if type(mine) is list and type(theirs) is list:
            mine[:] = theirs
        elif type(mine) in (dict, set) and type(theirs) is type(mine):
            mine.clear()
            mine.update(theirs)


class Session:
    """One notebook's sandbox and the stubs' way into it.

    Args:
        cells: the notebook's code, one string per cell, in notebook order.
        classes: the exercise's own dataclasses (they cross as their fields).
        exceptions: the exception classes a student's exception may stand for.
        sandbox: where the code runs.
        cell_seconds: the time one cell may run when the code is loaded.
        language: the language of its reasons (``"en"`` or ``"zh"``).
    """

    def __init__(
        self,
        cells: Sequence[str],
        classes: dict[str, type],
        exceptions: dict[str, type[BaseException]],
        sandbox: Sandbox,
        cell_seconds: float = CELL_S,
        language: str = "en",
    ) -> None:
        self.language = language
        self.gettext = translation(language).gettext
        self.cells = list(cells)
        self.classes = classes
        self.exceptions = exceptions
        self.sandbox = sandbox
        self.cell_seconds = cell_seconds
        self.cell_notes = [""] * len(self.cells)
        self.skipped: set[int] = set()
        self.loaded = False
        self.deadline = 0.0
        self.budget = 0.0
        self.raised: dict[int, tuple[str, str]] = {}
        self.fixtures: set[int] = set()

    def load(self) -> None:
        """Start the sandbox and run the notebook's cells in it, in order.

        A cell that stops with an error leaves a note and the next cell still
        runs. A cell that never stops is skipped from then on (the sandbox is
        started again without it), so an endless loop costs only that cell.
        """
        _ = self.gettext
        self.sandbox.start()
        deadline = time.monotonic() + LOAD_S
        for index, code in enumerate(self.cells):
            if index in self.skipped:
                continue
            if time.monotonic() > deadline:
                self.skipped.add(index)
                self.cell_notes[index] = _(
                    "not run: the cells above took more than {seconds} s"
                ).format(seconds=f"{LOAD_S:g}")
                continue
            reply = self.sandbox.request(
                ["cell", index, code, self.cell_seconds], self.cell_seconds
            )
            stopped = _("stopped after {seconds} s (an endless loop?)").format(
                seconds=f"{self.cell_seconds:g}"
            )
            if reply.kind == "cell":
                note = _one_line(str(reply.body[0])) if reply.body else ""
                if note.startswith(WORKER_STOPPED):
                    self.skipped.add(index)  # a later restart need not wait for it again
                    note = stopped
                self.cell_notes[index] = note
                continue
            self.skipped.add(index)
            self.cell_notes[index] = (
                stopped
                if reply.kind == "timeout"
                else _("the sandbox stopped while running this cell ({kind})").format(
                    kind=reply.kind
                )
            )
            return self.load()
        self.loaded = True

    def call(self, function: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        """Call the student's ``function`` in the sandbox; rebuild its answer here."""
        _ = self.gettext
        timed_out = _("timed out after {seconds} s").format(seconds=f"{self.budget:g}")
        if not self.loaded:  # the last call stopped the sandbox: start again, on the house
            started = time.monotonic()
            self.load()
            self.deadline += time.monotonic() - started
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise CheckStopped(timed_out)
        message = ["call", function, carry.to_plain(args, self.classes)]
        message += [carry.to_plain(kwargs, self.classes), left]
        reply = self.sandbox.request(message, left)
        if reply.kind == "ok":
            try:
                value = carry.from_plain(reply.body[0], self.classes)
                after = carry.from_plain(reply.body[1], self.classes)
                _change_in_place(args, after, self.fixtures)
            except (MinichainError, WireError, TypeError, ValueError, IndexError) as error:
                why = _one_line(str(error))
                raise CheckStopped(
                    _("{function} returned a value the grader cannot accept ({why})").format(
                        function=function, why=why
                    )
                ) from None
            return value
        if reply.kind == "raised":
            raise self._rebuild(reply)
        self.loaded = self.sandbox.process is not None  # a killed sandbox must load again
        if reply.kind == "timeout":
            raise CheckStopped(timed_out)
        if reply.kind == "refused":
            why = _one_line(str(reply.body[0]))
            raise CheckStopped(
                _("the grader refused {why} (only plain data crosses)").format(why=why)
            )
        raise CheckStopped(
            _("your code stopped the sandbox (it crashed, or used more than {mib} MiB)").format(
                mib=self.sandbox.memory_mib
            )
        )

    def _rebuild(self, reply: Reply) -> BaseException:
        """The grader's own exception standing for the one the student's code raised."""
        _ = self.gettext
        try:
            names, text, field, rule = reply.body
            names = [name for name in names if type(name) is str]
            text, field, rule = (
                value if type(value) is str else "" for value in (text, field, rule)
            )
        except ValueError:
            return CheckStopped(_("the sandbox broke the protocol"))
        shown = names[0] if names and names[0].isidentifier() else "Exception"
        if "Exception" not in names:  # SystemExit, KeyboardInterrupt, a BaseException of its own
            return CheckStopped(_("your function raised {kind}").format(kind=shown))
        cls: type[BaseException] = StudentError
        for name in names:
            if name in self.exceptions:
                cls = self.exceptions[name]
                break
        try:
            error = cls.__new__(cls)
            BaseException.__init__(error, text)
        except Exception:  # noqa: BLE001 - a class that needs more to be made (ExceptionGroup)
            error = StudentError(text)
        if isinstance(error, MinichainError):
            error.field, error.rule, error.template, error.params = field, Phrase(rule), rule, {}
            if isinstance(error, ConsensusError):
                error.where, error.places = "", ()
        self.raised[id(error)] = (shown, text)
        return error

    def close(self) -> None:
        """Stop the sandbox."""
        self.sandbox.stop()


class Suite:
    """An exercise's checks, loaded once in the grader's process, with stubs for its tasks.

    The stubs reach the student's code through the session :func:`judge`
    binds for each notebook (one per thread).
    """

    def __init__(self, exercise: Exercise) -> None:
        self.exercise = exercise
        self._current = threading.local()  # judge() may run in several threads at once
        module = types.ModuleType(f"minichain_graded_{exercise.name}")
        sys.modules[module.__name__] = module  # dataclasses look their module up
        shared: dict[str, Any] = module.__dict__
        exec(compile(exercise.solution_code.prelude, "<exercise>", "exec"), shared)  # noqa: S102
        self.classes = carry.dataclasses_in(shared)
        self.exceptions = _known_exceptions(shared)
        for task in exercise.tasks:
            shared[task.function] = self._stub(task.function)
        self.functions: dict[str, Callable[[], object]] = {}
        self.fixtures: set[int] = set()
        for file in (exercise.public, exercise.hidden):
            namespace = {k: v for k, v in shared.items() if not k.startswith("__")}
            namespace["__name__"] = "checks"
            label = "<hidden checks>" if file.hidden else str(file.path)
            exec(compile(file.prelude, label, "exec"), namespace)  # noqa: S102 - the instructor's
            for check in file.checks:
                exec(compile(check.source, label, "exec"), namespace)  # noqa: S102
                self.functions[check.name] = namespace[check.name]
            self.fixtures |= containers_in(list(namespace.values()))

    def bind(self, session: Session | None) -> None:
        """Send this thread's stub calls to ``session`` (``None``: to nothing)."""
        self._current.session = session

    def _stub(self, function: str) -> Callable[..., Any]:
        def call(*args: Any, **kwargs: Any) -> Any:
            session: Session | None = getattr(self._current, "session", None)
            if session is None:
                raise CheckStopped("no notebook is being graded")
            return session.call(function, args, kwargs)

        call.__name__ = call.__qualname__ = function
        return call

    def verdict(self, check: Check, session: Session) -> CheckVerdict:
        """Run ``check`` against the session's notebook; reach its verdict."""
        session.raised.clear()
        try:
            self.functions[check.name]()
        except CheckStopped as stop:
            return self._verdict(check, session, str(stop.args[0]) if stop.args else "")
        except Exception as error:  # noqa: BLE001 - any failure of a check is a verdict
            return self._verdict(check, session, self._reason(check, error, session))
        return self._verdict(check, session)

    @staticmethod
    def _verdict(check: Check, session: Session, failure: str | None = None) -> CheckVerdict:
        """Passed when ``failure`` is ``None``, else failed for that reason."""
        _ = session.gettext
        reason = failure or ("" if failure is None else _("stopped"))
        return CheckVerdict(
            check.name,
            check.task,
            check.hidden,
            failure is None,
            reason,
            check.points,
            check.doc,
            session.language,
        )

    @staticmethod
    def _reason(check: Check, error: Exception, session: Session) -> str:
        _ = session.gettext
        if id(error) in session.raised:
            name, text = session.raised[id(error)]
            if name == "MemoryError":
                return _("used more than {mib} MiB").format(mib=session.sandbox.memory_mib)
            if name == "NotImplementedError":
                return _("not written yet: the function still raises NotImplementedError")
            if check.hidden or not text:
                return _("your function raised {kind}").format(kind=name)
            return _one_line(_("your function raised {kind}: {text}").format(kind=name, text=text))
        if isinstance(error, AssertionError):
            if check.hidden:
                return _("this hidden check's condition was false")
            return _one_line(str(error)) or _("this check's condition was false")
        return _("the check could not use what your function returned ({kind})").format(
            kind=type(error).__name__
        )


def judge(
    exercise: Exercise,
    cells: Sequence[str],
    *,
    task_seconds: float = TASK_S,
    cell_seconds: float = CELL_S,
    memory_mib: int = MEMORY_MIB,
    isolate: bool | None = None,
    language: str = "en",
) -> Judgement:
    """Run every check of ``exercise`` against the notebook code ``cells``.

    Args:
        exercise: the exercise (its checks are run here, never in the sandbox).
        cells: the student's code cells, in notebook order (see
            :func:`minichain.course.autograde.student_cells`).
        task_seconds: the time the student's code may use for one task's checks.
        cell_seconds: the time one cell may run when the code is loaded.
        memory_mib: the sandbox's memory cap.
        isolate: see :class:`~minichain.course.sandbox.Sandbox`.
        language: the language of the notebook: its verdicts are written in it.
    """
    # Fresh checks for every notebook (a few ms): a student's function may change
    # a check's list in place, and that must not reach the next student's checks.
    suite = Suite(exercise)
    sandbox = Sandbox(memory_mib=memory_mib, isolate=isolate)
    session = Session(cells, suite.classes, suite.exceptions, sandbox, cell_seconds, language)
    session.fixtures = suite.fixtures
    suite.bind(session)
    tasks = []
    try:
        for task in exercise.tasks:
            session.budget = task_seconds
            session.deadline = time.monotonic() + task_seconds
            if not session.loaded:
                session.load()
                session.deadline = time.monotonic() + task_seconds
            verdicts = tuple(suite.verdict(check, session) for check in exercise.checks_of(task.id))
            tasks.append(TaskVerdict(task.id, task.points, verdicts))
    finally:
        suite.bind(None)
        session.close()
    return Judgement(
        exercise.name, tuple(tasks), tuple(session.cell_notes), sandbox.isolated, language
    )
