import argparse
import re
import shlex
import signal
import subprocess
import sys
from pathlib import Path

import pexpect
import pytest

from minichain import __version__
from minichain.cli import build_parser, main
from minichain.keys import PrivateKey
from tests.commands import MINICHAIN, run_minichain

ROOT = Path(__file__).resolve().parents[2]


def test_console_script_prints_help_and_succeeds():
    result = run_minichain("--help")
    assert result.returncode == 0
    assert "usage: minichain" in result.stdout
    assert "merkle" in result.stdout


def test_no_arguments_prints_help():
    result = run_minichain()
    assert result.returncode == 0
    assert "usage: minichain" in result.stdout


def test_version_flag_prints_the_package_version():
    result = run_minichain("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"minichain {__version__}"


def test_unknown_option_is_a_usage_error_with_exit_code_2():
    result = run_minichain("--frobnicate")
    assert result.returncode == 2
    assert "unrecognized arguments: --frobnicate" in result.stderr
    assert "Traceback" not in result.stderr


def test_python_dash_m_runs_the_same_command():
    result = subprocess.run(
        [sys.executable, "-m", "minichain", "--version"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.stdout.strip() == f"minichain {__version__}"


CHECKS = ("minichain.cli.audit", "minichain.cli.keyfile")
"""Modules of minichain.cli that do a command's work, not its grammar: loaded when it runs."""


def test_help_imports_the_grammar_only_not_the_library_or_the_checks():
    probe = (
        "import sys, minichain.cli; minichain.cli.build_parser(); "
        "print(*sorted(m for m in sys.modules if m.startswith(('minichain', 'rich', 'babel')) "
        "or m == 'dataclasses'))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True
    )
    # The messages' language (gettext and the catalogue path only) is part of the grammar:
    # usage errors are translated while the arguments are read.
    grammar = {"minichain", "minichain.errors", "minichain.cli"}
    grammar |= {"minichain.terminal", "minichain.terminal.i18n"}
    loaded = result.stdout.split()
    heavy = [
        name
        for name in loaded
        if name not in grammar and (not name.startswith("minichain.cli.") or name in CHECKS)
    ]
    assert heavy == []
    assert "minichain.cli.verify" in loaded  # the probe saw the grammar modules


def command_paths(parser, prefix=()):
    """Every command and subcommand of the grammar, as the arguments that reach it.

    A positional argument the grammar reads before a subcommand (``show PATH
    block``) gets a placeholder; an alias (``learn jump``) is the command it
    names, so it is listed once.
    """
    yield prefix
    placeholders = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            seen = set()
            for name, subparser in action.choices.items():
                if id(subparser) not in seen:
                    seen.add(id(subparser))
                    yield from command_paths(subparser, (*prefix, *placeholders, name))
        elif not action.option_strings:
            placeholders.append("chain.sqlite")


ALL_COMMANDS = list(command_paths(build_parser()))


def test_the_grammar_has_every_course_command():
    top = {path[0] for path in ALL_COMMANDS if len(path) == 1}
    assert {"tour", "mine", "show", "verify", "keys", "sim", "learn", "course", "node"} <= top


@pytest.mark.parametrize("path", ALL_COMMANDS, ids=lambda path: " ".join(path) or "minichain")
def test_every_command_has_help_that_exits_0(path, capsys):
    with pytest.raises(SystemExit) as stopped:
        main([*path, "--help"])
    assert stopped.value.code == 0
    usage = capsys.readouterr().out.splitlines()[0]
    assert usage.startswith("usage: minichain")
    named = [word for word in usage.split("[")[0].split()[2:] if not word.isupper()]  # not PATH
    assert named == [word for word in path if word != "chain.sqlite"]


FENCE = re.compile(r"^( *)```bash\n(.*?)^\1```", re.MULTILINE | re.DOTALL)
PLACEHOLDERS = {
    "ADDRESS": PrivateKey.from_seed("docs").address,
    "$ALICE": PrivateKey.from_seed("alice").address,
    "TXID": "ab" * 32,
}


def documented_commands():
    """Every `minichain ...` line of a bash block in the README and on the course pages
    (the English ones and their translations, course/zh/)."""
    course = ROOT / "course"
    pages = [ROOT / "README.md", *sorted(course.glob("*.md")), *sorted(course.glob("zh/*.md"))]
    for page in pages:
        name = page.relative_to(course).as_posix() if page.is_relative_to(course) else page.name
        for _, block in FENCE.findall(page.read_text(encoding="utf-8")):
            for line in block.splitlines():
                words = shlex.split(line, comments=True)
                if words[:1] == ["minichain"]:
                    yield f"{name}: {line.strip()}", words[1:]


DOCUMENTED = list(documented_commands())


def test_the_pages_show_commands_to_check():
    assert len(DOCUMENTED) > 20


@pytest.mark.parametrize(("where", "words"), DOCUMENTED, ids=[where for where, _ in DOCUMENTED])
def test_every_documented_command_is_valid_minichain_grammar(where, words):
    arguments = [PLACEHOLDERS.get(word, word) for word in words]
    build_parser().parse_args(arguments)  # a usage error exits 2 and fails the test


def test_ctrl_c_stops_a_long_command_with_one_line_and_exit_130(tmp_path):
    child = pexpect.spawn(
        str(MINICHAIN),
        ["sim", "--scenario", "double-spend", "--trials", "1000000"],
        cwd=str(tmp_path),
        timeout=30,
        # A shell's background job starts with Ctrl-C ignored, and children inherit that;
        # a learner's terminal delivers it, so the child gets the default handling back.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    child.expect("double-spend")  # the progress bar is up: the races are running
    child.sendintr()
    child.expect(pexpect.EOF)
    child.close()
    output = child.before.decode("utf-8", "replace")
    assert child.exitstatus == 130
    assert "minichain: interrupted" in output
    assert "Traceback" not in output
