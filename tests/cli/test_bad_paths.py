"""No command prints a traceback or hangs, whatever path it is given.

Every command that takes a file or folder is run, as a real process with a
timeout (a FIFO must not block it), on a catalogue of paths the system
refuses or that are not what the command needs: it exits 1 (refused) or 2
(usage error) with one line on stderr, and changes nothing.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from minichain.keys import PrivateKey

MINICHAIN = os.fsencode(Path(sys.executable).parent / "minichain")
ADDRESS = PrivateKey.from_seed("alice").address

COMMANDS = {
    "verify": ["verify", "{P}"],
    "show": ["show", "{P}"],
    "show block": ["show", "{P}", "block", "1"],
    "mine": ["mine", "--data", "{P}", "--to", ADDRESS, "--params", "regtest"],
    "keys new": ["keys", "new", "--out", "{P}", "--seed", "lesson"],
    "keys new --force": ["keys", "new", "--out", "{P}", "--force", "--seed", "lesson"],
    "keys show": ["keys", "show", "{P}"],
    "node": ["node", "--data", "{P}", "--port", "0", "--exit-after", "5", "--quiet"],
    "learn --workspace": ["learn", "--workspace", "{P}", "list"],
    "learn --root": ["learn", "--root", "{P}", "--workspace", "{TMP}/ws", "list"],
    "course check --root": ["course", "check", "--root", "{P}"],
    "course generate --root": ["course", "generate", "--root", "{P}"],
}
FOLDER_COMMANDS = {"learn --workspace", "learn --root", "course check --root"}
FOLDER_COMMANDS |= {"course generate --root"}


def bad_paths(tmp: Path) -> dict[str, bytes]:
    """The catalogue: each a path, as bytes (some are not UTF-8)."""
    fifo = tmp / "fifo"
    os.mkfifo(fifo)
    (tmp / "folder").mkdir()
    return {
        "empty": b"",
        "name too long": os.fsencode(tmp / ("x" * 300)),
        "path too long": os.fsencode(tmp) + b"/" + b"/".join([b"d" * 200] * 25),
        "fifo": os.fsencode(fifo),
        "device /dev/zero": b"/dev/zero",
        "/proc path": b"/proc/foo",
        "/proc path below": b"/proc/foo/bar",
        "folder": os.fsencode(tmp / "folder"),
        "not UTF-8, in a missing folder": os.fsencode(tmp) + b"/\xff\xfe-missing/chain",
        "NUL-free but missing folder": os.fsencode(tmp / "missing" / "chain.sqlite"),
    }


CASES = [
    (command, case)
    for command in COMMANDS
    for case in (
        "empty",
        "name too long",
        "path too long",
        "fifo",
        "device /dev/zero",
        "/proc path",
        "/proc path below",
        "folder",
        "not UTF-8, in a missing folder",
        "NUL-free but missing folder",
    )
    if not (command in FOLDER_COMMANDS and case == "folder")  # a folder is what they take
    # a missing file (or workspace) is one these commands make:
    and not (command.startswith(("mine", "node", "keys new")) and case.startswith("NUL-free"))
    and not (command == "learn --workspace" and "missing folder" in case)
]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs POSIX FIFOs")
@pytest.mark.parametrize(("command", "case"), CASES, ids=[f"{c} | {p}" for c, p in CASES])
def test_a_bad_path_is_one_line_and_exit_1_or_2_never_a_traceback_or_a_hang(
    tmp_path, command, case
):
    path = bad_paths(tmp_path)[case]
    before = sorted(os.listdir(tmp_path))
    args = [
        path if part == "{P}" else os.fsencode(part.replace("{TMP}", str(tmp_path)))
        for part in COMMANDS[command]
    ]
    result = subprocess.run(
        [MINICHAIN, *args], capture_output=True, timeout=60, stdin=subprocess.DEVNULL
    )
    err = result.stderr.decode("utf-8", "replace")
    assert result.returncode in (1, 2), err
    assert "Traceback" not in err
    last = err.strip().splitlines()[-1]
    assert last.startswith(("minichain: ", "usage: ", "minichain ")), err
    if result.returncode == 1:
        assert err.count("\n") == 1, err
    assert sorted(os.listdir(tmp_path)) == before or command == "learn --root"


def test_a_seed_that_is_not_utf8_is_a_usage_error(tmp_path):
    result = subprocess.run(
        [MINICHAIN, b"keys", b"new", b"--out", os.fsencode(tmp_path / "k"), b"--seed", b"\xff"],
        capture_output=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert b"--seed: must be UTF-8 text" in result.stderr
    assert b"Traceback" not in result.stderr
    assert not (tmp_path / "k").exists()


def test_force_replaces_only_regular_files(tmp_path):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    link = tmp_path / "link"
    link.symlink_to(tmp_path / "elsewhere")
    for target in (fifo, link):
        result = subprocess.run(
            [MINICHAIN, b"keys", b"new", b"--out", os.fsencode(target), b"--force"],
            capture_output=True,
            timeout=60,
        )
        assert result.returncode == 1
        assert b"--force replaces only regular files" in result.stderr
    assert fifo.is_fifo() and link.is_symlink()
    assert not (tmp_path / "elsewhere").exists()


def test_reading_a_key_file_is_size_capped(tmp_path):
    big = tmp_path / "big.key"
    big.write_bytes(b"#" * 100_000)
    result = subprocess.run(
        [MINICHAIN, b"keys", b"show", os.fsencode(big)], capture_output=True, timeout=60
    )
    assert result.returncode == 1
    assert b"is larger than 4096 bytes" in result.stderr
