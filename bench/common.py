"""Timing helpers shared by the benchmarks."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def seconds(action: Callable[[], object]) -> float:
    """Wall-clock seconds one call of ``action`` takes."""
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def median_ratio(
    numerator: Callable[[], object], denominator: Callable[[], object], rounds: int
) -> float:
    """Median over ``rounds`` of time(numerator) / time(denominator), run alternately."""
    ratios = []
    for _ in range(rounds):
        ratios.append(seconds(numerator) / seconds(denominator))
    return statistics.median(ratios)


def report(name: str, value: float, goal: str, digits: int = 2) -> None:
    """Print one figure as ``name: value (goal ...)``."""
    print(f"{name}: {value:.{digits}f} ({goal})", flush=True)
