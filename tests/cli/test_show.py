"""`minichain show` draws a real chain file: the chain, a block, a transaction, an address."""

import os

import pytest

from minichain.chain import Blockchain
from minichain.cli import main
from minichain.terminal.style import CAPTURE_WIDTH
from tests.cli.chains import ALICE, BOB, make_chain_file
from tests.commands import run_minichain


@pytest.fixture(scope="module")
def chain_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("show") / "chain.sqlite"
    return path, make_chain_file(path)


def show(capsys, path, *args):
    code = main(["show", str(path), *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_chain_view_lists_every_height_with_the_tip_and_the_side_branch(chain_file, capsys):
    path, facts = chain_file
    code, out, _ = show(capsys, path)
    assert code == 0
    assert f"height {facts['height']}, tip {facts['tip'][:16]}" in out
    for block_hash in facts["hashes"]:
        assert block_hash[:16] in out
    assert facts["side"][:16] in out
    assert "side 1, forks at 3" in out
    assert "active, tip" in out


def test_chain_view_is_the_default_and_can_show_only_the_last_heights(chain_file, capsys):
    path, facts = chain_file
    _, out, _ = show(capsys, path, "chain", "--last", "2")
    assert facts["hashes"][4][:16] in out and facts["hashes"][3][:16] in out
    assert facts["hashes"][1][:16] not in out
    assert "heights 0-2 not shown" in out


def test_block_by_height_shows_every_header_field(chain_file, capsys):
    path, facts = chain_file
    with Blockchain.open(path) as chain:
        header = chain.block_at(2).header
    code, out, _ = show(capsys, path, "block", "2")
    assert code == 0
    assert "height        2  (active chain)" in out
    assert facts["hashes"][2] in out
    assert facts["hashes"][1] in out  # the previous hash
    assert header.merkle_root[::-1].hex() in out
    assert f"nonce         {header.nonce}" in out
    assert "bits          0x1f00ffff" in out
    assert "work          65,537 expected hashes" in out


def test_block_by_hash_prefix_finds_a_side_branch_block(chain_file, capsys):
    path, facts = chain_file
    code, out, _ = show(capsys, path, "block", facts["side"][:10])
    assert code == 0
    assert "side branch" in out
    assert facts["side"] in out


def test_transaction_shows_its_input_outputs_fee_and_merkle_path(chain_file, capsys):
    path, facts = chain_file
    code, out, _ = show(capsys, path, "tx", facts["payment"][:12])
    assert code == 0
    assert f"payment {facts['payment']}" in out
    assert ALICE.address in out and BOB.address in out
    assert "fee 2" in out
    assert "in block 4" in out and "1 confirmation" in out
    assert "✓ reaches the root" in out


def test_address_shows_balance_and_unspent_outputs(chain_file, capsys):
    path, facts = chain_file
    code, out, _ = show(capsys, path, "address", BOB.address)
    assert code == 0
    assert f"balance    {facts['bob']} coins" in out
    assert "1 unspent" in out


def test_unknown_height_is_one_line_and_exit_1(chain_file, capsys):
    path, _ = chain_file
    code, out, err = show(capsys, path, "block", "99")
    assert code == 1
    assert err == "minichain: height: the chain's tip is at 4, not 99\n"


def test_unknown_txid_is_exit_1(chain_file, capsys):
    path, _ = chain_file
    code, _, err = show(capsys, path, "tx", "abcdef0123")
    assert code == 1
    assert "no txid starts with 'abcdef0123'" in err


def test_bad_hash_is_exit_1_with_the_rule(chain_file, capsys):
    path, _ = chain_file
    code, _, err = show(capsys, path, "block", "xyz")
    assert code == 1
    assert "must be a height or at least 6 hex digits" in err


def test_show_never_creates_a_missing_file(tmp_path, capsys):
    code, _, err = show(capsys, tmp_path / "none.sqlite")
    assert code == 1
    assert err.strip() == f"minichain: {tmp_path / 'none.sqlite'}: does not exist"
    assert not (tmp_path / "none.sqlite").exists()


def test_bad_address_is_a_usage_error(chain_file):
    result = run_minichain("show", str(chain_file[0]), "address", "Mnotanaddress")
    assert result.returncode == 2
    assert "address:" in result.stderr
    assert "Traceback" not in result.stderr


def test_show_help_lists_its_views(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["show", "--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    for view in ("chain", "block", "tx", "address"):
        assert view in out


def test_a_hash_prefix_of_digits_only_names_the_block_not_a_height(chain_file, capsys):
    path, _ = chain_file
    with Blockchain.open(path) as chain:
        hashes = [block.hash[::-1].hex() for block in chain]
    digits_only = [h for h in hashes if h[:6].isdigit()]
    assert digits_only, "the fixture chain has a block hash starting with six decimal digits"
    code, out, _ = show(capsys, path, "block", digits_only[0][:6])
    assert code == 0
    assert digits_only[0] in out


def test_a_txid_prefix_too_short_says_what_a_txid_needs(chain_file, capsys):
    path, _ = chain_file
    code, _, err = show(capsys, path, "tx", "00")
    assert code == 1
    assert err == "minichain: txid: must be at least 6 hex digits of a hash, got '00'\n"


@pytest.mark.parametrize("digit", ["١", "１", "²"])
def test_block_height_is_ascii_digits_only(chain_file, capsys, digit):
    path, _ = chain_file
    code, out, err = show(capsys, path, "block", digit)
    assert code == 1
    assert out == ""
    assert err.strip() == (
        f"minichain: block: must be a height or at least 6 hex digits of a hash, got {digit!r}"
    )


# --- piped output honours COLUMNS; 80 columns stay readable ---------------------------------


def piped(path, *args, columns=None):
    env = {key: value for key, value in os.environ.items() if key != "COLUMNS"}
    if columns is not None:
        env["COLUMNS"] = columns
    result = run_minichain("show", str(path), *args, env={**env, "NO_COLOR": "1"})
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize("view", ["chain", "block", "tx"])
def test_piped_output_is_as_wide_as_columns_says(chain_file, view):
    path, facts = chain_file
    view = {"chain": (), "block": ("block", "2"), "tx": ("tx", facts["payment"][:12])}[view]
    for columns in ("80", "120"):
        widths = [len(line) for line in piped(path, *view, columns=columns).splitlines()]
        assert max(widths) <= int(columns)


def test_piped_output_without_columns_keeps_the_fixed_capture_width(chain_file):
    path, _ = chain_file
    assert max(len(line) for line in piped(path).splitlines()) <= CAPTURE_WIDTH
    assert "┃ time (UTC) " in piped(path)


@pytest.mark.parametrize("columns", ["0", "-5", "eighty", "٨٠"])
def test_a_columns_value_that_is_no_width_is_ignored(chain_file, columns):
    path, _ = chain_file
    assert piped(path, columns=columns) == piped(path)


def test_at_80_columns_the_chain_table_drops_the_time_rather_than_cut_headers(chain_file):
    path, facts = chain_file
    out = piped(path, columns="80")
    header = next(line for line in out.splitlines() if line.startswith("┃"))
    assert "…" not in header
    assert [name.strip() for name in header.strip("┃").split("┃")] == [
        "height",
        "branch",
        "hash",
        "txs",
        "work",
        "chainwork",
    ]
    assert facts["tip"][:16] in out


def test_at_80_columns_the_block_card_shows_every_hash_on_one_line(chain_file):
    path, facts = chain_file
    out = piped(path, "block", "2", columns="80")
    assert facts["hashes"][2] in out
    assert max(len(line) for line in out.splitlines()) <= 80
