"""Fixtures shared by test modules in several folders."""

import os

from tests.captures import announce  # noqa: F401 (a fixture: pytest finds it here)

# The tests read the commands' English, whatever the machine's locale: gettext reads
# LANGUAGE first, and has no English catalogue, so the messages stay as the code writes
# them. Tests of the Chinese terminal set the locale they need themselves.
os.environ["LANGUAGE"] = "en"
# Captured output is CAPTURE_WIDTH columns wide unless a test asks for another width;
# pytest-xdist's workers inherit a COLUMNS=80 the suite's own runs do not have.
for variable in ("COLUMNS", "LINES"):
    os.environ.pop(variable, None)
