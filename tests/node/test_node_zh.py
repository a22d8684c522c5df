"""``minichain node`` logs in the language in use: ``--lang zh`` or ``LANG=zh_CN.UTF-8`` (issue 21).

The node logs English format strings marked ``N_``; the command's log formatter
looks each one up in the catalogue when it writes the line. Real processes on
127.0.0.1 that stop by themselves with ``--exit-after``.
"""

import os
import re
import subprocess
import sys

import pytest

CJK = re.compile(r"[\u4e00-\u9fff]")


def run_node(tmp_path, *options, **variables):
    """Stderr of ``minichain [options] node`` on a free port, stopped after half a second."""
    env = {k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES")}
    env["LANG"] = "C"
    env.update(variables)
    result = subprocess.run(
        [sys.executable, "-m", "minichain", *options, "node", "--port", "0"]
        + ["--data", str(tmp_path / "n.sqlite"), "--exit-after", "0.5"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result.stderr


LABEL = r"node 127\.0\.0\.1:\d+"


@pytest.mark.parametrize(
    ("options", "variables"),
    [(("--lang", "zh"), {}), ((), {"LANG": "zh_CN.UTF-8"})],
    ids=["--lang zh", "LANG=zh_CN"],
)
def test_the_node_logs_in_chinese(tmp_path, options, variables):
    said = run_node(tmp_path, *options, **variables)
    assert re.search(
        LABEL + r"：正在监听 127\.0\.0\.1:\d+，链 regtest，高度 0，链顶 [0-9a-f]+", said
    )
    assert re.search(LABEL + "：正在停止：已到 --exit-after 设定的 0.5 秒", said)
    assert re.search(LABEL + "：已停止，高度 0", said)
    assert "listening on" not in said and "stopped at height" not in said


@pytest.mark.parametrize(
    ("options", "variables"),
    [((), {}), (("--lang", "en"), {"LANG": "zh_CN.UTF-8"})],
    ids=["C locale", "--lang en"],
)
def test_the_node_logs_in_english_otherwise(tmp_path, options, variables):
    said = run_node(tmp_path, *options, **variables)
    assert re.search(
        LABEL + r": listening on 127\.0\.0\.1:\d+, chain regtest, height 0, tip \w+", said
    )
    assert re.search(LABEL + ": stopping: --exit-after 0.5 s reached", said)
    assert re.search(LABEL + ": stopped at height 0", said)
    assert not CJK.search(said)
