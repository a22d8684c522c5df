"""Split an exercise's Python files into their shared code and their functions.

Every file of an exercise is plain Python: top-level imports and helpers (the
*prelude*) and functions. In ``starter.py`` and ``solution.py`` the functions
that matter are the tasks'; in the test files they are the ``test_*`` checks.
``from exercise import ...`` names what the learner writes; in the terminal it
is the learner's file, in the notebook those names are already defined by the
answer cells, so that import is left out of the prelude (as is the module's
docstring).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from minichain.course.errors import ManifestError

LEARNER_MODULE = "exercise"
"""The module name test files import the learner's code from."""


@dataclass(frozen=True)
class Function:
    """One top-level function of a file.

    Attributes:
        name: the function name.
        source: its source text, decorators and trailing comments (``### END SOLUTION``) included.
        signature: its parameters as written (``ast.unparse`` of them).
        line: the line its first decorator or ``def`` is on (1-based).
        docstring: its docstring, cleaned as :func:`ast.get_docstring` does ("" without one).
    """

    name: str
    source: str
    signature: str
    line: int
    docstring: str = ""


def _span(lines: list[str], node: ast.stmt) -> tuple[int, int]:
    """First and last line (1-based, inclusive) of ``node``, decorators included.

    A body's trailing comments (such as ``### END SOLUTION``) belong to it, though ast ends earlier.
    """
    first = min([node.lineno, *(d.lineno for d in getattr(node, "decorator_list", []))])
    last = node.end_lineno if node.end_lineno is not None else node.lineno
    while last < len(lines) and re.match(r"[ \t]+#", lines[last]):
        last += 1
    return first, last


def _is_docstring(module: ast.Module, node: ast.stmt) -> bool:
    return (
        node is module.body[0]
        and isinstance(node, ast.Expr)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
    )


def split_file(path: Path, wanted: Callable[[str], bool]) -> tuple[str, tuple[Function, ...]]:
    """The prelude of ``path`` and its top-level functions whose name is ``wanted``, in file order.

    The prelude is the file less its docstring, its ``from exercise import`` and
    the wanted functions, tidied of runs of blank lines.

    Raises:
        ManifestError: the file is not valid Python (naming the file and the line).
    """
    text = path.read_text(encoding="utf-8")
    try:
        module = ast.parse(text, filename=str(path))
    except SyntaxError as error:
        raise ManifestError(
            f"{path}: line {error.lineno}", "is not valid Python ({msg})", msg=error.msg
        ) from None
    lines = text.splitlines(keepends=True)
    drop: set[int] = set()
    functions = []
    for node in module.body:
        first, last = _span(lines, node)
        if isinstance(node, ast.FunctionDef) and wanted(node.name):
            source = "".join(lines[first - 1 : last]).rstrip() + "\n"
            docstring = ast.get_docstring(node) or ""
            functions.append(Function(node.name, source, ast.unparse(node.args), first, docstring))
        elif not (
            _is_docstring(module, node)
            or (isinstance(node, ast.ImportFrom) and node.module == LEARNER_MODULE)
        ):
            continue
        drop.update(range(first, last + 1))
    kept = [line for number, line in enumerate(lines, start=1) if number not in drop]
    prelude = re.sub(r"\n{3,}", "\n\n\n", "".join(kept)).strip("\n")
    return (prelude + "\n" if prelude else ""), tuple(functions)
