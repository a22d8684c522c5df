"""Run every benchmark: ``python -m bench`` (or ``make bench``); only the figures are printed
(see :func:`bench.common.quietly`)."""

from bench import (
    bench_class,
    bench_cli,
    bench_consensus,
    bench_contract,
    bench_exercises,
    bench_gm,
    bench_grading,
    bench_keys,
    bench_ledger,
    bench_merkle,
    bench_pow,
    bench_sim,
    bench_site,
)
from bench.common import quietly

for benchmark in (
    bench_cli,
    bench_pow,
    bench_merkle,
    bench_keys,
    bench_gm,
    bench_exercises,
    bench_grading,
    bench_ledger,
    bench_consensus,
    bench_contract,
    bench_sim,
    bench_site,
    bench_class,
):
    quietly(benchmark.main)
