"""The real ``minichain`` console script, run as a user runs it, for the tooling tests."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

MINICHAIN = Path(sys.executable).parent / "minichain"
"""The console script pip installed into this environment."""


def run_minichain(
    *args: str,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    input: str | None = None,  # noqa: A002 (subprocess.run's name for it)
    timeout: float = 120,
) -> subprocess.CompletedProcess[str]:
    """Run ``minichain ARGS...``, capturing its output as text; the exit code is not checked."""
    return subprocess.run(
        [str(MINICHAIN), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        cwd=cwd,
        env=env,
        input=input,
    )
