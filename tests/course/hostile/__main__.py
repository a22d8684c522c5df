"""Print the hostile class's table: ``python -m tests.course.hostile [--config FILE]``.

With ``--config`` the class is graded under that configuration instead of the
course's own (for example the configuration of an older commit, to see which
cheats won there).
"""

import argparse
import tempfile
from pathlib import Path

from tests.course.hostile.classroom import run_class, summary, table

parser = argparse.ArgumentParser(prog="python -m tests.course.hostile")
parser.add_argument("--config", type=Path, help="an nbgrader_config.py to grade with")
options = parser.parse_args()
with tempfile.TemporaryDirectory(prefix="hostile-") as folder:
    outcome = run_class(Path(folder), config=options.config.read_text() if options.config else None)
    print(table(outcome))
    print()
    print(summary(outcome))
    print(f"\nautograde: {outcome.autograde_s:.1f} s")
