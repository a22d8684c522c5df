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


def quietly(action: Callable[[], object]) -> None:
    """Run ``action`` with what it writes to stderr held back (warnings, logs, kernels' chatter).

    Everything written to file descriptor 2 (by Python, by libraries' loggers
    and by child processes such as Jupyter kernels) goes to a temporary file
    and Python's warnings are not shown, so ``make bench`` prints only its
    figures. If ``action`` fails, what it wrote is printed before the error
    goes on: a failure is never hidden.
    """
    import os
    import sys
    import tempfile
    import warnings

    with tempfile.TemporaryFile() as held:
        sys.stderr.flush()
        saved = os.dup(2)
        os.dup2(held.fileno(), 2)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                action()
        except BaseException:
            sys.stderr.flush()
            os.dup2(saved, 2)
            held.seek(0)
            sys.stderr.buffer.write(held.read())
            sys.stderr.flush()
            raise
        finally:
            sys.stderr.flush()
            os.dup2(saved, 2)
            os.close(saved)
