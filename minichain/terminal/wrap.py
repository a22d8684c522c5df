"""Wrapping Chinese sentences in rich drawings: a line may break between two Chinese characters.

Rich breaks lines only at spaces, so a Chinese sentence (no spaces, except around
numbers and Latin words, as Chinese typesetting writes them) is pushed whole onto
the next line and then cut wherever the width ends. :func:`prose` gives rich a
drawing that breaks where :mod:`minichain.terminal.linebreak` allows. English text
is left to rich, unchanged.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.measure import Measurement
from rich.text import Text

from minichain.terminal.linebreak import UNIT, break_offsets, has_cjk

__all__ = ["Prose", "break_offsets", "has_cjk", "prose"]


class Prose:
    """Text (with rich markup) wrapped by :func:`break_offsets` at the width it is drawn at."""

    def __init__(self, markup: str) -> None:
        self.text = Text.from_markup(markup)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        lines = self.text.divide(break_offsets(self.text.plain, options.max_width))
        for line in lines:
            line.rstrip()
        yield Text("\n").join(lines)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        units = [match.group() for match in UNIT.finditer(self.text.plain)] or [""]
        widest_unit = max(cell_len(unit) for unit in units)
        widest_line = max(cell_len(line) for line in self.text.plain.splitlines() or [""])
        return Measurement(min(widest_unit, widest_line), widest_line)


def prose(markup: str) -> RenderableType:
    """``markup`` drawn so that Chinese wraps where Chinese may; English stays rich's own text."""
    return Prose(markup) if has_cjk(markup) else markup
