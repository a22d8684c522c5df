"""`minichain tour` in Chinese at 80 columns: the same facts, Chinese words, aligned tables.

The tour runs as a learner runs it (a real ``minichain`` process, ``LANG=zh_CN.UTF-8``);
widths are measured in terminal cells (a Chinese character takes two), as rich measures them.
The capture is kept in build/captures/tour-zh.txt.
"""

import hashlib
import re

import pexpect
import pytest

from minichain.cli.tour import STEP_COUNT
from minichain.terminal import i18n
from minichain.terminal.tour import STEPS
from tests.captures import ROOT, save
from tests.cells import boxes, chinese_environment, misaligned, widest
from tests.commands import MINICHAIN, run_minichain

ENV = chinese_environment(80)


@pytest.fixture(scope="module")
def zh():
    """The Chinese words of the catalogue, as gettext gives them to the command."""
    i18n.use_language("zh")
    yield i18n
    i18n.use_language("en")


@pytest.fixture(scope="module")
def tour(announce):
    result = run_minichain("tour", "--auto", env=ENV)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    announce.append(save("tour-zh.txt", result.stdout))
    return result.stdout


def section(output: str, number: int) -> str:
    start = output.index(f"第 {number} 步（共 {STEP_COUNT} 步）")
    end = output.find(f"第 {number + 1} 步（共 {STEP_COUNT} 步）", start)
    return output[start : end if end != -1 else None]


def chinese_lessons() -> dict[str, str]:
    """The Chinese edition's lesson pages: ``{"hashing/": "第 1 课，哈希与篡改检测"}``."""
    nav = (ROOT / "mkdocs.zh.yml").read_text()
    found = re.findall(r"^\s+- (\d) ([^:]+): ([\w-]+)\.md$", nav, re.M)
    return {f"{page}/": f"第 {number} 课，{title}" for number, title, page in found}


def test_every_step_has_its_chinese_title_and_explanation(tour, zh):
    flat = "".join(tour.split())
    for number, step in enumerate(STEPS, 1):
        assert f"第 {number} 步（共 {STEP_COUNT} 步）：{zh._(step.title)}" in tour
        assert "".join(zh._(step.explain).split()) in flat.replace("│", "")
        assert step.title not in tour and zh._(step.title) != step.title
    assert "欢迎" in tour and "导览结束" in tour


def test_every_step_names_its_lesson_as_the_chinese_site_does(tour, zh):
    lessons = chinese_lessons()
    for step in STEPS:
        assert zh._(step.lesson) == lessons[step.page], step.page
        assert f"详见：{lessons[step.page]}\n  {step.address_in('zh')}（先运行 make serve）" in tour
        assert step.address_in("zh") == f"http://127.0.0.1:8000/zh/{step.page}"


def test_no_line_is_wider_than_80_cells(tour):
    assert widest(tour) <= 80


def test_every_table_and_panel_line_is_as_wide_as_its_border(tour):
    """Double-width characters counted as two: each box's lines end in the same column."""
    assert len(boxes(tour)) >= 15
    assert misaligned(tour) == []


def test_no_table_header_is_cut(tour):
    headers = [line for line in tour.splitlines() if line.startswith("┃")]
    assert headers and not [line for line in headers if "…" in line]


def test_chinese_sentences_wrap_between_characters_not_before_closing_marks(tour):
    lines = [line.strip("│ ") for line in tour.splitlines()]
    assert not [line for line in lines if line.startswith(tuple("，。、：；！？）"))]
    step_1 = section(tour, 1)
    assert "哈希函数把任意文本变成 32 个字节的指纹。" in step_1  # "32" kept on its line


def test_the_objects_are_the_same_as_in_english(tour):
    original = b"Loan contract 2019-118: Party A repays Party B 100000 CNY by 2020-06-30."
    assert hashlib.sha256(original).hexdigest() in section(tour, 1)
    merkle = section(tour, 2)
    assert "叶子 5（共 8 片）的默克尔路径（3 层）" in merkle
    assert "verify_proof：True" in merkle and "verify_proof：False" in merkle
    assert "classroom 链：高度 3" in section(tour, 3)
    mining = section(tour, 4)
    target = int(re.search(r"目标值\s+([0-9a-f]{64})", mining).group(1), 16)
    digest = int(re.search(r"哈希值\s+([0-9a-f]{64})", mining).group(1), 16)
    assert digest <= target
    nonce, tries = re.search(r"尝试 ([\d,]+) 次后找到随机数 ([\d,]+)", mining).groups()[::-1]
    assert int(tries.replace(",", "")) == int(nonce.replace(",", "")) + 1
    rows = re.findall(r"│(.+?)│\s+(True|False)\s+│", section(tour, 5))
    assert [verdict for _label, verdict in rows] == ["True", "False", "False"]
    double_spend = section(tour, 6)
    assert double_spend.count("DoubleSpendError") == 2  # the library's refusal, as it is
    fork = section(tour, 7)
    assert fork.count("存入工作量较少的旁支") == 2
    assert "成为工作量更多的分支的链头：链发生了重组" in fork
    assert "0.0416605" in section(tour, 8)
    quorum = "".join(section(tour, 9).split())
    assert "n=27个城市，可容忍f=8个出错" in quorum
    assert "仅凭验证节点名单，就能验证针对Suzhou的证据" in quorum


def test_lang_zh_gives_the_same_screen_as_the_chinese_locale(tour):
    english_locale = {**ENV, "LANG": "en_US.UTF-8"}
    step = run_minichain("--lang", "zh", "tour", "--auto", "--step", "9", env=english_locale)
    assert step.returncode == 0
    assert section(step.stdout, 9) == section(tour, 9)


# --- in a terminal -------------------------------------------------------------------------


@pytest.fixture
def spawn():
    children = []

    def start(*args, term="dumb"):
        child = pexpect.spawn(
            str(MINICHAIN),
            ["tour", *args],
            env={**ENV, "TERM": term},
            encoding="utf-8",
            timeout=60,
            dimensions=(50, 80),
        )
        children.append(child)
        return child

    yield start
    for child in children:
        if child.isalive():
            child.terminate(force=True)


def test_the_prompt_and_quitting_are_chinese(spawn):
    child = spawn("--step", "8")
    child.expect("第 8 步（共 9 步）")
    child.expect("Enter：第 9 步 · q：退出")
    child.sendline("q")
    child.expect("导览在第 8 步后停止。继续请运行：minichain tour --step 9")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def test_the_live_hash_rate_is_chinese_in_a_terminal(spawn):
    child = spawn("--step", "4", term="xterm")
    child.expect(r"[1-9][\d,]* 次哈希 +\d+(\.\d)? [kMG]?H/s")
    child.expect("Enter：第 5 步")
    child.sendline("q")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
