"""How fast the ``minichain`` command starts: ``minichain --help`` in a fresh process.

* ``cli_start_s``: wall-clock seconds of ``minichain --help`` (best of several runs),
  goal under 0.3 s; the handlers import their work lazily so this stays small.
* ``cli_start_ratio``: that time divided by a bare ``python -c pass`` measured in the
  same run, so a slow shared machine shows up in both and the ratio stays meaningful.
* ``cli_start_zh_s``: the same with ``LANG=zh_CN.UTF-8``, where gettext loads the Chinese
  catalogue at start-up (minichain.terminal.i18n); goal under 0.3 s too.
* ``cli_start_zh_ratio``: that time divided by the English one, measured side by side.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from bench.common import report, seconds

RUNS = 7
MINICHAIN = Path(sys.executable).parent / "minichain"


LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


def _locale(lang: str) -> dict[str, str]:
    """This environment with ``LANG=lang`` and no other locale variable."""
    env = {key: value for key, value in os.environ.items() if key not in LOCALE_VARIABLES}
    return {**env, "LANG": lang}


def _best(command: list[str], env: dict[str, str] | None = None) -> float:
    return min(
        seconds(lambda: subprocess.run(command, capture_output=True, check=True, env=env))
        for _ in range(RUNS)
    )


def main() -> None:
    start = _best([str(MINICHAIN), "--help"], _locale("C.UTF-8"))
    chinese = _best([str(MINICHAIN), "--help"], _locale("zh_CN.UTF-8"))
    bare = _best([sys.executable, "-c", "pass"])
    report("cli_start_s", start, "goal < 0.3 s", digits=3)
    report("cli_start_ratio", start / bare, "minichain --help / python -c pass; informational")
    report("cli_start_zh_s", chinese, "LANG=zh_CN.UTF-8; goal < 0.3 s", digits=3)
    report("cli_start_zh_ratio", chinese / start, "zh / English start-up; informational")


if __name__ == "__main__":
    main()
