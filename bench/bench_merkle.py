"""Merkle root cost per leaf, compared with one double SHA-256 of 64 bytes."""

from __future__ import annotations

import hashlib
import statistics

from bench.common import report, seconds
from minichain.merkle import merkle_root

LEAVES = 1_000_000


def main() -> None:
    leaves = [hashlib.sha256(n.to_bytes(8, "big")).digest() for n in range(LEAVES)]
    pairs = [leaf + leaf for leaf in leaves]  # 64-byte inputs, as inside the tree
    sha = hashlib.sha256

    def one_sha256d_each() -> None:
        [sha(sha(pair).digest()).digest() for pair in pairs]

    per_leaf, per_hash = [], []
    for _ in range(5):
        per_leaf.append(seconds(lambda: merkle_root(leaves)) / LEAVES)
        per_hash.append(seconds(one_sha256d_each) / LEAVES)
    leaf_ns, hash_ns = statistics.median(per_leaf) * 1e9, statistics.median(per_hash) * 1e9
    ratios = [a / b for a, b in zip(per_leaf, per_hash)]
    report(
        "merkle_ns_per_leaf_ratio",
        statistics.median(ratios),
        f"goal <= 1.25; {leaf_ns:.0f} ns per leaf at 1e6 leaves / {hash_ns:.0f} ns per "
        "sha256d of 64 bytes",
    )


if __name__ == "__main__":
    main()
