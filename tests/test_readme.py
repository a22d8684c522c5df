"""The Python shown in the README runs as printed."""

import re
from pathlib import Path

import pytest

README = (Path(__file__).parent.parent / "README.md").read_text()
BLOCKS = re.findall(r"```python\n(.*?)```", README, flags=re.DOTALL)


@pytest.mark.parametrize("number", range(len(BLOCKS)))
def test_readme_python_block_runs(number, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    exec(compile(BLOCKS[number], f"README.md block {number}", "exec"), {})


def test_readme_shows_python():
    assert len(BLOCKS) >= 2


def test_readme_lists_the_library_in_reading_order():
    """One row per teaching module, in the order of minichain.TEACHING_MODULES."""
    from minichain import TEACHING_MODULES

    library = README.split("## The library", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| `(minichain\.\w+)` \|", library, flags=re.MULTILINE)
    assert tuple(rows) == TEACHING_MODULES
