"""The terminal in Chinese: the catalogue follows the code; the locale or --lang picks it.

The drift checks extract the marked messages from the tooling's code with Babel and compare
them with minichain/locale/zh/LC_MESSAGES/minichain.po: a message without a Chinese entry,
an entry the code no longer has, an empty or fuzzy entry, or a stale .mo fails.
"""

import argparse
import ast
import os
import re
from pathlib import Path, PurePosixPath

import pytest

import minichain
from minichain import TEACHING_MODULES
from minichain.chain import Added
from minichain.cli.parser import ARGPARSE_MESSAGES
from minichain.terminal import catalogue, i18n
from minichain.terminal.forks import ADDED
from tests.commands import run_minichain

LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")
PLACEHOLDER = r"\{\w+\}|%\(\w+\)[sr]|%[sr]"
"""str.format fields, and argparse's %-style ones."""
TOOLING = catalogue.sources()
"""Every Python file the catalogue reads: the library's refusals, the tooling's messages."""


def environment(**variables: str) -> dict[str, str]:
    """This process's environment with only the given locale variables set."""
    env = {key: value for key, value in os.environ.items() if key not in LOCALE_VARIABLES}
    return {**env, "NO_COLOR": "1", "TERM": "dumb", **variables}


@pytest.fixture
def chinese():
    """The tooling speaks Chinese in this process for one test."""
    i18n.use_language("zh")
    yield
    i18n.use_language("en")


# --- drift ------------------------------------------------------------------------------


def test_the_catalogue_translates_every_message_of_the_code_and_nothing_else():
    assert catalogue.catalogues(), "minichain/locale/zh/LC_MESSAGES/minichain.po is missing"
    assert catalogue.problems() == []


def test_every_catalogue_is_chinese_and_has_one_plural_form():
    for po in catalogue.catalogues():
        read = catalogue.read(po)
        assert str(read.locale) == "zh"
        assert read.plural_forms == "nplurals=1; plural=0;"


def test_the_extraction_finds_the_tour_learn_and_command_messages():
    found = {message.id for message in catalogue.extract() if message.id}
    assert "step {number} of {total}: {title}" in found  # the tour
    assert "✓ task {number} ({function}) passes." in found  # learn
    assert "minichain: {reason}" in found  # the command's framing
    assert ("{count} block", "{count} blocks") in found  # a plural


@pytest.mark.parametrize("path", TOOLING, ids=lambda path: f"{path.parent.name}/{path.name}")
def test_no_message_is_marked_inside_an_f_string(path):
    """Babel does not look inside f-strings: a _() there would stay English unseen."""
    text = path.read_text()
    hidden = re.findall(r'\bf"[^"\n]*\W_\(', text) + re.findall(r"\bf'[^'\n]*\W_\(", text)
    assert not hidden


def test_argparse_words_the_messages_the_catalogue_translates_for_it():
    """Each of ARGPARSE_MESSAGES is one argparse marks for gettext, in this Python's words."""
    from babel.messages.extract import extract_from_file

    marked = extract_from_file(
        "python", argparse.__file__, keywords={"_": None, "ngettext": (1, 2)}
    )
    argparse_messages = {message for _line, message, _comments, _context in marked}
    assert set(ARGPARSE_MESSAGES) <= argparse_messages


def test_the_librarys_outcomes_of_add_block_are_its_own_words():
    assert {added: added.value for added in Added} == ADDED


