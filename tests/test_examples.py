"""The runnable examples shown on course pages print exactly what the pages say."""

import subprocess
import sys
from pathlib import Path

import pytest

COURSE = Path(__file__).parent.parent / "course"
EXAMPLES = sorted((COURSE / "examples").glob("*.py"))
TWINS = sorted((COURSE / "zh" / "examples").glob("*.py"))
"""The examples' Chinese twins, which the Chinese pages show (minichain.course.translations)."""


@pytest.mark.parametrize(
    "script", EXAMPLES + TWINS, ids=lambda path: path.relative_to(COURSE).as_posix()
)
def test_example_prints_its_recorded_output(script):
    result = subprocess.run(
        [sys.executable, str(script)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=True,
    )
    assert result.stdout == script.with_suffix(".out").read_text(encoding="utf-8")


def test_there_are_examples_to_check():
    assert EXAMPLES
