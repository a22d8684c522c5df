"""mkdocs hook: the course's figures, drawn when the site is built, never committed as images.

Every figure of :data:`minichain.notebook.site.SITE_FIGURES` (the plots
made with matplotlib from minichain's own functions, and the drawings of
:mod:`minichain.notebook.svg`) is added to the site as a generated file, so a
lesson's ``![...](figures/attack-probability.svg)`` is checked by
``mkdocs build --strict`` like any other link, and the picture always shows
what the current code computes. The figures are seeded: each build writes
the same bytes (tests/notebook/test_figures.py checks it).

Drawing them costs about three seconds of CPU (a second of it importing
matplotlib), so the files are kept in ``build/figure-cache/<key>/``, where
the key is a hash of every source file of the ``minichain`` package and
matplotlib's version: a change to the code draws them again, and a build
without one (``mkdocs serve`` after editing a lesson) reuses them. They are
drawn by a fresh Python process, which imports ``minichain`` as its files are
now: ``mkdocs serve`` keeps the modules it imported when it started, so
drawing in its own process after an edit would file the old code's figures
under the new code's key.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from minichain.notebook.site import SITE_FIGURES

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "build" / "figure-cache"


def source_key() -> str:
    """A hash of what the figures depend on: minichain's sources and matplotlib's version."""
    digest = hashlib.sha256(version("matplotlib").encode())
    for path in sorted((ROOT / "minichain").rglob("*.py")):
        digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:20]


DRAW = """
import json, sys
sys.path.insert(0, sys.argv[1])  # the sources source_key() hashed, not an older install
from minichain.notebook.site import draw_site_figure
drawn = {}
for uri in sys.argv[2:]:
    try:
        drawn[uri] = draw_site_figure(uri)
    except Exception as error:  # a figure that fails must say which one
        sys.exit(f"figure {uri}: {type(error).__name__}: {error}")
json.dump(drawn, sys.stdout)
"""


def draw_figures(uris: list[str]) -> dict[str, str]:
    """The figures at ``uris``, drawn by a fresh Python from the sources in :data:`ROOT`."""
    result = subprocess.run(
        [sys.executable, "-c", DRAW, str(ROOT), *uris],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        lines = result.stderr.strip().splitlines() or [f"exit status {result.returncode}"]
        raise PluginError(f"drawing the figures failed: {lines[-1]}")
    drawn: dict[str, str] = json.loads(result.stdout)
    return drawn


def drawn_figures(cache: Path = CACHE) -> dict[str, str]:
    """Every site figure by its path in the site: from the cache, or drawn and cached."""
    folder = cache / source_key()
    found = {uri: folder / uri.replace("/", "_") for uri in SITE_FIGURES}
    if all(path.exists() for path in found.values()):
        return {uri: path.read_text(encoding="utf-8") for uri, path in found.items()}
    drawn = draw_figures(list(SITE_FIGURES))
    if cache.exists():  # figures of older sources are of no use any more
        for old in cache.iterdir():
            if old != folder:
                shutil.rmtree(old, ignore_errors=True)
    folder.mkdir(parents=True, exist_ok=True)
    for uri, text in drawn.items():
        partial = found[uri].with_name(f"{found[uri].name}.{os.getpid()}.tmp")
        partial.write_text(text, encoding="utf-8")
        partial.replace(found[uri])  # atomic: a parallel build never reads half a file
    return drawn


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add every figure of the course to the site's files."""
    for uri, text in drawn_figures().items():
        files.append(File.generated(config, uri, content=text))
    return files
