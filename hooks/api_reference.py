"""mkdocs hook: the API reference, one page per teaching module, generated at build time.

The list of pages is :data:`minichain.TEACHING_MODULES`, so a new teaching
module gets its page without anyone remembering to write one. Each page is a
mkdocstrings block (``::: minichain.hashing``) that renders the module's
docstrings, so the reference cannot drift from the code; a docstring that
documents a parameter the function lacks fails ``mkdocs build --strict``.

In mkdocs.yml the nav holds one entry, ``API reference: reference/index.md``;
this hook expands it into a section: the index page (the modules in reading
order, with their one-line summaries), then one page per module.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from minichain import TEACHING_MODULES

ROOT = Path(__file__).resolve().parent.parent
NAV_TITLE = "API reference"
INDEX = "reference/index.md"
INDEX_TITLE = "Modules in reading order"

# The docstrings use Sphinx roles (:func:`name`), which mkdocstrings shows literally
# as ":func:" before the name: on the reference pages the name alone is shown.
SPHINX_ROLE = re.compile(r":(?:func|meth|class|mod|data|attr|exc|obj):<code>~?")


def page_uri(module: str) -> str:
    """The reference page of ``module`` (``minichain.hashing`` -> ``reference/hashing.md``)."""
    return f"reference/{module.removeprefix('minichain.')}.md"


def summary(module: str) -> str:
    """The first line of ``module``'s docstring, read from its source without importing it."""
    path = ROOT.joinpath(*module.split(".")).with_suffix(".py")
    docstring = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
    if not docstring:
        raise PluginError(f"API reference: {path} has no module docstring")
    return docstring.strip().splitlines()[0]


def index_markdown() -> str:
    """The reference's front page: every teaching module, in reading order."""
    rows = "\n".join(
        f"| {number} | [`{module}`]({page_uri(module).removeprefix('reference/')}) "
        f"| {summary(module)} |"
        for number, module in enumerate(TEACHING_MODULES, 1)
    )
    return f"""# API reference

minichain's teaching modules, in the order to read them. Each module imports
only modules above it in this list (a test enforces it), so you can read the
library from top to bottom without meeting a name that is not explained yet.
These pages are generated from the docstrings in the code on every build.

| # | Module | What it is |
| --- | --- | --- |
{rows}
"""


def module_markdown(number: int, module: str) -> str:
    """The reference page of one module: a heading and the mkdocstrings block."""
    source = "/".join(module.split(".")) + ".py"
    return f"""# `{module}`

Module {number} of {len(TEACHING_MODULES)} in reading order. Source: `{source}`.

::: {module}
    options:
      show_root_heading: false
      show_source: false
"""


INDEX_TITLES = {"zh": "按阅读顺序排列的模块"}
"""The index page's nav title in the translated editions (the reference stays in English)."""


def expand_nav(nav: list[Any], index_title: str = INDEX_TITLE) -> bool:
    """Replace the entry ``{title: INDEX}`` in ``nav`` (in place) with the reference section.

    The section keeps the entry's title (``NAV_TITLE`` in English, its translation
    in another edition's nav); ``index_title`` names the index page in it.
    """
    for position, item in enumerate(nav):
        if isinstance(item, dict) and len(item) == 1 and list(item.values()) == [INDEX]:
            nav[position] = {
                list(item)[0]: [{index_title: INDEX}]
                + [{module: page_uri(module)} for module in TEACHING_MODULES]
            }
            return True
        if isinstance(item, dict):
            for value in item.values():
                if isinstance(value, list) and expand_nav(value, index_title):
                    return True
    return False


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Expand the nav's API reference entry into one page per teaching module."""
    index_title = INDEX_TITLES.get(str(config.theme["language"]), INDEX_TITLE)
    if not config.nav or not expand_nav(config.nav, index_title):
        raise PluginError(f"API reference: mkdocs.yml's nav needs the entry '{NAV_TITLE}: {INDEX}'")
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add the reference's index page and one page per teaching module."""
    files.append(File.generated(config, INDEX, content=index_markdown()))
    for number, module in enumerate(TEACHING_MODULES, 1):
        files.append(
            File.generated(config, page_uri(module), content=module_markdown(number, module))
        )
    return files


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """On reference pages, show ``:func:`name``` from a docstring as ``name``."""
    if page.file.src_uri.startswith("reference/"):
        return SPHINX_ROLE.sub("<code>", html)
    return html
