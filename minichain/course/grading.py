"""What the notebooks' test cells call: run the checks, print them, fail the cell if one fails.

nbgrader gives a test cell its points when the cell runs without an error. A
failing check raises :class:`ChecksFailed`, whose ``_render_traceback_`` tells
IPython exactly which lines to show. The usual traceback would quote the
cell's source, and in a hidden check that source is what the feedback must
never reveal.

The lines come in the language the terminal would speak (English, or
Simplified Chinese under ``LANG=zh_CN.UTF-8``; see :mod:`minichain.course.results`),
checks titled by their names or by their Chinese docstrings.
"""

from __future__ import annotations

from collections.abc import Callable

from minichain.course.results import run_functions
from minichain.terminal.i18n import _


class ChecksFailed(Exception):
    """One or more checks of a test cell failed; the message says which, without hidden source."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__(lines[0])
        self.lines = lines

    def _render_traceback_(self) -> list[str]:
        """What IPython prints instead of a traceback."""
        return self.lines


def run_checks(*tests: Callable[[], object], hidden: bool = False) -> None:
    """Run ``tests``; print one line per check; raise :class:`ChecksFailed` if any failed.

    Hidden checks print only a count when they pass, and only their names
    (no source, no values) when they fail.
    """
    results = run_functions(tests, hidden=hidden)
    failed = [result for result in results if not result.passed]
    if hidden:
        if not failed:
            print(_("hidden checks: {count} passed").format(count=len(results)))
    else:
        passed, failing = _("ok"), _("FAIL")
        width = max(len(passed), len(failing))
        for result in results:
            print(f"{(passed if result.passed else failing).ljust(width)} {result.title}")
    if failed:
        if hidden:
            summary = _("ChecksFailed: {failed} of {total} hidden checks failed")
        else:
            summary = _("ChecksFailed: {failed} of {total} checks failed")
        lines = [summary.format(failed=len(failed), total=len(results))]
        for result in failed:
            line = _("{check}: {message}").format(check=result.title, message=result.message)
            lines.append(f"  {line}")
            if result.detail:
                lines.append(f"      {result.detail}")
        raise ChecksFailed(lines)
