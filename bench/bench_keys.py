"""Signing and verifying speed with the installed ECDSA backend, beside OpenSSL's."""

from __future__ import annotations

import importlib.util

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec

from bench.common import cpu_seconds, report, seconds
from minichain.keys import PrivateKey
from minichain.sigcache import SignatureChecker

COUNT = 500


def main() -> None:
    key = PrivateKey.from_seed("bench")
    messages = [f"invoice {n}".encode() for n in range(COUNT)]
    signatures = [key.sign(m) for m in messages]
    public = key.public_key
    backend = "ecdsa+gmpy2" if importlib.util.find_spec("gmpy2") else "ecdsa (pure Python)"

    sign_s = seconds(lambda: [key.sign(m) for m in messages])
    verify_s = seconds(lambda: [public.verify(m, s) for m, s in zip(messages, signatures)])
    report("sign_per_s", COUNT / sign_s, f"info: backend {backend}", 0)
    report("verify_per_s", COUNT / verify_s, f"info: backend {backend}", 0)
    repeated_key(key, messages, signatures)

    openssl_key = ec.derive_private_key(key.secret, ec.SECP256K1())
    openssl_public = openssl_key.public_key()
    ders = [s.der() for s in signatures]
    algorithm = ec.ECDSA(hashes.SHA256())
    openssl_s = seconds(
        lambda: [openssl_public.verify(d, m, algorithm) for d, m in zip(ders, messages)]
    )
    report("verify_vs_openssl", openssl_s / verify_s, "info: minichain speed / OpenSSL speed")


def repeated_key(key: PrivateKey, messages: list[bytes], signatures: list) -> None:
    """A key seen before, as validation meets it: the ecdsa checker's precomputed tables.

    The checker parses the key once and rebuilds it from its point with the
    curve order, so ``precompute()`` can build its tables (see
    :meth:`minichain.keys.PublicKey.precompute`); every later signature by
    that key is verified with them. Measured in CPU seconds, best of five (the
    machine is shared: the best round is the one least disturbed).
    """
    checker = SignatureChecker("ecdsa")
    sec = key.public_key.sec()
    ders = [signature.der() for signature in signatures]
    checker.verify(sec, messages[0], ders[0])  # the key is now seen, parsed and precomputed
    plain = [key.public_key.verify(m, s) for m, s in zip(messages, signatures)]
    answers: list[bool] = []
    best = min(
        cpu_seconds(
            lambda: answers.extend(checker.verify(sec, m, d) for m, d in zip(messages, ders))
        )
        for _ in range(5)
    )
    if answers != plain * 5:
        raise AssertionError("the precomputed key gave other answers than the plain one")
    report(
        "verify_repeated_key_per_s", COUNT / best, "goal >= 2500, ecdsa backend, same results", 0
    )


if __name__ == "__main__":
    main()
