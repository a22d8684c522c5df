"""Run every benchmark: ``python -m bench`` (or ``make bench``)."""

from bench import bench_exercises, bench_keys, bench_ledger, bench_merkle, bench_pow, bench_sim

for benchmark in (bench_pow, bench_merkle, bench_keys, bench_exercises, bench_ledger, bench_sim):
    benchmark.main()
