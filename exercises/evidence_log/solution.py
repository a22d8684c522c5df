"""An append-only evidence log: the reference solution."""

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
    ### BEGIN SOLUTION
    version = fields["version"]
    if not -(2**31) <= version < 2**31:
        raise OutOfRangeError("version", f"must fit in a signed 32-bit integer, got {version}")
    raw = version.to_bytes(4, "little", signed=True)
    previous = fields.get("previousblockhash", "00" * 32)  # block 0 names no block before it
    for name, text in (("previousblockhash", previous), ("merkleroot", fields["merkleroot"])):
        try:
            digest = bytes.fromhex(text)
        except ValueError:
            raise EncodingError(name, f"must be hexadecimal digits, got {text!r}") from None
        if len(digest) != 32:
            raise EncodingError(name, f"must be 64 hex digits (32 bytes), got {len(text)}")
        raw += digest[::-1]  # explorers print hashes reversed: back to internal order
    try:
        bits = int(fields["bits"], 16)
    except ValueError:
        raise EncodingError("bits", f"must be hexadecimal digits, got {fields['bits']!r}") from None
    for name, value in (("time", fields["time"]), ("bits", bits), ("nonce", fields["nonce"])):
        if not 0 <= value < 2**32:
            raise OutOfRangeError(name, f"must fit in an unsigned 32-bit integer, got {value}")
        raw += value.to_bytes(4, "little")
    return raw
    ### END SOLUTION


def header_fields(raw: bytes) -> dict:
    """What ``bitcoin-cli getblockheader`` says about the 80-byte header ``raw``."""
    ### BEGIN SOLUTION
    if len(raw) != 80:
        raise EncodingError("header", f"must be 80 bytes, got {len(raw)}")
    fields = {
        "hash": sha256d(raw)[::-1].hex(),
        "version": int.from_bytes(raw[0:4], "little", signed=True),
        "merkleroot": raw[36:68][::-1].hex(),
        "time": int.from_bytes(raw[68:72], "little"),
        "bits": raw[72:76][::-1].hex(),
        "nonce": int.from_bytes(raw[76:80], "little"),
    }
    if raw[4:36] != bytes(32):  # block 0 names no block before it
        fields["previousblockhash"] = raw[4:36][::-1].hex()
    return fields
    ### END SOLUTION


def first_bad_header(
    raw_headers: list[bytes], first_height: int, pow_limit: int = BITCOIN_POW_LIMIT
) -> tuple[int, str] | None:
    """The height and rule of the first header of a run that breaks a rule, or ``None``."""
    ### BEGIN SOLUTION
    previous_hash, times = None, []
    for position, raw in enumerate(raw_headers):
        height = first_height + position
        if len(raw) != 80:
            return height, "size"
        bits = int.from_bytes(raw[72:76], "little")
        try:
            target = bits_to_target(bits)
        except TargetError:
            return height, "bits"
        if target == 0 or target > pow_limit:
            return height, "bits"
        block_hash = sha256d(raw)
        if int.from_bytes(block_hash, "little") > target:
            return height, "pow"
        if previous_hash is not None and raw[4:36] != previous_hash:
            return height, "link"
        timestamp = int.from_bytes(raw[68:72], "little")
        recent = sorted(times[-11:])  # the run's last 11 times, or all it has
        if recent and timestamp <= recent[len(recent) // 2]:
            return height, "time"
        previous_hash = block_hash
        times.append(timestamp)
    return None
    ### END SOLUTION


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
