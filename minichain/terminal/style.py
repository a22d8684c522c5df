"""Small shared pieces: how amounts and counts are written, and a console for captures."""

from __future__ import annotations

import os
from typing import IO, Any

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.measure import Measurement

from minichain.terminal.wrap import prose

CAPTURE_WIDTH = 100
"""Columns used when output is not a terminal and ``COLUMNS`` does not say, so captured
text is the same everywhere."""

NARROWEST, WIDEST = 20, 1000
"""The ``COLUMNS`` values honoured; anything else is ignored."""


def columns_from_environment() -> int | None:
    """The width ``COLUMNS`` asks for (ASCII digits, 20 to 1000), or ``None``.

    A terminal tells rich its own width; a pipe cannot, so ``COLUMNS=80
    minichain show c.sqlite | less`` is how a user asks for 80 columns there.
    """
    text = os.environ.get("COLUMNS", "")
    if not (text.isascii() and text.isdigit()):
        return None
    width = int(text)
    return width if NARROWEST <= width <= WIDEST else None


def labelled(rows: list[tuple[str, str]], width: int, indent: str = "") -> list[str]:
    """``label  value`` lines, values aligned in a column at least ``width`` cells from the left.

    The column moves right if a label (a translation, say) is wider than ``width``
    allows, so values always line up, with at least two spaces after each label.
    """
    column = max([width, *(cell_len(label) + 2 for label, _value in rows)])
    return [f"{indent}{pad_cells(label, column)}{value}" for label, value in rows]


class TerminalConsole(Console):
    """A rich console that wraps a Chinese sentence where Chinese may break (:mod:`.wrap`).

    ``print`` of one piece of text holding Chinese draws it with
    :func:`~minichain.terminal.wrap.prose`; anything else prints as rich prints it.
    """

    def print(self, *objects: Any, **options: Any) -> None:  # noqa: D102 (rich's own)
        wraps = not (
            options.get("no_wrap") or options.get("soft_wrap") or options.get("markup") is False
        )
        if wraps and len(objects) == 1 and isinstance(objects[0], str):
            objects = (prose(objects[0]),)
        super().print(*objects, **options)


def make_console(
    file: IO[str] | None = None, *, width: int | None = None, stderr: bool = False
) -> Console:
    """A console that prints plainly when its output is not a terminal (a :class:`TerminalConsole`).

    Piped or captured output gets no colours and the width ``COLUMNS`` gives
    (:func:`columns_from_environment`), else a fixed :data:`CAPTURE_WIDTH`, so
    tests and transcripts see the same text on every machine; ``NO_COLOR`` is
    honoured as rich honours it.
    """
    console = TerminalConsole(file=file, stderr=stderr, highlight=False, width=width)
    if not console.is_terminal:
        console = TerminalConsole(
            file=file,
            stderr=stderr,
            highlight=False,
            width=width or columns_from_environment() or CAPTURE_WIDTH,
            color_system=None,
            no_color=True,
        )
    elif "NO_COLOR" in os.environ:
        console.no_color = True
    return console


def coins(amount: int) -> str:
    """An amount of coin with thousands separated."""
    return f"{amount:,}"


def grouped(count: int, width: int = 0) -> str:
    """A count grouped by thousands (``12,345``), right-aligned in ``width`` characters.

    Counted nouns are messages of their own (``ngettext("{count} block", "{count} blocks",
    n).format(count=grouped(n))``), so each language words its plural as it does.
    """
    return f"{count:>{width},}"


def pad_cells(text: str, width: int) -> str:
    """``text`` padded with spaces to ``width`` terminal cells (a Chinese character takes two).

    ``f"{text:<19}"`` counts characters, which misaligns columns once a translation
    holds double-width characters; rich's own tables measure cells already.
    """
    return text + " " * max(0, width - cell_len(text))


class Fitting:
    """The first of several drawings of the same thing that fits the width it is given.

    Rich squeezes a table that is too wide until its headers read ``h…``;
    instead, each view offers its layouts widest first (all columns, then
    fewer, or stacked), and the widest one whose natural width fits is drawn.
    The last layout is drawn when none fits.
    """

    def __init__(self, widest: RenderableType, *narrower: RenderableType) -> None:
        self.layouts = (widest, *narrower)

    def choose(self, console: Console, options: ConsoleOptions) -> RenderableType:
        """The layout drawn at ``options.max_width``."""
        unlimited = options.update_width(10 * WIDEST)  # Measurement.get clamps to max_width
        for layout in self.layouts[:-1]:
            if Measurement.get(console, unlimited, layout).maximum <= options.max_width:
                return layout
        return self.layouts[-1]

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.choose(console, options)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, self.choose(console, options))
