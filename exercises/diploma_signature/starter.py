"""A diploma nobody can forge: fill in the nine functions marked TODO."""

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
    # TODO: normalise keys and values to NFC, json.dumps sorted and compact, then UTF-8.
    raise NotImplementedError("diploma_bytes")


def point_add(first: Point, second: Point) -> Point:
    """The sum of two points of secp256k1 (SEC 1 v2, 2.2.1); ``None`` is the point at infinity."""
    # TODO: infinity, a point and its negation, then the slope of a chord or a tangent, mod P.
    raise NotImplementedError("point_add")


def scalar_multiply(k: int, point: Point) -> Point:
    """``k * point``, by doubling and adding along the bits of ``k``."""
    # TODO: k % N, then double and add along the bits of k, from the lowest.
    raise NotImplementedError("scalar_multiply")


def ecdsa_verify(public_key: Point, z: int, r: int, s: int) -> bool:
    """Whether ``(r, s)`` is a valid ECDSA signature of the hash ``z`` (SEC 1 v2, 4.1.4)."""
    # TODO: ranges of r and s, the key on the curve, then u1 * G + u2 * key, its x mod N.
    raise NotImplementedError("ecdsa_verify")


def sign_diploma(secret: int, diploma: dict[str, str], nonce: int) -> tuple[int, int]:
    """The university's low-S ECDSA signature ``(r, s)`` of the diploma, with nonce ``nonce``."""
    # TODO: z from SHA-256, R = k * G, r and s mod N, then the low-S twin when s > N // 2.
    raise NotImplementedError("sign_diploma")


def check_diploma(diploma: dict[str, str], signature: bytes, university_key: bytes) -> bool:
    """Whether ``signature`` is the university's signature of exactly this diploma."""
    # TODO: parse the key and the signature, refuse high-S, verify with your ecdsa_verify.
    raise NotImplementedError("check_diploma")


def recover_secret(public_key: Point, z1: int, z2: int, r: int, s1: int, s2: int) -> int | None:
    """The secret behind two signatures ``(r, s1)`` and ``(r, s2)`` made with one nonce, or None."""
    # TODO: solve for k, then for the secret, with s2 and N - s2; keep the one matching the key.
    raise NotImplementedError("recover_secret")


def check_receipt(certificate: Certificate) -> None:
    """Raise ``TamperedDiploma`` or ``BadProof`` unless the certificate's receipt holds."""
    # TODO: compare the diploma's hash with the target hash, then check the proof.
    raise NotImplementedError("check_receipt")


def verify_diploma(
    certificate: Certificate,
    anchors: dict[bytes, Anchor],
    issuer_keys: list[IssuerKey],
    revoked: dict[str, str],
) -> Anchor:
    """The anchor of a genuine diploma; otherwise raise the ``DiplomaRejected`` that says why."""
    # TODO: receipt, then anchor on chain, then a key valid at the block's time, then revocation.
    raise NotImplementedError("verify_diploma")
