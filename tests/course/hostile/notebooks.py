"""Edit a released notebook the way a student's Jupyter would."""

from __future__ import annotations

import copy
from functools import cache
from typing import Any

from minichain.course.model import load_exercise
from tests.course import EXERCISES

Notebook = dict[str, Any]


@cache
def solutions(exercise: str) -> dict[str, str]:
    """Each task function's reference source (solution.py without its markers)."""
    loaded = load_exercise(EXERCISES / exercise)
    return {
        function.name: "".join(
            line for line in function.source.splitlines(keepends=True) if "###" not in line
        )
        for function in loaded.solution_code.functions
    }


def cell(notebook: Notebook, cell_id: str) -> dict[str, Any]:
    """The cell whose id is ``cell_id``."""
    for found in notebook["cells"]:
        if found.get("id") == cell_id:
            return found
    raise KeyError(cell_id)


def answer(notebook: Notebook, function: str, source: str) -> None:
    """Type ``source`` into the answer cell of ``function``."""
    cell(notebook, f"answer_{function}")["source"] = source


def solve(notebook: Notebook, exercise: str, *functions: str) -> None:
    """Answer ``functions`` (every task when none is named) with the reference solution."""
    for name, source in solutions(exercise).items():
        if not functions or name in functions:
            answer(notebook, name, source)


def append_code(notebook: Notebook, source: str, after: str | None = None) -> dict[str, Any]:
    """A new code cell (no nbgrader metadata), after the cell ``after`` or at the end."""
    new = {
        "cell_type": "code",
        "execution_count": None,
        "id": f"extra{len(notebook['cells'])}",
        "metadata": {},
        "outputs": [],
        "source": source,
    }
    cells = notebook["cells"]
    position = len(cells) if after is None else cells.index(cell(notebook, after)) + 1
    cells.insert(position, new)
    return new


def duplicate(notebook: Notebook, cell_id: str) -> dict[str, Any]:
    """Jupyter's copy and paste: the same cell, metadata and all, right below it."""
    original = cell(notebook, cell_id)
    copied = copy.deepcopy(original)
    copied["id"] = f"{cell_id}-copy"
    notebook["cells"].insert(notebook["cells"].index(original) + 1, copied)
    return copied


def is_test_cell(found: dict[str, Any]) -> bool:
    """Whether ``found`` is one of the released notebook's test cells."""
    return bool(found.get("metadata", {}).get("nbgrader", {}).get("grade"))
