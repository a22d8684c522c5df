"""Reimbursed once, and only once: fill in the three functions marked TODO."""

from minichain.chain import Blockchain
from minichain.errors import ConsensusError
from minichain.keys import PrivateKey
from minichain.ledger import Block
from minichain.params import ChainParams
from minichain.tx import Document, OutPoint, Transaction, TxIn, TxOut, issue, sign


def register_invoice(
    tax_bureau: PrivateKey, employee: str, invoice: bytes, number: str, chain_id: str
) -> Transaction:
    """The tax bureau's issuance that registers ``invoice`` and gives it to ``employee``."""
    # TODO: make an "invoice" Document carrying its number, and issue it to the employee.
    raise NotImplementedError("register_invoice")


def claim(
    employee: PrivateKey, invoice_at: OutPoint, invoice: Document, employer: str, chain_id: str
) -> Transaction:
    """The employee's signed claim passing the invoice at ``invoice_at`` to ``employer``."""
    # TODO: one input spending invoice_at, one output giving the invoice to the employer; sign it.
    raise NotImplementedError("claim")


def invoice_holders(blocks: list[Block], params: ChainParams) -> dict[str, str]:
    """Replay ``blocks`` on a new node; return who holds each invoice (number -> address)."""
    # TODO: add every block to a new Blockchain (skip refused ones), then read its UTXO set.
    raise NotImplementedError("invoice_holders")
