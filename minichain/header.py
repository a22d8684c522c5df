"""The 80-byte block header, byte for byte as Bitcoin lays it out.

Bitcoin Core ``primitives/block.h`` (``CBlockHeader``); all integers are
little-endian:

| offset | field       | size | meaning                                              |
| ------ | ----------- | ---- | ---------------------------------------------------- |
| 0      | version     | 4    | signed 32-bit; signals which rules the miner follows |
| 4      | prev_hash   | 32   | ``sha256d`` of the previous header: the chain link   |
| 36     | merkle_root | 32   | commits to every transaction of the block            |
| 68     | timestamp   | 4    | seconds since 1970-01-01 UTC, as the miner claims    |
| 72     | bits        | 4    | the difficulty target in compact form (see ``pow``)  |
| 76     | nonce       | 4    | the number miners change while searching             |

The block's hash is ``sha256d`` of these 80 bytes. Hashes are kept in the
*internal* byte order the hash function produced; block explorers print them
reversed, which :meth:`BlockHeader.hash_hex` reproduces.

A header also knows its chain's crypto suite (:mod:`minichain.suite`), which
is not among the 80 bytes: Bitcoin's by default, or the national suite, whose
block hash is SM3 of the same 80 bytes (GB/T 32905-2016).
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone

from minichain.errors import (
    UINT32_MAX,
    EncodingError,
    Phrase,
    WrongTypeError,
    describe_type,
    require_bytes,
    require_int,
)
from minichain.hashing import short_hex
from minichain.suite import BITCOIN, Suite

HEADER_SIZE = 80
"""Length of a serialized header in bytes."""
NONCE_OFFSET = 76
"""Where the nonce starts: miners hash the first 76 bytes once and vary the rest."""

# --8<-- [start:layout]
_LAYOUT = struct.Struct("<i32s32sIII")  # version, prev_hash, merkle_root, timestamp, bits, nonce
# --8<-- [end:layout]
INT32_MIN, INT32_MAX = -(2**31), 2**31 - 1


def utc_time(timestamp: int) -> str:
    """A header's timestamp (Unix seconds) as a UTC date and time: ``2019-10-25 10:40:00 UTC``."""
    return datetime.fromtimestamp(timestamp, tz=timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC")


def block_label(height: int | str, block_hash: bytes) -> str:
    """``block <height> (<start of hash>…)``: how errors name a block (see :func:`short_hex`)."""
    return Phrase("block {height} ({hash})", height=height, hash=short_hex(block_hash))


# --8<-- [start:fields]
@dataclass(frozen=True)
class BlockHeader:
    """A Bitcoin block header. Every field is checked when the header is made.

    Attributes:
        version: signed 32-bit block version.
        prev_hash: 32-byte hash of the previous header, internal byte order.
        merkle_root: 32-byte Merkle root of the block's transaction ids.
        timestamp: unsigned 32-bit Unix time.
        bits: unsigned 32-bit compact target (see :func:`minichain.pow.bits_to_target`).
        nonce: unsigned 32-bit number varied by miners.
        suite: the chain's crypto suite, which hashes the header (not serialized).
    """

    version: int
    prev_hash: bytes
    merkle_root: bytes
    timestamp: int
    bits: int
    nonce: int
    # --8<-- [end:fields]
    suite: Suite = field(default=BITCOIN, repr=False)

    def __post_init__(self) -> None:
        require_int(self.version, "version", INT32_MIN, INT32_MAX)
        # bytearray or memoryview become bytes, so a header is truly immutable.
        object.__setattr__(self, "prev_hash", require_bytes(self.prev_hash, "prev_hash", 32))
        object.__setattr__(self, "merkle_root", require_bytes(self.merkle_root, "merkle_root", 32))
        require_int(self.timestamp, "timestamp", 0, UINT32_MAX)
        require_int(self.bits, "bits", 0, UINT32_MAX)
        require_int(self.nonce, "nonce", 0, UINT32_MAX)
        if not isinstance(self.suite, Suite):
            raise WrongTypeError(
                "suite", "must be a Suite, got {suite_type}", suite_type=describe_type(self.suite)
            )

    @classmethod
    def parse(cls, raw: bytes, suite: Suite = BITCOIN) -> BlockHeader:
        """Read a header from its 80 serialized bytes, for a chain of ``suite``.

        Raises:
            WrongTypeError: ``raw`` is not bytes.
            EncodingError: ``raw`` is not exactly 80 bytes long.
        """
        raw = require_bytes(raw, "header", HEADER_SIZE)
        version, prev_hash, merkle_root, timestamp, bits, nonce = _LAYOUT.unpack(raw)
        return cls(version, prev_hash, merkle_root, timestamp, bits, nonce, suite)

    @classmethod
    def from_hex(cls, text: str) -> BlockHeader:
        """Read a header from 160 hex digits, as ``bitcoin-cli getblockheader HASH false`` prints.

        Raises:
            EncodingError: ``text`` is not hexadecimal or not 80 bytes long.
        """
        try:
            raw = bytes.fromhex(text)
        except (ValueError, TypeError):
            raise EncodingError("header", "must be hexadecimal digits") from None
        return cls.parse(raw)

    # --8<-- [start:serialize]
    def serialize(self) -> bytes:
        """Return the 80 bytes that are hashed and sent over the network."""
        return _LAYOUT.pack(
            self.version, self.prev_hash, self.merkle_root, self.timestamp, self.bits, self.nonce
        )
        # --8<-- [end:serialize]

    # --8<-- [start:hash]
    def hash(self) -> bytes:
        """``sha256d`` (or the suite's hash) of the serialized header, in internal byte order."""
        # Computed once: a node asks for it several times per block. The header
        # is frozen, so the cached value can never go stale.
        cached: bytes | None = self.__dict__.get("_hash")
        if cached is None:
            cached = self.suite.hash(self.serialize())
            self.__dict__["_hash"] = cached
        return cached
        # --8<-- [end:hash]

    def hash_hex(self) -> str:
        """The block hash as block explorers print it (byte-reversed hex)."""
        return self.hash()[::-1].hex()

    def with_nonce(self, nonce: int) -> BlockHeader:
        """A copy of this header with another nonce (checked like any field)."""
        return replace(self, nonce=nonce)
