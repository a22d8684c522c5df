"""Which pages of the course site and which exercises are translated, and which fell behind.

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

The runnable examples the pages include (``course/examples/<name>.py``) have
Chinese twins the same way: ``course/zh/examples/<name>.py`` prints its words
in Chinese and records the English script's hash on its first line,
``# source_sha256: <64 hex digits>`` (:func:`example_states`; stamped by the
same ``--stamp`` command). A Chinese page includes the twins, never the
English scripts (tests/test_site_zh.py).

Exercises are kept in step the same way, block by block. Their words sit beside
the English in ``exercise.toml`` (:mod:`minichain.course.manifest`): the
exercise's ``[zh]`` table and each task's ``[tasks.zh]`` table record, as
``source_sha256``, the hash of the English words they translate
(:func:`words_digest`: the title, summary and scenario of the exercise, or the
title, instructions and hints of the task). Each block is ``current``,
``stale``, ``unrecorded`` or, when the exercise has no ``[zh]`` table,
``missing`` (:func:`exercise_states`). ``minichain course translations --stamp
exercises/<name>`` records the hashes of every block of an exercise
(:func:`stamp_exercise`), and ``minichain course check`` refuses an exercise
whose translation is missing, stale or unrecorded: unlike the site's pages,
every exercise is translated, so a new one brings its Chinese along.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from minichain.errors import ValidationError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

if TYPE_CHECKING:
    from minichain.course.manifest import Manifest

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
        raise TranslationError(
            "--docs", "no course site at {docs}; name its folder with --docs", docs=docs
        )
    return docs


def digest(data: bytes) -> str:
    """The SHA-256 of ``data`` as 64 lowercase hex digits: what every translation records."""
    return hashlib.sha256(data).hexdigest()


def source_digest(path: Path) -> str:
    """The SHA-256 of the file at ``path``, as 64 lowercase hex digits."""
    return digest(path.read_bytes())


def words_digest(words: dict[str, str | tuple[str, ...]]) -> str:
    """The SHA-256 of some English words of an exercise (field name -> text, as read: stripped).

    The hash is of their canonical JSON (keys sorted, UTF-8), so the order of
    the fields in the file and the blank lines around a text do not count, and
    every other change to the words does.
    """
    canonical = json.dumps(
        {key: list(value) if isinstance(value, tuple) else value for key, value in words.items()},
        ensure_ascii=False,
        sort_keys=True,
    )
    return digest(canonical.encode("utf-8"))


EXAMPLES = "examples"
"""The folder of the runnable examples, in the English site's folder and in each language's."""
SCRIPT_RECORD = re.compile(rf"\A# {FIELD}:[ \t]*(\S*)[ \t]*\n")
"""The first line of a translated example: ``# source_sha256: <hash of the English script>``."""


def recorded_digest(path: Path) -> str:
    """The ``source_sha256`` that the translated page (or example script) at ``path`` records.

    Raises:
        TranslationError: no front matter (for a script: no first line
            ``# source_sha256: ...``), no such line, or not 64 hex digits.
    """
    where = f"{path}: {FIELD}"
    if path.suffix == ".py":
        script = SCRIPT_RECORD.match(path.read_text(encoding="utf-8"))
        if not script:
            raise TranslationError(
                where, "a translated example must start with '# {marker}: '", marker=FIELD
            )
        if not DIGEST.fullmatch(script.group(1)):
            raise TranslationError(
                where, "must be 64 lowercase hex digits, got {group!r}", group=script.group(1)
            )
        return script.group(1)
    match = FRONT_MATTER.match(path.read_text(encoding="utf-8"))
    if not match:
        raise TranslationError(where, "a translation must start with front matter (--- lines)")
    record = RECORD.search(match.group(1))
    if not record:
        raise TranslationError(where, "the front matter must record the English page's hash")
    if not DIGEST.fullmatch(record.group(1)):
        raise TranslationError(
            where, "must be 64 lowercase hex digits, got {group!r}", group=record.group(1)
        )
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


def english_examples(docs: Path) -> list[str]:
    """Every English example script below ``docs``: ``examples/<name>.py``."""
    return [f"{EXAMPLES}/{path.name}" for path in sorted((docs / EXAMPLES).glob("*.py"))]


def example_states(docs: Path, language: str) -> list[PageState]:
    """Every English example's state in ``language`` (``page`` is ``examples/<name>.py``),
    then the translated examples without an English script."""
    folder = docs / language
    translated = (folder / EXAMPLES).glob("*.py") if (folder / EXAMPLES).is_dir() else []
    return _states(docs, language, english_examples(docs), translated)


