"""How long the course site takes to build: ``mkdocs build --strict``, as `make test` runs it.

The build writes both editions of the site, English and Chinese (``zh/``,
built by hooks/translations.py from mkdocs.zh.yml).

* ``site_build_s``: wall-clock seconds of the whole build in a fresh process
  (start-up, API reference, student notebooks, every page of both editions),
  the median of three builds. This is what a student waits for after ``make build``.
* ``site_build_cpu_s``: the CPU seconds the same builds' processes used, the
  best of three: on a shared machine wall-clock time also counts the moments
  another tenant held the core.
* ``site_pages_en``, ``site_pages_zh``: the pages each edition has (the
  Chinese one has every page, translated or saying it is not yet).
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import report

ROOT = Path(__file__).resolve().parent.parent
BUILDS = 3
GOAL_S = 15


def build_once(site_dir: Path) -> tuple[float, float]:
    """Wall-clock and CPU seconds of one strict build into ``site_dir``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", site_dir],
        cwd=ROOT,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        check=True,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def pages(site_dir: Path) -> dict[str, int]:
    """How many pages each edition of the built site has."""
    every = list(site_dir.rglob("index.html"))
    chinese = sum(page.is_relative_to(site_dir / "zh") for page in every)
    return {"en": len(every) - chinese, "zh": chinese}


def main() -> None:
    walls, cpus = [], []
    with tempfile.TemporaryDirectory(prefix="minichain-site-") as scratch:
        for build in range(BUILDS):
            wall, cpu = build_once(Path(scratch) / f"site{build}")
            walls.append(wall)
            cpus.append(cpu)
        counted = pages(Path(scratch) / "site0")
    report("site_build_s", statistics.median(walls), f"goal < {GOAL_S} s; median of {BUILDS}")
    report("site_build_cpu_s", min(cpus), f"best of {BUILDS}, CPU time of the build process")
    for language, count in counted.items():
        report(f"site_pages_{language}", count, f"pages of the {language} edition", digits=0)


if __name__ == "__main__":
    main()
