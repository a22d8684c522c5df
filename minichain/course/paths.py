"""Where the course's exercises are."""

from __future__ import annotations

import os
from pathlib import Path

from minichain.course.errors import ExerciseError

ENVIRONMENT = "MINICHAIN_EXERCISES"
"""Set this to a course root (a folder of exercise folders) to use it instead of the default."""


def default_root() -> Path:
    """The exercises folder: ``$MINICHAIN_EXERCISES``, else the installed or checked-out one.

    Raises:
        ExerciseError: neither exists.
    """
    configured = os.environ.get(ENVIRONMENT)
    if configured:
        root = Path(configured)
        if not root.is_dir():
            raise ExerciseError(ENVIRONMENT, "{root} is not a folder", root=root)
        return root
    package = Path(__file__).resolve().parents[1]
    # From a wheel the exercises ship inside the package (minichain/exercises);
    # in a checkout, or an editable install of one, they are the course root beside it.
    for root in (package / "exercises", package.parent / "exercises"):
        if (root / "nbgrader_config.py").is_file():
            return root
    raise ExerciseError(
        "exercises",
        "no exercises folder found; set {environment} to the course's exercises/",
        environment=ENVIRONMENT,
    )
