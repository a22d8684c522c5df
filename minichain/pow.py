"""Proof-of-work: targets, compact bits, checking, retargeting and mining.

A header is valid proof-of-work when its hash, read as a 256-bit
*little-endian* integer, is at most the target (Bitcoin Core ``pow.cpp``,
``CheckProofOfWork``). The target is stored in the header's 4-byte ``bits``
field in a floating-point-like "compact" form (``arith_uint256::SetCompact``
and ``GetCompact``): the top byte is a length in bytes, the low three bytes
are the leading digits, and bit ``0x00800000`` is a sign bit that a valid
target never sets.

Every ``interval`` blocks the target is scaled by how long those blocks
really took compared with ``interval * spacing`` seconds, with the change
limited to a factor of four either way (``CalculateNextWorkRequired``).
"""

from __future__ import annotations

import hashlib
import multiprocessing
import struct
import sys
import threading
from collections.abc import Callable, Iterator
from functools import lru_cache

from minichain.errors import (
    UINT32_MAX,
    ProofOfWorkError,
    TargetError,
    WrongTypeError,
    describe_type,
    require_int,
)
from minichain.gm import new_sm3
from minichain.header import NONCE_OFFSET, BlockHeader

BITCOIN_POW_LIMIT = 0xFFFF << 208
"""Easiest target Bitcoin's main network allows (``powLimit``; bits ``0x1d00ffff``)."""
REGTEST_POW_LIMIT = 0x7FFFFF << 232
"""Easiest target of Bitcoin's regtest network (bits ``0x207fffff``): half of all hashes win."""
BITCOIN_RETARGET_INTERVAL = 2016
"""Blocks between retargets (``DifficultyAdjustmentInterval()``)."""
BITCOIN_TARGET_SPACING = 600
"""Intended seconds between blocks (``nPowTargetSpacing``): ten minutes."""

_SIGN_BIT = 0x00800000
_MANTISSA_MASK = 0x007FFFFF


def bits_to_target(bits: int) -> int:
    """Decode compact ``bits`` into the full 256-bit target (``SetCompact``).

    ``bits = 0x1d00ffff`` means ``0x00ffff * 256**(0x1d - 3)``.

    Raises:
        WrongTypeError: ``bits`` is not an int.
        OutOfRangeError: ``bits`` does not fit in 32 unsigned bits.
        TargetError: the sign bit is set on a non-zero value (a negative
            target), or the value does not fit in 256 bits.
    """
    return _decode_bits(require_int(bits, "bits", 0, UINT32_MAX))


@lru_cache(maxsize=1024)  # a node decodes the same few bits values for every block
# --8<-- [start:decode_bits]
def _decode_bits(bits: int) -> int:
    size = bits >> 24
    mantissa = bits & _MANTISSA_MASK
    if size <= 3:
        target = mantissa >> (8 * (3 - size))
    else:
        target = mantissa << (8 * (size - 3))
    if target and bits & _SIGN_BIT:
        raise TargetError("bits", "{bits:#010x} has its sign bit set: a negative target", bits=bits)
    if target >> 256:
        raise TargetError("bits", "{bits:#010x} encodes a target larger than 256 bits", bits=bits)
    return target
    # --8<-- [end:decode_bits]


def target_to_bits(target: int) -> int:
    """Encode a target in compact form (``GetCompact``), dropping digits past the third byte.

    Raises:
        WrongTypeError: ``target`` is not an int.
        OutOfRangeError: ``target`` is negative or does not fit in 256 bits.
    """
    require_int(target, "target", 0, 2**256 - 1)
    size = (target.bit_length() + 7) // 8
    if size <= 3:
        mantissa = target << (8 * (3 - size))
    else:
        mantissa = target >> (8 * (size - 3))
    if mantissa & _SIGN_BIT:
        # The top digit would look like a sign bit: shift one byte further.
        mantissa >>= 8
        size += 1
    return mantissa | size << 24


# --8<-- [start:block_work]
def block_work(bits: int) -> int:
    """Expected number of hashes to find a block at these bits: ``2**256 // (target + 1)``.

    Fork choice adds this up along a chain (Bitcoin Core ``GetBlockProof``):
    the best chain is the one with the most work, not the most blocks.

    Raises:
        TargetError: ``bits`` encodes a negative or oversized target.
    """
    return _work(require_int(bits, "bits", 0, UINT32_MAX))


@lru_cache(maxsize=1024)  # as _decode_bits: the same few bits values, block after block
def _work(bits: int) -> int:
    return 2**256 // (_decode_bits(bits) + 1)
    # --8<-- [end:block_work]


