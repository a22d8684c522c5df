"""Signing and verifying speed with the installed ECDSA backend, beside OpenSSL's."""

from __future__ import annotations

import importlib.util

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec

from bench.common import report, seconds
from minichain.keys import PrivateKey

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

    openssl_key = ec.derive_private_key(key.secret, ec.SECP256K1())
    openssl_public = openssl_key.public_key()
    ders = [s.der() for s in signatures]
    algorithm = ec.ECDSA(hashes.SHA256())
    openssl_s = seconds(
        lambda: [openssl_public.verify(d, m, algorithm) for d, m in zip(ders, messages)]
    )
    report("verify_vs_openssl", openssl_s / verify_s, "info: minichain speed / OpenSSL speed")


if __name__ == "__main__":
    main()
