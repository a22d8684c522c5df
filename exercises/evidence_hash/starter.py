"""Tamper-evident court evidence: fill in the three functions marked TODO."""

from minichain.hashing import sha256

GENESIS = bytes(32)
"""The previous link of the first log entry."""


def link(previous: bytes, record: bytes) -> bytes:
    """The capture log's link of ``record``: ``sha256(previous + sha256(record))``."""
    return sha256(previous + sha256(record))


def fingerprint(evidence: bytes) -> str:
    """The SHA-256 digest of ``evidence`` as 64 lower-case hex characters."""
    # TODO: hash the bytes with sha256 and return the digest as hex text.
    raise NotImplementedError("fingerprint")


def matches_record(evidence: bytes, recorded: str) -> bool:
    """Whether ``evidence`` still has the hash ``recorded`` on its receipt."""
    # TODO: compare the fingerprint with the receipt's hash (ignore case and spaces).
    raise NotImplementedError("matches_record")


def first_tampered(records: list[bytes], links: list[bytes]) -> int | None:
    """The index of the first log entry whose link does not match, or None."""
    # TODO: recompute the chain from GENESIS and compare link by link.
    raise NotImplementedError("first_tampered")
