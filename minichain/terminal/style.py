"""Small shared pieces: how amounts and counts are written, and a console for captures."""

from __future__ import annotations

import os
from typing import IO

from rich.console import Console

CAPTURE_WIDTH = 100
"""Columns used when output is not a terminal, so captured text is the same everywhere."""


def make_console(
    file: IO[str] | None = None, *, width: int | None = None, stderr: bool = False
) -> Console:
    """A console that prints plainly when its output is not a terminal.

    Piped or captured output gets no colours and a fixed width
    (:data:`CAPTURE_WIDTH`), so tests and transcripts see the same text on
    every machine; ``NO_COLOR`` is honoured as rich honours it.
    """
    console = Console(file=file, stderr=stderr, highlight=False, width=width)
    if not console.is_terminal:
        console = Console(
            file=file,
            stderr=stderr,
            highlight=False,
            width=width or CAPTURE_WIDTH,
            color_system=None,
            no_color=True,
        )
    elif "NO_COLOR" in os.environ:
        console.no_color = True
    return console


def coins(amount: int) -> str:
    """An amount of coin with thousands separated."""
    return f"{amount:,}"


def plural(count: int, noun: str, nouns: str | None = None, *, width: int = 0) -> str:
    """``1 input``, ``2 inputs``, ``12,345 hashes``; ``nouns`` is the plural if not ``noun`` + s.

    The count is grouped by thousands and right-aligned in ``width`` characters.
    """
    word = noun if count == 1 else noun + "s" if nouns is None else nouns
    return f"{count:>{width},} {word}"
