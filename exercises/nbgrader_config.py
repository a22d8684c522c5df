"""nbgrader configuration of the minichain course. The course root is this folder.

The notebooks under source/ are generated from the exercise folders by
`minichain course generate`; never edit them by hand.
"""

from nbconvert.preprocessors import CSSHTMLHeaderPreprocessor
from nbgrader.preprocessors import (
    AssignLatePenalties,
    CheckCellMetadata,
    ClearHiddenTests,
    ClearOutput,
    DeduplicateIds,
    GetGrades,
    LimitOutput,
    OverwriteKernelspec,
    SaveAutoGrades,
)

from minichain.course.autograde import JudgeNotebook
from minichain.course.nbgrader_plugins import ReadableNotebookExporter, RestoreMissingCells

c = get_config()  # noqa: F821 - nbgrader provides get_config

c.CourseDirectory.course_id = "minichain"

# `nbgrader validate` runs a notebook in a Jupyter kernel: a cell that runs
# longer than this (an endless loop) is stopped there.
c.Execute.timeout = 10

# Autograde never runs a student's code next to the checks. JudgeNotebook takes
# the place of nbgrader's Execute: the student's code runs in a sandbox
# (bubblewrap: no network, no view of this folder), the checks run here, and
# each test cell gets the points of the checks it passed (partial credit).
# The student's code may use this many seconds per task, and per notebook cell
# while it loads; an endless loop costs the task, or the cell, it blocks.
c.JudgeNotebook.task_timeout = 10
c.JudgeNotebook.cell_timeout = 10
c.JudgeNotebook.memory_mib = 1024
# A submission that is not a notebook at all (broken JSON, an empty or binary
# file) is graded as an empty notebook, with one line in the log saying why.
c.Autograde.exporter_class = ReadableNotebookExporter

c.Autograde.autograde_preprocessors = [
    JudgeNotebook,
    LimitOutput,
    SaveAutoGrades,
    AssignLatePenalties,
    CheckCellMetadata,
]

# A student who deletes a test cell, or whose editor strips the cells' metadata,
# gets the test cells put back from the gradebook and graded, instead of a
# notebook that skips them. RestoreMissingCells is nbgrader's OverwriteCells
# (which also undoes edits to locked cells) without its KeyError on a notebook
# whose answer cells lost their metadata too, or on a copied or renamed answer
# cell (those become plain code cells, whose code still runs).
c.OverwriteCells.add_missing_cells = True
c.Autograde.sanitize_preprocessors = [
    ClearOutput,
    DeduplicateIds,
    OverwriteKernelspec,
    RestoreMissingCells,
    CheckCellMetadata,
]

# Feedback never shows hidden test source: nbgrader's default feedback keeps it.
c.GenerateFeedback.preprocessors = [GetGrades, ClearHiddenTests, CSSHTMLHeaderPreprocessor]
