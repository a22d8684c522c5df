"""Words for numbers in the terminal: one hash, two hashes, counts grouped by thousands."""

import io

import pytest
from rich.progress import Progress
from rich.table import Table

from minichain.terminal.progress import HashRateColumn
from minichain.terminal.style import (
    CAPTURE_WIDTH,
    Fitting,
    columns_from_environment,
    grouped,
    make_console,
)


@pytest.mark.parametrize(("count", "expected"), [(0, "0"), (7, "7"), (12_345, "12,345")])
def test_grouped_writes_thousands_with_commas(count, expected):
    assert grouped(count) == expected


def test_grouped_right_aligns_the_count_in_width():
    assert grouped(1, width=6) == "     1"


@pytest.mark.parametrize(("tried", "words"), [(1, "1 hash"), (1_000, "1,000 hashes")])
def test_hash_rate_column_says_one_hash_not_one_hashes(tried, words):
    progress = Progress()
    task_id = progress.add_task("mining", total=None, tried=tried, rate=10.0)
    text = HashRateColumn().render(progress.tasks[task_id]).plain
    assert text.split()[:2] == words.split()
    assert "1 hashes" not in text


# --- widths: COLUMNS for pipes, Fitting for narrow terminals ---------------------------------


@pytest.mark.parametrize(
    ("value", "width"),
    [
        ("80", 80),
        ("20", 20),
        ("1000", 1000),
        ("19", None),
        ("1001", None),
        ("", None),
        ("٨٠", None),
        ("８０", None),
        ("80x", None),
    ],
)
def test_columns_from_environment_reads_ascii_widths_from_20_to_1000(monkeypatch, value, width):
    monkeypatch.setenv("COLUMNS", value)
    assert columns_from_environment() == width


def test_a_piped_console_takes_its_width_from_columns(monkeypatch):
    monkeypatch.setenv("COLUMNS", "72")
    assert make_console(io.StringIO()).width == 72
    monkeypatch.delenv("COLUMNS")
    assert make_console(io.StringIO()).width == CAPTURE_WIDTH
    assert make_console(io.StringIO(), width=50).width == 50


def _table(*columns: str) -> Table:
    table = Table()
    for column in columns:
        table.add_column(column)
    table.add_row(*(column * 3 for column in columns))
    return table


def test_fitting_draws_the_widest_layout_that_fits():
    wide, narrow = _table("alpha", "beta", "gamma"), _table("alpha")
    for width, expected in ((100, "gammagammagamma"), (30, "alphaalphaalpha")):
        out = io.StringIO()
        make_console(out, width=width).print(Fitting(wide, narrow))
        assert expected in out.getvalue()
        assert max(len(line) for line in out.getvalue().splitlines()) <= width
    out = io.StringIO()
    make_console(out, width=30).print(Fitting(wide, narrow))
    assert "beta" not in out.getvalue()


def test_fitting_draws_the_last_layout_when_none_fits():
    fitted, last = io.StringIO(), io.StringIO()
    make_console(fitted, width=10).print(Fitting(_table("alpha", "beta"), _table("gamma")))
    make_console(last, width=10).print(_table("gamma"))
    assert fitted.getvalue() == last.getvalue()
