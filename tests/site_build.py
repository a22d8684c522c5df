"""One real `mkdocs build --strict` of the course site per test session, for the site tests.

The build writes both editions: English at the site's root, Chinese in ``zh/``
(mkdocs.zh.yml, built by hooks/translations.py after the English site).
"""

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
EDITIONS = {"en": "/", "zh": "/zh/"}
"""Where each language's edition of the site is, as a URL path."""
SITE_NAMES = {"en": "minichain, a blockchain course", "zh": "minichain 区块链课程"}


def site_pages(site: Path) -> list[str]:
    """Every course page of the built site, both editions, as a URL path, sorted.

    ``"/"``, ``"/glossary/"``, ``"/zh/glossary/"``; not the browser app's pages.
    """
    pages = []
    for index in sorted(site.rglob("index.html")):
        relative = index.parent.relative_to(site).as_posix()
        if relative == LITE_FOLDER or relative.startswith(LITE_FOLDER + "/"):
            continue
        pages.append("/" if relative == "." else f"/{relative}/")
    return pages


def language_of(page: str) -> str:
    """The language of the page at the URL path ``page``."""
    return "zh" if page.startswith(EDITIONS["zh"]) else "en"


def edition_pages(site: Path, language: str) -> list[str]:
    """The pages of one edition, as URL paths within it ("/", "/glossary/", ...)."""
    prefix = EDITIONS[language]
    return [
        "/" + page.removeprefix(prefix)
        for page in site_pages(site)
        if language_of(page) == language
    ]
