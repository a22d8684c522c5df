"""Reimbursed once, and only once: the reference solution."""

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
    ### BEGIN SOLUTION
    document = Document.of("invoice", invoice, number=number)
    return issue(tax_bureau, [(employee, document)], chain_id)
    ### END SOLUTION


def claim(
    employee: PrivateKey, invoice_at: OutPoint, invoice: Document, employer: str, chain_id: str
) -> Transaction:
    """The employee's signed claim passing the invoice at ``invoice_at`` to ``employer``."""
    ### BEGIN SOLUTION
    unsigned = Transaction((TxIn(invoice_at),), (TxOut.document_to(employer, invoice),))
    return sign(unsigned, employee, chain_id)
    ### END SOLUTION


def invoice_holders(blocks: list[Block], params: ChainParams) -> dict[str, str]:
    """Replay ``blocks`` on a new node; return who holds each invoice (number -> address)."""
    ### BEGIN SOLUTION
    node = Blockchain(params)
    for block in blocks:
        try:
            node.add_block(block)
        except ConsensusError:
            continue  # a refused block changes nothing; blocks built on it stay orphans
    holders = {}
    for coin in node.utxo.coins.values():
        document = coin.output.document
        if document is not None and document.kind == "invoice":
            holders[dict(document.metadata)["number"]] = coin.output.owner
    return holders
    ### END SOLUTION
