"""Timing helpers shared by the benchmarks."""

from __future__ import annotations

import time
from collections.abc import Callable


def seconds(action: Callable[[], object]) -> float:
    """Wall-clock seconds one call of ``action`` takes."""
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def cpu_seconds(action: Callable[[], object]) -> float:
    """CPU seconds this process spends on one call of ``action``.

    For single-threaded work measured in absolute units: on a shared machine,
    wall-clock time also counts the moments another tenant held the core.
    """
    start = time.process_time()
    action()
    return time.process_time() - start


def report(name: str, value: float, goal: str, digits: int = 2) -> None:
    """Print one figure as ``name: value (goal ...)``."""
    print(f"{name}: {value:.{digits}f} ({goal})", flush=True)
