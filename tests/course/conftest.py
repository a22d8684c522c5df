"""Fixtures of the course tests."""

import shutil
from pathlib import Path

import pytest

from tests.course import EXERCISES


@pytest.fixture
def course_copy(tmp_path: Path) -> Path:
    """A copy of the course's exercises folder, to break on purpose."""
    root = tmp_path / "exercises"
    shutil.copytree(EXERCISES, root, ignore=shutil.ignore_patterns("__pycache__"))
    return root
