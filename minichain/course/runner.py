"""Run an exercise's checks against a learner's code: the one runner both front ends share.

A *check* is a ``test_*`` function from ``test_public.py`` or ``test_hidden.py``
(:class:`minichain.course.model.Check`).
:func:`~minichain.course.results.run_functions` calls them and turns each
outcome into a :class:`CheckResult` with a friendly one-line message. The
notebooks' test cells call :func:`minichain.course.grading.run_checks`, which
uses it; the terminal runner (``minichain learn``) and ``minichain course
check`` run :func:`run_in_subprocess`, so a learner's infinite loop or
``sys.exit`` never takes the tool down with it. The subprocess is told which
files to run and which checks they hold (a *plan*), so it reads no manifest
and parses no test file: the exercise was parsed once, by the caller. It is
told the caller's language too (``--lang``), so that a learner who chose
``minichain --lang zh`` reads the messages in Chinese whatever ``LANG`` says.
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import json
import os
import runpy
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

from minichain.course.model import Exercise
from minichain.course.results import CheckResult, last_frame_line, run_functions
from minichain.course.sources import LEARNER_MODULE
from minichain.terminal.i18n import LANGUAGES, _, language, use_language

TIMEOUT_S = 10.0
"""A run of one exercise's checks that takes longer than this is stopped (an endless loop)."""


@dataclass(frozen=True)
class Report:
    """The outcome of running an exercise's checks against one file.

    Attributes:
        results: one per check, in file order (public first).
        load_error: set when the learner's file itself does not run (then ``results`` is empty).
        output: what the learner's code printed.
        timed_out: the run was stopped after :data:`TIMEOUT_S`.
    """

    results: tuple[CheckResult, ...]
    load_error: str = ""
    output: str = ""
    timed_out: bool = False

    @property
    def passed(self) -> bool:
        """Whether the file loaded and every check passed."""
        return not self.load_error and not self.timed_out and all(r.passed for r in self.results)

    @property
    def first_failure(self) -> CheckResult | None:
        """The first failing check, if any."""
        return next((result for result in self.results if not result.passed), None)


def _load_learner_module(code: Path) -> str:
    """Import ``code`` as the module ``exercise``; return "" or why it does not run."""
    spec = importlib.util.spec_from_file_location(LEARNER_MODULE, code)
    if spec is None or spec.loader is None:
        return _("cannot load {file}").format(file=code)
    module = importlib.util.module_from_spec(spec)
    sys.modules[LEARNER_MODULE] = module
    try:
        spec.loader.exec_module(module)
    except SyntaxError as error:
        return _("your file is not valid Python: {error} at line {number}").format(
            error=error.msg, number=error.lineno
        )
    except BaseException as error:  # noqa: BLE001 - anything the learner's top level does
        _file, number, line = last_frame_line(error.__traceback__, str(code))
        where = _(" at line {number} ({line})").format(number=number, line=line) if number else ""
        stops = _("your file stops with {kind}{where}").format(
            kind=type(error).__name__, where=where
        )
        text = str(error).strip()
        return _("{stops}: {text}").format(stops=stops, text=text) if text else stops
    return ""


Plan = list[tuple[str, bool, dict[str, str]]]
"""What to run: per test file, its path, whether it is hidden, and its check names -> task ids."""


def plan_of(exercise: Exercise, hidden: bool = False) -> Plan:
    """The public (and with ``hidden``, the hidden) test files of ``exercise`` and their checks."""
    files = [exercise.public, exercise.hidden] if hidden else [exercise.public]
    return [
        (str(file.path.resolve()), file.hidden, {check.name: check.task for check in file.checks})
        for file in files
    ]


def run_plan(plan: Plan, code: Path) -> Report:
    """Run the checks of ``plan`` against ``code`` in this process."""
    output = io.StringIO()
    with contextlib.redirect_stdout(output):
        load_error = _load_learner_module(code)
        if load_error:
            return Report((), load_error, output.getvalue())
        results: list[CheckResult] = []
        for path, is_hidden, tasks in plan:
            namespace = runpy.run_path(path, run_name="checks")
            functions = [namespace[name] for name in tasks]
            results += run_functions(functions, tasks, is_hidden, str(code))
    return Report(tuple(results), output=output.getvalue())


def run_exercise(exercise: Exercise, code: Path, hidden: bool = False) -> Report:
    """Run the public (and with ``hidden``, the hidden) checks against ``code`` in this process."""
    return run_plan(plan_of(exercise, hidden), code)


def run_in_subprocess(
    exercise: Exercise, code: Path, hidden: bool = False, timeout: float = TIMEOUT_S
) -> Report:
    """Run :func:`run_exercise` in a fresh Python process, stopped after ``timeout`` seconds."""
    with tempfile.TemporaryDirectory(prefix="minichain-check-") as scratch:
        report_path = Path(scratch) / "report.json"
        plan_path = Path(scratch) / "plan.json"
        plan_path.write_text(json.dumps(plan_of(exercise, hidden)), encoding="utf-8")
        command = [sys.executable, "-m", "minichain.course.runner"]
        command += [str(plan_path), str(Path(code).resolve()), "--report", str(report_path)]
        command += ["--lang", language()]
        try:
            done = subprocess.run(
                command,
                capture_output=True,
                text=True,
                timeout=timeout,
                check=False,
                cwd=scratch,
                env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
            )
        except subprocess.TimeoutExpired:
            return Report((), timed_out=True)
        if not report_path.exists():
            last = (done.stderr.strip().splitlines() or [_("no output")])[-1]
            return Report((), load_error=_("the checks could not run: {why}").format(why=last))
        data = json.loads(report_path.read_text(encoding="utf-8"))
    return Report(
        tuple(CheckResult(**result) for result in data["results"]),
        load_error=data["load_error"],
        output=data["output"],
    )


def main(argv: list[str] | None = None) -> int:
    """``python -m minichain.course.runner PLAN CODE --report FILE``; PLAN is a :data:`Plan`."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m minichain.course.runner")
    parser.add_argument("plan", type=Path)
    parser.add_argument("code", type=Path)
    parser.add_argument("--report", type=Path, required=True)
    parser.add_argument("--lang", choices=LANGUAGES, default=None)
    args = parser.parse_args(argv)
    use_language(args.lang)
    plan: Plan = [
        (str(path), bool(hidden), dict(tasks))
        for path, hidden, tasks in json.loads(args.plan.read_text(encoding="utf-8"))
    ]
    report = run_plan(plan, args.code.resolve())
    data = {
        "results": [asdict(result) for result in report.results],
        "load_error": report.load_error,
        "output": report.output,
    }
    args.report.write_text(json.dumps(data), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
