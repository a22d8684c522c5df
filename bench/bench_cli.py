"""How fast the ``minichain`` command starts: ``minichain --help`` in a fresh process.

* ``cli_start_s``: wall-clock seconds of ``minichain --help`` (best of several runs),
  goal under 0.3 s; the handlers import their work lazily so this stays small.
* ``cli_start_ratio``: that time divided by a bare ``python -c pass`` measured in the
  same run, so a slow shared machine shows up in both and the ratio stays meaningful.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from bench.common import report, seconds

RUNS = 7
MINICHAIN = Path(sys.executable).parent / "minichain"


def _best(command: list[str]) -> float:
    return min(
        seconds(lambda: subprocess.run(command, capture_output=True, check=True))
        for _ in range(RUNS)
    )


def main() -> None:
    start = _best([str(MINICHAIN), "--help"])
    bare = _best([sys.executable, "-c", "pass"])
    report("cli_start_s", start, "goal < 0.3 s", digits=3)
    report("cli_start_ratio", start / bare, "minichain --help / python -c pass; informational")


if __name__ == "__main__":
    main()
