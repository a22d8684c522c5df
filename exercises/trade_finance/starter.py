"""Cross-border trade: fill in the five functions marked TODO."""

import json

from minichain.chain import Blockchain
from minichain.errors import (
    ContractRuleError,
    DocumentError,
    OutOfRangeError,
    UnknownContractError,
    WrongTypeError,
)
from minichain.keys import PrivateKey, unspendable_address
from minichain.tx import Document, OutPoint, Transaction, TxIn, TxOut, sign

SAFE_INTEGER = 2**53 - 1
"""The largest integer every JSON reader takes exactly (JavaScript's Number.MAX_SAFE_INTEGER)."""


def surrender_address(port: str) -> str:
    """The address a bill of lading is surrendered to at ``port`` (a UN/LOCODE such as NLRTM)."""
    return unspendable_address(f"surrendered at {port}")


def transfer(
    holder: PrivateKey,
    document_at: OutPoint,
    document: Document,
    to: str,
    chain_id: str,
) -> Transaction:
    """The holder's signed transfer of ``document`` (at ``document_at``) to the address ``to``:
    financing, endorsement and surrender are all this one transaction."""
    unsigned = Transaction((TxIn(document_at),), (TxOut.document_to(to, document),))
    return sign(unsigned, holder, chain_id)


def is_un_locode(port: str) -> bool:
    """Whether ``port`` is written as a UN/LOCODE: a country's two letters, then three
    letters or digits 2-9 (NLRTM is Rotterdam, CNSZX Shenzhen)."""
    location = "ABCDEFGHIJKLMNOPQRSTUVWXYZ23456789"
    return (
        isinstance(port, str)
        and len(port) == 5
        and all("A" <= c <= "Z" for c in port[:2])
        and all(c in location for c in port[2:])
    )


def canonical_record(record: dict) -> bytes:
    """The one byte encoding of a trade record: canonical JSON in UTF-8."""
    # TODO: check the record (str keys; str, int, bool, None, list, dict values; no floats;
    # integers within +-(2**53 - 1)), then json.dumps with sorted keys and no spaces, as UTF-8.
    raise NotImplementedError("canonical_record")


def receivable_call(entries: dict, caller: str, admin: str, method: str, args: dict) -> dict:
    """The receivable registry's rules: the writes one call makes, or the rule it breaks."""
    # TODO: register (the admin only), finance and split (the holder of an open receivable
    # only; the parts add up to exactly the original); return {number: new record, ...}
    # or raise ContractRuleError naming the field.
    raise NotImplementedError("receivable_call")


def surrender(
    holder: PrivateKey, bill_at: OutPoint, bill: Document, port: str, chain_id: str
) -> Transaction:
    """The holder's surrender of the bill of lading at ``port``: after it, nobody can move it."""
    # TODO: check it is a bill of lading and that the port is a UN/LOCODE, then transfer it
    # to surrender_address(port).
    raise NotImplementedError("surrender")


def holders(chain: Blockchain, digest: bytes) -> list:
    """Every address that has held the document with ``digest``, in order: its endorsement chain."""
    # TODO: walk every block, every transaction, every output; collect the owners of the document.
    raise NotImplementedError("holders")


def release_cargo(chain: Blockchain, digest: bytes, port: str, claimant: str) -> Document:
    """The carrier's check before releasing cargo at ``port`` to ``claimant``; returns the bill."""
    # TODO: find the bill; it must be surrendered at `port`, by `claimant`; return it.
    raise NotImplementedError("release_cargo")
