"""`make bench` prints only its figures: what a benchmark writes to stderr is held back,
unless the benchmark fails."""

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

NOISY = """
import logging, os, subprocess, sys, warnings
from bench.common import quietly, report

def noisy():
    warnings.warn("a library's deprecation", DeprecationWarning)
    logging.getLogger("sqlalchemy").warning("a SQLAlchemy warning")
    subprocess.run([sys.executable, "-c", "import sys; sys.stderr.write('kernel chatter')"])
    report("figure", 1.0, "goal 2")
    if sys.argv[1] == "fail":
        raise RuntimeError("the benchmark broke")

quietly(noisy)
"""


def run(mode):
    return subprocess.run(
        [sys.executable, "-c", NOISY, mode], capture_output=True, text=True, cwd=REPO, timeout=60
    )


def test_a_benchmark_prints_its_figures_and_nothing_on_stderr():
    result = run("pass")
    assert result.returncode == 0
    assert result.stdout == "figure: 1.00 (goal 2)\n"
    assert result.stderr == ""


def test_a_failing_benchmark_shows_what_it_wrote_and_its_error():
    result = run("fail")
    assert result.returncode == 1
    assert "a SQLAlchemy warning" in result.stderr and "kernel chatter" in result.stderr
    assert "RuntimeError: the benchmark broke" in result.stderr
