"""`minichain verify` re-checks a real chain file and names the first damaged block exactly."""

import sqlite3

import pytest

from minichain.cli import main
from tests.cli.chains import (
    block_in_row,
    copy_chain,
    delete_row,
    make_chain_file,
    rewrite_row,
    rows,
)
from tests.commands import run_minichain

# Coinbase layout: header (80), tx count (4), tx size (4), version (4), input and
# output counts (2 + 2), then the first output's 8-byte amount.
COINBASE_AMOUNT = 80 + 4 + 4 + 4 + 2 + 2
NONCE = 76


@pytest.fixture(autouse=True)
def wide_enough_for_any_path(monkeypatch):
    """Lines that name a file are read whole, wherever the test's temporary folder is."""
    monkeypatch.setenv("COLUMNS", "400")


@pytest.fixture(scope="module")
def sound(tmp_path_factory):
    path = tmp_path_factory.mktemp("verify") / "chain.sqlite"
    return path, make_chain_file(path)


@pytest.fixture
def chain_copy(sound, tmp_path):
    return copy_chain(sound[0], tmp_path / "chain.sqlite")


def verify(path, capsys):
    code = main(["verify", str(path)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_sound_file_passes_with_its_height_tip_and_counts(sound, capsys):
    path, facts = sound
    code, out, err = verify(path, capsys)
    assert code == 0, err
    assert "is sound" in out
    assert f"height  {facts['height']}" in out
    assert facts["tip"] in out
    # Four blocks on the active chain plus the side block, six transactions in all.
    assert "5 stored blocks, 6 transactions" in out
    assert "side    1 block on side branches" in out


def test_changed_byte_in_a_transaction_is_reported_at_its_block_as_a_merkle_mismatch(
    chain_copy, capsys
):
    seq, _, data, _ = rows(chain_copy)[1]  # block 2
    damaged = bytearray(data)
    damaged[COINBASE_AMOUNT] ^= 0x01
    rewrite_row(chain_copy, seq, bytes(damaged), fix_hash=False)
    code, out, err = verify(chain_copy, capsys)
    assert code == 1
    assert "block 2 breaks a rule" in out
    assert "field   header.merkle_root" in out
    assert "does not match the Merkle root of the block's txids" in out
    assert err.startswith(f"minichain: {chain_copy}: block 2 (")
    assert len(err.strip().splitlines()) == 1


def test_bad_proof_of_work_is_reported_at_its_block_with_the_nonce_field(chain_copy, capsys):
    seq, _, data, _ = rows(chain_copy)[2]  # block 3
    block = block_in_row(chain_copy, seq)
    damaged = bytearray(data)
    damaged[NONCE : NONCE + 4] = (block.header.nonce + 1).to_bytes(4, "little")
    rewrite_row(chain_copy, seq, bytes(damaged), fix_hash=True)
    code, out, _ = verify(chain_copy, capsys)
    assert code == 1
    assert "block 3 breaks a rule" in out
    assert "field   nonce" in out
    assert "is above the target" in out


def test_broken_link_is_reported_at_the_first_block_whose_parent_is_missing(
    sound, chain_copy, capsys
):
    delete_row(chain_copy, rows(chain_copy)[1][0])  # block 2 is gone: block 3's link breaks
    code, out, _ = verify(chain_copy, capsys)
    assert code == 1
    assert "block 3 breaks a rule" in out
    assert f"block   {sound[1]['hashes'][3]}" in out
    assert "field   header.prev_hash" in out
    assert "in no row of the file" in out


def test_row_whose_hash_column_lies_is_reported_with_its_row(chain_copy, capsys):
    first, second = rows(chain_copy)[:2]
    rewrite_row(chain_copy, first[0], second[2], fix_hash=False)  # block 2's bytes in row 1
    code, out, _ = verify(chain_copy, capsys)
    assert code == 1
    assert "row     1" in out


def test_verify_leaves_a_damaged_file_unchanged(chain_copy, capsys):
    delete_row(chain_copy, rows(chain_copy)[1][0])
    before = chain_copy.read_bytes()
    verify(chain_copy, capsys)
    assert chain_copy.read_bytes() == before


def test_a_file_that_is_not_a_chain_is_one_line_and_exit_1(tmp_path):
    path = tmp_path / "notes.sqlite"
    path.write_text("hello")
    result = run_minichain("verify", str(path))
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"minichain: {path}: is not a minichain chain file (not an SQLite database)"
    ]


def test_a_missing_file_is_refused_and_not_created(tmp_path, capsys):
    path = tmp_path / "missing.sqlite"
    code, _, err = verify(path, capsys)
    assert code == 1
    assert "does not exist" in err
    assert not path.exists()


def test_verify_without_a_path_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["verify"])
    assert exit_info.value.code == 2


def test_verify_help_explains_the_exit_codes(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["verify", "--help"])
    assert exit_info.value.code == 0
    assert "first problem" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("column", "value", "holds"),
    [
        ("hash", 5, "its hash column holds an integer, not 32 bytes"),
        ("hash", b"\x00" * 31, "its hash column holds 31 bytes, not 32 bytes"),
        ("data", "text", "its data column holds text, not bytes"),
    ],
)
def test_a_column_of_the_wrong_kind_is_one_line_naming_file_row_and_column(
    chain_copy, column, value, holds
):
    seq = rows(chain_copy)[1][0]
    db = sqlite3.connect(chain_copy)
    with db:
        db.execute(f"UPDATE blocks SET {column} = ? WHERE seq = ?", (value, seq))
    db.close()
    for command in ("verify", "show"):
        result = run_minichain(command, str(chain_copy))
        assert result.returncode == 1
        assert result.stderr.strip().splitlines() == [
            f"minichain: {chain_copy}: block row {seq} is corrupt ({holds})"
        ]
