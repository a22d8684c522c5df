"""A diploma nobody can forge: fill in the five functions marked TODO."""

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
    # TODO: json.dumps with sorted keys and compact separators, then encode as UTF-8.
    raise NotImplementedError("diploma_bytes")


def sign_diploma(university: PrivateKey, diploma: dict[str, str]) -> bytes:
    """The university's DER-encoded signature of the diploma's canonical bytes."""
    # TODO: sign diploma_bytes(diploma) and return the DER bytes.
    raise NotImplementedError("sign_diploma")


def check_diploma(diploma: dict[str, str], signature: bytes, university_key: bytes) -> bool:
    """Whether ``signature`` is the university's signature of exactly this diploma."""
    # TODO: parse the key and the signature, verify, and answer False on malformed bytes.
    raise NotImplementedError("check_diploma")


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
