"""`minichain send` pays an address from a key file: into a chain file, or to a running node."""

import subprocess
import sys
from pathlib import Path

import pytest

from minichain.chain import Blockchain
from minichain.keys import PrivateKey
from minichain.miner import mine_block
from minichain.params import ChainParams
from tests.node.test_node import launch  # noqa: F401 - the fixture that starts node processes

MINICHAIN = Path(sys.executable).parent / "minichain"
ALICE, BOB = PrivateKey.from_seed("alice"), PrivateKey.from_seed("bob")


def minichain(*args):
    return subprocess.run(
        [str(MINICHAIN), *map(str, args)], capture_output=True, text=True, timeout=120
    )


@pytest.fixture(scope="module")
def funded(tmp_path_factory):
    """Key files for alice and bob, and a classroom chain where alice has mature coins."""
    folder = tmp_path_factory.mktemp("send")
    for name in ("alice", "bob"):
        assert (
            minichain("keys", "new", "--out", folder / f"{name}.key", "--seed", name).returncode
            == 0
        )
    params = ChainParams.classroom()
    with Blockchain.open(folder / "chain.sqlite", params) as chain:
        for _ in range(params.coinbase_maturity + 1):
            mine_block(chain, ALICE.address)
    return folder


def copy(funded, tmp_path, name="chain.sqlite"):
    target = tmp_path / name
    target.write_bytes((funded / "chain.sqlite").read_bytes())
    return target


def test_a_payment_is_signed_and_mined_into_the_chain_file(funded, tmp_path):
    data = copy(funded, tmp_path)
    with Blockchain.open(data, read_only=True) as chain:
        height, alice = chain.height, chain.balance(ALICE.address)
    result = minichain(
        "send", "--key", funded / "alice.key", "--to", BOB.address,
        "--amount", 7, "--fee", 2, "--data", data,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "paid 7 coins (fee 2)" in result.stdout
    with Blockchain.open(data, read_only=True) as chain:
        assert chain.height == height + 1
        assert chain.balance(BOB.address) == 7
        # alice paid 7 and the fee, and mined the block: its reward and the fee came back
        assert chain.balance(ALICE.address) == alice - 7 + chain.params.reward(height + 1)
        txid = chain.tip.transactions[1].txid_hex
    assert txid in result.stdout


def test_a_payment_beyond_the_payers_coins_is_one_line_and_changes_nothing(funded, tmp_path):
    data = copy(funded, tmp_path)
    before = data.read_bytes()
    result = minichain(
        "send", "--key", funded / "bob.key", "--to", ALICE.address, "--amount", 1, "--data", data
    )
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert "can spend 0 coins, not 1 plus fee 0" in result.stderr
    assert data.read_bytes() == before


@pytest.mark.parametrize(
    ("args", "rule"),
    [
        (["--amount", "0"], "--amount: must be between 1"),
        (["--amount", "x"], "--amount: must be a whole number"),
        (["--fee", "-1"], "--fee: must be between 0"),
        (["--to", "alice"], "--to:"),
        (["--node", "10.0.0.1:8333"], "is not a loopback address"),
    ],
)
def test_bad_arguments_are_usage_errors(funded, tmp_path, args, rule):
    base = {"--key": funded / "alice.key", "--to": BOB.address, "--amount": 1}
    base.update(dict(zip(args[::2], args[1::2])))
    flat = [str(part) for pair in base.items() for part in pair]
    result = minichain("send", *flat, "--data", copy(funded, tmp_path))
    assert result.returncode == 2
    assert rule in result.stderr and "Traceback" not in result.stderr


def test_a_missing_key_file_or_chain_file_is_one_line(funded, tmp_path):
    for key, data in [
        (tmp_path / "none.key", funded / "chain.sqlite"),
        (funded / "alice.key", tmp_path / "none.sqlite"),
    ]:
        result = minichain("send", "--key", key, "--to", BOB.address, "--amount", 1, "--data", data)
        assert result.returncode == 1
        assert "does not exist" in result.stderr and result.stderr.count("\n") == 1
    assert not (tmp_path / "none.sqlite").exists()


def test_a_payment_to_a_running_node_enters_its_mempool(funded, tmp_path, launch):  # noqa: F811
    data = copy(funded, tmp_path, "node.sqlite")
    node = launch("node", "--chain", "classroom")
    assert node.data == data  # the node writes the file send reads
    result = minichain(
        "send", "--key", funded / "alice.key", "--to", BOB.address, "--amount", 3,
        "--data", data, "--node", node.address,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert f"node   {node.address}, in its mempool" in result.stdout
    assert node.status().mempool == 1
    again = minichain(
        "send", "--key", funded / "bob.key", "--to", ALICE.address, "--amount", 3,
        "--data", data, "--node", node.address,
    )  # fmt: skip
    assert again.returncode == 1 and "can spend 0 coins" in again.stderr
