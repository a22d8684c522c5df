"""mkdocs hook: the student version of every exercise notebook, downloadable from the site.

At build time each exercise's notebook is built from its folder with
:func:`minichain.course.notebook.build_notebook` (the same function that writes
the nbgrader source notebooks), turned into what a student may see, and added
to the site as ``notebooks/<exercise>.ipynb``. Being a site file, a lesson's
link ``[the notebook](notebooks/evidence_hash.ipynb)`` is checked by
``mkdocs build --strict`` like any other link.

"What a student may see" is what ``nbgrader generate_assignment`` releases:

* in an answer cell (nbgrader ``solution: true``), the lines from
  ``### BEGIN SOLUTION`` to ``### END SOLUTION`` become nbgrader's code stub,
  indented like the BEGIN line; a solution cell without that region becomes
  the stub as a whole (nbgrader's ``ClearSolutions``);
* in a test cell, the lines from ``### BEGIN HIDDEN TESTS`` to
  ``### END HIDDEN TESTS`` are removed (nbgrader's ``ClearHiddenTests``);
* outputs and execution counts are cleared.

nbgrader itself is not imported here: it takes seconds to import, and the site
must build in well under 15 s. tests/test_site.py checks that these rules give
the same cells as nbgrader's own preprocessors.

The hook also replaces the marker ``<!-- exercise-notebooks -->`` in a page
with a table of the exercises (lesson, title, download link), so the list on
the home page grows with the exercises and never names one that is gone.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from minichain.course.manifest import Exercise, load_course
from minichain.course.notebook import build_notebook

ROOT = Path(__file__).resolve().parent.parent
EXERCISES = ROOT / "exercises"
SITE_FOLDER = "notebooks"
MARKER = "<!-- exercise-notebooks -->"

# nbgrader 0.9's defaults (ClearSolutions.code_stub["python"], .text_stub and the delimiters).
CODE_STUB = "# YOUR CODE HERE\nraise NotImplementedError()"
TEXT_STUB = "YOUR ANSWER HERE"
BEGIN_SOLUTION, END_SOLUTION = "BEGIN SOLUTION", "END SOLUTION"
BEGIN_HIDDEN, END_HIDDEN = "BEGIN HIDDEN TESTS", "END HIDDEN TESTS"


class ReleaseError(ValueError):
    """A cell's solution or hidden-test region is not closed, or is nested."""


def _region(source: str, begin: str, end: str, stub: str | None) -> tuple[str, bool]:
    """``source`` with each begin..end region replaced by ``stub`` (indented) or dropped."""
    lines, inside, found = [], False, False
    for line in source.split("\n"):
        if begin in line:
            if inside:
                raise ReleaseError(f"nested {begin!r} in cell:\n{source}")
            inside = found = True
            if stub is not None:
                indent = re.match(r"\s*", line).group(0)  # type: ignore[union-attr]
                lines += [indent + stub_line for stub_line in stub.split("\n")]
        elif end in line:
            inside = False
        elif not inside:
            lines.append(line)
    if inside:
        raise ReleaseError(f"{begin!r} without {end!r} in cell:\n{source}")
    return "\n".join(lines), found


def student_version(notebook: dict[str, Any]) -> dict[str, Any]:
    """A copy of an nbgrader source ``notebook`` without solutions or hidden tests."""
    released = copy.deepcopy(notebook)
    for cell in released["cells"]:
        source = "".join(cell["source"])
        is_solution = cell["metadata"].get("nbgrader", {}).get("solution", False)
        stub = CODE_STUB if cell["cell_type"] == "code" else TEXT_STUB
        source, replaced = _region(source, BEGIN_SOLUTION, END_SOLUTION, stub)
        if is_solution and not replaced:
            source = stub
        source, _ = _region(source, BEGIN_HIDDEN, END_HIDDEN, None)
        cell["source"] = source.splitlines(keepends=True)
        if cell["cell_type"] == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
    return released


def notebook_uri(exercise: Exercise) -> str:
    """Where the student notebook of ``exercise`` lives in the site."""
    return f"{SITE_FOLDER}/{exercise.name}.ipynb"


def student_notebook_text(exercise: Exercise) -> str:
    """The downloadable notebook file of ``exercise`` (nbformat's layout: indent 1, sorted)."""
    notebook = student_version(build_notebook(exercise))
    return json.dumps(notebook, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add ``notebooks/<exercise>.ipynb`` for every exercise to the site's files."""
    try:
        exercises = load_course(EXERCISES)
        for exercise in exercises:
            files.append(
                File.generated(
                    config, notebook_uri(exercise), content=student_notebook_text(exercise)
                )
            )
    except (ValueError, OSError) as error:  # ManifestError is a ValueError
        raise PluginError(f"student notebooks: {error}") from error
    return files


def nav_titles(nav: Any) -> dict[str, str]:
    """The title each page has in mkdocs.yml's ``nav``, by file path."""
    titles: dict[str, str] = {}
    items = nav if isinstance(nav, list) else [nav]
    for item in items:
        if isinstance(item, dict):
            for title, value in item.items():
                if isinstance(value, str):
                    titles[value] = title
                else:
                    titles.update(nav_titles(value))
    return titles


def exercise_table(page_uri: str, nav: Any) -> str:
    """A Markdown table of the exercises, with links relative to the page at ``page_uri``."""
    up = "../" * page_uri.count("/")
    titles = nav_titles(nav or [])
    rows = ["| Lesson | Exercise | Student notebook |", "| --- | --- | --- |"]
    for exercise in load_course(EXERCISES):
        lesson_title = titles.get(exercise.lesson, exercise.lesson.removesuffix(".md"))
        rows.append(
            f"| [{lesson_title}]({up}{exercise.lesson}) "
            f"| **{exercise.title}**: {exercise.summary} "
            f"| [{exercise.name}.ipynb]({up}{notebook_uri(exercise)}) |"
        )
    return "\n".join(rows)


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Replace the exercise-list marker with the table of exercises and their notebooks."""
    if MARKER in markdown:
        return markdown.replace(MARKER, exercise_table(page.file.src_uri, config.nav))
    return markdown
