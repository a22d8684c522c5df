"""What it costs to rewrite an anchored block: fill in the eight functions marked TODO."""

from minichain.errors import OutOfRangeError, TargetError
from minichain.hashing import sha256d
from minichain.header import BlockHeader

BITCOIN_POW_LIMIT = 0xFFFF << 208
"""The easiest target Bitcoin's main network allows (bits ``0x1d00ffff``)."""
RETARGET_INTERVAL = 2016
"""Blocks between two difficulty changes on Bitcoin (about two weeks)."""
TARGET_SPACING = 600
"""Seconds Bitcoin means a block to take: ten minutes."""
SIGN_BIT = 0x00800000  # the bit of ``bits`` that would make the target negative


def bits_to_target(bits: int) -> int:
    """The 256-bit target that the compact ``bits`` encode (Bitcoin Core ``SetCompact``)."""
    # TODO: check the range, split exponent and mantissa, shift; refuse a negative or
    # oversized target with TargetError.
    raise NotImplementedError("bits_to_target")


def target_to_bits(target: int) -> int:
    """The compact ``bits`` of ``target``, keeping its three leading bytes (``GetCompact``)."""
    # TODO: check the range, count the bytes, keep the three leading ones; mind the sign bit.
    raise NotImplementedError("target_to_bits")


def anchor(
    prev_hash: bytes, evidence_root: bytes, timestamp: int, bits: int, max_tries: int = 2**32
) -> BlockHeader | None:
    """The mined header (version 1) that anchors ``evidence_root`` after block ``prev_hash``."""
    # TODO: decode the target (refuse a zero one), then try nonce 0, 1, 2, ... on the
    # header's 80 bytes until sha256d, read little-endian, is at most the target.
    raise NotImplementedError("anchor")


def work_to_rewrite(headers: list[BlockHeader], height: int) -> int:
    """Expected hashes to redo the block at ``height`` and every block after it."""
    # TODO: check the height, then add up 2**256 // (target + 1) from headers[height] on.
    raise NotImplementedError("work_to_rewrite")


def forgery_overtakes(honest: list[BlockHeader], forged: list[BlockHeader]) -> bool:
    """Whether a node would give up the ``honest`` blocks for the ``forged`` branch."""
    # TODO: every forged header has a valid target, meets it and links to the one before;
    # then compare the work of the two branches.
    raise NotImplementedError("forgery_overtakes")


def network_hashrate(headers: list[BlockHeader]) -> int:
    """Hashes per second the network spent on the blocks after ``headers[0]``."""
    # TODO: the work of headers[1:] over the span from the earliest to the latest time.
    raise NotImplementedError("network_hashrate")


def next_bits(
    headers: list[BlockHeader],
    *,
    interval: int = RETARGET_INTERVAL,
    spacing: int = TARGET_SPACING,
    pow_limit: int = BITCOIN_POW_LIMIT,
    no_retargeting: bool = False,
) -> int:
    """The bits the block after ``headers[-1]`` must carry; ``headers[h]`` is at height ``h``."""
    # TODO: check the rules; inside a period keep the bits, at a multiple of interval
    # scale the target by the period's time, clamped, capped at pow_limit.
    raise NotImplementedError("next_bits")


def first_wrong_bits(
    headers: list[BlockHeader],
    *,
    interval: int = RETARGET_INTERVAL,
    spacing: int = TARGET_SPACING,
    pow_limit: int = BITCOIN_POW_LIMIT,
    no_retargeting: bool = False,
) -> int | None:
    """The first height of a chain (genesis first) whose bits the difficulty rule forbids."""
    # TODO: compare each header's bits with next_bits of the headers before it.
    raise NotImplementedError("first_wrong_bits")
