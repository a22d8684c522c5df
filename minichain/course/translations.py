"""Which pages of the course site are translated, and which translations fell behind.

The English pages are ``course/*.md``; a translation into language ``zh`` is
``course/zh/<same path>``. Each translated page records, in its front matter,
the SHA-256 of the English file it was last brought up to date with::

    ---
    source_sha256: 3f1c...e2 (64 hex digits)
    ---

so a change to the English page is noticed (the page becomes *stale*) until a
translator updates the translation and records the new hash
(``minichain course translations --stamp zh/policy.md``). hello-algo keeps
its languages in step the same way: both are changed in one commit.

A page is in one of these states:

* ``current``: translated, and the English page is the one it was translated from;
* ``stale``: the English page changed since (the translation must be updated);
* ``missing``: not translated yet (the site shows a notice linking the English page);
* ``orphan``: a translation whose English page no longer exists;
* ``unrecorded``: a translation without a valid ``source_sha256`` line.

``missing`` is the normal state of a translation in progress; the other three
are errors a test refuses (tests/course/test_translations.py).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from minichain.errors import ValidationError

LANGUAGES = ("zh",)
"""The languages the site is translated into, each a folder of the English site's folder."""

FIELD = "source_sha256"
FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.DOTALL)
RECORD = re.compile(rf"^{FIELD}:[ \t]*(\S*)[ \t]*$", re.MULTILINE)
DIGEST = re.compile(r"[0-9a-f]{64}")

CURRENT, STALE, MISSING, ORPHAN, UNRECORDED = (
    "current",
    "stale",
    "missing",
    "orphan",
    "unrecorded",
)
PROBLEMS = (STALE, ORPHAN, UNRECORDED)
"""The states that mean a translation is wrong (``missing`` only means unfinished)."""


class TranslationError(ValidationError):
    """A translated page whose front matter does not record its English source's hash.

    The ``field`` names the file and the front-matter key, e.g.
    ``course/zh/policy.md: source_sha256``.
    """


@dataclass(frozen=True)
class PageState:
    """One page of the site and the state of its translation into ``language``."""

    page: str
    """The page's path below the English docs folder, e.g. ``policy.md``."""
    language: str
    state: str
    recorded: str = ""
    """The hash the translation records ("" when missing or unrecorded)."""
    source: str = ""
    """The hash of the English page now ("" for an orphan)."""


def default_docs() -> Path:
    """The English site's folder: ``course/`` of the checkout this package runs from.

    Raises:
        TranslationError: there is none (an installed wheel has no site sources).
    """
    docs = Path(__file__).resolve().parents[2] / "course"
    if not (docs / "index.md").is_file():
        raise TranslationError("--docs", f"no course site at {docs}; name its folder with --docs")
    return docs


def source_digest(path: Path) -> str:
    """The SHA-256 of the file at ``path``, as 64 lowercase hex digits."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def recorded_digest(path: Path) -> str:
    """The ``source_sha256`` that the translated page at ``path`` records.

    Raises:
        TranslationError: no front matter, no such line, or not 64 hex digits.
    """
    where = f"{path}: {FIELD}"
    match = FRONT_MATTER.match(path.read_text(encoding="utf-8"))
    if not match:
        raise TranslationError(where, "a translation must start with front matter (--- lines)")
    record = RECORD.search(match.group(1))
    if not record:
        raise TranslationError(where, "the front matter must record the English page's hash")
    if not DIGEST.fullmatch(record.group(1)):
        raise TranslationError(where, f"must be 64 lowercase hex digits, got {record.group(1)!r}")
    return record.group(1)


def english_pages(docs: Path) -> list[str]:
    """Every English page below ``docs`` (Markdown files outside the language folders)."""
    pages = []
    for path in sorted(docs.rglob("*.md")):
        relative = path.relative_to(docs).as_posix()
        if relative.split("/", 1)[0] not in LANGUAGES:
            pages.append(relative)
    return pages


def page_state(docs: Path, language: str, page: str) -> PageState:
    """The state of ``page``'s translation into ``language``."""
    english, translated = docs / page, docs / language / page
    if not translated.is_file():
        return PageState(page, language, MISSING, source=source_digest(english))
    try:
        recorded = recorded_digest(translated)
    except TranslationError:
        return PageState(page, language, UNRECORDED)
    if not english.is_file():
        return PageState(page, language, ORPHAN, recorded=recorded)
    source = source_digest(english)
    return PageState(page, language, CURRENT if recorded == source else STALE, recorded, source)


def translation_states(docs: Path, language: str) -> list[PageState]:
    """Every English page's state in ``language``, then the translations without an English page."""
    pages = english_pages(docs)
    folder = docs / language
    extra = sorted(
        path.relative_to(folder).as_posix()
        for path in (folder.rglob("*.md") if folder.is_dir() else [])
        if path.relative_to(folder).as_posix() not in pages
    )
    return [page_state(docs, language, page) for page in pages + extra]


def stamp(docs: Path, translated: Path) -> str:
    """Record in ``translated`` the hash of the English page it translates; return the hash.

    ``translated`` is a path of a translation (``course/zh/policy.md``); the
    ``source_sha256`` line is replaced, or added to the front matter (which is
    created if the page has none).

    Raises:
        TranslationError: the path is not inside a language folder of ``docs``,
            or its English page does not exist.
    """
    try:
        language, page = translated.resolve().relative_to(docs.resolve()).as_posix().split("/", 1)
    except ValueError:
        language, page = "", ""
    if language not in LANGUAGES:
        raise TranslationError(
            str(translated), f"not a translation: expected {docs}/<{'|'.join(LANGUAGES)}>/<page>.md"
        )
    english = docs / page
    if not english.is_file():
        raise TranslationError(str(translated), f"its English page {english} does not exist")
    digest = source_digest(english)
    text = translated.read_text(encoding="utf-8")
    line = f"{FIELD}: {digest}"
    match = FRONT_MATTER.match(text)
    if not match:
        text = f"---\n{line}\n---\n\n{text}"
    elif RECORD.search(match.group(1)):
        front = RECORD.sub(line, match.group(1))
        text = f"---\n{front}\n---\n{text[match.end() :]}"
    else:
        text = f"---\n{match.group(1)}\n{line}\n---\n{text[match.end() :]}"
    translated.write_text(text, encoding="utf-8")
    return digest