def translation_states(docs: Path, language: str) -> list[PageState]:
    """Every English page's state in ``language``, then the translations without an English page."""
    folder = docs / language
    translated = folder.rglob("*.md") if folder.is_dir() else []
    return _states(docs, language, english_pages(docs), translated)


def _states(
    docs: Path, language: str, english: list[str], translated: Iterable[Path]
) -> list[PageState]:
    """The state of each of ``english`` (paths below ``docs``) in ``language``, then of each
    ``translated`` file (in ``docs/<language>/``) that translates none of them."""
    folder = docs / language
    extra = sorted(
        relative
        for relative in (path.relative_to(folder).as_posix() for path in translated)
        if relative not in english
    )
    return [page_state(docs, language, page) for page in english + extra]


def stamp(docs: Path, translated: Path) -> str:
    """Record in ``translated`` the hash of the English page it translates; return the hash.

    ``translated`` is a path of a translation (``course/zh/policy.md``); the
    ``source_sha256`` line is replaced, or added to the front matter (which is
    created if the page has none). For a translated example
    (``course/zh/examples/hashing_receipt.py``) it is the script's first line.

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
            str(translated),
            "not a translation: expected {docs}/<{languages}>/<page>.md or "
            "{docs}/<{languages}>/{examples}/<name>.py",
            docs=docs,
            languages="|".join(LANGUAGES),
            examples=EXAMPLES,
        )
    english = docs / page
    if not english.is_file():
        raise TranslationError(
            str(translated), "its English page {english} does not exist", english=english
        )
    digest = source_digest(english)
    text = translated.read_text(encoding="utf-8")
    if translated.suffix == ".py":
        text = f"# {FIELD}: {digest}\n{SCRIPT_RECORD.sub('', text, count=1)}"
        translated.write_text(text, encoding="utf-8")
        return digest
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


CJK = "\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef"
"""Han characters and the full-width punctuation written between them."""
LINE_BREAK_IN_CJK = re.compile(rf"(?<=[{CJK}])\n(?=[{CJK}])")
"""A source line break between two Chinese characters: a reader would see it as a space."""
CONTINUED_IN_CJK = re.compile(rf"(?<=[{CJK}])\n[ \t]*(?=[{CJK}])")
"""The same in Markdown, where a list item's next line is indented."""
FENCE = re.compile(r"(^```.*?^```[^\n]*$)", re.DOTALL | re.MULTILINE)


def join_cjk_lines(markdown: str) -> str:
    """``markdown`` without the line breaks between two Chinese characters, outside code fences.

    Jupyter, like a browser, shows a line break inside a paragraph as a space,
    which Chinese text does not have (the site does the same to its HTML:
    ``hooks/translations.py``).
    """
    parts = FENCE.split(markdown)
    return "".join(
        part if part.startswith("```") else CONTINUED_IN_CJK.sub("", part) for part in parts
    )


# --- Exercises ------------------------------------------------------------------


@dataclass(frozen=True)
class BlockState:
    """One translated block of an exercise's manifest and its state in ``language``."""

    exercise: str
    """The exercise's name (its folder)."""
    block: str
    """The block's table: ``zh`` (the exercise's own words) or ``tasks[2].zh``."""
    language: str
    state: str
    path: Path
    """The exercise's ``exercise.toml``."""

    @property
    def field(self) -> str:
        """Where the record is: ``<path>: tasks[2].zh.source_sha256``."""
        return f"{self.path}: {self.block}.{FIELD}"


def exercise_states(exercise: Manifest, language: str) -> list[BlockState]:
    """The state of each block of ``exercise`` in ``language``: its own words, then each task's.

    An exercise without a ``[<language>]`` table is one ``missing`` block.
    """
    own = exercise.text(language)
    if own is None:
        return [BlockState(exercise.name, language, language, MISSING, exercise.manifest)]
    blocks = [(language, own.recorded, exercise.english_digest)]
    for position, task in enumerate(exercise.tasks):
        text = task.text(language)
        recorded = text.recorded if text is not None else ""
        blocks.append((f"tasks[{position}].{language}", recorded, task.english_digest))
    return [
        BlockState(
            exercise.name,
            block,
            language,
            UNRECORDED if not recorded else CURRENT if recorded == source else STALE,
            exercise.manifest,
        )
        for block, recorded, source in blocks
    ]