def _require_header(header: object) -> BlockHeader:
    if not isinstance(header, BlockHeader):
        raise WrongTypeError(
            "header", "must be a BlockHeader, got {header_type}", header_type=describe_type(header)
        )
    return header


def _nonzero_target(bits: int) -> int:
    """:func:`bits_to_target`, refusing the zero target that no hash can meet."""
    target = bits_to_target(bits)
    if target == 0:
        raise TargetError(
            "bits", "{bits:#010x} encodes a zero target, which no hash meets", bits=bits
        )
    return target


# --8<-- [start:validate_pow]
def validate_pow(header: BlockHeader, *, pow_limit: int = 2**256 - 1) -> None:
    """Raise unless ``header`` carries valid proof-of-work for its own bits.

    Args:
        header: the header to check.
        pow_limit: the easiest target the network allows; Bitcoin's main
            network uses :data:`BITCOIN_POW_LIMIT`.

    Raises:
        TargetError: the bits are negative, zero, oversized or easier than ``pow_limit``.
        ProofOfWorkError: the header's hash is above its target.
    """
    target = _nonzero_target(_require_header(header).bits)
    if target > pow_limit:
        raise TargetError(
            "bits", "{bits:#010x} is easier than the network's limit", bits=header.bits
        )
    value = int.from_bytes(header.hash(), "little")
    if value > target:
        raise ProofOfWorkError(
            "nonce",
            "hash {hash} is above the target {target:064x} that bits {bits:#010x} require",
            hash=header.hash_hex(),
            target=target,
            bits=header.bits,
        )
    # --8<-- [end:validate_pow]


def meets_target(header: BlockHeader, *, pow_limit: int = 2**256 - 1) -> bool:
    """Return ``True`` if :func:`validate_pow` accepts ``header``; never raises on bad bits."""
    try:
        validate_pow(header, pow_limit=pow_limit)
    except (TargetError, ProofOfWorkError):
        return False
    return True


