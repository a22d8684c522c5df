"""mkdocs hook: the Chinese edition, built with the English site, and the language switcher.

The English site is built from ``course/`` by ``mkdocs.yml``; the Chinese one
from ``course/zh/`` by ``mkdocs.zh.yml``, which inherits everything else
(``INHERIT: mkdocs.yml``) and sets the language, the site name and the nav.
This is material's "one build per language" set-up (its ``extra.alternate``),
with the Chinese site in the folder ``zh/`` of the English one:

* ``mkdocs build`` (and ``mkdocs serve``, ``make build``, the tests) builds
  both: after the English site is written, :func:`on_post_build` builds
  ``mkdocs.zh.yml`` into ``<site_dir>/zh`` in the same process;
  ``mkdocs build -f mkdocs.zh.yml`` builds the Chinese site alone.
* The English build leaves ``course/zh/`` out; the Chinese build takes the
  shared files (``course/assets/``: Mermaid, the CJK font stack) from
  ``course/``, and for every English page not translated yet it writes a page
  that says so and links the English one, so the two sites have the same
  pages at the same paths.
* The Chinese edition's pages load the theme's and the course's scripts,
  styles and Mermaid from the English site's ``assets/`` wherever those files
  are the very same bytes (:func:`share_assets`): one copy of each is served,
  which keeps the site with the browser app under 60 MB (issue 19).
* The switcher (``overrides/partials/alternate.html``) links each page to the
  same page in the other language, computed here. material's own switcher
  script would send a reader to the other site's home page unless each site's
  ``sitemap.xml`` carried the absolute URL it is served at, so
  ``extra.alternate`` is set to ``true`` (shows the switcher, and, not being a
  list, writes no ``<link rel="alternate">`` for that script to act on).

Which translations are stale or missing: ``minichain course translations``
(:mod:`minichain.course.translations`).
"""

from __future__ import annotations

import filecmp
import logging
import posixpath
import re
from pathlib import Path
from typing import Any

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from pymdownx.slugs import slugify

from minichain.course.model import load_course
from minichain.course.translations import LANGUAGES, LINE_BREAK_IN_CJK, english_pages

ROOT = Path(__file__).resolve().parent.parent
EXERCISES = ROOT / "exercises"
SOURCE_LANGUAGE = "en"
EDITIONS = {"en": "English", "zh": "中文"}
"""Every edition of the site by language code, with the switcher's name for it."""
CONFIGS = {language: ROOT / f"mkdocs.{language}.yml" for language in LANGUAGES}
# jieba (material's search cuts Chinese with it) reports loading its dictionary on stderr,
# while the search plugin starts, before any hook event: quiet it when mkdocs loads this file.
logging.getLogger("jieba").setLevel(logging.WARNING)
SHARED = "assets"
"""The folder of ``course/`` that every edition serves from its own site folder."""


def language_of(config: MkDocsConfig) -> str:
    """The language of the edition ``config`` builds (material's ``theme.language``)."""
    language = str(config.theme["language"] or SOURCE_LANGUAGE)
    if language not in EDITIONS:
        raise PluginError(f"translations: theme.language {language!r} is not one of {EDITIONS}")
    return language


def folder_of(language: str) -> str:
    """Where the edition of ``language`` lives in the built site ("" or ``"zh/"``)."""
    return "" if language == SOURCE_LANGUAGE else f"{language}/"