def exercise_problems(exercise: Manifest) -> list[str]:
    """One line per missing translation and per stale or unrecorded block of ``exercise``
    (every language), saying what to do.

    Unlike a page of the site, an exercise must be translated: every exercise
    of the course is, and a new one comes with its Chinese in the same commit.
    """
    wanted = {
        STALE: "the English words changed since the translation was stamped",
        UNRECORDED: "the translation records no hash of the English it translates",
    }
    problems = []
    for language in LANGUAGES:
        for state in exercise_states(exercise, language):
            if state.state == MISSING:
                problems.append(
                    f"{state.path}: {language}: the exercise has no translation into "
                    f"{language!r}; add a [{language}] table and a [tasks.{language}] table per "
                    "task (exercises/README.md), then run "
                    f"`minichain course translations --stamp {exercise.folder}`"
                )
            elif state.state in wanted:
                problems.append(
                    f"{state.field}: {wanted[state.state]}; update the translation, then run "
                    f"`minichain course translations --stamp {exercise.folder}`"
                )
    return problems


HEADER = re.compile(r"^\s*\[\s*(\[)?\s*([A-Za-z0-9_.]+)\s*\]")
RECORD_LINE = re.compile(rf"^{FIELD}\s*=.*$")


def stamp_exercise(folder: Path) -> list[str]:
    """Record in ``folder``'s ``exercise.toml`` the hash of the English each translation translates.

    Each ``[<language>]`` and ``[tasks.<language>]`` table's ``source_sha256``
    line is replaced, or added below the table's header. Returns the blocks
    stamped (``zh``, ``tasks[0].zh``, ...).

    Raises:
        TranslationError: the exercise has no translation, or the file's layout
            hides a table from this line-by-line edit (then the hashes are not written).
        ManifestError: the manifest is invalid.
    """
    from minichain.course.manifest import MANIFEST, read_manifest

    folder = Path(folder)
    if folder.name == MANIFEST:
        folder = folder.parent
    manifest = read_manifest(folder)
    path = manifest.manifest
    wanted: dict[str, str] = {}
    for language in LANGUAGES:
        if manifest.text(language) is not None:
            wanted[language] = manifest.english_digest
            for position, task in enumerate(manifest.tasks):
                wanted[f"tasks[{position}].{language}"] = task.english_digest
    if not wanted:
        raise TranslationError(
            f"{path}: {'|'.join(LANGUAGES)}", "has no translation to stamp (no [zh] table)"
        )
    lines = path.read_text(encoding="utf-8").split("\n")
    out: list[str] = []
    block, position, pending, pending_at = "", -1, False, 0
    for line in lines:
        header = HEADER.match(line)
        if header and not RECORD_LINE.match(line):
            if pending:  # the previous block had no record: add it below its header
                out.insert(pending_at, f'{FIELD} = "{wanted[block]}"')
            is_array, name = header.group(1), header.group(2)
            if is_array and name == "tasks":
                position += 1
            block = name if name in LANGUAGES else ""
            if name.startswith("tasks.") and name[len("tasks.") :] in LANGUAGES:
                block = f"tasks[{position}].{name[len('tasks.') :]}"
            pending = block in wanted
            out.append(line)
            pending_at = len(out)
            continue
        if pending and RECORD_LINE.match(line):
            line = f'{FIELD} = "{wanted[block]}"'
            pending = False
        out.append(line)
    if pending:
        out.insert(pending_at, f'{FIELD} = "{wanted[block]}"')
    text = "\n".join(out)
    stamped = read_manifest_text(path, text)
    if stamped != wanted:
        raise TranslationError(
            f"{path}: {FIELD}",
            "could not be written line by line (keep each translation in its own "
            "[zh] or [tasks.zh] table, with its header on a line of its own)",
        )
    path.write_text(text, encoding="utf-8")
    return list(wanted)


def read_manifest_text(path: Path, text: str) -> dict[str, str]:
    """The ``source_sha256`` each translated block of a manifest's ``text`` records."""
    table = tomllib.loads(text)
    found: dict[str, str] = {}
    for language in LANGUAGES:
        if isinstance(table.get(language), dict):
            found[language] = table[language].get(FIELD, "")
        for position, task in enumerate(table.get("tasks", [])):
            if isinstance(task, dict) and isinstance(task.get(language), dict):
                found[f"tasks[{position}].{language}"] = task[language].get(FIELD, "")
    return found
