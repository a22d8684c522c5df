"""A diploma nobody can forge: the reference solution."""

import json
from dataclasses import dataclass

from minichain.errors import MinichainError, ValidationError
from minichain.hashing import sha256d
from minichain.keys import PrivateKey, PublicKey, Signature
from minichain.merkle import MerkleProof, verify_proof


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
    """The diploma as canonical JSON (sorted keys, compact, UTF-8)."""
    ### BEGIN SOLUTION
    text = json.dumps(diploma, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return text.encode("utf-8")
    ### END SOLUTION


def sign_diploma(university: PrivateKey, diploma: dict[str, str]) -> bytes:
    """The university's DER-encoded signature of the diploma's canonical bytes."""
    ### BEGIN SOLUTION
    return university.sign(diploma_bytes(diploma)).der()
    ### END SOLUTION


def check_diploma(diploma: dict[str, str], signature: bytes, university_key: bytes) -> bool:
    """Whether ``signature`` is the university's signature of exactly this diploma."""
    ### BEGIN SOLUTION
    try:
        key = PublicKey.parse(university_key)
        parsed = Signature.parse_der(signature)
    except MinichainError:
        return False
    return key.verify(diploma_bytes(diploma), parsed)
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
