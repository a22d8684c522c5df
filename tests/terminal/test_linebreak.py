"""Where Chinese lines break (minichain.terminal.linebreak) and rich drawing it (wrap.py)."""

import io

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.console import Console

from minichain.terminal.linebreak import NO_LINE_END, NO_LINE_START, cell_width, has_cjk, lines
from minichain.terminal.wrap import Prose, prose

SENTENCE = "哈希函数把任意文本变成 32 个字节的指纹。改动一个字节，指纹中大约一半的位都会翻转。"


def drawn(renderable, width):
    console = Console(file=io.StringIO(), width=width, color_system=None, highlight=False)
    console.print(renderable)
    return console.file.getvalue().splitlines()


def test_cells_count_chinese_characters_and_full_width_marks_as_two():
    assert cell_width("区块 3") == 6
    assert cell_width("（SEC1）") == 8
    assert all(cell_width(sign) == cell_len(sign) for sign in SENTENCE)


@pytest.mark.parametrize("width", [10, 17, 24, 40, 80])
def test_no_line_is_wider_than_asked_and_nothing_is_lost(width):
    cut = lines(SENTENCE, width)
    assert all(cell_width(line) <= width for line in cut)
    assert "".join(cut).replace(" ", "") == SENTENCE.replace(" ", "")


def test_a_line_breaks_between_characters_not_at_the_space_before_a_number():
    first, *_rest = lines(SENTENCE, 40)
    assert first.startswith(
        "哈希函数把任意文本变成 32 个字节的指纹。"
    )  # rich alone breaks before 32


def test_closing_marks_never_start_a_line_and_opening_marks_never_end_one():
    text = "尝试（预期约 1,048,577 次：每次尝试成功的概率是 1,048,577 分之一）。" * 3
    for width in range(8, 60):
        for line in lines(text, width):
            assert line[:1] not in NO_LINE_START, (width, line)
            assert line[-1:] not in NO_LINE_END, (width, line)


def test_numbers_and_hex_stay_whole_unless_longer_than_a_line():
    digest = "0000085351eb20560284361097f243ab"
    for width in (34, 40, 50):
        assert any(digest in line for line in lines(f"它的哈希值 {digest} 低于目标值", width))
    assert [len(line) for line in lines(digest, 10)] == [10, 10, 10, 2]


def test_a_newline_always_breaks():
    assert lines("第一行\n第二行", 80) == ["第一行", "第二行"]


@given(st.text(alphabet="区块链哈希值，。（）ab 12", max_size=60), st.integers(4, 30))
def test_any_text_fits_its_width(text, width):
    assert all(cell_width(line) <= width for line in lines(text, width))


def test_rich_draws_prose_at_the_width_it_is_given_keeping_markup():
    out = drawn(Prose(f"[bold]{SENTENCE}[/bold]"), 30)
    assert max(cell_len(line) for line in out) <= 30
    assert "".join(out).replace(" ", "") == SENTENCE.replace(" ", "")


def test_english_is_left_to_rich():
    assert prose("plain English") == "plain English"
    assert not has_cjk("plain English") and has_cjk(SENTENCE)
