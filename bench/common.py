"""Timing helpers shared by the benchmarks."""

from __future__ import annotations

import time
from collections.abc import Callable


def seconds(action: Callable[[], object]) -> float:
    """Wall-clock seconds one call of ``action`` takes."""
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def report(name: str, value: float, goal: str, digits: int = 2) -> None:
    """Print one figure as ``name: value (goal ...)``."""
    print(f"{name}: {value:.{digits}f} ({goal})", flush=True)