def retarget(
    bits: int,
    first_timestamp: int,
    last_timestamp: int,
    *,
    interval: int = BITCOIN_RETARGET_INTERVAL,
    spacing: int = BITCOIN_TARGET_SPACING,
    pow_limit: int = BITCOIN_POW_LIMIT,
) -> int:
    """Return the bits for the next period (Bitcoin Core ``CalculateNextWorkRequired``).

    ``new_target = old_target * actual / (interval * spacing)``, where
    ``actual = last_timestamp - first_timestamp`` is first clamped to between a
    quarter and four times the expected timespan, and the result is capped at
    ``pow_limit``. (Bitcoin measures from the first to the last block of the
    period, 2015 gaps for 2016 blocks: a known off-by-one kept for compatibility.
    The unmeasured gap between periods is what the time-warp attack exploits;
    BIP 94 (testnet4) and BIP 54 (Consensus Cleanup) close it with a timestamp
    rule for a period's first block, which minichain does not have.)

    Raises:
        OutOfRangeError: a timestamp, ``interval`` or ``spacing`` is out of range.
        TargetError: ``bits`` encodes a negative or oversized target.
    """
    target = bits_to_target(bits)
    require_int(first_timestamp, "first_timestamp", 0, UINT32_MAX)
    require_int(last_timestamp, "last_timestamp", 0, UINT32_MAX)
    require_int(interval, "interval", 1, 2**32)
    require_int(spacing, "spacing", 1, 2**32)
    require_int(pow_limit, "pow_limit", 1, 2**256 - 1)
    expected = interval * spacing
    actual = min(max(last_timestamp - first_timestamp, expected // 4), expected * 4)
    new_target = min(target * actual // expected, pow_limit)
    return target_to_bits(new_target)


# --- mining -----------------------------------------------------------------

CHUNK = 1 << 16
"""Nonces tried between two progress reports (about 50 ms of work)."""

_pack_nonce = struct.Struct("<I").pack


# --8<-- [start:scan_nonces]
def scan_nonces(
    prefix: bytes, target: bytes, start: int, stop: int, hash_name: str = "sha256d"
) -> int | None:
    """Return the first nonce in ``[start, stop)`` whose header meets ``target``, or ``None``.

    This is the miner's inner loop, the only place minichain spends real time:

    * the first 76 header bytes never change, so SHA-256 absorbs them once
      (the "midstate") and each try only copies that state and adds 4 bytes;
    * the 32-byte digest is reversed (Bitcoin reads it as little-endian) and
      compared as bytes with the big-endian ``target``; equal-length byte
      strings compare exactly like the numbers they encode.

    Args:
        prefix: the first 76 bytes of the serialized header.
        target: the target as 32 big-endian bytes.
        hash_name: the chain suite's block hash, ``"sha256d"`` or ``"sm3"``
            (:attr:`minichain.suite.Suite.hash_name`); SM3 keeps a midstate too.
    """
    if hash_name == "sm3":
        return _scan_nonces_sm3(prefix, target, start, stop)
    midstate = hashlib.sha256(prefix)
    copy, sha, pack = midstate.copy, hashlib.sha256, _pack_nonce
    for nonce in range(start, stop):
        state = copy()
        state.update(pack(nonce))
        if sha(state.digest()).digest()[::-1] <= target:
            return nonce
    return None
    # --8<-- [end:scan_nonces]


def _scan_nonces_sm3(prefix: bytes, target: bytes, start: int, stop: int) -> int | None:
    """:func:`scan_nonces` for the national suite: one SM3 instead of two SHA-256."""
    midstate = new_sm3(prefix)
    for nonce in range(start, stop):
        state = midstate.copy()
        state.update(_pack_nonce(nonce))
        if state.digest()[::-1] <= target:
            return nonce
    return None


def _chunks(start: int, stop: int, size: int) -> Iterator[tuple[int, int]]:
    for low in range(start, stop, size):
        yield low, min(low + size, stop)


_worker_job: tuple[bytes, bytes, str] = (b"", b"", "sha256d")


def _worker_init(prefix: bytes, target: bytes, hash_name: str) -> None:
    global _worker_job
    _worker_job = (prefix, target, hash_name)


def _worker_scan(bounds: tuple[int, int]) -> tuple[int, int | None]:
    low, high = bounds
    prefix, target, hash_name = _worker_job
    return high - low, scan_nonces(prefix, target, low, high, hash_name)


def _pool_context() -> multiprocessing.context.BaseContext:
    # fork starts a worker in milliseconds, but is only safe in a process without threads.
    if sys.platform == "linux" and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def mine(
    header: BlockHeader,
    *,
    start_nonce: int = 0,
    max_tries: int | None = None,
    workers: int = 1,
    progress: Callable[[int], object] | None = None,
) -> BlockHeader | None:
    """Search nonces upwards from ``start_nonce`` for one that meets the header's bits.

    Returns the header with the smallest winning nonce in the searched range,
    or ``None`` when ``max_tries`` nonces (or the whole 32-bit nonce space)
    failed; a real miner would then change the timestamp or the transactions
    and search again. The result does not depend on ``workers``.

    Args:
        header: the header to mine; its nonce is ignored.
        start_nonce: first nonce to try.
        max_tries: how many nonces to try at most; ``None`` for all that remain.
        workers: processes to split the nonce space over (one per core helps).
        progress: called with the number of nonces tried so far after every
            chunk of work, so a caller can draw a progress bar or a hash rate.

    Raises:
        TargetError: the header's bits encode a negative, zero or oversized target.
        OutOfRangeError: ``start_nonce``, ``max_tries`` or ``workers`` is out of range.
    """
    # As 32 big-endian bytes, to compare with a reversed digest.
    target = _nonzero_target(_require_header(header).bits).to_bytes(32, "big")
    require_int(start_nonce, "start_nonce", 0, UINT32_MAX)
    stop = UINT32_MAX + 1
    if max_tries is not None:
        stop = min(stop, start_nonce + require_int(max_tries, "max_tries", 0, 2**32))
    require_int(workers, "workers", 1, 256)
    if progress is not None and not callable(progress):
        raise WrongTypeError(
            "progress",
            "must be callable, got {progress_type}",
            progress_type=describe_type(progress),
        )
    prefix = header.serialize()[:NONCE_OFFSET]
    hash_name = header.suite.hash_name

    tried = 0
    if workers == 1:
        for low, high in _chunks(start_nonce, stop, CHUNK):
            found = scan_nonces(prefix, target, low, high, hash_name)
            tried += (found - low + 1) if found is not None else high - low
            if progress is not None:
                progress(tried)
            if found is not None:
                return header.with_nonce(found)
        return None

    # Small searches get smaller chunks, so that every worker has something to do.
    size = max(1, min(CHUNK, -(-(stop - start_nonce) // (workers * 4))))
    with _pool_context().Pool(workers, _worker_init, (prefix, target, hash_name)) as pool:
        # imap hands back results in nonce order, so the first hit is the smallest
        # winning nonce: the same answer a single worker gives.
        for count, found in pool.imap(_worker_scan, _chunks(start_nonce, stop, size)):
            tried += count
            if progress is not None:
                progress(tried)
            if found is not None:
                return header.with_nonce(found)
    return None
