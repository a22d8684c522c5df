"""Tamper-evident court evidence: the reference solution."""

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
    ### BEGIN SOLUTION
    pieces = [evidence] if isinstance(evidence, bytes) else evidence
    digest = hashlib.sha256()
    for piece in pieces:
        digest.update(piece)
    return digest.hexdigest()
    ### END SOLUTION


def matches_record(evidence: bytes, recorded: str) -> bool:
    """Whether ``evidence`` still has the SHA-256 hash ``recorded`` on its receipt."""
    ### BEGIN SOLUTION
    text = recorded.strip().lower()
    algorithm, colon, digits = text.rpartition(":")
    if colon and algorithm.strip() not in ("sha256", "sha-256"):
        return False
    digits = "".join(digits.split())
    return digits == fingerprint(evidence)
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


def audit_log(
    records: list[bytes], links: list[bytes], anchors: dict[int, bytes]
) -> tuple[int, str] | None:
    """The first altered entry of a capture log and why, or None when the log is intact."""
    ### BEGIN SOLUTION
    last = max([len(records), len(links), *(index + 1 for index in anchors)])
    for index in range(last):
        if index >= len(records) or index >= len(links):
            return index, MISSING
        if index in anchors and anchors[index] != links[index]:
            return index, NOT_ANCHORED
        previous = links[index - 1] if index else GENESIS
        if link(previous, records[index]) != links[index]:
            return index, BROKEN
    return None
    ### END SOLUTION


def pad_blocks(message: bytes) -> list[bytes]:
    """The message padded as FIPS 180-4 (5.1.1) says, cut into 64-byte blocks (5.2.1)."""
    ### BEGIN SOLUTION
    bit_length = 8 * len(message)
    padded = message + b"\x80"
    while len(padded) % 64 != 56:
        padded += b"\x00"
    padded += bit_length.to_bytes(8, "big")
    return [padded[start : start + 64] for start in range(0, len(padded), 64)]
    ### END SOLUTION


def sha256_compress(state: tuple[int, ...], block: bytes) -> tuple[int, ...]:
    """The next hash value: ``state`` (eight words) after one 64-byte block (FIPS 180-4, 6.2.2)."""

    ### BEGIN SOLUTION
    def rotr(word: int, bits: int) -> int:
        return (word >> bits | word << (32 - bits)) & MASK

    schedule = [int.from_bytes(block[start : start + 4], "big") for start in range(0, 64, 4)]
    for t in range(16, 64):
        w15, w2 = schedule[t - 15], schedule[t - 2]
        sigma0 = rotr(w15, 7) ^ rotr(w15, 18) ^ (w15 >> 3)
        sigma1 = rotr(w2, 17) ^ rotr(w2, 19) ^ (w2 >> 10)
        schedule.append((sigma1 + schedule[t - 7] + sigma0 + schedule[t - 16]) & MASK)
    a, b, c, d, e, f, g, h = state
    for t in range(64):
        big_sigma1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)
        choose = (e & f) ^ (~e & g)
        t1 = (h + big_sigma1 + choose + K[t] + schedule[t]) & MASK
        big_sigma0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)
        majority = (a & b) ^ (a & c) ^ (b & c)
        t2 = (big_sigma0 + majority) & MASK
        h, g, f, e = g, f, e, (d + t1) & MASK
        d, c, b, a = c, b, a, (t1 + t2) & MASK
    worked = (a, b, c, d, e, f, g, h)
    return tuple((old + new) & MASK for old, new in zip(state, worked))
    ### END SOLUTION


def sha256_digest(message: bytes) -> bytes:
    """SHA-256 of ``message`` from FIPS 180-4 alone: pad, compress block by block, write out."""
    ### BEGIN SOLUTION
    state = H0
    for block in pad_blocks(message):
        state = sha256_compress(state, block)
    return b"".join(word.to_bytes(4, "big") for word in state)
    ### END SOLUTION


def extend_seal(
    seal: bytes, secret_length: int, record: bytes, suffix: bytes
) -> tuple[bytes, bytes]:
    """``(forged, sha256(secret + forged))`` from ``seal = sha256(secret + record)`` alone.

    ``forged`` is ``record``, SHA-256's padding, then ``suffix`` (a length extension).
    """
    ### BEGIN SOLUTION
    sealed_length = secret_length + len(record)
    glue = b"".join(pad_blocks(bytes(sealed_length)))[sealed_length:]
    state = tuple(int.from_bytes(seal[start : start + 4], "big") for start in range(0, 32, 4))
    done = sealed_length + len(glue)
    for block in pad_blocks(bytes(done) + suffix)[done // 64 :]:
        state = sha256_compress(state, block)
    forged_seal = b"".join(word.to_bytes(4, "big") for word in state)
    return record + glue + suffix, forged_seal
    ### END SOLUTION


def hmac_seal(key: bytes, record: bytes) -> bytes:
    """HMAC-SHA-256 of ``record`` under ``key`` (RFC 2104), with your own ``sha256_digest``."""
    ### BEGIN SOLUTION
    if len(key) > 64:
        key = sha256_digest(key)
    key = key.ljust(64, b"\x00")
    inner_key = bytes(byte ^ 0x36 for byte in key)
    outer_key = bytes(byte ^ 0x5C for byte in key)
    return sha256_digest(outer_key + sha256_digest(inner_key + record))
    ### END SOLUTION


def birthday_collision(template: bytes, bits: int) -> tuple[bytes, bytes]:
    """Two messages ``template + a number`` whose SHA-256 share the first ``bits`` bits."""
    ### BEGIN SOLUTION
    seen: dict[int, bytes] = {}
    counter = 0
    while True:
        message = template + str(counter).encode()
        prefix = int.from_bytes(sha256(message), "big") >> (256 - bits)
        if prefix in seen:
            return seen[prefix], message
        seen[prefix] = message
        counter += 1
    ### END SOLUTION
