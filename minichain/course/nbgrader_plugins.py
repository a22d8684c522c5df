"""nbgrader extensions the course's nbgrader_config.py uses (imported only by nbgrader).

:class:`RestoreMissingCells` puts back every test cell a submission lacks.
nbgrader's own ``OverwriteCells.add_missing_cells`` inserts a missing test cell
after the cell that preceded it in the source notebook, and fails the whole
submission (``KeyError``) when that cell is missing too, which is what happens
when a student's editor strips all cell metadata. Here a missing test cell goes
after the nearest earlier cell that is still there, or at the end if none is,
so such a notebook is graded against the gradebook's own tests like any other.
"""

from __future__ import annotations

from typing import Any

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
