"""Argument types refuse what only looks right: non-ASCII digits, giant or mistyped addresses."""

import pytest

from minichain.chain import Blockchain
from minichain.cli import build_parser
from minichain.cli.arguments import chain_params
from minichain.keys import PrivateKey
from minichain.params import ChainParams

ALICE = PrivateKey.from_seed("alice").address


def refusal(capsys, *args):
    with pytest.raises(SystemExit) as stopped:
        build_parser().parse_args(list(args))
    assert stopped.value.code == 2
    return capsys.readouterr().err.strip().splitlines()[-1]


@pytest.mark.parametrize("digit", ["١", "１", "²", " 1", "1_0"])
def test_a_count_is_ascii_digits_only(capsys, digit):
    line = refusal(capsys, "mine", "--data", "c.sqlite", "--to", ALICE, "--blocks", digit)
    assert "--blocks: must be a whole number" in line


def test_plain_digits_still_count():
    args = build_parser().parse_args(
        ["mine", "--data", "c.sqlite", "--to", ALICE, "--blocks", "12"]
    )
    assert args.blocks == 12


def test_a_giant_address_is_refused_by_its_length_before_decoding(capsys):
    line = refusal(capsys, "mine", "--data", "c.sqlite", "--to", "1" * 200_000)
    assert "200000 characters is too long" in line


def test_a_name_where_an_address_belongs_says_how_to_make_one(capsys):
    line = refusal(capsys, "mine", "--data", "c.sqlite", "--to", "alice")
    assert "not in the Base58 alphabet" in line
    assert "minichain keys new" in line


COMMANDS_WITH_A_CHAIN = {
    "mine": ["mine", "--data", "c.sqlite", "--to", ALICE],
    "show": ["show", "c.sqlite"],
    "verify": ["verify", "c.sqlite"],
    "send": ["send", "--key", "a.key", "--to", ALICE, "--amount", "1", "--data", "c.sqlite"],
    "node": ["node", "--port", "0", "--data", "c.sqlite"],
}


@pytest.mark.parametrize("command", sorted(COMMANDS_WITH_A_CHAIN))
@pytest.mark.parametrize("spelling", ["--params", "--chain"])
def test_every_command_names_the_chain_with_params_or_chain(command, spelling):
    args = build_parser().parse_args([*COMMANDS_WITH_A_CHAIN[command], spelling, "regtest"])
    assert args.params == "regtest"


@pytest.mark.parametrize("command", sorted(COMMANDS_WITH_A_CHAIN))
def test_without_the_option_every_command_takes_the_chain_the_file_records(tmp_path, command):
    path = tmp_path / "c.sqlite"
    Blockchain.open(path, ChainParams.classroom()).close()
    args = build_parser().parse_args(COMMANDS_WITH_A_CHAIN[command])
    assert args.params is None
    for new_file in ("classroom", "regtest"):
        assert chain_params(args.params, path, new_file).name == "classroom"


def test_a_new_file_gets_the_new_file_chain_of_the_command(tmp_path):
    missing = tmp_path / "new.sqlite"
    assert chain_params(None, missing).name == "classroom"
    assert chain_params(None, missing, new_file="regtest").name == "regtest"
    assert chain_params("classroom", missing, new_file="regtest").name == "classroom"
    assert not missing.exists()


def test_node_help_states_its_default_for_a_new_file(capsys):
    with pytest.raises(SystemExit):
        build_parser().parse_args(["node", "--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    assert "--params {regtest,classroom}, --chain {regtest,classroom}" in help_text
    assert "the chain the file records, or regtest for a new file" in help_text
