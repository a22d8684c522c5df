"""Progress bars: one look for every command that makes someone wait.

A bar is drawn only where someone watches it (a terminal) and disappears when
the work is done (``transient``), so captured output, pipes and tests see only
the results. Every bar reads: what is being done, the bar, how far, the time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
)
from rich.text import Text

from minichain.terminal.i18n import ngettext
from minichain.terminal.style import grouped, pad_cells

__all__ = ["HashRateColumn", "counting", "hash_rate", "progress_bar"]


def progress_bar(console: Console, *columns: ProgressColumn) -> Progress:
    """A transient bar on ``console``: description, bar, ``columns`` (default ``done/total``), time.

    Use it as a context manager, add a task, update the task.
    """
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        *(columns or (MofNCompleteColumn(),)),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        disable=not console.is_terminal,  # a live bar only where someone watches it
    )


@contextmanager
def counting(console: Console, description: str, total: int) -> Iterator[Callable[[int], object]]:
    """A :func:`progress_bar` of one task out of ``total``; yields ``update(done)``."""
    with progress_bar(console) as progress:
        task = progress.add_task(description, total=total)
        yield lambda done: progress.update(task, completed=done)


def hash_rate(per_second: float) -> str:
    """A hash rate with its unit: ``812.4 kH/s``."""
    for unit, size in (("GH/s", 1e9), ("MH/s", 1e6), ("kH/s", 1e3)):
        if per_second >= size:
            return f"{per_second / size:.1f} {unit}"
    return f"{per_second:.0f} H/s"


class HashRateColumn(ProgressColumn):
    """Hashes tried and hashes per second while mining.

    From the task's ``tried`` and ``rate`` fields when the miner measures them,
    else from its completed count and the speed rich measures.
    """

    def render(self, task: Task) -> Text:
        """The column's text for ``task``."""
        tried = int(task.fields.get("tried", task.completed))
        rate = float(task.fields.get("rate", task.speed or 0.0))
        hashes = ngettext("{count} hash", "{count} hashes", tried).format(count=grouped(tried, 12))
        return Text(f"{pad_cells(hashes, 19)} {hash_rate(rate):>10}")
