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


@pytest.fixture
def exercise_copy(tmp_path: Path):
    """Make a copy of the course's exercises folder holding one exercise (and its source
    notebooks): a course of one, to break on purpose and check in seconds, not minutes."""

    def copy(name: str) -> Path:
        others = {path.name for path in EXERCISES.iterdir() if (path / "exercise.toml").is_file()}
        others.discard(name)
        root = tmp_path / "exercises"
        shutil.copytree(EXERCISES, root, ignore=shutil.ignore_patterns("__pycache__", *others))
        return root

    return copy
