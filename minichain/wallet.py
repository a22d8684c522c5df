"""The wallet: choosing coins, paying, issuing and passing on documents.

A node decides which blocks count (:mod:`minichain.chain`); a wallet uses
what the node knows to make transactions for one key holder (Bitcoin Core's
``CWallet``, apart from the node). It chooses outputs the key owns, as the
mempool sees them, signs a transaction for the chain and submits it to the
node's mempool, which checks it like any other.

::

    chain = Blockchain()
    mine_block(chain, alice.address)
    transfer(chain, alice, bob.address, 20, fee=1)
"""

from __future__ import annotations

from minichain.chain import Blockchain
from minichain.errors import DocumentError, TransactionError, require_int
from minichain.hashing import short_hex
from minichain.ledger import Coin
from minichain.suite import AnyPrivateKey
from minichain.tx import Document, OutPoint, Transaction, TxIn, TxOut, issue, sign

__all__ = ["issue_document", "owned", "send_document", "spendable", "transfer"]


def owned(chain: Blockchain, owner_hash: bytes) -> list[tuple[OutPoint, Coin]]:
    """Outputs ``owner_hash`` holds, as ``chain``'s mempool sees them: confirmed or waiting."""
    view = chain.mempool.view
    waiting = [
        (op, coin)
        for op, coin in view.changes.created.items()
        if coin.output.owner_hash == owner_hash
    ]
    candidates = list(chain.utxo.owned_by(owner_hash).items()) + waiting
    return [(op, coin) for op, coin in candidates if view.coin(op) is not None]


def spendable(chain: Blockchain, owner_hash: bytes) -> list[tuple[OutPoint, TxOut]]:
    """Coin outputs ``owner_hash`` can spend in ``chain``'s next block, as the mempool sees them."""
    height = chain.height + 1
    maturity = chain.params.coinbase_maturity
    return [
        (outpoint, coin.output)
        for outpoint, coin in owned(chain, owner_hash)
        if coin.output.document is None
        and not (coin.is_coinbase and height - coin.height < maturity)
    ]


def transfer(
    chain: Blockchain, private_key: AnyPrivateKey, to_address: str, amount: int, fee: int = 0
) -> Transaction:
    """Pay ``amount`` coins from ``private_key``'s outputs to ``to_address``; submit it.

    Change goes back to the payer's address; ``fee`` is left for the miner.
    The key and the address must be of the chain's crypto suite.

    Raises:
        WrongTypeError, SuiteError: the key is not a private key of the chain's suite.
        SuiteError: ``to_address`` is an address of another suite.
        TransactionError: the payer cannot cover ``amount + fee``.
        ConsensusError: the mempool refuses the payment.
    """
    suite = chain.params.suite
    suite.check_private_key(private_key, "private_key")
    require_int(amount, "amount", 1, 2**63)
    require_int(fee, "fee", 0, 2**63)
    suite.parse_address(to_address, "to_address")
    payer = private_key.public_key
    chosen: list[OutPoint] = []
    total = 0
    for outpoint, output in spendable(chain, payer.key_hash):
        if total >= amount + fee:
            break
        chosen.append(outpoint)
        total += output.amount
    if total < amount + fee:
        raise TransactionError(
            "amount",
            "{address} can spend {total} coins, not {amount} plus fee {fee}",
            "new payment",
            address=payer.address,
            total=total,
            amount=amount,
            fee=fee,
        )
    outputs = [TxOut.coin(to_address, amount)]
    if total > amount + fee:
        outputs.append(TxOut.coin(payer.address, total - amount - fee))
    unsigned = Transaction(tuple(TxIn(op) for op in chosen), tuple(outputs))
    return chain.submit(sign(unsigned, private_key, chain.params.name))


def issue_document(
    chain: Blockchain, issuer_key: AnyPrivateKey, to_address: str, document: Document
) -> Transaction:
    """Register ``document`` for ``to_address``, signed by an authorised issuer; submit it."""
    suite = chain.params.suite
    suite.check_private_key(issuer_key, "issuer_key")
    suite.parse_address(to_address, "to_address")
    return chain.submit(issue(issuer_key, [(to_address, document)], chain.params.name))


def send_document(
    chain: Blockchain, private_key: AnyPrivateKey, digest: bytes, to_address: str
) -> Transaction:
    """Pass the document with ``digest`` from ``private_key``'s holder to ``to_address``.

    Raises:
        DocumentError: the key does not hold such a document.
    """
    suite = chain.params.suite
    suite.check_private_key(private_key, "private_key")
    suite.parse_address(to_address, "to_address")
    for outpoint, coin in owned(chain, private_key.public_key.key_hash):
        document = coin.output.document
        if document is None or document.digest != digest:
            continue
        unsigned = Transaction((TxIn(outpoint),), (TxOut.document_to(to_address, document),))
        return chain.submit(sign(unsigned, private_key, chain.params.name))
    raise DocumentError(
        "digest",
        "{address} holds no document {digest}",
        "new transfer",
        address=private_key.address,
        digest=short_hex(digest, reverse=False),
    )
