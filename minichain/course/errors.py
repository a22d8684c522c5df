"""How the exercise tooling refuses bad input: one line naming the file, the field and the rule."""

from __future__ import annotations

from minichain.errors import MinichainError, ValidationError


class ManifestError(ValidationError):
    """An exercise folder that breaks a rule: a bad manifest field, a missing file, a stray test.

    The ``field`` names the file and the field, e.g.
    ``exercises/evidence_hash/exercise.toml: tasks[1].points``.
    """


class ExerciseError(MinichainError):
    """A request the exercise tools cannot carry out: an unknown exercise, an unusable workspace."""


class ReleaseError(ManifestError):
    """A notebook cell whose solution or hidden-test region is not closed, or is nested.

    The ``field`` names the cell, e.g. ``cell answer_fingerprint``.
    """


class LiteBuildError(MinichainError):
    """The browser notebooks (JupyterLite) could not be built: a download, a pin or the build.

    The ``field`` names the pin or the step, e.g. ``lite/requirements.txt: rich``.
    """