def nav_titles(nav: Any) -> dict[str, str]:
    """The title each page has in a ``nav`` setting, by file path."""
    titles: dict[str, str] = {}
    for item in nav if isinstance(nav, list) else [nav]:
        if isinstance(item, dict):
            for title, value in item.items():
                if isinstance(value, str):
                    titles[value] = title
                else:
                    titles.update(nav_titles(value))
    return titles


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Show the language switcher (see the module docstring for why ``true``).

    In a translation, headings keep their own letters in their anchors
    (``#默克尔树``, not ``#_1``): Python-Markdown's default slugs keep ASCII only.
    """
    if language_of(config) != SOURCE_LANGUAGE:
        config.mdx_configs.setdefault("toc", {})["slugify"] = slugify(case="lower")
    config.extra["alternate"] = True
    return config


UNTRANSLATED = {
    "zh": (
        '!!! note "本页尚未译成中文"\n\n'
        "    本页的中文版还在翻译中，请先阅读[英文版]({english})。"
        "翻译进度见 `minichain course translations`。\n"
    ),
}
EXERCISE_SECTION = {
    "zh": "## 练习\n\n{exercise}：下载学生笔记本 [{name}.ipynb](notebooks/{name}.ipynb)。\n",
}


def untranslated_page(language: str, page: str, title: str) -> str:
    """The page the ``language`` edition shows for an English ``page`` not translated yet."""
    if page == "index.md":
        url = ""
    elif page.endswith("/index.md"):
        url = page.removesuffix("index.md")
    else:
        url = page.removesuffix(".md") + "/"
    english = "../" * (url.count("/") + 1) + url  # from this page's folder in zh/ to the English
    text = f"# {title}\n\n" + UNTRANSLATED[language].format(english=english)
    for exercise in load_course(EXERCISES):
        if exercise.lesson == page:
            own = exercise.text(language)
            title = own.title if own is not None else exercise.title
            section = EXERCISE_SECTION[language]
            text += "\n" + section.format(exercise=title, name=exercise.name)
    return text


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """English: leave translations out. Other languages: add the shared and untranslated files."""
    language = language_of(config)
    if language == SOURCE_LANGUAGE:
        for file in list(files):
            if file.src_uri.split("/", 1)[0] in LANGUAGES:
                files.remove(file)
        return files
    english = Path(config.docs_dir).parent
    for path in sorted((english / SHARED).rglob("*")):
        uri = path.relative_to(english).as_posix()
        if path.is_file() and files.get_file_from_path(uri) is None:
            files.append(File(uri, str(english), config.site_dir, config.use_directory_urls))
    titles = nav_titles(config.nav or [])
    for page in english_pages(english):
        if files.get_file_from_path(page) is None:
            title = titles.get(page, page.removesuffix(".md"))
            file = File.generated(config, page, content=untranslated_page(language, page, title))
            file.inclusion = InclusionLevel.INCLUDED
            files.append(file)
    return files


PRE = re.compile(r"(<pre\b.*?</pre>)", re.DOTALL)


def join_cjk_lines(html: str) -> str:
    """``html`` without the line breaks of the Markdown source between two Chinese characters.

    A browser shows a line break inside a paragraph as a space, which Chinese
    text does not have; preformatted blocks (code, diagrams) keep theirs.
    """
    parts = PRE.split(html)
    return "".join(
        part if part.startswith("<pre") else LINE_BREAK_IN_CJK.sub("", part) for part in parts
    )


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """In the Chinese edition, no stray spaces where a sentence went on a new source line."""
    if language_of(config) == SOURCE_LANGUAGE:
        return html
    return join_cjk_lines(html)


def page_path(config: MkDocsConfig, page: Page) -> str:
    """Where ``page`` is in the whole site, both editions: ``policy/``, ``zh/policy/``."""
    return folder_of(language_of(config)) + page.url


def switcher_links(config: MkDocsConfig, page: Page) -> list[dict[str, str]]:
    """The switcher's entries on ``page``: the same page in every edition, as relative links."""
    here = "/" + page_path(config, page)
    links = []
    for language, name in EDITIONS.items():
        there = "/" + folder_of(language) + page.url
        href = posixpath.relpath(there, here if here.endswith("/") else posixpath.dirname(here))
        links.append({"name": name, "lang": language, "href": href + "/" if href != "." else "./"})
    return links


def on_page_context(
    context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Any
) -> dict[str, Any]:
    """Give the switcher template (``overrides/partials/alternate.html``) its links."""
    context["editions"] = switcher_links(config, page)
    return context


REFERENCE = re.compile(r'((?:href|src)="|"search": ")([^"#?]+)"')
"""A file a page loads or links, by a literal URL: an attribute, or the search worker in
material's ``__config``."""
COMPANIONS = {"assets/javascripts/workers/": "assets/javascripts/lunr/"}
"""Assets found from a URL a script computes, by the folder of that script: material's
search worker loads the lunr languages from ``../lunr/`` of its own URL, so once the
worker is shared, the edition's lunr files are never loaded."""


def share_assets(site: Path, folder: str) -> list[str]:
    """Point the pages of the edition in ``site/folder`` at the English site's copy of each
    asset that is byte for byte the same, and delete the edition's copy; return those assets.

    An asset is only shared when every page of the edition that references it does so by a
    relative URL this function rewrites (``../assets/x.css`` from ``zh/policy/`` becomes
    ``../../assets/x.css``); a source map goes with its script. Absolute URLs, assets no
    page names literally, and assets whose bytes differ from the English ones stay.
    """
    edition = site / folder
    pages = sorted(edition.rglob("*.html"))
    texts = {page: page.read_text(encoding="utf-8") for page in pages}
    shared: set[str] = set()

    def rewrite(page: Path, match: re.Match[str]) -> str:
        url = match.group(2)
        if url.startswith(("/", "data:")) or "://" in url:
            return match.group(0)
        here = page.parent.relative_to(site).as_posix()
        target = posixpath.normpath(posixpath.join(here, url))
        own_prefix = f"{folder}/{SHARED}/"
        if not target.startswith(own_prefix):
            return match.group(0)
        english = target.removeprefix(f"{folder}/")
        own_file, english_file = site / target, site / english
        if not (english_file.is_file() and own_file.is_file()):
            return match.group(0)
        if english not in shared and not filecmp.cmp(own_file, english_file, shallow=False):
            return match.group(0)
        shared.add(english)
        return match.group(1) + posixpath.relpath(english, here) + '"'

    still: set[str] = set()
    for page, text in texts.items():
        changed = REFERENCE.sub(lambda match, page=page: rewrite(page, match), text)
        if changed != text:
            page.write_text(changed, encoding="utf-8")
        here = page.parent.relative_to(site).as_posix()
        for match in REFERENCE.finditer(changed):
            url = match.group(2)
            still.add(posixpath.normpath(url[1:] if url.startswith("/") else f"{here}/{url}"))
    for english in sorted(shared):
        for name in (english, f"{english}.map"):
            own, english_copy = edition / name, site / name
            if f"{folder}/{name}" in still or not own.is_file() or not english_copy.is_file():
                continue
            if filecmp.cmp(own, english_copy, shallow=False):
                own.unlink()
    for script, companion in COMPANIONS.items():
        if any(name.startswith(script) for name in shared):
            for own in sorted((edition / companion).rglob("*")):
                name = own.relative_to(edition).as_posix()
                english_copy = site / name
                if own.is_file() and english_copy.is_file() and f"{folder}/{name}" not in still:
                    if filecmp.cmp(own, english_copy, shallow=False):
                        own.unlink()
                        shared.add(name)
    for folder_path in sorted((edition / SHARED).rglob("*"), reverse=True):
        if folder_path.is_dir() and not any(folder_path.iterdir()):
            folder_path.rmdir()
    return sorted(shared)


def on_post_build(config: MkDocsConfig) -> None:
    """After the English site: build every translation into its folder of the site,
    which then shares the English site's copy of every asset that is the same."""
    if language_of(config) != SOURCE_LANGUAGE:
        return
    for language, path in CONFIGS.items():
        edition = load_config(
            str(path),
            site_dir=str(Path(config.site_dir) / folder_of(language)),
            strict=config.strict,
        )
        edition.plugins.on_startup(command="build", dirty=False)
        try:
            build(edition)
        finally:
            edition.plugins.on_shutdown()
        if language != SOURCE_LANGUAGE:
            share_assets(Path(config.site_dir), folder_of(language).rstrip("/"))


def on_serve(server: Any, config: MkDocsConfig, builder: Any) -> Any:
    """``mkdocs serve`` rebuilds when a translation's configuration changes too."""
    for path in CONFIGS.values():
        server.watch(str(path))
    return server
