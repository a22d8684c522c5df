"""Reimbursed once, and only once: fill in the six functions marked TODO."""

from minichain.chain import Blockchain
from minichain.errors import ConsensusError, MinichainError
from minichain.hashing import sha256
from minichain.keys import PrivateKey, PublicKey, Signature, address_of
from minichain.ledger import Block
from minichain.merkle import merkle_root
from minichain.params import ChainParams
from minichain.tx import (
    MAX_MONEY,
    Document,
    OutPoint,
    Transaction,
    TxIn,
    TxOut,
    issue,
    sign,
)

# The UTXO set as plain data: outpoint -> (output, height that created it, made by a coinbase).
Utxo = dict[OutPoint, tuple[TxOut, int, bool]]


def register_invoices(
    tax_bureau: PrivateKey, batch: list[tuple[str, bytes, str]], chain_id: str
) -> Transaction | None:
    """One issuance registering each ``(employee, invoice, number)`` of ``batch``; None if empty."""
    # TODO: one "invoice" Document per item (its number as metadata), each digest once;
    # then one issuance of them all with issue(...), or None when nothing is left.
    raise NotImplementedError("register_invoices")


def claim(
    employee: PrivateKey,
    invoice_at: OutPoint,
    invoice: Document,
    employer: str,
    chain_id: str,
    fee_from: tuple[OutPoint, int] | None = None,
    fee: int = 0,
) -> Transaction:
    """The employee's signed claim passing the invoice to ``employer``, maybe paying a fee."""
    # TODO: inputs: the invoice, then the fee coin if any; outputs: the invoice to the employer,
    # then the change (amount - fee) to the employee if it is positive; sign it.
    raise NotImplementedError("claim")


def shape_rule(tx: Transaction) -> str | None:
    """The first rule ``tx`` breaks on its own, before any look-up; None if it breaks none."""
    # TODO: outputs and amounts, then inputs, then issuer fields, in the instructions' order;
    # return the first rule's name, or None.
    raise NotImplementedError("shape_rule")


def spend_rule(tx: Transaction, utxo: Utxo, height: int, params: ChainParams) -> str | None:
    """The first rule ``tx`` breaks in block ``height`` on top of ``utxo``; None if it is valid."""
    # TODO: shape first; no coinbase here; an issuance's issuer and documents, or each input
    # (exists, mature, the owner's key); documents move whole; amounts; signatures last.
    raise NotImplementedError("spend_rule")


def apply_block(
    block: Block, utxo: Utxo, height: int, params: ChainParams
) -> tuple[str | None, Utxo]:
    """``(None, the UTXO set after block)`` or ``(the first rule it breaks, utxo unchanged)``."""
    # TODO: block rules, every transaction's shape, then each transaction on a scratch copy
    # (a second spend in the block is a double spend), then the coinbase's height and pay.
    raise NotImplementedError("apply_block")


def invoice_holders(blocks: list[Block], params: ChainParams) -> dict[str, str]:
    """Replay ``blocks`` on a new node; return who holds each invoice (number -> address)."""
    # TODO: add every block to a new Blockchain (skip refused ones), then read its UTXO set.
    raise NotImplementedError("invoice_holders")
