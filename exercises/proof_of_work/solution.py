"""What it costs to rewrite an anchored block: the reference solution."""

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
    ### BEGIN SOLUTION
    if not 0 <= bits < 2**32:
        raise OutOfRangeError("bits", f"must fit in 32 unsigned bits, got {bits}")
    size = bits >> 24
    mantissa = bits & 0x007FFFFF
    if size <= 3:
        target = mantissa >> (8 * (3 - size))
    else:
        target = mantissa << (8 * (size - 3))
    if target and bits & SIGN_BIT:
        raise TargetError("bits", f"{bits:#010x} has its sign bit set: a negative target")
    if target >= 2**256:
        raise TargetError("bits", f"{bits:#010x} encodes a target larger than 256 bits")
    return target
    ### END SOLUTION


def target_to_bits(target: int) -> int:
    """The compact ``bits`` of ``target``, keeping its three leading bytes (``GetCompact``)."""
    ### BEGIN SOLUTION
    if not 0 <= target < 2**256:
        raise OutOfRangeError("target", f"must be between 0 and 2**256 - 1, got {target}")
    size = (target.bit_length() + 7) // 8
    if size <= 3:
        mantissa = target << (8 * (3 - size))
    else:
        mantissa = target >> (8 * (size - 3))
    if mantissa & SIGN_BIT:  # the top digit would read as a sign: one byte further
        mantissa >>= 8
        size += 1
    return size << 24 | mantissa
    ### END SOLUTION


def anchor(
    prev_hash: bytes, evidence_root: bytes, timestamp: int, bits: int, max_tries: int = 2**32
) -> BlockHeader | None:
    """The mined header (version 1) that anchors ``evidence_root`` after block ``prev_hash``."""
    ### BEGIN SOLUTION
    target = bits_to_target(bits)
    if target == 0:
        raise TargetError("bits", f"{bits:#010x} encodes a zero target, which no hash meets")
    header = BlockHeader(1, prev_hash, evidence_root, timestamp, bits, 0)
    prefix = header.serialize()[:76]  # everything but the nonce: the same for every try
    for nonce in range(min(max_tries, 2**32)):
        digest = sha256d(prefix + nonce.to_bytes(4, "little"))
        if int.from_bytes(digest, "little") <= target:
            return header.with_nonce(nonce)
    return None
    ### END SOLUTION


def work_to_rewrite(headers: list[BlockHeader], height: int) -> int:
    """Expected hashes to redo the block at ``height`` and every block after it."""
    ### BEGIN SOLUTION
    if not 0 <= height <= len(headers):
        raise OutOfRangeError("height", f"must be between 0 and {len(headers)}, got {height}")
    total = 0
    for header in headers[height:]:
        total += 2**256 // (bits_to_target(header.bits) + 1)
    return total
    ### END SOLUTION


def forgery_overtakes(honest: list[BlockHeader], forged: list[BlockHeader]) -> bool:
    """Whether a node would give up the ``honest`` blocks for the ``forged`` branch."""
    ### BEGIN SOLUTION
    for position, header in enumerate(forged):
        try:
            target = bits_to_target(header.bits)
        except TargetError:
            return False
        if target == 0 or int.from_bytes(header.hash(), "little") > target:
            return False
        if position and header.prev_hash != forged[position - 1].hash():
            return False
    return work_to_rewrite(forged, 0) > work_to_rewrite(honest, 0)
    ### END SOLUTION


def network_hashrate(headers: list[BlockHeader]) -> int:
    """Hashes per second the network spent on the blocks after ``headers[0]``."""
    ### BEGIN SOLUTION
    if len(headers) < 2:
        raise OutOfRangeError("headers", f"needs at least 2 headers, got {len(headers)}")
    times = [header.timestamp for header in headers]
    span = max(times) - min(times)
    if span <= 0:
        raise OutOfRangeError("headers", "all these headers carry the same time")
    return work_to_rewrite(headers, 1) // span
    ### END SOLUTION


def next_bits(
    headers: list[BlockHeader],
    *,
    interval: int = RETARGET_INTERVAL,
    spacing: int = TARGET_SPACING,
    pow_limit: int = BITCOIN_POW_LIMIT,
    no_retargeting: bool = False,
) -> int:
    """The bits the block after ``headers[-1]`` must carry; ``headers[h]`` is at height ``h``."""
    ### BEGIN SOLUTION
    if not headers:
        raise OutOfRangeError("headers", "needs at least the genesis header")
    if interval < 1:
        raise OutOfRangeError("interval", f"must be at least 1, got {interval}")
    if spacing < 1:
        raise OutOfRangeError("spacing", f"must be at least 1, got {spacing}")
    if not 0 < pow_limit < 2**256:
        raise OutOfRangeError("pow_limit", f"must be between 1 and 2**256 - 1, got {pow_limit}")
    last = headers[-1]
    height = len(headers)  # the height of the block that comes next
    if no_retargeting or height % interval:
        return last.bits  # not the first block of a period: the difficulty stays
    first = headers[height - interval]  # the first block of the period that ends
    expected = interval * spacing
    actual = last.timestamp - first.timestamp
    if actual < expected // 4:  # the target shrinks to a quarter at most...
        actual = expected // 4
    if actual > expected * 4:  # ...and grows four times at most
        actual = expected * 4
    target = bits_to_target(last.bits) * actual // expected
    return target_to_bits(min(target, pow_limit))
    ### END SOLUTION


def first_wrong_bits(
    headers: list[BlockHeader],
    *,
    interval: int = RETARGET_INTERVAL,
    spacing: int = TARGET_SPACING,
    pow_limit: int = BITCOIN_POW_LIMIT,
    no_retargeting: bool = False,
) -> int | None:
    """The first height of a chain (genesis first) whose bits the difficulty rule forbids."""
    ### BEGIN SOLUTION
    rules = {
        "interval": interval,
        "spacing": spacing,
        "pow_limit": pow_limit,
        "no_retargeting": no_retargeting,
    }
    for height in range(1, len(headers)):
        if headers[height].bits != next_bits(headers[:height], **rules):
            return height
    return None
    ### END SOLUTION
