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
    example_states,
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
    # Code is never pasted: a translation includes the very files (and named sections)
    # its English page includes, in the same order; an example script and its output
    # are included from its Chinese twin, which prints in Chinese.
    for path in sorted((COURSE / "zh").glob("*.md")):
        english = COURSE / path.relative_to(COURSE / "zh")
        want = [
            include.replace("course/examples/", "course/zh/examples/", 1)
            for include in INCLUDE.findall(english.read_text(encoding="utf-8"))
        ]
        assert INCLUDE.findall(path.read_text(encoding="utf-8")) == want, path


def test_every_example_a_page_shows_has_a_current_chinese_twin():
    shown = {
        include.split(":", 1)[0].removeprefix("course/")
        for page in sorted(COURSE.glob("*.md"))
        for include in INCLUDE.findall(page.read_text(encoding="utf-8"))
        if include.startswith("course/examples/") and include.split(":", 1)[0].endswith(".py")
    }
    assert shown, "the pages show no example"
    states = {state.page: state.state for state in example_states(COURSE, "zh")}
    behind = {page: states[page] for page in sorted(shown) if states[page] != CURRENT}
    assert behind == {}, (
        "write or update the Chinese twin course/zh/<example>, then record the English "
        "script's hash with `minichain course translations --stamp course/zh/<example>`"
    )
    assert [page for page, state in states.items() if state in PROBLEMS] == []


def test_a_chinese_twin_prints_chinese_where_its_english_example_prints_words():
    for twin in sorted((COURSE / "zh" / "examples").glob("*.py")):
        english = (COURSE / "examples" / twin.name).with_suffix(".out").read_text("utf-8")
        if re.search(r"[A-Za-z]{3,} [a-z]{3,}", english):  # the example prints English words
            printed = twin.with_suffix(".out").read_text(encoding="utf-8")
            assert re.search(r"[\u4e00-\u9fff]", printed), f"{twin.name} prints no Chinese"


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


def test_a_translated_example_records_its_english_scripts_hash_on_its_first_line(tmp_path):
    (tmp_path / "examples").mkdir()
    (tmp_path / "zh" / "examples").mkdir(parents=True)
    (tmp_path / "examples" / "receipt.py").write_text('print("same hash")\n', encoding="utf-8")
    twin = tmp_path / "zh" / "examples" / "receipt.py"
    twin.write_text('"""回执。"""\nprint("哈希值相同")\n', encoding="utf-8")
    assert example_states(tmp_path, "zh")[0].state == UNRECORDED
    with pytest.raises(TranslationError, match=r"receipt\.py: source_sha256: .*must start with"):
        recorded_digest(twin)
    digest = stamp(tmp_path, twin)
    assert twin.read_text(encoding="utf-8") == (
        f'# source_sha256: {digest}\n"""回执。"""\nprint("哈希值相同")\n'
    )
    assert [state.state for state in example_states(tmp_path, "zh")] == [CURRENT]
    stamp(tmp_path, twin)  # stamping again replaces the line, never adds a second
    assert twin.read_text(encoding="utf-8").count("source_sha256") == 1
    (tmp_path / "examples" / "receipt.py").write_text('print("same hash!")\n', encoding="utf-8")
    assert [state.state for state in example_states(tmp_path, "zh")] == [STALE]
    (tmp_path / "zh" / "examples" / "gone.py").write_text(f"# source_sha256: {digest}\n")
    assert example_states(tmp_path, "zh")[1].state == ORPHAN
