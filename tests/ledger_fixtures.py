"""A small, known ledger that the rule tests start from, and tools to forge blocks."""

from __future__ import annotations

from dataclasses import dataclass, replace

from minichain.chain import Blockchain
from minichain.header import BlockHeader
from minichain.headers import expected_bits, median_time_past
from minichain.keys import PrivateKey
from minichain.ledger import Block
from minichain.merkle import merkle_root
from minichain.miner import mine_block
from minichain.params import ChainParams
from minichain.pow import mine
from minichain.tx import Document, OutPoint, Transaction, TxIn, TxOut, coinbase, sign
from minichain.wallet import issue_document

ALICE = PrivateKey.from_seed("alice")
BOB = PrivateKey.from_seed("bob")
CAROL = PrivateKey.from_seed("carol")
MINER = PrivateKey.from_seed("miner")
TAX_BUREAU = PrivateKey.from_seed("tax bureau of Shanghai")
INVOICE = Document.of("invoice", b"VAT e-invoice 3100194130 00123456", number="00123456")
PARAMS = ChainParams.regtest().with_issuers({"invoice": [TAX_BUREAU.address]})


@dataclass
class Ledger:
    """The chain and the outputs the tests refer to by name."""

    chain: Blockchain
    spent: OutPoint  # Alice's first reward, spent by `payment`
    alice_coin: OutPoint  # Alice's second reward: 50 coins, unspent
    bob_coin: OutPoint  # 10 coins Alice paid Bob
    bob_invoice: OutPoint  # the invoice the tax bureau issued to Bob
    payment: Transaction  # Alice -> Bob, confirmed


def pay(key: PrivateKey, spends: list[OutPoint], outputs: list[TxOut], chain_id: str = PARAMS.name):
    """A payment spending ``spends`` with ``key``."""
    return sign(Transaction(tuple(TxIn(op) for op in spends), tuple(outputs)), key, chain_id)


def make_ledger(params: ChainParams = PARAMS) -> Ledger:
    chain = Blockchain(params, backend="ecdsa")
    first = mine_block(chain, ALICE.address)
    second = mine_block(chain, ALICE.address)
    spent = OutPoint(first.transactions[0].txid, 0)
    payment = pay(ALICE, [spent], [TxOut.coin(BOB.address, 10), TxOut.coin(ALICE.address, 40)])
    chain.submit(payment)
    issuance = issue_document(chain, TAX_BUREAU, BOB.address, INVOICE)
    mine_block(chain, MINER.address)
    return Ledger(
        chain,
        spent,
        OutPoint(second.transactions[0].txid, 0),
        OutPoint(payment.txid, 0),
        OutPoint(issuance.txid, 0),
        payment,
    )


def forge_block(
    chain: Blockchain,
    transactions: list[Transaction],
    *,
    reward: int | None = None,
    height: int | None = None,
    body: list[Transaction] | None = None,
    **header_changes: object,
) -> Block:
    """A mined block on the tip; every part can be set wrong on purpose.

    ``reward`` and ``height`` go into the coinbase; ``body`` replaces the whole
    transaction list; ``header_changes`` (bits, timestamp, merkle_root) replace
    header fields before mining.
    """
    parent = chain.tip_entry
    next_height = parent.height + 1 if height is None else height
    amount = chain.params.reward(parent.height + 1) if reward is None else reward
    txs = (
        body if body is not None else [coinbase(next_height, MINER.address, amount), *transactions]
    )
    header = BlockHeader(
        1,
        parent.hash,
        merkle_root([tx.txid for tx in txs]) if txs else bytes(32),
        max(chain.now(), median_time_past(parent) + 1),
        expected_bits(parent, chain.params),
        0,
    )
    header = replace(header, **header_changes)  # type: ignore[arg-type]
    found = mine(header)
    assert found is not None
    return Block(found, tuple(txs))


class CountingChecks(dict[bytes, Block]):
    """The chain's record of checked blocks, counting each time a block is entered in it."""

    def __init__(self) -> None:
        super().__init__()
        self.entered: list[bytes] = []

    def __setitem__(self, block_hash: bytes, block: Block) -> None:
        self.entered.append(block_hash)
        super().__setitem__(block_hash, block)
