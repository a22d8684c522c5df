"""Words for numbers in the terminal: one hash, two hashes, counts grouped by thousands."""

import pytest
from rich.progress import Progress

from minichain.terminal.progress import HashRateColumn
from minichain.terminal.style import plural


@pytest.mark.parametrize(
    ("count", "expected"),
    [(0, "0 hashes"), (1, "1 hash"), (2, "2 hashes"), (12_345, "12,345 hashes")],
)
def test_plural_agrees_with_the_count_and_groups_thousands(count, expected):
    assert plural(count, "hash", "hashes") == expected


def test_plural_adds_s_unless_told_the_plural():
    assert [plural(n, "block") for n in (1, 3)] == ["1 block", "3 blocks"]


def test_plural_right_aligns_the_count_in_width():
    assert plural(1, "hash", "hashes", width=6) == "     1 hash"


@pytest.mark.parametrize(("tried", "words"), [(1, "1 hash"), (1_000, "1,000 hashes")])
def test_hash_rate_column_says_one_hash_not_one_hashes(tried, words):
    progress = Progress()
    task_id = progress.add_task("mining", total=None, tried=tried, rate=10.0)
    text = HashRateColumn().render(progress.tasks[task_id]).plain
    assert text.split()[:2] == words.split()
    assert "1 hashes" not in text
