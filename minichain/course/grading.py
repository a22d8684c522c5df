"""What the notebooks' test cells call: run the checks, print them, fail the cell if one fails.

nbgrader gives a test cell its points when the cell runs without an error. A
failing check raises :class:`ChecksFailed`, whose ``_render_traceback_`` tells
IPython exactly which lines to show. The usual traceback would quote the
cell's source, and in a hidden check that source is what the feedback must
never reveal.
"""

from __future__ import annotations

from collections.abc import Callable

from minichain.course.results import run_functions


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
            print(f"hidden checks: {len(results)} passed")
    else:
        for result in results:
            print(f"{'ok  ' if result.passed else 'FAIL'} {result.title}")
    if failed:
        kind = "hidden checks" if hidden else "checks"
        lines = [f"ChecksFailed: {len(failed)} of {len(results)} {kind} failed"]
        for result in failed:
            lines.append(f"  {result.title}: {result.message}")
            if result.detail:
                lines.append(f"      {result.detail}")
        raise ChecksFailed(lines)
