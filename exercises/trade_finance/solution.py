"""Cross-border trade: the reference solution."""

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

    ### BEGIN SOLUTION
    def check(value, where):
        if isinstance(value, dict):
            for key, item in value.items():
                if not isinstance(key, str):
                    raise WrongTypeError(where, f"keys must be str, got {type(key).__name__}")
                check(item, f"{where}.{key}")
        elif isinstance(value, list):
            for position, item in enumerate(value):
                check(item, f"{where}[{position}]")
        elif isinstance(value, bool) or value is None or isinstance(value, str):
            pass
        elif isinstance(value, int):
            if abs(value) > SAFE_INTEGER:
                raise OutOfRangeError(where, f"{value} is beyond +-(2**53 - 1)")
        else:
            raise WrongTypeError(
                where, f"must be str, int, bool, None, list or dict, not {type(value).__name__}"
            )

    if not isinstance(record, dict):
        raise WrongTypeError("record", f"must be a dict, got {type(record).__name__}")
    check(record, "record")
    text = json.dumps(record, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return text.encode("utf-8")
    ### END SOLUTION


def transfer(
    holder: PrivateKey,
    document_at: OutPoint,
    document: Document,
    to: str,
    chain_id: str,
) -> Transaction:
    """The holder's signed transfer of ``document`` (at ``document_at``) to the address ``to``."""
    ### BEGIN SOLUTION
    unsigned = Transaction((TxIn(document_at),), (TxOut.document_to(to, document),))
    return sign(unsigned, holder, chain_id)
    ### END SOLUTION


def split_receivable(
    holder: PrivateKey,
    parent_at: OutPoint,
    parent: Document,
    amounts: list,
    platform: PrivateKey,
    chain_id: str,
) -> tuple:
    """Split ``parent`` into parts worth ``amounts``: (the holder's retirement, the issuance)."""
    ### BEGIN SOLUTION
    if parent.kind != "receivable":
        raise DocumentError("parent", f"must be a receivable, got a {parent.kind}")
    if not isinstance(amounts, (list, tuple)) or len(amounts) < 2:
        raise OutOfRangeError("amounts", "a split needs a list of at least two amounts")
    for position, amount in enumerate(amounts):
        if isinstance(amount, bool) or not isinstance(amount, int):
            raise WrongTypeError(
                f"amounts[{position}]", f"must be an int, got {type(amount).__name__}"
            )
        if amount <= 0:
            raise OutOfRangeError(f"amounts[{position}]", f"must be positive, got {amount}")
    total = int(dict(parent.metadata)["amount"])
    if sum(amounts) != total:
        raise DocumentError(
            "amounts",
            f"the parts add up to {sum(amounts)} but the receivable is for {total}; "
            "a split must add up to exactly the original",
        )
    retire = transfer(holder, parent_at, parent, RETIRED, chain_id)
    number = dict(parent.metadata)["number"]
    parts = []
    for position, amount in enumerate(amounts, 1):
        record = {"amount": amount, "parent": parent.digest.hex(), "part": position}
        part = Document.of(
            "receivable",
            canonical_record(record),
            amount=str(amount),
            number=f"{number}/{position}",
            parent=parent.digest.hex(),
        )
        parts.append((holder.address, part))
    return retire, issue(platform, parts, chain_id)
    ### END SOLUTION


def surrender(
    holder: PrivateKey, bill_at: OutPoint, bill: Document, port: str, chain_id: str
) -> Transaction:
    """The holder's surrender of the bill of lading at ``port``: after it, nobody can move it."""
    ### BEGIN SOLUTION
    if bill.kind != "bill_of_lading":
        raise DocumentError("bill", f"must be a bill_of_lading, got a {bill.kind}")
    return transfer(holder, bill_at, bill, surrender_address(port), chain_id)
    ### END SOLUTION


def holders(chain: Blockchain, digest: bytes) -> list:
    """Every address that has held the document with ``digest``, in order: its endorsement chain."""
    ### BEGIN SOLUTION
    found = []
    for block in chain:
        for tx in block.transactions:
            for out in tx.outputs:
                if out.document is not None and out.document.digest == digest:
                    found.append(out.owner)
    return found
    ### END SOLUTION


def release_cargo(chain: Blockchain, digest: bytes, port: str, claimant: str) -> Document:
    """The carrier's check before releasing cargo at ``port`` to ``claimant``; returns the bill."""
    ### BEGIN SOLUTION
    bill = None
    for block in chain:
        for tx in block.transactions:
            for out in tx.outputs:
                if out.document is not None and out.document.digest == digest:
                    bill = out.document
    if bill is None:
        raise DocumentError(
            "digest", f"no document {digest.hex()[:12]} was ever issued on this chain"
        )
    if bill.kind != "bill_of_lading":
        raise DocumentError("digest", f"is a {bill.kind}, not a bill of lading")
    chain_of_holders = holders(chain, digest)
    if chain_of_holders[-1] != surrender_address(port):
        raise DocumentError("digest", f"the bill has not been surrendered at {port}")
    if len(chain_of_holders) < 2:
        raise DocumentError(
            "digest", "the bill was issued to the surrender address; nobody held it"
        )
    surrendered_by = chain_of_holders[-2]
    if claimant != surrendered_by:
        raise DocumentError(
            "claimant", f"{claimant} did not surrender the bill; {surrendered_by} did"
        )
    return bill
    ### END SOLUTION
