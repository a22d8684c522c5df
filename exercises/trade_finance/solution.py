"""Cross-border trade: the reference solution."""

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


def receivable_call(entries: dict, caller: str, admin: str, method: str, args: dict) -> dict:
    """The receivable registry's rules: the writes one call makes, or the rule it breaks."""

    ### BEGIN SOLUTION
    def require(condition, field, rule):
        if not condition:
            raise ContractRuleError(field, rule)

    def check_amount(amount, field):
        require(isinstance(amount, int) and not isinstance(amount, bool), field, "must be an int")
        require(amount > 0, field, f"must be positive, got {amount}")

    def check_address(address, field):
        require(isinstance(address, str) and len(address) > 0, field, "must be an address")

    if method == "register":
        number = args["number"]
        require(caller == admin, "caller", "only the platform registers receivables")
        require(
            isinstance(number, str) and 0 < len(number) <= 32 and "/" not in number,
            "number",
            "must be 1 to 32 characters without '/'",
        )
        require(number not in entries, "number", f"{number} is already registered")
        check_address(args["debtor"], "debtor")
        check_amount(args["amount"], "amount")
        check_address(args["holder"], "holder")
        fields = {"amount": args["amount"], "debtor": args["debtor"], "holder": args["holder"]}
        return {number: {**fields, "parent": None, "status": "open"}}
    if method not in ("finance", "split"):
        raise UnknownContractError("method", f"receivables has no method {method!r}")
    number = args["number"]
    require(isinstance(number, str) and number in entries, "number", "no such receivable")
    receivable = dict(entries[number])
    require(caller == receivable["holder"], "caller", f"only the holder of {number} may act")
    require(receivable["status"] == "open", "number", f"{number} is {receivable['status']}")
    if method == "finance":
        check_address(args["bank"], "bank")
        return {number: {**receivable, "holder": args["bank"], "status": "financed"}}
    amounts = args["amounts"]
    require(isinstance(amounts, list) and len(amounts) >= 2, "amounts", "needs two parts or more")
    for amount in amounts:
        check_amount(amount, "amounts")
    require(sum(amounts) == receivable["amount"], "amounts", "must add up to the receivable")
    writes = {}
    for position, amount in enumerate(amounts, 1):
        part = {"amount": amount, "debtor": receivable["debtor"], "holder": caller}
        writes[f"{number}/{position}"] = {**part, "parent": number, "status": "open"}
    writes[number] = {**receivable, "status": "split"}
    return writes
    ### END SOLUTION


def surrender(
    holder: PrivateKey, bill_at: OutPoint, bill: Document, port: str, chain_id: str
) -> Transaction:
    """The holder's surrender of the bill of lading at ``port``: after it, nobody can move it."""
    ### BEGIN SOLUTION
    if bill.kind != "bill_of_lading":
        raise DocumentError("bill", f"must be a bill_of_lading, got a {bill.kind}")
    if not is_un_locode(port):
        raise DocumentError("port", f"must be a UN/LOCODE such as NLRTM, got {port!r}")
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
