"""Text captures of terminal commands, kept in build/captures/ (git-ignored) for people to read.

A test saves what a command printed with :func:`save`; the :func:`announce`
fixture prints where the captures are once the tests of a module are done,
past pytest's output capture, as tests/test_browser.py does for screenshots.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CAPTURES = ROOT / "build" / "captures"


def save(name: str, text: str) -> Path:
    """Write ``text`` to build/captures/``name`` and return the path."""
    CAPTURES.mkdir(parents=True, exist_ok=True)
    path = CAPTURES / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def announce(request: pytest.FixtureRequest) -> Iterator[list[Path]]:
    """Collects saved paths; prints them after the module's tests."""
    saved: list[Path] = []
    yield saved
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    if capture is not None and reporter is not None and saved:
        with capture.global_and_fixture_disabled():
            names = ", ".join(path.name for path in saved)
            reporter.write_line(f"\ntext captures ({names}): {CAPTURES}")
