"""A diploma nobody can forge: the reference solution."""

import json
import unicodedata
from dataclasses import dataclass

from minichain.errors import MinichainError, ValidationError
from minichain.hashing import sha256, sha256d
from minichain.keys import PublicKey, Signature
from minichain.merkle import MerkleProof, verify_proof

# secp256k1 (SEC 2 v2, 2.4.1): the curve y^2 = x^3 + 7 over the integers modulo P.
P = 2**256 - 2**32 - 977
"""The field prime: every coordinate is a number from 0 to P - 1."""
N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141
"""The order of G: N * G is the point at infinity, so scalars count modulo N."""
G = (
    0x79BE667EF9DCBBAC55A06295CE870B07029BFCDB2DCE28D959F2815B16F81798,
    0x483ADA7726A3C4655DA4FBFC0E1108A8FD17B448A68554199C47D08FFB10D4B8,
)
"""The generator point (x, y). The point at infinity, the group's zero, is ``None``."""

Point = tuple[int, int] | None


class DiplomaRejected(ValidationError):
    """A presented diploma failed one of the employer's checks; the subclass says which."""


class TamperedDiploma(DiplomaRejected):
    """The diploma does not hash to the target hash the university issued."""


class BadProof(DiplomaRejected):
    """The inclusion proof does not lead from the target hash to the claimed root."""


class RootNotOnChain(DiplomaRejected):
    """No block anchors the claimed Merkle root."""


class KeyNotValidAtTime(DiplomaRejected):
    """No key the university published as valid at the anchor's block time signed the root."""


class RevokedDiploma(DiplomaRejected):
    """The university revoked this diploma."""


@dataclass(frozen=True)
class Certificate:
    """What a graduate hands an employer: the diploma and its inclusion receipt.

    ``target_hash`` is sha256d of the diploma's canonical bytes as the university
    issued it; ``proof`` leads from it to ``root``, the Merkle root of the class.
    """

    diploma: dict[str, str]
    target_hash: bytes
    proof: MerkleProof
    root: bytes


@dataclass(frozen=True)
class Anchor:
    """What the chain holds for one anchored root: the university's DER signature
    of the root, and the time (Unix seconds) of the block that holds it."""

    signature: bytes
    block_time: int


@dataclass(frozen=True)
class IssuerKey:
    """One key of the university's published list: valid from ``valid_from``
    (included) until ``valid_until`` (excluded; ``None`` while still in use)."""

    sec: bytes
    valid_from: int
    valid_until: int | None = None


