"""A chain file has one writer at a time; readers still read and never write.

Every test here uses real processes on a real SQLite file, and synchronises
with events and pipes, never with sleeps: a writer process signals once it
holds the file, and waits for the test's word before it closes.
"""

import multiprocessing
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from minichain.chain import Blockchain
from minichain.errors import StoreError
from minichain.keys import PrivateKey
from minichain.miner import build_block, mine_block
from minichain.params import ChainParams

REGTEST = ChainParams.regtest()
ALICE = PrivateKey.from_seed("alice")
MINICHAIN = Path(sys.executable).parent / "minichain"
SPAWN = multiprocessing.get_context("spawn")
WAIT = 60  # seconds before a stuck helper process fails the test instead of hanging it


def hold_chain_file(path, blocks, ready, release, results):
    """In a child process: open ``path`` as its writer, mine ``blocks``, report, hold it."""
    try:
        chain = Blockchain.open(path, REGTEST)
    except StoreError as error:
        results.put(("refused", str(error)))
        ready.set()
        return
    try:
        for _ in range(blocks):
            mine_block(chain, ALICE.address)
        results.put(("opened", chain.height))
        ready.set()
        release.wait(WAIT)
    finally:
        chain.close()


def start_writer(path, blocks=1):
    """A process holding ``path`` open for writing, and the event that lets it close."""
    ready, release, results = SPAWN.Event(), SPAWN.Event(), SPAWN.Queue()
    process = SPAWN.Process(target=hold_chain_file, args=(path, blocks, ready, release, results))
    process.start()
    assert ready.wait(WAIT), "the writer did not start"
    return process, release, results.get(timeout=WAIT)


def stop(process, release):
    release.set()
    process.join(WAIT)
    assert process.exitcode == 0


def run(*args):
    return subprocess.run(
        [str(MINICHAIN), *map(str, args)], capture_output=True, text=True, timeout=WAIT
    )


def test_a_second_writer_is_refused_with_one_line_naming_the_file_and_the_rule(tmp_path):
    path = tmp_path / "chain.sqlite"
    process, release, (state, _) = start_writer(path)
    try:
        assert state == "opened"
        result = run("mine", "--data", path, "--to", ALICE.address, "--params", "regtest")
        assert result.returncode == 1
        assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
        assert str(path) in result.stderr
        assert "one writer at a time" in result.stderr
        assert f"pid {process.pid}" in result.stderr
    finally:
        stop(process, release)
    with Blockchain.open(path, REGTEST) as chain:  # the writer's block is all the file holds
        assert chain.height == 1


def test_a_second_writer_in_the_same_process_is_refused_too(tmp_path):
    path = tmp_path / "chain.sqlite"
    with Blockchain.open(path, REGTEST):
        with pytest.raises(StoreError, match="one writer at a time") as caught:
            Blockchain.open(path, REGTEST)
        assert caught.value.field == str(path)
    with Blockchain.open(path, REGTEST):  # closed: the lock is free again
        pass


def test_readers_still_read_while_a_writer_holds_the_file(tmp_path):
    path = tmp_path / "chain.sqlite"
    process, release, (state, height) = start_writer(path, blocks=3)
    try:
        assert (state, height) == ("opened", 3)
        shown = run("show", path)
        assert shown.returncode == 0, shown.stderr
        assert "height 3" in shown.stdout
        verified = run("verify", path)
        assert verified.returncode == 0, verified.stderr
    finally:
        stop(process, release)


def test_the_lock_of_a_killed_writer_does_not_outlive_it(tmp_path):
    path = tmp_path / "chain.sqlite"
    process, release, (state, _) = start_writer(path)
    assert state == "opened"
    process.kill()
    process.join(WAIT)
    with Blockchain.open(path, REGTEST) as chain:
        assert chain.height == 1


@pytest.mark.parametrize("writers", [2, 4])
def test_processes_creating_one_file_at_once_give_one_chain_and_clear_refusals(tmp_path, writers):
    path = tmp_path / "new.sqlite"
    ready = [SPAWN.Event() for _ in range(writers)]
    release, results = SPAWN.Event(), SPAWN.Queue()
    processes = [
        SPAWN.Process(target=hold_chain_file, args=(path, 0, event, release, results))
        for event in ready
    ]
    for process in processes:
        process.start()
    try:
        for event in ready:
            assert event.wait(WAIT)
        outcomes = [results.get(timeout=WAIT) for _ in processes]
    finally:
        release.set()
        for process in processes:
            process.join(WAIT)
    states = sorted(state for state, _ in outcomes)
    assert states == ["opened"] + ["refused"] * (writers - 1)
    for state, message in outcomes:
        if state == "refused":
            assert "one writer at a time" in message and "UNIQUE" not in message
    with Blockchain.open(path, REGTEST) as chain:
        assert chain.height == 0


# --- readers never write ------------------------------------------------------------------


def test_show_on_an_empty_file_refuses_it_and_leaves_it_empty(tmp_path):
    path = tmp_path / "empty.sqlite"
    path.touch()
    result = run("show", path)
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert str(path) in result.stderr and "not a minichain chain file" in result.stderr
    assert path.read_bytes() == b""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty.sqlite"]


@pytest.mark.parametrize("command", ["show", "verify"])
def test_reading_a_chain_file_leaves_no_file_beside_it_and_changes_no_byte(tmp_path, command):
    path = tmp_path / "chain.sqlite"
    with Blockchain.open(path, REGTEST) as chain:
        mine_block(chain, ALICE.address)
    before = path.read_bytes()
    result = run(command, path)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["chain.sqlite"]
    assert path.read_bytes() == before


def test_a_read_only_chain_refuses_new_blocks_and_leaves_the_file_alone(tmp_path):
    path = tmp_path / "chain.sqlite"
    with Blockchain.open(path, REGTEST) as chain:
        block = build_block(chain, ALICE.address)
    before = path.read_bytes()
    with Blockchain.open(path, REGTEST, read_only=True) as chain:
        with pytest.raises(StoreError, match="read-only"):
            chain.add_block(block)
    assert path.read_bytes() == before


def test_a_writer_that_writes_nothing_leaves_the_file_byte_for_byte(tmp_path):
    path = tmp_path / "chain.sqlite"
    with Blockchain.open(path, REGTEST) as chain:
        mine_block(chain, ALICE.address)
    before = path.read_bytes()
    with Blockchain.open(path, REGTEST):
        pass
    assert path.read_bytes() == before
    assert sorted(os.listdir(tmp_path)) == ["chain.sqlite"]
    assert sqlite3.connect(path).execute("PRAGMA journal_mode").fetchall() == [("delete",)]
