"""The commands in Chinese (``LANG=zh_CN.UTF-8``), at 80 columns, run as a user runs them.

Each command says the same facts as in English, in Chinese words; boxes stay aligned and
``label  value`` lines keep their values in one column, with Chinese characters two cells wide.
"""

import re

import pytest

from minichain.chain import Blockchain
from minichain.cli import main
from minichain.keys import PrivateKey
from minichain.terminal.i18n import use_language
from tests.captures import save
from tests.cells import boxes, chinese_environment, misaligned, value_columns, widest
from tests.cli.chains import ALICE, BOB, make_chain_file
from tests.cli.test_main import ALL_COMMANDS
from tests.commands import run_minichain

ENV = chinese_environment(80)


def zh(*args, cwd=None):
    result = run_minichain(*args, env=ENV, cwd=cwd)
    assert "Traceback" not in result.stderr
    return result


def drawn_well(text: str) -> None:
    assert widest(text) <= 80
    assert misaligned(text) == []


@pytest.fixture(scope="module")
def chain_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("zh") / "chain.sqlite"
    return path, make_chain_file(path)


@pytest.fixture(scope="module")
def shown(chain_file, announce):
    """``show`` of the chain, block 4, the payment and Alice's address."""
    path, facts = chain_file
    views = {
        "chain": zh("show", str(path)),
        "block": zh("show", str(path), "block", "4"),
        "tx": zh("show", str(path), "tx", facts["payment"][:12]),
        "address": zh("show", str(path), "address", ALICE.address),
    }
    for result in views.values():
        assert result.returncode == 0, result.stderr
    announce.append(save("show-zh.txt", "\n".join(view.stdout for view in views.values())))
    return {name: result.stdout for name, result in views.items()}


def test_show_chain_in_chinese(shown, chain_file):
    _path, facts = chain_file
    out = shown["chain"]
    drawn_well(out)
    assert f"classroom 链：高度 {facts['height']}，链头 {facts['tip'][:16]}" in out
    assert "旁支 1，分叉于 3" in out and "主链，链头" in out
    assert re.search(r"┃ 高度 ┃ 分支\s+┃ 哈希值", out)


def test_show_block_in_chinese(shown):
    out = shown["block"]
    drawn_well(out)
    assert "╭─ 区块 4 " in out
    for label in ("前一区块哈希", "默克尔根", "难度位", "目标值", "随机数", "累计工作量"):
        assert f"│ {label}" in out
    assert "4（主链）" in out


def test_show_tx_in_chinese(shown, chain_file):
    _path, facts = chain_file
    out = shown["tx"]
    drawn_well(out)
    assert facts["payment"] in out
    assert "1 个输入，2 个输出" in out and "交易费 2" in out
    assert re.search(r"在主链的区块 4 [0-9a-f]{16}… 中，确认数 1", out)
    assert "✓ 到达根" in out


def test_show_address_in_chinese(shown, chain_file):
    _path, facts = chain_file
    out = shown["address"]
    drawn_well(out)
    assert f"余额  {facts['alice']} 个币" in out


def test_verify_in_chinese_keeps_its_values_in_one_column(chain_file):
    path, facts = chain_file
    result = zh("verify", str(path))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert f"✓ {path} 完好：存储了" in " ".join(lines)
    assert f"  高度    {facts['height']}" in lines
    assert len(value_columns(lines, ["高度", "链头", "旁支"])) == 1


def test_mine_in_chinese(tmp_path):
    path = tmp_path / "mined.sqlite"
    result = zh("mine", "--data", str(path), "--to", BOB.address, "--blocks", "2")
    assert result.returncode == 0, result.stderr
    drawn_well(result.stdout)
    assert "个区块" in result.stdout and "挖出区块 2" in result.stdout
    with Blockchain.open(path) as chain:
        assert chain.height == 2


def test_keys_in_chinese_align_the_address_public_and_private_key(tmp_path):
    made = zh("keys", "new", "--out", str(tmp_path / "a.key"), "--seed", "alice")
    assert made.returncode == 0, made.stderr
    assert "私钥已写入" in made.stdout and "注意：" in made.stdout
    shown = zh("keys", "show", str(tmp_path / "a.key"), "--private")
    lines = shown.stdout.splitlines()
    key = PrivateKey.from_seed("alice")
    assert f"地址         {key.address}" in lines
    assert len(value_columns(lines, ["地址", "公钥", "私钥"])) == 1