@pytest.mark.parametrize("name", TEACHING_MODULES)
def test_the_teaching_library_never_translates(name):
    path = Path(minichain.__file__).parent / (name.split(".", 1)[1] + ".py")
    tree = ast.parse(path.read_text())
    imported = {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    }
    imported |= {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert "gettext" not in imported and "minichain.terminal.i18n" not in imported


# --- choosing the language ----------------------------------------------------------------


MISSING = "missing.sqlite"


def refusal(*options: str, **variables: str) -> str:
    """What ``minichain [options] show missing.sqlite`` says on stderr in that locale."""
    result = run_minichain(*options, "show", MISSING, env=environment(**variables))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    return result.stderr


@pytest.mark.parametrize(
    ("options", "variables", "chinese"),
    [
        ((), {"LANG": "zh_CN.UTF-8"}, True),
        ((), {"LC_ALL": "zh_CN.UTF-8", "LANG": "en_US.UTF-8"}, True),
        ((), {"LC_MESSAGES": "zh_CN.UTF-8", "LANG": "en_US.UTF-8"}, True),
        ((), {"LANGUAGE": "zh_CN:en", "LANG": "en_US.UTF-8"}, True),
        ((), {"LANGUAGE": "en", "LANG": "zh_CN.UTF-8"}, False),
        ((), {"LANG": "fr_FR.UTF-8"}, False),
        ((), {"LANG": "C"}, False),
        ((), {}, False),
        (("--lang", "zh"), {"LANG": "C"}, True),
        (("--lang=zh",), {}, True),
        (("--lang", "en"), {"LANG": "zh_CN.UTF-8"}, False),
    ],
)
def test_the_locale_or_lang_chooses_the_language(options, variables, chinese):
    said = refusal(*options, **variables)
    if chinese:
        assert said.startswith(f"minichain：错误：{MISSING}")
    else:
        assert said.startswith(f"minichain: {MISSING}")


def test_lang_refuses_a_language_it_does_not_speak():
    result = run_minichain("--lang", "fr", "tour", env=environment())
    assert result.returncode == 2
    assert "--lang" in result.stderr and "Traceback" not in result.stderr


def test_lang_is_in_the_help():
    result = run_minichain("--help", env=environment())
    assert "--lang {en,zh}" in result.stdout


# --- in this process ------------------------------------------------------------------------


def test_gettext_reads_the_compiled_catalogue(chinese):
    assert i18n.language() == "zh"
    assert i18n._("block") == "区块"
    assert i18n.ngettext("{count} block", "{count} blocks", 2) == "{count} 个区块"


def test_english_is_the_code_itself():
    i18n.use_language("en")
    assert i18n.language() == "en"
    assert i18n._("block") == "block"
    assert i18n.ngettext("{count} block", "{count} blocks", 2) == "{count} blocks"


def test_a_language_catalogue_leaves_the_language_in_use_alone():
    i18n.use_language("en")
    assert i18n.translation("zh").gettext("block") == "区块"
    assert i18n.translation("en").gettext("block") == "block"
    assert i18n.language() == "en" and i18n._("block") == "block"


@pytest.mark.parametrize(
    ("cwd", "language"),
    [
        ("/drive/zh", "zh"),  # a notebook in the app's zh/ folder
        ("/drive/zh/work", "zh"),
        ("/drive", "en"),  # the app's root: the English notebooks
        ("/drive/other", "en"),
        ("/home/pyodide", None),  # contents not reached: the environment decides
        ("/drivezh", None),
    ],
)
def test_in_the_browser_the_notebooks_folder_says_its_language(cwd, language):
    assert i18n.browser_notebook_language(PurePosixPath(cwd)) == language


def test_outside_the_browser_the_folder_says_nothing(tmp_path, monkeypatch):
    (tmp_path / "zh").mkdir()
    monkeypatch.chdir(tmp_path / "zh")
    assert i18n.browser_notebook_language() is None


def test_every_translation_keeps_the_placeholders_and_markup_of_its_message():
    for po in catalogue.catalogues():
        for message in catalogue.read(po):
            if not message.id:
                continue
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            fields = {field for text in ids for field in re.findall(PLACEHOLDER, text)}
            tags = sorted(re.findall(r"\[/?\w[^\]]*\]", ids[-1]))
            for text in strings:
                assert set(re.findall(PLACEHOLDER, text)) == fields, message.id
                assert sorted(re.findall(r"\[/?\w[^\]]*\]", text)) == tags, message.id
