"""The byte formats of elliptic-curve keys and signatures, shared by every curve minichain uses.

* Public keys as SEC 1 points (SEC 1 v2, sections 2.3.3 and 2.3.4):
  ``04 || x || y`` uncompressed, ``02``/``03 || x`` compressed, for any 256-bit
  curve ``y^2 = x^3 + ax + b`` over a prime with ``p % 4 == 3``: secp256k1
  (:mod:`minichain.keys`) and SM2's sm2p256v1 (:mod:`minichain.gm`) both.
* Signatures as strict DER ``SEQUENCE { INTEGER r, INTEGER s }`` by the rules
  of BIP 66: ECDSA's, and SM2's (GB/T 35276-2017 writes them the same way).

Only the encodings are checked here; which points and which ``r`` and ``s``
are valid is each signature scheme's rule.
"""

from __future__ import annotations

from minichain.errors import EncodingError, KeyValidationError, require_bytes, require_int


def encode_der_signature(r: int, s: int) -> bytes:
    """Encode ``(r, s)`` as strict DER (BIP 66): ``30 len 02 len(r) r 02 len(s) s``.

    Each integer is big-endian in as few bytes as possible, with one leading
    zero byte when its top bit is set (DER integers are signed). ECDSA and SM2
    signatures share this encoding.

    Raises:
        WrongTypeError: ``r`` or ``s`` is not an int.
        OutOfRangeError: ``r`` or ``s`` is negative or longer than 32 bytes.
    """
    r_bytes = _der_integer(require_int(r, "r", 0, 2**256 - 1))
    s_bytes = _der_integer(require_int(s, "s", 0, 2**256 - 1))
    body = b"\x02" + bytes([len(r_bytes)]) + r_bytes + b"\x02" + bytes([len(s_bytes)]) + s_bytes
    return b"\x30" + bytes([len(body)]) + body


def decode_der_signature(raw: bytes) -> tuple[int, int]:
    """Decode a strict-DER ``SEQUENCE { INTEGER r, INTEGER s }`` by BIP 66's rules.

    Only the encoding is checked here (no padding, the right tags and
    lengths, nothing after ``s``); whether ``r`` and ``s`` are in range is the
    signature scheme's rule.

    Raises:
        WrongTypeError: ``raw`` is not bytes.
        EncodingError: the bytes break a DER rule; the message says which.
    """
    raw = require_bytes(raw, "der")
    if not 8 <= len(raw) <= 72:
        raise EncodingError(
            "der", "a signature is 8 to 72 bytes long, got {raw_size}", raw_size=len(raw)
        )
    if raw[0] != 0x30:
        raise EncodingError("der", "must start with 0x30 (SEQUENCE), got {raw:#04x}", raw=raw[0])
    if raw[1] != len(raw) - 2:
        raise EncodingError(
            "der",
            "sequence length byte says {raw}, but {body_size} bytes follow",
            raw=raw[1],
            body_size=len(raw) - 2,
        )
    r_bytes, offset = _read_der_integer(raw, 2, "r")
    s_bytes, offset = _read_der_integer(raw, offset, "s")
    if offset != len(raw):
        raise EncodingError("der", "{left} unexpected bytes after s", left=len(raw) - offset)
    return int.from_bytes(r_bytes, "big"), int.from_bytes(s_bytes, "big")


def _der_integer(value: int) -> bytes:
    encoded = value.to_bytes(max(1, (value.bit_length() + 7) // 8), "big")
    return b"\0" + encoded if encoded[0] & 0x80 else encoded


def _read_der_integer(raw: bytes, offset: int, name: str) -> tuple[bytes, int]:
    """Read one DER INTEGER at ``offset``; return its bytes and the offset after it."""
    field = f"der.{name}"
    if offset + 2 > len(raw):
        raise EncodingError(field, "the signature ends before this integer starts")
    if raw[offset] != 0x02:
        raise EncodingError(field, "must be marked 0x02 (INTEGER), got {raw:#04x}", raw=raw[offset])
    length = raw[offset + 1]
    start, end = offset + 2, offset + 2 + length
    if length == 0:
        raise EncodingError(field, "an integer must have at least one byte")
    if end > len(raw):
        raise EncodingError(
            field, "length {length} runs past the end of the signature", length=length
        )
    value = raw[start:end]
    if value[0] & 0x80:
        raise EncodingError(field, "must not be negative (top bit set without a 0x00 pad)")
    if length > 1 and value[0] == 0 and not value[1] & 0x80:
        raise EncodingError(field, "must not start with an unnecessary 0x00 pad byte")
    return value, end


def encode_sec(x: int, y: int, compressed: bool) -> bytes:
    """A point in SEC 1 format (SEC 1 v2, 2.3.3), for any 256-bit curve.

    ``02``/``03 || x`` compressed (the prefix tells y's parity), ``04 || x || y``
    uncompressed.
    """
    x_bytes = x.to_bytes(32, "big")
    if compressed:
        return (b"\x03" if y % 2 else b"\x02") + x_bytes
    return b"\x04" + x_bytes + y.to_bytes(32, "big")


def decode_sec(sec: bytes, *, p: int, a: int, b: int, curve: str) -> tuple[int, int]:
    """Decode a SEC 1 point (SEC 1 v2, 2.3.4) on the 256-bit curve ``y^2 = x^3 + ax + b mod p``.

    A compressed key stores only ``x``; ``y`` is recovered as a square root
    of ``x^3 + ax + b``. For primes with ``p % 4 == 3`` (secp256k1 and SM2's
    curve both), that root is ``alpha^((p+1)/4) mod p``.

    Raises:
        WrongTypeError: ``sec`` is not bytes.
        EncodingError: the length or the prefix byte is wrong.
        KeyValidationError: the bytes do not describe a point on the curve.
    """
    sec = require_bytes(sec, "sec")
    if len(sec) == 65:
        if sec[0] != 0x04:
            raise EncodingError(
                "sec", "a 65-byte key must start with 0x04, got {sec:#04x}", sec=sec[0]
            )
        x, y = int.from_bytes(sec[1:33], "big"), int.from_bytes(sec[33:], "big")
        if x >= p or y >= p:
            raise KeyValidationError("sec", "coordinate is not below the field prime p")
        if (y * y - x * x * x - a * x - b) % p:
            raise KeyValidationError("sec", "(x, y) is not a point on {curve}", curve=curve)
        return x, y
    if len(sec) == 33:
        if sec[0] not in (0x02, 0x03):
            raise EncodingError(
                "sec", "a 33-byte key must start with 0x02 or 0x03, got {sec:#04x}", sec=sec[0]
            )
        x = int.from_bytes(sec[1:], "big")
        if x >= p:
            raise KeyValidationError("sec", "x is not below the field prime p")
        alpha = (pow(x, 3, p) + a * x + b) % p
        beta = pow(alpha, (p + 1) // 4, p)
        if beta * beta % p != alpha:
            raise KeyValidationError("sec", "x is not the x-coordinate of any curve point")
        return x, beta if beta % 2 == sec[0] % 2 else p - beta
    raise EncodingError(
        "sec", "must be 33 (compressed) or 65 bytes, got {sec_size}", sec_size=len(sec)
    )
