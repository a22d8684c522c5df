"""Fixtures shared by test modules in several folders."""

from tests.captures import announce  # noqa: F401 (a fixture: pytest finds it here)
