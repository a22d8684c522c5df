"""`minichain keys`: a private key lives in a 0600 file and is printed only when asked."""

import os
import stat

import pytest

from minichain.cli import main
from minichain.keys import PrivateKey


@pytest.fixture(autouse=True)
def wide_enough_for_any_path(monkeypatch):
    """Lines that name a file are read whole, wherever the test's temporary folder is."""
    monkeypatch.setenv("COLUMNS", "400")


def keys(capsys, *args):
    code = main(["keys", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def secret_of(path):
    return next(
        line.split('"')[1] for line in path.read_text().splitlines() if line.startswith("secret")
    )


def test_new_key_file_is_readable_by_its_owner_only(tmp_path, capsys):
    path = tmp_path / "alice.key"
    assert keys(capsys, "new", "--out", str(path))[0] == 0
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_new_key_prints_address_and_public_key_but_never_the_secret(tmp_path, capsys):
    path = tmp_path / "alice.key"
    _, out, err = keys(capsys, "new", "--out", str(path))
    key = PrivateKey(int(secret_of(path), 16))
    assert f"address      {key.address}" in out
    assert key.public_key.sec().hex() in out
    assert secret_of(path) not in out + err


def test_new_key_refuses_to_overwrite_a_file(tmp_path, capsys):
    path = tmp_path / "alice.key"
    keys(capsys, "new", "--out", str(path))
    before = path.read_bytes()
    code, _, err = keys(capsys, "new", "--out", str(path))
    assert code == 1
    assert err == f"minichain: {path}: already exists; pass --force to replace it\n"
    assert path.read_bytes() == before


def test_force_replaces_the_file_with_a_new_key_still_0600(tmp_path, capsys):
    path = tmp_path / "alice.key"
    keys(capsys, "new", "--out", str(path))
    before = secret_of(path)
    assert keys(capsys, "new", "--out", str(path), "--force")[0] == 0
    assert secret_of(path) != before
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["alice.key"]  # no temporary file left


def test_seed_gives_the_key_the_library_derives_from_it(tmp_path, capsys):
    _, out, _ = keys(capsys, "new", "--out", str(tmp_path / "a.key"), "--seed", "alice")
    assert PrivateKey.from_seed("alice").address in out


def test_show_prints_the_address_and_hides_the_secret(tmp_path, capsys):
    path = tmp_path / "alice.key"
    keys(capsys, "new", "--out", str(path), "--seed", "alice")
    code, out, err = keys(capsys, "show", str(path))
    assert code == 0
    assert PrivateKey.from_seed("alice").address in out
    assert secret_of(path) not in out + err


def test_show_private_prints_the_secret_only_when_asked(tmp_path, capsys):
    path = tmp_path / "alice.key"
    keys(capsys, "new", "--out", str(path), "--seed", "alice")
    _, out, _ = keys(capsys, "show", str(path), "--private")
    assert f"private key  {PrivateKey.from_seed('alice').secret:064x}" in out


def test_show_warns_when_others_can_read_the_file(tmp_path, capsys):
    path = tmp_path / "alice.key"
    keys(capsys, "new", "--out", str(path))
    os.chmod(path, 0o644)
    _, _, err = keys(capsys, "show", str(path))
    assert f"chmod 600 {path}" in err


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("hello", "is not a minichain key file"),
        ('format = "minichain-private-key"\nversion = 1\nsecret = "zz"\n', "64 hex digits"),
        (
            f'format = "minichain-private-key"\nversion = 1\naddress = "M1"\nsecret = "{1:064x}"\n',
            "address does not belong to the secret",
        ),
        (
            f'format = "minichain-private-key"\nversion = 1\nsecret = "{0:064x}"\n',
            "secret must be between 1 and n-1",
        ),
    ],
)
def test_damaged_key_file_is_one_line_and_exit_1(tmp_path, capsys, text, rule):
    path = tmp_path / "bad.key"
    path.write_text(text)
    code, out, err = keys(capsys, "show", str(path))
    assert code == 1
    assert err.startswith(f"minichain: {path}: ") and rule in err
    assert len(err.splitlines()) == 1


def test_missing_key_file_is_exit_1(tmp_path, capsys):
    code, _, err = keys(capsys, "show", str(tmp_path / "none.key"))
    assert code == 1 and "does not exist" in err


def test_keys_without_an_action_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["keys"])
    assert exit_info.value.code == 2


def test_keys_help_describes_both_actions(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["keys", "--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert "new" in out and "show" in out and "0600" in out
