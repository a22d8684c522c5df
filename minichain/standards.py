"""Standards conformance: one encoding per object, and test vectors every implementation shares.

Two programs keep the same chain only if they agree on every byte: the same
transaction must serialise to the same bytes, and so hash to the same txid,
in minichain, in a bank's Java system and in a carrier's Go service. A
**canonical** encoding gives each object exactly one spelling (minichain's
transactions have one: :meth:`minichain.tx.Transaction.serialize`). A
**test vector** is an input together with the exact output every conforming
implementation must produce; publishing vectors is how standards bodies let
implementers check themselves (NIST publishes worked examples for FIPS 180-4,
among them the SHA-256 of ``"abc"``; Bitcoin's BIPs print theirs).

``vectors.json``, shipped inside this package, holds minichain's shared
vectors in sections:

* ``sha256``: NIST's examples for FIPS 180-4 ("Examples with intermediate
  values"; the standard's own text prints none) and the empty message;
* ``bitcoin_header``: real Bitcoin block headers and their hashes;
* ``merkle_root``: the txids of a real Bitcoin block and its Merkle root;
* ``transaction``: minichain transactions, their canonical bytes and txids;
* ``canonical_json``: trade records (a receivable, a bill of lading) and
  their canonical JSON text and SHA-256, and ``canonical_json_invalid``:
  records that a canonical encoder must refuse. The canonical JSON encoder is
  what the ``trade_finance`` exercise asks a learner to write.

:func:`check_vectors` runs minichain's own implementations against every
vector of the sections it has an implementation for; the library's tests,
the exercise's checks and lesson 9 all read the same file.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from minichain.errors import EncodingError, MinichainError, WrongTypeError, describe_type
from minichain.hashing import from_display_hex, sha256, to_display_hex
from minichain.header import BlockHeader
from minichain.merkle import merkle_root
from minichain.tx import Transaction

VECTORS_FILE = Path(__file__).with_name("vectors.json")
"""The shared test vectors (package data)."""

SECTIONS = (
    "sha256",
    "bitcoin_header",
    "merkle_root",
    "transaction",
    "canonical_json",
    "canonical_json_invalid",
)
"""The sections ``vectors.json`` must have, in the order :func:`check_vectors` reports them."""
CHECKED_SECTIONS = SECTIONS[:-1]
"""The sections minichain itself can check (refusals are for a canonical JSON encoder)."""


@dataclass(frozen=True)
class VectorResult:
    """What one vector's check found.

    Attributes:
        section: the section of ``vectors.json`` (``"sha256"``).
        name: the vector's name.
        passed: whether the implementation produced exactly the expected output.
        detail: what differed, or ``""`` when it passed.
    """

    section: str
    name: str
    passed: bool
    detail: str = ""

    def __str__(self) -> str:
        verdict = "ok" if self.passed else f"FAILED: {self.detail}"
        return f"{self.section}: {self.name}: {verdict}"


def load_vectors(path: str | Path = VECTORS_FILE) -> dict[str, list[dict[str, Any]]]:
    """Read a vectors file: one list of vectors per section, each vector with a ``name``.

    Raises:
        EncodingError: the file is not JSON, or a section or a vector's name is missing.
    """
    text = Path(path).read_text(encoding="utf-8")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise EncodingError(str(path), "is not valid JSON ({error})", error=error) from None
    if not isinstance(data, dict):
        raise EncodingError(
            str(path), "must hold a JSON object, got {data_type}", data_type=describe_type(data)
        )
    vectors: dict[str, list[dict[str, Any]]] = {}
    for section in SECTIONS:
        entries = data.get(section)
        if not isinstance(entries, list) or not entries:
            raise EncodingError(f"{path}: {section}", "must be a non-empty list of vectors")
        for position, entry in enumerate(entries):
            if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
                raise EncodingError(f"{section}[{position}]", "must be an object with a name")
        vectors[section] = entries
    return vectors


# --8<-- [start:check_one]
def _check_one(section: str, vector: dict[str, Any]) -> str:
    """Run one vector through minichain; return what differed, or "" if nothing did."""
    if section == "sha256":
        got = sha256(bytes.fromhex(vector["message_hex"])).hex()
        return _compare("sha256", got, vector["sha256"])
    if section == "bitcoin_header":
        header = BlockHeader.from_hex(vector["header_hex"])
        return _compare("bytes", header.serialize().hex(), vector["header_hex"]) or _compare(
            "hash", to_display_hex(header.hash()), vector["hash"]
        )
    if section == "merkle_root":
        root = merkle_root([from_display_hex(txid) for txid in vector["txids"]])
        return _compare("root", to_display_hex(root), vector["root"])
    if section == "transaction":
        tx = Transaction.parse(bytes.fromhex(vector["raw_hex"]))
        return _compare("bytes", tx.serialize().hex(), vector["raw_hex"]) or _compare(
            "txid", tx.txid_hex, vector["txid"]
        )
    if section == "canonical_json":
        # minichain has no JSON encoder of its own (the exercise's learners write one):
        # check that the vector agrees with itself.
        text = vector["canonical"]
        if json.loads(text) != vector["record"]:
            return "canonical: does not decode to the record"
        return _compare("sha256", sha256(text.encode()).hex(), vector["sha256"])
    raise EncodingError(
        "section", "minichain has no check for {section!r} vectors", section=section
    )
    # --8<-- [end:check_one]


def _compare(what: str, got: str, expected: Any) -> str:
    if not isinstance(expected, str):
        raise WrongTypeError(
            what,
            "the expected value must be str, got {expected_type}",
            expected_type=describe_type(expected),
        )
    return "" if got == expected.lower() else f"{what}: expected {expected}, got {got}"


def check_vectors(
    vectors: dict[str, list[dict[str, Any]]] | None = None,
) -> list[VectorResult]:
    """Check minichain against every vector of :data:`CHECKED_SECTIONS` (default: the file's).

    A vector that cannot even be read (bad hex, a missing field) fails with
    the reason, rather than stopping the check.
    """
    if vectors is None:
        vectors = load_vectors()
    results = []
    for section in CHECKED_SECTIONS:
        for vector in vectors.get(section, []):
            try:
                detail = _check_one(section, vector)
            except (MinichainError, ValueError, KeyError, TypeError) as error:
                detail = f"cannot be checked: {type(error).__name__}: {error}"
            results.append(VectorResult(section, vector["name"], not detail, detail))
    return results
