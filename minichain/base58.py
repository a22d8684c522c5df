"""Base58 and Base58Check, the text encoding of Bitcoin addresses.

Base58 writes bytes as a big number in base 58, with an alphabet that leaves
out the look-alike characters ``0``, ``O``, ``I`` and ``l``. Each leading zero
byte becomes a leading ``1``, so no information is lost.

Base58Check (Bitcoin Core ``base58.cpp``, ``EncodeBase58Check``) appends the
first four bytes of ``sha256d(payload)`` before encoding. A mistyped character
changes the checksum, so a wallet can refuse the address instead of sending
money nowhere: about one typo in four billion slips through.
"""

from __future__ import annotations

from minichain.errors import EncodingError, WrongTypeError, describe_type, require_bytes
from minichain.hashing import sha256d

ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
"""The 58 characters, in digit order."""

_DIGIT = {char: value for value, char in enumerate(ALPHABET)}
CHECKSUM_SIZE = 4

MAX_TEXT_LENGTH = 2048
"""The longest text :func:`b58decode` reads by default.

Decoding is quadratic in the length (each digit multiplies a growing
number), so a 200,000-character "address" would cost seconds; Bitcoin Core's
``DecodeBase58`` likewise stops at a maximum length before doing the work.
"""


def b58encode(data: bytes) -> str:
    """Encode ``data`` in Base58 (no checksum).

    Raises:
        WrongTypeError: ``data`` is not bytes.
    """
    data = require_bytes(data, "data")
    zeros = len(data) - len(data.lstrip(b"\0"))
    number = int.from_bytes(data, "big")
    digits = []
    while number:
        number, remainder = divmod(number, 58)
        digits.append(ALPHABET[remainder])
    return "1" * zeros + "".join(reversed(digits))


def b58decode(text: str, max_length: int = MAX_TEXT_LENGTH) -> bytes:
    """Decode Base58 ``text`` back into bytes.

    Args:
        text: the Base58 digits.
        max_length: the longest text accepted, checked before any decoding.

    Raises:
        WrongTypeError: ``text`` is not a ``str``.
        EncodingError: ``text`` is longer than ``max_length`` or contains a
            character outside the alphabet.
    """
    if not isinstance(text, str):
        raise WrongTypeError(
            "text", "must be a str, got {text_type}", text_type=describe_type(text)
        )
    if len(text) > max_length:
        raise EncodingError(
            "text",
            "is {text_size} characters long; at most {max_length} are decoded",
            text_size=len(text),
            max_length=max_length,
        )
    number = 0
    for position, char in enumerate(text):
        digit = _DIGIT.get(char)
        if digit is None:
            raise EncodingError(
                "text",
                "character {char!r} at position {position} is not in the Base58 alphabet",
                char=char,
                position=position,
            )
        number = number * 58 + digit
    zeros = len(text) - len(text.lstrip("1"))
    body = number.to_bytes((number.bit_length() + 7) // 8, "big")
    return b"\0" * zeros + body


def b58check_encode(payload: bytes) -> str:
    """Encode ``payload`` followed by its 4-byte ``sha256d`` checksum.

    Raises:
        WrongTypeError: ``payload`` is not bytes.
    """
    payload = require_bytes(payload, "payload")
    return b58encode(payload + sha256d(payload)[:CHECKSUM_SIZE])


def b58check_decode(text: str, max_length: int = MAX_TEXT_LENGTH) -> bytes:
    """Decode Base58Check ``text`` and return the payload without its checksum.

    Args:
        text: the Base58 digits, checksum included.
        max_length: the longest text accepted (see :func:`b58decode`).

    Raises:
        WrongTypeError: ``text`` is not a ``str``.
        EncodingError: the text is too long, a character is outside the
            alphabet, the text is too short to hold a checksum, or the checksum
            does not match (a typo).
    """
    raw = b58decode(text, max_length)
    if len(raw) < CHECKSUM_SIZE:
        raise EncodingError(
            "text",
            "Base58Check needs at least {checksum_size} checksum bytes, got {raw_size}",
            checksum_size=CHECKSUM_SIZE,
            raw_size=len(raw),
        )
    payload, checksum = raw[:-CHECKSUM_SIZE], raw[-CHECKSUM_SIZE:]
    if sha256d(payload)[:CHECKSUM_SIZE] != checksum:
        raise EncodingError("text", "checksum does not match: the text was mistyped or altered")
    return payload
