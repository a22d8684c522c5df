"""SHA-256 and double SHA-256, the hash functions Bitcoin is built on.

SHA-256 is specified in FIPS 180-4 (Secure Hash Standard, NIST 2015). Bitcoin
hashes block headers and transactions twice, ``SHA-256(SHA-256(x))``, written
``sha256d`` here (Bitcoin Core calls it ``Hash`` / ``CHash256``). Hashing twice
defends against length-extension attacks on the outer value.

Both functions are thin wrappers over :mod:`hashlib`, which is OpenSSL's
implementation; the wrappers exist to refuse text that has not been encoded.

Hashes are kept in the byte order the hash function produced them; explorers
print block hashes and txids reversed (:func:`to_display_hex`), and people
are shown their first 16 digits (:func:`short_hex`): one way, everywhere.
"""

from __future__ import annotations

import hashlib

from minichain.errors import EncodingError, require_bytes


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


SHORT_HEX_DIGITS = 16
"""How many hex digits :func:`short_hex` keeps: 64 bits, enough to tell any two blocks apart."""


def to_display_hex(digest: bytes) -> str:
    """Write a hash the way explorers and Bitcoin Core's RPC show it: reversed, in hex.

    Bitcoin prints block hashes and txids as 256-bit numbers, most significant
    byte first, while :func:`sha256d` returns them least significant first.
    """
    return require_bytes(digest, "digest", 32)[::-1].hex()


def from_display_hex(text: str) -> bytes:
    """Turn a hash as explorers show it back into internal byte order.

    Raises:
        EncodingError: ``text`` is not 64 hexadecimal digits.
    """
    try:
        digest = bytes.fromhex(text)
    except (ValueError, TypeError):
        raise EncodingError("hash", "must be 64 hex digits, got {text!r}", text=text) from None
    return require_bytes(digest, "hash", 32)[::-1]


def short_hex(digest: bytes, *, reverse: bool = True) -> str:
    """A hash for people: its first :data:`SHORT_HEX_DIGITS` hex digits, then ``…``.

    Every table, trace and error message names a block, transaction or
    document this way. By default the digits are those of
    :func:`to_display_hex`, so they match what explorers print; pass
    ``reverse=False`` for a digest printed in the order it was hashed
    (``digest.hex()``: a document's SHA-256, a Merkle node as it is hashed).
    """
    text = to_display_hex(digest) if reverse else require_bytes(digest, "digest", 32).hex()
    return text[:SHORT_HEX_DIGITS] + "…"
