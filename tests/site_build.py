"""One real `mkdocs build --strict` of the course site per test session, for the site tests."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parent.parent
MKDOCS = [sys.executable, "-m", "mkdocs"]
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}

_built: dict[str, Path] = {}


def build_site(destination: Path) -> Path:
    """Build the site into ``destination`` with --strict; fail with mkdocs' own messages."""
    result = subprocess.run(
        [*MKDOCS, "build", "--strict", "--site-dir", str(destination)],
        cwd=ROOT,
        env=ENV,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if result.returncode != 0:
        raise AssertionError(f"mkdocs build --strict failed:\n{result.stderr}")
    return destination


def shared_site(tmp_path_factory) -> Path:
    """The site built once for this test session (the first caller builds it)."""
    if "site" not in _built:
        _built["site"] = build_site(tmp_path_factory.mktemp("site"))
    return _built["site"]


LITE_FOLDER = "lite"
"""The JupyterLite app in the site (hooks/lite.py): its pages are an app, not course pages."""


def site_pages(site: Path) -> list[str]:
    """Every course page of the built site as a URL path ("/", "/glossary/", ...), sorted."""
    pages = []
    for index in sorted(site.rglob("index.html")):
        relative = index.parent.relative_to(site).as_posix()
        if relative == LITE_FOLDER or relative.startswith(LITE_FOLDER + "/"):
            continue
        pages.append("/" if relative == "." else f"/{relative}/")
    return pages
