"""Tamper-evident court evidence: fill in the ten functions marked TODO."""

import hashlib

from minichain.hashing import sha256

GENESIS = bytes(32)
"""The previous link of the first log entry."""


BROKEN, MISSING, NOT_ANCHORED = "broken link", "missing", "differs from its anchor"
"""The reasons ``audit_log`` gives for the first altered entry of a capture log."""

MASK = 0xFFFFFFFF
"""SHA-256 works on 32-bit words: keep the low 32 bits of every sum and shift."""

H0 = (
    0x6A09E667, 0xBB67AE85, 0x3C6EF372, 0xA54FF53A, 0x510E527F, 0x9B05688C, 0x1F83D9AB, 0x5BE0CD19,
)  # fmt: skip
"""SHA-256's initial hash value (FIPS 180-4, 5.3.3): the first 32 bits of the
fractional parts of the square roots of the first eight primes."""

K = (
    0x428A2F98, 0x71374491, 0xB5C0FBCF, 0xE9B5DBA5, 0x3956C25B, 0x59F111F1, 0x923F82A4, 0xAB1C5ED5,
    0xD807AA98, 0x12835B01, 0x243185BE, 0x550C7DC3, 0x72BE5D74, 0x80DEB1FE, 0x9BDC06A7, 0xC19BF174,
    0xE49B69C1, 0xEFBE4786, 0x0FC19DC6, 0x240CA1CC, 0x2DE92C6F, 0x4A7484AA, 0x5CB0A9DC, 0x76F988DA,
    0x983E5152, 0xA831C66D, 0xB00327C8, 0xBF597FC7, 0xC6E00BF3, 0xD5A79147, 0x06CA6351, 0x14292967,
    0x27B70A85, 0x2E1B2138, 0x4D2C6DFC, 0x53380D13, 0x650A7354, 0x766A0ABB, 0x81C2C92E, 0x92722C85,
    0xA2BFE8A1, 0xA81A664B, 0xC24B8B70, 0xC76C51A3, 0xD192E819, 0xD6990624, 0xF40E3585, 0x106AA070,
    0x19A4C116, 0x1E376C08, 0x2748774C, 0x34B0BCB5, 0x391C0CB3, 0x4ED8AA4A, 0x5B9CCA4F, 0x682E6FF3,
    0x748F82EE, 0x78A5636F, 0x84C87814, 0x8CC70208, 0x90BEFFFA, 0xA4506CEB, 0xBEF9A3F7, 0xC67178F2,
)  # fmt: skip
"""SHA-256's 64 round constants (FIPS 180-4, 4.2.2): the first 32 bits of the
fractional parts of the cube roots of the first 64 primes."""


def link(previous: bytes, record: bytes) -> bytes:
    """The capture log's link of ``record``: ``sha256(previous + sha256(record))``."""
    return sha256(previous + sha256(record))


def fingerprint(evidence: bytes | list[bytes]) -> str:
    """The SHA-256 digest of ``evidence`` (its bytes, or its pieces in order) as 64 hex digits."""
    # TODO: feed each piece (or the one bytes value) to one hashlib.sha256(); return its hex digest.
    raise NotImplementedError("fingerprint")


def matches_record(evidence: bytes, recorded: str) -> bool:
    """Whether ``evidence`` still has the SHA-256 hash ``recorded`` on its receipt."""
    # TODO: drop case, spaces and a "sha256:" name; another algorithm's name is no match.
    raise NotImplementedError("matches_record")


def first_tampered(records: list[bytes], links: list[bytes]) -> int | None:
    """The index of the first log entry whose link does not match, or None."""
    # TODO: recompute the chain from GENESIS and compare link by link.
    raise NotImplementedError("first_tampered")


def audit_log(
    records: list[bytes], links: list[bytes], anchors: dict[int, bytes]
) -> tuple[int, str] | None:
    """The first altered entry of a capture log and why, or None when the log is intact."""
    # TODO: at each index: a missing entry, its anchor, its link from the recorded one before.
    raise NotImplementedError("audit_log")


def pad_blocks(message: bytes) -> list[bytes]:
    """The message padded as FIPS 180-4 (5.1.1) says, cut into 64-byte blocks (5.2.1)."""
    # TODO: 0x80, zero bytes up to 56 mod 64, the length in bits (8 bytes, big-endian); cut in 64s.
    raise NotImplementedError("pad_blocks")


def sha256_compress(state: tuple[int, ...], block: bytes) -> tuple[int, ...]:
    """The next hash value: ``state`` (eight words) after one 64-byte block (FIPS 180-4, 6.2.2)."""

    # TODO: the message schedule W[0..63], 64 rounds on a..h, then add them to the state.
    raise NotImplementedError("sha256_compress")


def sha256_digest(message: bytes) -> bytes:
    """SHA-256 of ``message`` from FIPS 180-4 alone: pad, compress block by block, write out."""
    # TODO: start from H0, compress every padded block, write the eight words out big-endian.
    raise NotImplementedError("sha256_digest")


def extend_seal(
    seal: bytes, secret_length: int, record: bytes, suffix: bytes
) -> tuple[bytes, bytes]:
    """``(forged, sha256(secret + forged))`` from ``seal = sha256(secret + record)`` alone.

    ``forged`` is ``record``, SHA-256's padding, then ``suffix`` (a length extension).
    """
    # TODO: the glue, the seal as a state, then compress the padded suffix from that state.
    raise NotImplementedError("extend_seal")


def hmac_seal(key: bytes, record: bytes) -> bytes:
    """HMAC-SHA-256 of ``record`` under ``key`` (RFC 2104), with your own ``sha256_digest``."""
    # TODO: pad the key to 64 bytes, XOR with 0x36 and 0x5c, hash inner then outer (RFC 2104).
    raise NotImplementedError("hmac_seal")


def birthday_collision(template: bytes, bits: int) -> tuple[bytes, bytes]:
    """Two messages ``template + a number`` whose SHA-256 share the first ``bits`` bits."""
    # TODO: number the messages, remember each prefix you have seen, stop at the first repeat.
    raise NotImplementedError("birthday_collision")
