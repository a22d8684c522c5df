"""An append-only evidence log: fill in the six functions marked TODO."""

from dataclasses import dataclass

from minichain.errors import EncodingError, OutOfRangeError, TargetError
from minichain.hashing import sha256d
from minichain.header import BlockHeader
from minichain.pow import BITCOIN_POW_LIMIT, bits_to_target

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


def header_bytes(fields: dict) -> bytes:
    """The 80 bytes of the header ``fields`` describes as ``bitcoin-cli getblockheader`` does."""
    # TODO: check each field, then write version, the two hashes (reversed), time, bits and
    # nonce, every number as 4 little-endian bytes.
    raise NotImplementedError("header_bytes")


def header_fields(raw: bytes) -> dict:
    """What ``bitcoin-cli getblockheader`` says about the 80-byte header ``raw``."""
    # TODO: check the length, then cut the 80 bytes at offsets 4, 36, 68, 72 and 76.
    raise NotImplementedError("header_fields")


def first_bad_header(
    raw_headers: list[bytes], first_height: int, pow_limit: int = BITCOIN_POW_LIMIT
) -> tuple[int, str] | None:
    """The height and rule of the first header of a run that breaks a rule, or ``None``."""
    # TODO: for each header in turn: its size, its bits, its hash, its link, its time.
    raise NotImplementedError("first_bad_header")


def next_block(previous: BlockHeader | None, evidence: Evidence, timestamp: int) -> BlockHeader:
    """The header of the block that anchors ``evidence`` on top of ``previous``."""
    # TODO: link the new header to the previous one and commit to the evidence's id.
    raise NotImplementedError("next_block")


def first_tampered_height(log: list[tuple[BlockHeader, Evidence]], tip_hash: bytes) -> int | None:
    """The lowest height at which ``log`` provably differs from the log ``tip_hash`` names."""
    # TODO: walk down from the tip, checking each header's hash and evidence.
    raise NotImplementedError("first_tampered_height")


def backdated_heights(log: list[tuple[BlockHeader, Evidence]]) -> list[int]:
    """The heights whose evidence claims to be captured after its block was made."""
    # TODO: compare each evidence's capture time with its block's timestamp.
    raise NotImplementedError("backdated_heights")
