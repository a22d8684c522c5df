"""Benchmarks, run with ``make bench``.

Each figure is printed as ``name: value (goal ...)``. Machines here are shared
and noisy, so every figure is a ratio of two things measured side by side in
the same process, alternating, and the median over several rounds is shown.
"""