def test_sim_in_chinese(announce):
    result = zh("sim", "--scenario", "fork", "--seed", "1", "--blocks", "12")
    assert result.returncode == 0, result.stderr
    announce.append(save("sim-fork-zh.txt", result.stdout))
    drawn_well(result.stdout)
    assert len(boxes(result.stdout)) >= 2
    assert re.search(r"│达成一致\s+│ 是", result.stdout)
    assert "fork：种子 1，12 个区块" in result.stdout


def test_node_status_refusal_and_usage_error_are_framed_in_chinese(tmp_path):
    status = zh("node", "status", "--port", "9")
    assert status.returncode == 1
    assert status.stderr.startswith("minichain：错误：port：127.0.0.1:9 上没有节点应答")
    usage = zh("node", "--port", "0", "--data", str(tmp_path / "n.sqlite"), "--mine-blocks", "2")
    assert usage.returncode == 2
    assert usage.stderr.startswith("用法：minichain node")
    assert "minichain node：错误：--mine-blocks 需要同时给出 --mine ADDRESS" in usage.stderr


def test_argparse_speaks_chinese_too():
    missing = zh("mine")
    assert missing.returncode == 2
    assert missing.stderr.startswith("用法：minichain mine")
    assert "minichain mine：错误：缺少以下必需参数：--data, --to" in missing.stderr
    unknown = zh("frobnicate")
    assert unknown.returncode == 2
    assert "参数 COMMAND：无效的选择：'frobnicate'（可选：" in unknown.stderr
    english = run_minichain("--lang", "en", "mine", env=ENV)
    assert "minichain mine: error: the following arguments are required" in english.stderr


def test_an_argument_types_reason_is_chinese():
    result = zh("tour", "--step", "12")
    assert result.returncode == 2
    assert "minichain tour：错误：" in result.stderr
    assert "必须在 1 到 9 之间，实际为 12" in result.stderr


# --- help ---------------------------------------------------------------------------------


@pytest.fixture
def chinese_help(monkeypatch, capsys):
    """``minichain --lang zh PATH --help`` in this process, at 80 columns; English after."""
    monkeypatch.setenv("COLUMNS", "80")

    def run(path):
        with pytest.raises(SystemExit) as exit_:
            main(["--lang", "zh", *path, "--help"])
        assert exit_.value.code == 0
        return capsys.readouterr().out

    yield run
    use_language("en")


@pytest.mark.parametrize("path", ALL_COMMANDS, ids=lambda path: " ".join(path) or "minichain")
def test_every_commands_help_is_chinese_and_fits_80_columns(chinese_help, path):
    out = chinese_help(path)
    assert out.startswith("用法：minichain")
    assert "选项:" in out and "显示本帮助信息并退出" in out
    assert widest(out) <= 80
    assert not [line for line in out.splitlines() if line.strip().startswith(tuple("，。、：；）"))]


def test_send_in_chinese(chain_file, tmp_path):
    path, _facts = chain_file
    copy = tmp_path / "copy.sqlite"
    copy.write_bytes(path.read_bytes())
    assert (
        zh("keys", "new", "--out", str(tmp_path / "alice.key"), "--seed", "alice").returncode == 0
    )
    result = zh(
        "send", "--key", str(tmp_path / "alice.key"), "--to", BOB.address, "--amount", "5",
        "--data", str(copy),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == f"已向 {BOB.address} 支付 5 个币（交易费 0）"
    assert len(value_columns(lines, ["tx", "区块"])) == 1
    assert "位于链头" in lines[2]


# --- the library's refusals -----------------------------------------------------------------


def test_a_damaged_key_files_refusal_is_chinese_through_and_through(tmp_path):
    """The library's rule (a secret outside [1, n-1]) is said in Chinese, its values kept."""
    path = tmp_path / "zero.key"
    path.write_text(f'format = "minichain-private-key"\nversion = 1\nsecret = "{0:064x}"\n')
    result = zh("keys", "show", str(path))
    assert result.returncode == 1
    assert result.stderr.startswith(f"minichain：错误：{path}：secret 必须在 1 到 n-1 之间")
    assert "n-1" in result.stderr and "must be" not in result.stderr
    english = run_minichain("--lang", "en", "keys", "show", str(path), env=ENV)
    assert "secret must be between 1 and n-1" in english.stderr


def test_a_lookup_refusal_is_chinese(chain_file):
    path, _facts = chain_file
    result = zh("show", str(path), "block", "zz")
    assert result.returncode == 1
    assert "block：应为区块高度，或哈希的至少" in result.stderr
    assert "'zz'" in result.stderr
