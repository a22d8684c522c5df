"""Where a line of Chinese may break: between two Chinese characters, never inside a word.

The rule behind :mod:`minichain.terminal.wrap` (rich drawings) and the help of the
``minichain`` command (argparse), with the standard library only, so that ``--help``
stays quick. A line may break between two Chinese characters or at a space, never
inside a Latin word, number or hex digest, never before a closing mark (，。、：；！？）》”)
nor after an opening one (（《“): the line-start and line-end prohibitions of the W3C
note "Requirements for Chinese Text Layout" (clreq). A newline in the text always breaks.
Widths are terminal cells: East Asian wide and full-width characters (Unicode UAX #11)
take two, as rich and terminals count them.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = [
    "NO_LINE_END",
    "NO_LINE_START",
    "UNIT",
    "break_offsets",
    "cell_width",
    "has_cjk",
    "lines",
]


def cell_width(text: str) -> int:
    """Terminal cells ``text`` takes: two for each wide or full-width character."""
    return sum(2 if unicodedata.east_asian_width(sign) in "WF" else 1 for sign in text)


_CJK = "\u2e80-\u9fff\u3000-\u303f\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
UNIT = re.compile(rf"\s+|[^\s{_CJK}]+|[{_CJK}]")
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
    units = [(match.start(), match.group()) for match in UNIT.finditer(text)]
    breaks: list[int] = []
    column = 0
    index = 0
    while index < len(units):
        start, unit = units[index]
        size = cell_width(unit)
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
        column = sum(cell_width(unit) for _start, unit in units[at:index])
    return breaks


def _cut(text: str, start: int, unit: str, width: int, breaks: list[int]) -> int:
    """Cut a unit wider than a line into lines of ``width`` cells; return the last one's width."""
    column = 0
    for offset, sign in enumerate(unit):
        size = cell_width(sign)
        if column + size > width:
            breaks.append(start + offset)
            column = 0
        column += size
    return column


def lines(text: str, width: int) -> list[str]:
    """``text`` cut into lines of at most ``width`` cells, spaces at the breaks dropped."""
    starts = [0, *break_offsets(text, width)]
    ends = [*starts[1:], len(text)]
    return [text[start:end].rstrip() for start, end in zip(starts, ends)]
