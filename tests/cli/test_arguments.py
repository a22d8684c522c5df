"""Argument types refuse what only looks right: non-ASCII digits, giant or mistyped addresses."""

import pytest

from minichain.cli import build_parser
from minichain.keys import PrivateKey

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
