"""nbgrader configuration of the minichain course. The course root is this folder.

The notebooks under source/ are generated from the exercise folders by
`minichain course generate`; never edit them by hand.
"""

from nbconvert.preprocessors import CSSHTMLHeaderPreprocessor
from nbgrader.preprocessors import (
    CheckCellMetadata,
    ClearHiddenTests,
    ClearOutput,
    DeduplicateIds,
    GetGrades,
    OverwriteKernelspec,
)

from minichain.course.nbgrader_plugins import RestoreMissingCells

c = get_config()  # noqa: F821 - nbgrader provides get_config

c.CourseDirectory.course_id = "minichain"

# A cell that runs longer than this (an endless loop) is stopped and scores 0;
# the rest of the notebook is still graded. The checks of one task take well under a second.
c.Execute.timeout = 10

# A student who deletes a test cell, or whose editor strips the cells' metadata,
# gets the test cells put back from the gradebook and graded, instead of a
# notebook that skips them. RestoreMissingCells is nbgrader's OverwriteCells
# (which also undoes edits to locked cells) without its KeyError on a notebook
# whose answer cells lost their metadata too.
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
