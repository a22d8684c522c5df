"""The national suite's speed beside Bitcoin's: SM3 against SHA-256, SM2 against secp256k1.

Both sides use the same machinery, so the ratios compare the algorithms, not
the libraries: OpenSSL through hashlib for the hashes, the ``ecdsa`` package's
Jacobian points (with gmpy2 when installed) for both curves.
"""

from __future__ import annotations

import hashlib
import importlib.util
from collections.abc import Callable

from bench.common import cpu_seconds, report
from minichain.gm import OPENSSL_SM3, SM2PrivateKey, SM3Hash, sm3
from minichain.keys import PrivateKey

MEBIBYTE = bytes(range(256)) * 4096
ROUNDS = 5
COUNT = 200


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


if __name__ == "__main__":
    main()
