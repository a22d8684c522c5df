"""Reading terminal output by cells, as a terminal draws it: a Chinese character takes two.

For the tests of the Chinese terminal: every line fits the width, and every box (a rich
table or panel) has all its lines end in the same column as its top border.
"""

from __future__ import annotations

import os

from rich.cells import cell_len

LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")
TOPS = ("┏", "╭", "┌")
BOTTOMS = ("┗", "└", "╰")


def chinese_environment(columns: int = 80, **variables: str) -> dict[str, str]:
    """This environment with ``LANG=zh_CN.UTF-8`` (only), plain output ``columns`` wide."""
    env = {key: value for key, value in os.environ.items() if key not in LOCALE_VARIABLES}
    return {
        **env,
        "LANG": "zh_CN.UTF-8",
        "TERM": "dumb",
        "COLUMNS": str(columns),
        "NO_COLOR": "1",
        **variables,
    }


def widest(text: str) -> int:
    """The widest line of ``text``, in cells."""
    return max((cell_len(line) for line in text.splitlines()), default=0)


def boxes(text: str) -> list[list[str]]:
    """Each box drawn at the start of a line: its lines from top border to bottom border."""
    lines = text.splitlines()
    found = []
    for number, line in enumerate(lines):
        if line.startswith(TOPS):
            box = [line]
            for inner in lines[number + 1 :]:
                box.append(inner)
                if inner.startswith(BOTTOMS):
                    break
            found.append(box)
    return found


def misaligned(text: str) -> list[tuple[str, str]]:
    """(top border, line) for every box line that does not end where its top border ends."""
    wrong = []
    for box in boxes(text):
        width = cell_len(box[0].rstrip())
        wrong += [(box[0], line) for line in box[1:] if cell_len(line.rstrip()) != width]
    return wrong


def value_columns(lines: list[str], labels: list[str]) -> set[int]:
    """The cell column where the value starts on each ``label  value`` line."""
    columns = set()
    for label in labels:
        (line,) = [line for line in lines if line.lstrip().startswith(label)]
        rest = line.lstrip()[len(label) :]
        indent = cell_len(line) - cell_len(line.lstrip())
        columns.add(indent + cell_len(label) + len(rest) - len(rest.lstrip()))
    return columns
