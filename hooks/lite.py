"""mkdocs hook: the exercise notebooks run in the browser, served with the site as ``lite/``.

After each build (``make build``, ``make serve``, the site tests) the JupyterLite
app that :func:`minichain.course.lite.build_app` builds, or finds already built
from the same inputs under ``build/lite/app``, is copied into the site as
``lite/``. A lesson's "Run in your browser" button (hooks/notebooks.py) opens
``lite/notebooks/index.html?path=<exercise>.ipynb``. The first build fetches
Pyodide from npm and the pinned wheels from PyPI; later builds need no network.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from minichain.course.errors import LiteBuildError
from minichain.course.lite import build_app

SITE_FOLDER = "lite"


def _link_or_copy(source: str, destination: str) -> None:
    """A hard link where the file system allows one (fast, no space), else a copy."""
    try:
        os.link(source, destination)
    except OSError:
        shutil.copy2(source, destination)


def on_post_build(config: MkDocsConfig) -> None:
    """Put the app into the built site as ``lite/``.

    Only the English edition's build does: the Chinese edition (mkdocs.zh.yml,
    hooks/translations.py) lives in ``zh/`` of the same site and links to the
    same app, one folder up.
    """
    if str(config.theme["language"] or "en") != "en":
        return
    try:
        app = build_app()
    except LiteBuildError as error:
        raise PluginError(f"browser notebooks: {error}") from error
    destination = Path(config.site_dir) / SITE_FOLDER
    shutil.rmtree(destination, ignore_errors=True)
    shutil.copytree(app, destination, copy_function=_link_or_copy)