def diploma_bytes(diploma: dict[str, str]) -> bytes:
    """The diploma as canonical JSON: text in Unicode NFC, sorted keys, compact, UTF-8."""
    ### BEGIN SOLUTION
    normal = {}
    for key, value in diploma.items():
        normal[unicodedata.normalize("NFC", key)] = unicodedata.normalize("NFC", value)
    text = json.dumps(normal, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return text.encode("utf-8")
    ### END SOLUTION


def point_add(first: Point, second: Point) -> Point:
    """The sum of two points of secp256k1 (SEC 1 v2, 2.2.1); ``None`` is the point at infinity."""
    ### BEGIN SOLUTION
    if first is None:
        return second
    if second is None:
        return first
    (x1, y1), (x2, y2) = first, second
    if x1 == x2 and (y1 + y2) % P == 0:
        return None
    if first == second:
        slope = 3 * x1 * x1 * pow(2 * y1, -1, P) % P
    else:
        slope = (y2 - y1) * pow(x2 - x1, -1, P) % P
    x3 = (slope * slope - x1 - x2) % P
    return x3, (slope * (x1 - x3) - y1) % P
    ### END SOLUTION


def scalar_multiply(k: int, point: Point) -> Point:
    """``k * point``, by doubling and adding along the bits of ``k``."""
    ### BEGIN SOLUTION
    k %= N
    result, addend = None, point
    while k:
        if k & 1:
            result = point_add(result, addend)
        addend = point_add(addend, addend)
        k >>= 1
    return result
    ### END SOLUTION


def ecdsa_verify(public_key: Point, z: int, r: int, s: int) -> bool:
    """Whether ``(r, s)`` is a valid ECDSA signature of the hash ``z`` (SEC 1 v2, 4.1.4)."""
    ### BEGIN SOLUTION
    if not (1 <= r < N and 1 <= s < N) or public_key is None:
        return False
    x, y = public_key
    if not (0 <= x < P and 0 <= y < P) or (y * y - x * x * x - 7) % P:
        return False
    w = pow(s, -1, N)
    u1, u2 = z * w % N, r * w % N
    both = point_add(G, public_key)
    total = None
    for bit in reversed(range(256)):
        total = point_add(total, total)
        first, second = u1 >> bit & 1, u2 >> bit & 1
        if first and second:
            total = point_add(total, both)
        elif first:
            total = point_add(total, G)
        elif second:
            total = point_add(total, public_key)
    if total is None:
        return False
    return total[0] % N == r
    ### END SOLUTION


def sign_diploma(secret: int, diploma: dict[str, str], nonce: int) -> tuple[int, int]:
    """The university's low-S ECDSA signature ``(r, s)`` of the diploma, with nonce ``nonce``."""
    ### BEGIN SOLUTION
    z = int.from_bytes(sha256(diploma_bytes(diploma)), "big")
    point = scalar_multiply(nonce, G)
    if point is None:
        raise ValueError("the nonce is a multiple of N: it gives no signature")
    r = point[0] % N
    s = pow(nonce, -1, N) * (z + r * secret) % N
    if s > N // 2:
        s = N - s
    return r, s
    ### END SOLUTION


def check_diploma(diploma: dict[str, str], signature: bytes, university_key: bytes) -> bool:
    """Whether ``signature`` is the university's signature of exactly this diploma."""
    ### BEGIN SOLUTION
    try:
        key = PublicKey.parse(university_key)
        parsed = Signature.parse_der(signature)
    except MinichainError:
        return False
    if parsed.s > N // 2:
        return False
    z = int.from_bytes(sha256(diploma_bytes(diploma)), "big")
    return ecdsa_verify((key.x, key.y), z, parsed.r, parsed.s)
    ### END SOLUTION


def recover_secret(public_key: Point, z1: int, z2: int, r: int, s1: int, s2: int) -> int | None:
    """The secret behind two signatures ``(r, s1)`` and ``(r, s2)`` made with one nonce, or None."""
    ### BEGIN SOLUTION
    for other in (s2, N - s2):
        if (s1 - other) % N == 0:
            continue
        nonce = (z1 - z2) * pow(s1 - other, -1, N) % N
        secret = (s1 * nonce - z1) * pow(r, -1, N) % N
        if secret and scalar_multiply(secret, G) == public_key:
            return secret
    return None
    ### END SOLUTION


def check_receipt(certificate: Certificate) -> None:
    """Raise ``TamperedDiploma`` or ``BadProof`` unless the certificate's receipt holds."""
    ### BEGIN SOLUTION
    if sha256d(diploma_bytes(certificate.diploma)) != certificate.target_hash:
        raise TamperedDiploma("diploma", "does not hash to the target hash the university issued")
    if not verify_proof(certificate.target_hash, certificate.proof, certificate.root):
        raise BadProof("proof", "does not lead from the target hash to the root")
    ### END SOLUTION


def verify_diploma(
    certificate: Certificate,
    anchors: dict[bytes, Anchor],
    issuer_keys: list[IssuerKey],
    revoked: dict[str, str],
) -> Anchor:
    """The anchor of a genuine diploma; otherwise raise the ``DiplomaRejected`` that says why."""
    ### BEGIN SOLUTION
    check_receipt(certificate)
    anchor = anchors.get(certificate.root)
    if anchor is None:
        raise RootNotOnChain("root", "no block anchors this Merkle root")
    try:
        signature = Signature.parse_der(anchor.signature)
    except MinichainError:
        raise KeyNotValidAtTime("signature", "the anchor's signature is not valid DER") from None
    time = anchor.block_time
    valid_then = [
        key
        for key in issuer_keys
        if key.valid_from <= time and (key.valid_until is None or time < key.valid_until)
    ]
    if not any(PublicKey.parse(key.sec).verify(certificate.root, signature) for key in valid_then):
        raise KeyNotValidAtTime("signature", f"no key valid at {time} signed the root")
    reason = revoked.get(certificate.diploma.get("id", ""))
    if reason is not None:
        raise RevokedDiploma("id", f"revoked by the university: {reason}")
    return anchor
    ### END SOLUTION
