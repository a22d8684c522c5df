"""Cross-border trade: fill in the six functions marked TODO."""

import json

from minichain.chain import Blockchain
from minichain.errors import DocumentError, OutOfRangeError, WrongTypeError
from minichain.keys import PrivateKey, unspendable_address
from minichain.tx import Document, OutPoint, Transaction, TxIn, TxOut, issue, sign

SAFE_INTEGER = 2**53 - 1
"""The largest integer every JSON reader takes exactly (JavaScript's Number.MAX_SAFE_INTEGER)."""
RETIRED = unspendable_address("retired by a split")
"""Where a split sends the receivable it replaces: no key controls it, so it stays spent."""


def surrender_address(port: str) -> str:
    """The address a bill of lading is surrendered to at ``port`` (a UN/LOCODE such as NLRTM)."""
    return unspendable_address(f"surrendered at {port}")


def canonical_record(record: dict) -> bytes:
    """The one byte encoding of a trade record: canonical JSON in UTF-8."""
    # TODO: check the record (str keys; str, int, bool, None, list, dict values; no floats;
    # integers within +-(2**53 - 1)), then json.dumps with sorted keys and no spaces, as UTF-8.
    raise NotImplementedError("canonical_record")


def transfer(
    holder: PrivateKey,
    document_at: OutPoint,
    document: Document,
    to: str,
    chain_id: str,
) -> Transaction:
    """The holder's signed transfer of ``document`` (at ``document_at``) to the address ``to``."""
    # TODO: one input spending document_at, one output giving the document to `to`; sign it.
    raise NotImplementedError("transfer")


def split_receivable(
    holder: PrivateKey,
    parent_at: OutPoint,
    parent: Document,
    amounts: list,
    platform: PrivateKey,
    chain_id: str,
) -> tuple:
    """Split ``parent`` into parts worth ``amounts``: (the holder's retirement, the issuance)."""
    # TODO: check the parent and the amounts (they must add up to the parent's amount),
    # retire the parent to RETIRED, and issue one receivable part per amount to the holder.
    raise NotImplementedError("split_receivable")


def surrender(
    holder: PrivateKey, bill_at: OutPoint, bill: Document, port: str, chain_id: str
) -> Transaction:
    """The holder's surrender of the bill of lading at ``port``: after it, nobody can move it."""
    # TODO: check it is a bill of lading, then transfer it to surrender_address(port).
    raise NotImplementedError("surrender")


def holders(chain: Blockchain, digest: bytes) -> list:
    """Every address that has held the document with ``digest``, in order: its endorsement chain."""
    # TODO: walk every block, every transaction, every output; collect the owners of the document.
    raise NotImplementedError("holders")


def release_cargo(chain: Blockchain, digest: bytes, port: str, claimant: str) -> Document:
    """The carrier's check before releasing cargo at ``port`` to ``claimant``; returns the bill."""
    # TODO: find the bill; it must be surrendered at `port`, by `claimant`; return it.
    raise NotImplementedError("release_cargo")
