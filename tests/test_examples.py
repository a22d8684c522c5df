"""The runnable examples shown on course pages print exactly what the pages say."""

import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = sorted((Path(__file__).parent.parent / "course" / "examples").glob("*.py"))


@pytest.mark.parametrize("script", EXAMPLES, ids=lambda path: path.stem)
def test_example_prints_its_recorded_output(script):
    result = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=120, check=True
    )
    assert result.stdout == script.with_suffix(".out").read_text()


def test_there_are_examples_to_check():
    assert EXAMPLES
