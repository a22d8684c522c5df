"""How many blocks to wait, and which chain to follow: the reference solution."""

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
    ### BEGIN SOLUTION
    if not 0 <= q <= 1:
        raise OutOfRangeError("q", f"must be between 0 and 1, got {q}")
    if z < 0:
        raise OutOfRangeError("z", f"must be 0 or more, got {z}")
    p = 1 - q
    if q >= p:
        return 1.0
    lam = z * q / p
    term = math.exp(-lam)  # poisson(0)
    total = 0.0
    for k in range(z + 1):
        total += term * (1 - (q / p) ** (z - k))
        term *= lam / (k + 1)  # poisson(k + 1) from poisson(k)
    return 1 - total
    ### END SOLUTION


def blocks_to_wait(q: float, risk: float) -> int:
    """The smallest ``z`` for which ``attacker_success(q, z)`` is below ``risk``."""
    ### BEGIN SOLUTION
    if not 0 <= q < 0.5:
        raise OutOfRangeError("q", f"must be at least 0 and below 0.5, got {q}")
    if not 0 < risk <= 1:
        raise OutOfRangeError("risk", f"must be above 0 and at most 1, got {risk}")
    z = 0
    while attacker_success(q, z) >= risk:
        z += 1
    return z
    ### END SOLUTION


def is_settled(chain: Blockchain, txid: bytes, q: float, risk: float) -> bool:
    """Whether ``txid`` has enough confirmations on ``chain`` for an attacker of share ``q``."""
    ### BEGIN SOLUTION
    needed = blocks_to_wait(q, risk)
    confirmations = 0
    for height, block in enumerate(chain):  # the active chain, genesis first
        if any(tx.txid == txid for tx in block.transactions):
            confirmations = chain.height - height + 1
    return confirmations >= needed
    ### END SOLUTION


def connect(coins: frozenset[str], block: ToyBlock) -> tuple[frozenset[str], Undo]:
    """The coin set after ``block``, and the undo data that takes it back."""
    ### BEGIN SOLUTION
    current = set(coins)
    spent_here: set[str] = set()
    spent, created = set(), set()
    for position, tx in enumerate(block.txs):
        for coin in tx.spends:
            if coin in spent_here:
                raise DoubleSpendError(
                    "spends", f"tx {position} of {block.hash} spends {coin} again"
                )
            if coin not in current:
                raise MissingInputError("spends", f"tx {position} of {block.hash}: no coin {coin}")
            current.remove(coin)
            spent_here.add(coin)
            if coin in created:
                created.remove(coin)  # made and spent inside the block: nothing to undo
            else:
                spent.add(coin)
        current.update(tx.creates)
        created.update(tx.creates)
    return frozenset(current), Undo(frozenset(spent), frozenset(created))
    ### END SOLUTION


def disconnect(coins: frozenset[str], undo: Undo) -> frozenset[str]:
    """The coin set before the block that ``undo`` describes."""
    ### BEGIN SOLUTION
    missing = undo.created - coins
    if missing:
        raise BlockError("created", f"{sorted(missing)} already spent: disconnect the tip first")
    back = undo.spent & coins
    if back:
        raise BlockError(
            "spent", f"{sorted(back)} are unspent already: this block is not connected"
        )
    return (coins - undo.created) | undo.spent
    ### END SOLUTION


def follow(
    genesis: str, coins: frozenset[str], blocks: list[ToyBlock]
) -> tuple[list[str], frozenset[str]]:
    """The active chain (hashes, genesis first) and coins of a node that received ``blocks``."""
    ### BEGIN SOLUTION
    known: dict[str, tuple[ToyBlock | None, int]] = {genesis: (None, 0)}  # block, chainwork
    active, undos = [genesis], []
    for block in blocks:
        if block.hash in known or block.parent not in known:
            continue  # a block seen before, or one whose parent is unknown or invalid
        chainwork = known[block.parent][1] + block.work
        known[block.hash] = (block, chainwork)
        if chainwork <= known[active[-1]][1]:
            continue  # a tie keeps the branch seen first
        branch, cursor = [], block.hash
        while cursor not in active:  # back to the fork point
            branch.append(known[cursor][0])
            cursor = known[cursor][0].parent
        saved = (list(active), coins, list(undos))
        while active[-1] != cursor:  # disconnect the losing blocks, newest first
            coins = disconnect(coins, undos.pop())
            active.pop()
        for new in reversed(branch):  # connect the new branch, oldest first
            try:
                coins, undo = connect(coins, new)
            except TransactionError:
                active, coins, undos = saved  # put everything back as it was
                doomed = {new.hash}
                for name, (other, _) in list(known.items()):  # known is in arrival order
                    if other is not None and other.parent in doomed:
                        doomed.add(name)
                for name in doomed:
                    del known[name]
                break
            undos.append(undo)
            active.append(new.hash)
    return active, coins
    ### END SOLUTION
