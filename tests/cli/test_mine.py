"""`minichain mine` mines real blocks onto a chain file and prints them."""

import re

import pytest

from minichain.chain import Blockchain
from minichain.cli import main
from minichain.params import ChainParams
from tests.cli.chains import ALICE
from tests.commands import MINICHAIN, run_minichain


def mine(capsys, path, *extra):
    code = main(["mine", "--data", str(path), "--to", ALICE.address, *extra])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_mine_creates_the_file_and_pays_each_block_to_the_address(tmp_path, capsys):
    path = tmp_path / "chain.sqlite"
    code, out, _ = mine(capsys, path, "--blocks", "2")
    assert code == 0
    with Blockchain.open(path) as chain:
        assert chain.height == 2
        assert chain.balance(ALICE.address) == 2 * chain.params.block_reward
        tip, nonce = chain.tip.hash_hex, chain.tip.header.nonce
    assert "mined block 1" in out
    assert f"mined block 2 {tip[:16]}… nonce {nonce}: {nonce + 1:,} hashes" in out
    assert tip[:16] in out  # the table of new blocks


def test_mine_extends_the_chain_already_in_the_file(tmp_path, capsys):
    path = tmp_path / "chain.sqlite"
    mine(capsys, path)
    code, out, _ = mine(capsys, path)
    assert code == 0
    assert "(height 1)" in out and "mined block 2" in out
    with Blockchain.open(path) as chain:
        assert chain.height == 2


def test_same_command_on_a_new_file_mines_the_same_blocks(tmp_path, capsys):
    mine(capsys, tmp_path / "a.sqlite", "--blocks", "2")
    mine(capsys, tmp_path / "b.sqlite", "--blocks", "2")
    with Blockchain.open(tmp_path / "a.sqlite") as a, Blockchain.open(tmp_path / "b.sqlite") as b:
        assert a.tip.hash == b.tip.hash


def test_mine_follows_the_chain_the_file_records(tmp_path, capsys):
    path = tmp_path / "regtest.sqlite"
    assert mine(capsys, path, "--params", "regtest")[0] == 0
    code, out, _ = mine(capsys, path)
    assert code == 0 and "on regtest chain" in out
    with Blockchain.open(path, ChainParams.regtest()) as chain:
        assert chain.height == 2


def test_system_clock_stamps_blocks_with_the_time_now(tmp_path, capsys):
    path = tmp_path / "chain.sqlite"
    assert mine(capsys, path, "--clock", "system")[0] == 0
    with Blockchain.open(path) as chain:
        assert chain.tip.header.timestamp > ChainParams.classroom().genesis_timestamp + 10**7


def test_file_of_another_chain_is_refused_in_one_line(tmp_path, capsys):
    path = tmp_path / "regtest.sqlite"
    mine(capsys, path, "--params", "regtest")
    code, _, err = mine(capsys, path, "--params", "classroom")
    assert code == 1
    assert err == f"minichain: {path}: holds chain 'regtest', not 'classroom'\n"


def test_bad_address_is_a_usage_error_and_creates_no_file(tmp_path):
    path = tmp_path / "chain.sqlite"
    result = run_minichain("mine", "--data", str(path), "--to", "Mxyz")
    assert result.returncode == 2
    assert "argument --to: address:" in result.stderr
    assert not path.exists()


def test_zero_blocks_is_a_usage_error(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_info:
        mine(capsys, tmp_path / "c.sqlite", "--blocks", "0")
    assert exit_info.value.code == 2


def test_a_terminal_sees_a_live_count_of_hashes_and_the_hash_rate(tmp_path):
    pexpect = pytest.importorskip("pexpect")
    # Block 3 of this deterministic chain takes 123,182 hashes: more than one chunk of nonces, so
    # the bar is drawn at the first progress report however fast or busy the machine is.
    command = f"{MINICHAIN} mine --data {tmp_path / 'c.sqlite'} --to {ALICE.address} --blocks 3"
    child = pexpect.spawn(command, dimensions=(30, 120), encoding="utf-8", timeout=60)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    screen = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", child.before)
    assert re.search(r"block \d [━╺╸ ]+\s+[\d,]+ hashes \d+(\.\d)? [kMG]?H/s", screen)


def test_mine_help_names_its_options(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["mine", "--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    for option in ("--data", "--to", "--blocks", "--params", "--clock"):
        assert option in out
