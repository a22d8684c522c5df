"""The national suite's speed beside Bitcoin's: SM3 against SHA-256, SM2 against secp256k1.

Both sides use the same machinery, so the ratios compare the algorithms, not
the libraries: OpenSSL through hashlib for the hashes, the ``ecdsa`` package's
Jacobian points (with gmpy2 when installed) for both curves.

* ``sm3_vs_sha256``: SM3 throughput over SHA-256 throughput on 1 MiB (report).
* ``sm2_verify_per_s`` and ``sm2_vs_secp256k1_verify``: SM2 verifications per
  second, and their speed over secp256k1's in the same run with the same
  backend class (goal >= 0.5).
* ``gm_vs_bitcoin_consortium_height``: one height of the 27-city consortium
  of lesson 8 on the national suite over the same height on Bitcoin's, both
  with the ``ecdsa`` backend (report): what running a chain on SM2/SM3 costs.
"""

from __future__ import annotations

import gc
import hashlib
import importlib.util
import statistics
from collections.abc import Callable

from bench.common import cpu_seconds, report
from minichain.consensus import seeded_keys
from minichain.consortium import YANGTZE_RIVER_DELTA_CITIES, Consortium
from minichain.gm import OPENSSL_SM3, SM2PrivateKey, SM3Hash, sm3
from minichain.keys import PrivateKey
from minichain.params import ChainParams

MEBIBYTE = bytes(range(256)) * 4096
ROUNDS = 5
COUNT = 200
HEIGHTS = 5


def consortium_height_seconds(suite: str) -> float:
    """Median CPU seconds of one consortium height of the 27 cities on ``suite``."""
    params = ChainParams.regtest(name=f"bench-{suite}", suite=suite)
    members = Consortium(seeded_keys(YANGTZE_RIVER_DELTA_CITIES, params.suite), params,
                         backend="ecdsa")  # fmt: skip
    members.run_height()  # parses and precomputes the keys
    gc.collect()
    return statistics.median(cpu_seconds(members.run_height) for _ in range(HEIGHTS))


def best(action: Callable[[], object], rounds: int = ROUNDS) -> float:
    """The fastest of ``rounds`` runs, in CPU seconds (the others met a busy machine)."""
    return min(cpu_seconds(action) for _ in range(rounds))


def main() -> None:
    sha256_s = best(lambda: [hashlib.sha256(MEBIBYTE).digest() for _ in range(10)])
    sm3_s = best(lambda: [sm3(MEBIBYTE) for _ in range(10)])
    source = "OpenSSL" if OPENSSL_SM3 else "plain Python"
    report("sm3_mib_per_s", 10 / sm3_s, f"info: SM3 from {source}", 0)
    report("sm3_vs_sha256", sha256_s / sm3_s, "report: SM3 speed / SHA-256 speed on 1 MiB")
    python_s = best(lambda: SM3Hash(MEBIBYTE[:65536]).digest(), 1)
    report("sm3_python_kib_per_s", 64 / python_s, "info: minichain.gm.SM3Hash, plain Python", 0)

    sm2_key = SM2PrivateKey.from_seed("bench")
    k1_key = PrivateKey.from_seed("bench")
    messages = [f"invoice {n}".encode() for n in range(COUNT)]
    sm2_pairs = [(m, sm2_key.sign(m)) for m in messages]
    k1_pairs = [(m, k1_key.sign(m)) for m in messages]
    sm2_public, k1_public = sm2_key.public_key, k1_key.public_key
    backend = "ecdsa+gmpy2" if importlib.util.find_spec("gmpy2") else "ecdsa (pure Python)"

    sm2_sign_s = best(lambda: [sm2_key.sign(m) for m in messages], 2)
    report("sm2_sign_per_s", COUNT / sm2_sign_s, f"info: backend {backend}", 0)
    sm2_s = best(lambda: [sm2_public.verify(m, s) for m, s in sm2_pairs], 3)
    k1_s = best(lambda: [k1_public.verify(m, s) for m, s in k1_pairs], 3)
    report("sm2_verify_per_s", COUNT / sm2_s, f"info: backend {backend}", 0)
    report("secp256k1_verify_per_s", COUNT / k1_s, f"info: backend {backend}, same run", 0)
    report("sm2_vs_secp256k1_verify", k1_s / sm2_s, "goal >= 0.5: SM2 speed / secp256k1 speed")

    gm_height = consortium_height_seconds("gm")
    bitcoin_height = consortium_height_seconds("bitcoin")
    report("gm_consortium_27_ms_per_height", gm_height * 1000, f"info: backend {backend}", 0)
    report(
        "gm_vs_bitcoin_consortium_height",
        gm_height / bitcoin_height,
        "report: a 27-city height on SM2/SM3 over the same on ECDSA/SHA-256d, ecdsa backend",
    )


if __name__ == "__main__":
    main()
