"""Wrapping Chinese sentences: a line may break between any two Chinese characters.

Rich breaks lines only at spaces, so a Chinese sentence (no spaces, except around
numbers and Latin words, as Chinese typesetting writes them) is pushed whole onto
the next line and then cut wherever the width ends. :func:`prose` gives rich a
drawing that breaks where Chinese allows: between two Chinese characters, at a
space, never inside a Latin word, number or hex digest, never before a closing
mark (，。、：；！？）》”) nor after an opening one (（《“), the line-start and
line-end prohibitions of the W3C note "Requirements for Chinese Text Layout" (clreq).
A newline in the text always breaks. English text is left to rich, unchanged.
"""

from __future__ import annotations

import re

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.measure import Measurement
from rich.text import Text

__all__ = ["Prose", "break_offsets", "has_cjk", "prose"]

_CJK = "\u2e80-\u9fff\u3000-\u303f\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
_UNIT = re.compile(rf"\s+|[^\s{_CJK}]+|[{_CJK}]")
"""A unit a line is never broken inside: spaces, a run of non-Chinese text, one Chinese sign."""
_CJK_SIGN = re.compile(rf"[{_CJK}]")

NO_LINE_START = set("，。、：；！？）》」』】〕”’…·")
"""Closing marks: a line never starts with one."""
NO_LINE_END = set("（《「『【〔“‘")
"""Opening marks: a line never ends with one."""


def has_cjk(text: str) -> bool:
    """Whether ``text`` holds a Chinese character or full-width mark."""
    return _CJK_SIGN.search(text) is not None


def break_offsets(text: str, width: int) -> list[int]:
    """Where to start new lines so that no line of ``text`` is wider than ``width`` cells.

    Offsets point past any spaces, which are dropped at a break. A unit wider than
    the whole line (a 64-digit hex digest in a narrow panel) is cut by cells.
    """
    units = [(match.start(), match.group()) for match in _UNIT.finditer(text)]
    breaks: list[int] = []
    column = 0
    index = 0
    while index < len(units):
        start, unit = units[index]
        size = cell_len(unit)
        if unit.isspace():
            if "\n" in unit:  # a line the text itself ends
                if index + 1 < len(units):
                    breaks.append(units[index + 1][0])
                column = 0
            elif column + size > width:  # a break here: the spaces vanish
                if index + 1 < len(units):
                    breaks.append(units[index + 1][0])
                column = 0
            else:
                column += size
            index += 1
            continue
        if column + size <= width or column == 0:
            if size > width:  # longer than a line: cut it
                column = _cut(text, start, unit, width, breaks)
            else:
                column += size
            index += 1
            continue
        # ``unit`` starts a new line; keep closing marks with the sign before them.
        at = index
        while at > 0 and (units[at][1][0] in NO_LINE_START or units[at - 1][1][-1] in NO_LINE_END):
            at -= 1
        if at == 0 or (breaks and units[at][0] <= breaks[-1]):
            at = index  # no better place on this line: break here anyway
        if units[at - 1][1].isspace():
            column = 0  # the break falls on the spaces before ``unit``
        breaks.append(units[at][0])
        column = sum(cell_len(unit) for _start, unit in units[at:index])
    return breaks


def _cut(text: str, start: int, unit: str, width: int, breaks: list[int]) -> int:
    """Cut a unit wider than a line into lines of ``width`` cells; return the last one's width."""
    column = 0
    for offset, sign in enumerate(unit):
        size = cell_len(sign)
        if column + size > width:
            breaks.append(start + offset)
            column = 0
        column += size
    return column


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
        units = [match.group() for match in _UNIT.finditer(self.text.plain)] or [""]
        widest_unit = max(cell_len(unit) for unit in units)
        widest_line = max(cell_len(line) for line in self.text.plain.splitlines() or [""])
        return Measurement(min(widest_unit, widest_line), widest_line)


def prose(markup: str) -> RenderableType:
    """``markup`` drawn so that Chinese wraps where Chinese may; English stays rich's own text."""
    return Prose(markup) if has_cjk(markup) else markup
