"""The mempool: valid transactions waiting for a block.

A node checks every transaction it hears of against its UTXO set *and* the
transactions already waiting (Bitcoin Core ``MemPoolAccept``), so the pool
never holds two transactions that spend the same output: the second spend of
an e-invoice is refused here, long before any block. Transactions may spend
outputs of other waiting transactions; the pool keeps them in arrival order,
which is an order in which a block can include them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from minichain.errors import ConsensusError, Phrase, TransactionError
from minichain.ledger import UtxoSet, UtxoView, check_spend
from minichain.params import ChainParams
from minichain.sigcache import SignatureChecker
from minichain.tx import Transaction, check_transaction


@dataclass(frozen=True)
class PoolEntry:
    """A waiting transaction and the fee it pays."""

    tx: Transaction
    fee: int


class Mempool:
    """Transactions that are valid on top of the current tip, in arrival order.

    Args:
        utxo: the tip's UTXO set.
        params: the chain's rules.
        checker: the signature checker (shared with the chain, so a transaction
            verified here is not verified again in its block).
    """

    def __init__(self, utxo: UtxoSet, params: ChainParams, checker: SignatureChecker) -> None:
        self.utxo = utxo
        self.params = params
        self.checker = checker
        self.height = 0
        self.entries: dict[bytes, PoolEntry] = {}
        self.view = UtxoView(utxo)

    def __len__(self) -> int:
        return len(self.entries)

    def __contains__(self, txid: object) -> bool:
        return txid in self.entries

    def __iter__(self) -> Iterator[Transaction]:
        return (entry.tx for entry in self.entries.values())

    def add(self, tx: Transaction) -> int:
        """Check ``tx`` against the tip and the waiting transactions; keep it; return its fee.

        Raises:
            ConsensusError: the rule ``tx`` breaks. The pool is unchanged.
        """
        if not isinstance(tx, Transaction):
            raise TransactionError("tx", "must be a Transaction")
        if tx.txid in self.entries:
            raise TransactionError("txid", "is already in the mempool", tx.label)
        check_transaction(tx)
        fee = check_spend(tx, self.view, self.height + 1, self.params, self.checker, checked=True)
        self.view.apply(tx, self.height + 1, Phrase("in the mempool"))
        self.entries[tx.txid] = PoolEntry(tx, fee)
        return fee

    def reset(self, height: int, candidates: list[Transaction]) -> list[Transaction]:
        """Start again on a new tip at ``height``: keep the candidates that are still valid.

        Called after every change of tip. Candidates that are now in the chain,
        or that conflict with it, are dropped; the dropped ones are returned.
        Signatures are not checked again (the checker remembers them).
        """
        self.height = height
        if not self.entries and not candidates:
            return []  # nothing waits: the empty view over the UTXO set still holds
        self.entries = {}
        self.view = UtxoView(self.utxo)
        dropped = []
        for tx in candidates:
            try:
                self.add(tx)
            except ConsensusError:
                dropped.append(tx)
        return dropped

    def fee(self, txid: bytes) -> int:
        """The fee of a waiting transaction."""
        return self.entries[txid].fee

    def select(self, max_count: int, max_size: int) -> list[PoolEntry]:
        """The longest prefix of the pool within ``max_count`` txs and ``max_size`` bytes."""
        chosen: list[PoolEntry] = []
        size = 0
        for entry in self.entries.values():
            if len(chosen) >= max_count or size + entry.tx.size + 4 > max_size:
                break
            chosen.append(entry)
            size += entry.tx.size + 4
        return chosen
