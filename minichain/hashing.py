"""SHA-256 and double SHA-256, the hash functions Bitcoin is built on.

SHA-256 is specified in FIPS 180-4 (Secure Hash Standard, NIST 2015). Bitcoin
hashes block headers and transactions twice, ``SHA-256(SHA-256(x))``, written
``sha256d`` here (Bitcoin Core calls it ``Hash`` / ``CHash256``). Hashing twice
defends against length-extension attacks on the outer value.

Both functions are thin wrappers over :mod:`hashlib`, which is OpenSSL's
implementation; the wrappers exist to refuse text that has not been encoded.
"""

from __future__ import annotations

import hashlib

from minichain.errors import require_bytes


# --8<-- [start:sha256]
def sha256(data: bytes) -> bytes:
    """Return the 32-byte SHA-256 digest of ``data`` (FIPS 180-4, section 6.2).

    Raises:
        WrongTypeError: ``data`` is not bytes (text must be encoded first).
    """
    return hashlib.sha256(require_bytes(data, "data")).digest()
    # --8<-- [end:sha256]


# --8<-- [start:sha256d]
def sha256d(data: bytes) -> bytes:
    """Return ``sha256(sha256(data))``, Bitcoin's double SHA-256.

    The result is in *internal* byte order, exactly as the hash function
    produced it. Block explorers print block and transaction hashes reversed;
    see :meth:`minichain.header.BlockHeader.hash_hex`.

    Raises:
        WrongTypeError: ``data`` is not bytes.
    """
    return hashlib.sha256(hashlib.sha256(require_bytes(data, "data")).digest()).digest()
    # --8<-- [end:sha256d]
