"""nbgrader extensions the course's nbgrader_config.py uses (imported only by nbgrader).

:class:`RestoreMissingCells` puts back every test cell a submission lacks.
nbgrader's own ``OverwriteCells.add_missing_cells`` inserts a missing test cell
after the cell that preceded it in the source notebook, and fails the whole
submission (``KeyError``) when that cell is missing too, which is what happens
when a student's editor strips all cell metadata. Here a missing test cell goes
after the nearest earlier cell that is still there, or at the end if none is,
so such a notebook is graded against the gradebook's own tests like any other.

:class:`ReadableNotebookExporter` reads a submission nbgrader could not read
at all (not JSON, not UTF-8, an empty file, not a notebook) as an empty
notebook and says so in one line of the log. nbgrader itself logs a
forty-line traceback and leaves the student out of the gradebook; here the
student is graded (the restored test cells find no answers: 0 points), the
file in ``submitted/`` is left as it was, and the other students are graded
as usual.
"""

from __future__ import annotations

from typing import Any

import nbformat
from nbconvert.exporters import NotebookExporter
from nbgrader.preprocessors import OverwriteCells


def _present(cells: list[Any]) -> dict[str, int]:
    """Map each nbgrader grade id in ``cells`` to its position."""
    positions = {}
    for position, cell in enumerate(cells):
        grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        if grade_id:
            positions[grade_id] = position
    return positions


class RestoreMissingCells(OverwriteCells):  # type: ignore[misc]
    """``OverwriteCells`` whose missing test cells are always put back, in source order.

    It also forgets the nbgrader metadata that lost its grade id: nbgrader
    empties a copied cell's (``DeduplicateIds`` keeps the last copy) and drops
    the id of a cell whose id the gradebook does not know (a renamed answer
    cell), and then fails the whole notebook with ``KeyError: 'grade_id'``.
    Such a cell is an ordinary code cell: the student's code in it still runs.
    """

    def add_missing_task_cells(self, nb: Any, resources: Any) -> tuple[Any, Any]:
        """Forget metadata without a grade id, then put back missing task cells."""
        for cell in nb.cells:
            metadata = cell.get("metadata", {})
            if "nbgrader" in metadata and not metadata["nbgrader"].get("grade_id"):
                self.log.warning("A cell lost its grade id; it is graded as a plain code cell")
                del metadata["nbgrader"]
        return super().add_missing_task_cells(nb, resources)  # type: ignore[no-any-return]

    def add_missing_grade_cells(self, nb: Any, resources: Any) -> tuple[Any, Any]:
        """Insert each test cell the submission lacks after its nearest surviving predecessor."""
        source = self.gradebook.find_notebook(self.notebook_id, self.assignment_id)
        order = [cell.name for cell in source.source_cells]
        sources = {cell.name: cell for cell in source.source_cells}
        grade_cells = {cell.name: cell for cell in source.grade_cells}
        solution_ids = {cell.name for cell in source.solution_cells}
        for position, name in enumerate(order):
            present = _present(nb.cells)
            if name not in grade_cells or name in present:
                continue
            self.log.warning("Missing grade cell %s encountered, adding to notebook", name)
            earlier = [present[other] for other in order[:position] if other in present]
            at = max(earlier) + 1 if earlier else len(nb.cells)
            cell = self.missing_cell_transform(
                sources[name], grade_cells[name].max_score, is_solution=name in solution_ids
            )
            nb.cells.insert(at, cell)
        return nb, resources


def unreadable_reason(error: BaseException) -> str:
    """One line saying why a file is not a notebook, without quoting the file at length."""
    cause = error.__cause__ or error
    text = str(cause).splitlines()[0] if str(cause) else ""
    return f"{type(cause).__name__}: {text[:120]}" if text else type(cause).__name__


class ReadableNotebookExporter(NotebookExporter):
    """nbgrader's notebook exporter, reading an unreadable submission as an empty notebook."""

    def from_file(self, file_stream: Any, resources: Any = None, **kw: Any) -> Any:
        """Read the notebook in ``file_stream``, or an empty one with one error line."""
        try:
            notebook = nbformat.read(file_stream, as_version=4)  # type: ignore[no-untyped-call]
        except Exception as error:  # noqa: BLE001 - whatever nbformat raises: not a notebook
            metadata = (resources or {}).get("metadata", {})
            name = metadata.get("name", "")
            where = "/".join(part for part in (metadata.get("path", ""), name) if part)
            where += ".ipynb" if name else ""
            self.log.error(
                "%s cannot be read as a notebook (%s); graded as an empty notebook",
                where or "a submission",
                unreadable_reason(error),
            )
            notebook = nbformat.v4.new_notebook()  # type: ignore[no-untyped-call]
        return self.from_notebook_node(notebook, resources=resources, **kw)  # type: ignore[no-untyped-call]
