"""Reimbursed once, and only once: the reference solution."""

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
    ### BEGIN SOLUTION
    digests = set()
    grants = []
    for employee, invoice, number in batch:
        document = Document.of("invoice", invoice, number=number)
        if document.digest in digests:
            continue  # the same bytes twice: one invoice, registered once
        digests.add(document.digest)
        grants.append((employee, document))
    if not grants:
        return None
    return issue(tax_bureau, grants, chain_id)
    ### END SOLUTION


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
    ### BEGIN SOLUTION
    inputs = [TxIn(invoice_at)]
    outputs = [TxOut.document_to(employer, invoice)]
    if fee_from is not None:
        coin_at, amount = fee_from
        inputs.append(TxIn(coin_at))
        if amount > fee:
            outputs.append(TxOut.coin(employee.address, amount - fee))  # the change
    return sign(Transaction(tuple(inputs), tuple(outputs)), employee, chain_id)
    ### END SOLUTION


def shape_rule(tx: Transaction) -> str | None:
    """The first rule ``tx`` breaks on its own, before any look-up; None if it breaks none."""
    ### BEGIN SOLUTION
    if not tx.outputs:
        return "no-outputs"
    total = 0
    for out in tx.outputs:
        if out.document is not None:
            if out.amount != 0:
                return "document-with-coins"
            continue
        if out.amount <= 0:
            return "amount-not-positive"
        if out.amount > MAX_MONEY:
            return "amount-too-large"
        total += out.amount
        if total > MAX_MONEY:
            return "total-too-large"
    spends = [tx_in.prevout for tx_in in tx.inputs]
    if len(set(spends)) != len(spends):
        return "duplicate-input"
    for tx_in in tx.inputs:
        if len(tx_in.public_key) != 33 or not 8 <= len(tx_in.signature) <= 72:
            return "malformed-input"
    documents = [out.document for out in tx.outputs if out.document is not None]
    if tx.inputs:
        if tx.issuer_key or tx.issuer_signature:
            return "issuer-on-payment"
    elif tx.issuer_key:
        if len(tx.issuer_key) != 33 or not tx.issuer_signature:
            return "bad-issuance"
        if len(documents) != len(tx.outputs):
            return "bad-issuance"
        if len({document.digest for document in documents}) != len(documents):
            return "document-issued-twice"
    elif tx.issuer_signature or documents:
        return "bad-coinbase"
    return None
    ### END SOLUTION


def spend_rule(tx: Transaction, utxo: Utxo, height: int, params: ChainParams) -> str | None:
    """The first rule ``tx`` breaks in block ``height`` on top of ``utxo``; None if it is valid."""
    ### BEGIN SOLUTION
    rule = shape_rule(tx)
    if rule is not None:
        return rule
    if tx.is_coinbase:
        return "misplaced-coinbase"
    if tx.is_issuance:
        issuer = address_of(sha256(tx.issuer_key)[:20])
        registered = {out.document.digest for out, _, _ in utxo.values() if out.document}
        for out in tx.outputs:
            if issuer not in params.issuers_of(out.document.kind):
                return "unauthorised-issuer"
            if out.document.digest in registered:
                return "document-issued-twice"
        signatures = [(tx.issuer_key, tx.issuer_signature)]
    else:
        spent = []
        for tx_in in tx.inputs:
            if tx_in.prevout not in utxo:
                return "missing-input"
            output, created_at, from_coinbase = utxo[tx_in.prevout]
            if from_coinbase and height - created_at < params.coinbase_maturity:
                return "immature-coinbase"
            if sha256(tx_in.public_key)[:20] != output.owner_hash:
                return "wrong-key"
            spent.append(output)
        coming_in = [out.document for out in spent if out.document is not None]
        going_out = [out.document for out in tx.outputs if out.document is not None]
        if len(set(going_out)) != len(going_out) or set(going_out) != set(coming_in):
            return "document-not-moved-whole"
        total_in = sum(out.amount for out in spent)
        if total_in > MAX_MONEY:
            return "total-too-large"
        if sum(out.amount for out in tx.outputs) > total_in:
            return "overspend"
        signatures = [(tx_in.public_key, tx_in.signature) for tx_in in tx.inputs]
    message = tx.signature_hash(params.name)
    for sec, der in signatures:
        try:
            valid = PublicKey.parse(sec).verify(message, Signature.parse_der(der))
        except MinichainError:  # not a key, or not a DER signature: it does not verify
            valid = False
        if not valid:
            return "bad-signature"
    return None
    ### END SOLUTION


def apply_block(
    block: Block, utxo: Utxo, height: int, params: ChainParams
) -> tuple[str | None, Utxo]:
    """``(None, the UTXO set after block)`` or ``(the first rule it breaks, utxo unchanged)``."""
    ### BEGIN SOLUTION
    transactions = block.transactions
    if not transactions or not transactions[0].is_coinbase:
        return "no-coinbase", utxo
    if any(tx.is_coinbase for tx in transactions[1:]):
        return "misplaced-coinbase", utxo
    txids = [tx.txid for tx in transactions]
    if len(set(txids)) != len(txids):
        return "duplicate-txid", utxo
    if merkle_root(txids) != block.header.merkle_root:
        return "bad-merkle-root", utxo
    for tx in transactions:
        rule = shape_rule(tx)
        if rule is not None:
            return rule, utxo
    after = dict(utxo)  # a scratch copy: the given set stays as it is until all is valid
    spent_here = set()
    fees = 0
    for tx in transactions[1:]:
        if any(tx_in.prevout in spent_here for tx_in in tx.inputs):
            return "double-spend", utxo
        rule = spend_rule(tx, after, height, params)
        if rule is not None:
            return rule, utxo
        fees += sum(after[tx_in.prevout][0].amount for tx_in in tx.inputs)
        fees -= sum(out.amount for out in tx.outputs)
        for tx_in in tx.inputs:
            spent_here.add(tx_in.prevout)
            del after[tx_in.prevout]
        for index, out in enumerate(tx.outputs):
            after[OutPoint(tx.txid, index)] = (out, height, False)
    coinbase = transactions[0]
    if coinbase.memo[:4] != height.to_bytes(4, "little"):
        return "coinbase-height", utxo
    if sum(out.amount for out in coinbase.outputs) > params.reward(height) + fees:
        return "coinbase-overpays", utxo
    for index, out in enumerate(coinbase.outputs):
        after[OutPoint(coinbase.txid, index)] = (out, height, True)
    return None, after
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
