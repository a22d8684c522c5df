"""The translations of the course site keep up with the English pages (issue 21's drift check).

A page translated from an English page records that page's SHA-256; when the
English page changes, the translation is *stale* and the test of the real
course fails until someone updates the translation and records the new hash.
Pages not translated yet are listed by ``minichain course translations`` but
fail nothing.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from minichain.course.translations import (
    CURRENT,
    MISSING,
    ORPHAN,
    PROBLEMS,
    STALE,
    UNRECORDED,
    TranslationError,
    english_pages,
    recorded_digest,
    stamp,
    translation_states,
)
from minichain.errors import MinichainError
from tests.commands import run_minichain

ROOT = Path(__file__).resolve().parents[2]
COURSE = ROOT / "course"


def test_no_translation_of_the_course_is_behind_its_english_page():
    problems = [
        f"course/zh/{state.page}: {state.state}"
        for state in translation_states(COURSE, "zh")
        if state.state in PROBLEMS
    ]
    assert problems == [], (
        "update these translations from their English page, then record it with "
        "`minichain course translations --stamp course/zh/<page>.md`"
    )


def test_the_course_has_translated_pages_and_they_record_a_real_hash():
    translated = sorted((COURSE / "zh").glob("*.md"))
    assert translated, "course/zh/ holds no translated page"
    for path in translated:
        english = COURSE / path.name
        assert recorded_digest(path) == hashlib.sha256(english.read_bytes()).hexdigest(), path


INCLUDE = re.compile(r'^\s*--8<-- "([^"]+)"\s*$', re.MULTILINE)


def test_translated_pages_include_the_same_tested_code_as_their_english_page():
    # Code is never translated or pasted: a translation includes the very files
    # (and named sections) its English page includes, in the same order.
    for path in sorted((COURSE / "zh").rglob("*.md")):
        english = COURSE / path.relative_to(COURSE / "zh")
        assert INCLUDE.findall(path.read_text(encoding="utf-8")) == INCLUDE.findall(
            english.read_text(encoding="utf-8")
        ), path


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    """A small English site with one current, one stale and one missing translation."""
    (tmp_path / "zh").mkdir()
    for page in ("index.md", "policy.md", "glossary.md"):
        (tmp_path / page).write_text(f"# {page}\n\nEnglish text.\n", encoding="utf-8")
    for page in ("index.md", "policy.md"):
        (tmp_path / "zh" / page).write_text("# 中文\n\n中文正文。\n", encoding="utf-8")
        stamp(tmp_path, tmp_path / "zh" / page)
    (tmp_path / "policy.md").write_text("# policy\n\nThe English text changed.\n")
    return tmp_path


def states(docs: Path) -> dict[str, str]:
    return {state.page: state.state for state in translation_states(docs, "zh")}


def test_each_page_is_current_stale_or_missing(docs):
    assert states(docs) == {"glossary.md": MISSING, "index.md": CURRENT, "policy.md": STALE}


def test_english_pages_leave_the_language_folders_out(docs):
    assert english_pages(docs) == ["glossary.md", "index.md", "policy.md"]


def test_a_translation_without_its_english_page_is_an_orphan(docs):
    (docs / "zh" / "gone.md").write_text("---\nsource_sha256: " + "0" * 64 + "\n---\n# 旧页\n")
    assert states(docs)["gone.md"] == ORPHAN


def test_a_translation_that_records_no_hash_is_unrecorded(docs):
    (docs / "zh" / "glossary.md").write_text("# 术语表\n", encoding="utf-8")
    assert states(docs)["glossary.md"] == UNRECORDED
    with pytest.raises(TranslationError, match=r"glossary\.md: source_sha256: .*front matter"):
        recorded_digest(docs / "zh" / "glossary.md")


def test_a_malformed_hash_names_the_file_field_and_rule(docs):
    page = docs / "zh" / "index.md"
    page.write_text("---\ntitle: 首页\nsource_sha256: abc\n---\n# 首页\n", encoding="utf-8")
    with pytest.raises(MinichainError, match=r"index\.md: source_sha256: must be 64 .*'abc'"):
        recorded_digest(page)


def test_stamping_brings_a_stale_page_up_to_date_and_keeps_its_text(docs):
    page = docs / "zh" / "policy.md"
    before = page.read_text(encoding="utf-8")
    digest = stamp(docs, page)
    assert digest == hashlib.sha256((docs / "policy.md").read_bytes()).hexdigest()
    assert states(docs)["policy.md"] == CURRENT
    after = page.read_text(encoding="utf-8")
    assert after.count("source_sha256") == 1
    assert after.split("---\n", 2)[2] == before.split("---\n", 2)[2]


def test_stamping_adds_the_hash_to_existing_front_matter(docs):
    page = docs / "zh" / "glossary.md"
    page.write_text("---\ntitle: 术语表\n---\n# 术语表\n", encoding="utf-8")
    stamp(docs, page)
    text = page.read_text(encoding="utf-8")
    assert text.startswith("---\ntitle: 术语表\nsource_sha256: ")
    assert text.endswith("---\n# 术语表\n")


def test_stamping_refuses_a_page_outside_a_language_folder(docs):
    with pytest.raises(TranslationError, match="not a translation"):
        stamp(docs, docs / "policy.md")
    (docs / "zh" / "new.md").write_text("# 新页\n", encoding="utf-8")
    with pytest.raises(TranslationError, match="does not exist"):
        stamp(docs, docs / "zh" / "new.md")


def test_the_command_lists_stale_and_missing_pages_and_fails_on_stale(docs):
    result = run_minichain("course", "translations", "--docs", str(docs))
    assert result.returncode == 1, result.stderr
    assert "zh: 1 of 3 pages translated and current" in result.stdout
    assert "stale      zh/policy.md" in result.stdout
    assert "missing    zh/glossary.md" in result.stdout
    assert "zh/index.md" not in result.stdout


def test_the_command_stamps_a_page_and_then_passes_with_pages_missing(docs):
    page = docs / "zh" / "policy.md"
    result = run_minichain("course", "translations", "--docs", str(docs), "--stamp", str(page))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "zh/policy.md: recorded source_sha256" in result.stdout
    assert "zh: 2 of 3 pages translated and current" in result.stdout
    assert "missing    zh/glossary.md" in result.stdout


def test_the_command_refuses_a_bad_stamp_in_one_line(docs):
    result = run_minichain(
        "course", "translations", "--docs", str(docs), "--stamp", str(docs / "policy.md")
    )
    assert result.returncode != 0
    assert "not a translation" in result.stderr
    assert "Traceback" not in result.stderr
