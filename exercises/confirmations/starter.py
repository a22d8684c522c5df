"""How many blocks to wait, and which chain to follow: fill in the six functions marked TODO."""

import math
from dataclasses import dataclass

from minichain.chain import Blockchain
from minichain.errors import (
    BlockError,
    DoubleSpendError,
    MissingInputError,
    OutOfRangeError,
    TransactionError,
)


@dataclass(frozen=True)
class ToyTx:
    """A transaction of the toy ledger: the coins it spends and the coins it creates.

    A coin is named by a string, ``"<txid>:<index>"`` when it comes from a minichain chain.
    """

    spends: tuple[str, ...]
    creates: tuple[str, ...]


@dataclass(frozen=True)
class ToyBlock:
    """A block as fork choice and the coin set see it.

    Attributes:
        hash: the block's name.
        parent: the ``hash`` of the block before it.
        work: the expected hashes it cost (``block_work`` of its bits, lesson 6).
        txs: its transactions, in order.
    """

    hash: str
    parent: str
    work: int
    txs: tuple[ToyTx, ...]


@dataclass(frozen=True)
class Undo:
    """What connecting a block changed: enough to disconnect it again.

    Attributes:
        spent: coins that were unspent before the block and that it spent.
        created: coins the block created that are still unspent after it.
    """

    spent: frozenset[str]
    created: frozenset[str]


def attacker_success(q: float, z: int) -> float:
    """The paper's chance that an attacker with share ``q`` undoes a payment ``z`` blocks deep."""
    # TODO: check q and z, return 1.0 when q >= p, else 1 - the sum over k = 0..z.
    raise NotImplementedError("attacker_success")


def blocks_to_wait(q: float, risk: float) -> int:
    """The smallest ``z`` for which ``attacker_success(q, z)`` is below ``risk``."""
    # TODO: check q and risk, then try z = 0, 1, 2, ... until the risk is below the limit.
    raise NotImplementedError("blocks_to_wait")


def is_settled(chain: Blockchain, txid: bytes, q: float, risk: float) -> bool:
    """Whether ``txid`` has enough confirmations on ``chain`` for an attacker of share ``q``."""
    # TODO: find the transaction's block on the active chain, count the blocks from it to
    # the tip, and compare with the blocks to wait.
    raise NotImplementedError("is_settled")


def connect(coins: frozenset[str], block: ToyBlock) -> tuple[frozenset[str], Undo]:
    """The coin set after ``block``, and the undo data that takes it back."""
    # TODO: apply each transaction in turn: its spends must be unspent (and not spent earlier
    # in the block); keep what the undo data needs.
    raise NotImplementedError("connect")


def disconnect(coins: frozenset[str], undo: Undo) -> frozenset[str]:
    """The coin set before the block that ``undo`` describes."""
    # TODO: check that the block can be taken back, then drop what it created and restore
    # what it spent.
    raise NotImplementedError("disconnect")


def follow(
    genesis: str, coins: frozenset[str], blocks: list[ToyBlock]
) -> tuple[list[str], frozenset[str]]:
    """The active chain (hashes, genesis first) and coins of a node that received ``blocks``."""
    # TODO: for each block: its chainwork; if it beats the tip, disconnect back to the fork
    # point and connect the new branch; if a block of it is invalid, put everything back.
    raise NotImplementedError("follow")
