"""Tamper-evident court evidence: the reference solution."""

from minichain.hashing import sha256

GENESIS = bytes(32)
"""The previous link of the first log entry."""


def link(previous: bytes, record: bytes) -> bytes:
    """The capture log's link of ``record``: ``sha256(previous + sha256(record))``."""
    return sha256(previous + sha256(record))


def fingerprint(evidence: bytes) -> str:
    """The SHA-256 digest of ``evidence`` as 64 lower-case hex characters."""
    ### BEGIN SOLUTION
    return sha256(evidence).hex()
    ### END SOLUTION


def matches_record(evidence: bytes, recorded: str) -> bool:
    """Whether ``evidence`` still has the hash ``recorded`` on its receipt."""
    ### BEGIN SOLUTION
    return fingerprint(evidence) == recorded.strip().lower()
    ### END SOLUTION


def first_tampered(records: list[bytes], links: list[bytes]) -> int | None:
    """The index of the first log entry whose link does not match, or None."""
    ### BEGIN SOLUTION
    previous = GENESIS
    for index, (record, recorded) in enumerate(zip(records, links)):
        previous = link(previous, record)
        if previous != recorded:
            return index
    if len(records) != len(links):
        return min(len(records), len(links))
    return None
    ### END SOLUTION
