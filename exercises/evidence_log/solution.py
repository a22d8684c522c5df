"""An append-only evidence log: the reference solution."""

from dataclasses import dataclass

from minichain.hashing import sha256d
from minichain.header import BlockHeader

LOG_VERSION = 1
"""The version every block of the log carries."""
LOG_BITS = 0x207FFFFF
"""Bits of a very easy target, met by about half of all hashes: this log is not mined (lesson 6)."""
NO_PARENT = bytes(32)
"""The ``prev_hash`` of block 0, which has no block before it."""


@dataclass(frozen=True)
class Evidence:
    """One piece of evidence as the capture tool recorded it.

    Attributes:
        file_name: what was captured, e.g. ``"page.html"``.
        file_hash: the SHA-256 of the captured file (lesson 1).
        captured_at: when the capture tool says it captured the file (Unix time).
    """

    file_name: str
    file_hash: bytes
    captured_at: int

    def serialize(self) -> bytes:
        """The bytes the log commits to: name, hash in hex and time, one per line."""
        return f"{self.file_name}\n{self.file_hash.hex()}\n{self.captured_at}".encode()

    def id(self) -> bytes:
        """The 32-byte id a block's ``merkle_root`` holds: ``sha256d`` of the bytes."""
        return sha256d(self.serialize())


def next_block(previous: BlockHeader | None, evidence: Evidence, timestamp: int) -> BlockHeader:
    """The header of the block that anchors ``evidence`` on top of ``previous``."""
    ### BEGIN SOLUTION
    return BlockHeader(
        version=LOG_VERSION,
        prev_hash=NO_PARENT if previous is None else previous.hash(),
        merkle_root=evidence.id(),
        timestamp=timestamp,
        bits=LOG_BITS,
        nonce=0,
    )
    ### END SOLUTION


def first_tampered_height(log: list[tuple[BlockHeader, Evidence]], tip_hash: bytes) -> int | None:
    """The lowest height at which ``log`` provably differs from the log ``tip_hash`` names."""
    ### BEGIN SOLUTION
    expected = tip_hash
    found = None
    for height in range(len(log) - 1, -1, -1):
        header, evidence = log[height]
        if header.hash() != expected:
            return height
        if evidence.id() != header.merkle_root:
            found = height
        expected = header.prev_hash
    return found
    ### END SOLUTION


def backdated_heights(log: list[tuple[BlockHeader, Evidence]]) -> list[int]:
    """The heights whose evidence claims to be captured after its block was made."""
    ### BEGIN SOLUTION
    return [
        height
        for height, (header, evidence) in enumerate(log)
        if evidence.captured_at > header.timestamp
    ]
    ### END SOLUTION
