"""What a block of calls commits to: :class:`Receipt`, :func:`state_root`, :func:`receipts_root`.

After executing a block, the proposer writes two Merkle roots in the
coinbase memo, after the height: the state root (over every state entry,
sorted by key) and the receipts root (over the block's receipts, in order).
The coinbase is in the block's Merkle tree, so the header commits to both,
as Bitcoin commits its witness root in the coinbase (BIP 141), and as a
FISCO BCOS block header carries its ``stateRoot`` and ``receiptsRoot``.
Every member recomputes them before it votes. The roots are hashed with the
chain's crypto suite: SHA-256 leaves and a ``sha256d`` tree, or SM3 for both
on the national suite (GB/T 32905-2016).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, NamedTuple

from minichain.errors import StateRootError
from minichain.ledger import Block
from minichain.merkle import merkle_root
from minichain.plain import CANONICAL_JSON
from minichain.suite import BITCOIN, Suite
from minichain.tx import U32

STATE_TAG = b"state:"
"""In the coinbase memo, after the height: then the state root and the receipts root."""
EMPTY_ROOT = bytes(32)
"""The root of an empty state, or of a block without calls."""


class Receipt(NamedTuple):
    """The outcome of one call, the same on every member (a named tuple: one per call).

    Attributes:
        txid: the call transaction.
        contract: the contract called.
        method: the method called.
        caller: the caller's address.
        ok: whether the call succeeded (and its writes took effect).
        result: what the method returned (plain data), ``None`` if it failed.
        error: for a failed call, ``"ErrorClass: field: rule"``; else ``""``.
        gas_used: the gas the call used.
    """

    txid: bytes
    contract: str
    method: str
    caller: str
    ok: bool
    result: Any
    error: str
    gas_used: int

    def leaf(self, suite: Suite = BITCOIN) -> bytes:
        """The receipt's leaf in the receipts root: the suite's digest of its canonical JSON."""
        fields = [self.txid.hex(), self.contract, self.method, self.caller, self.ok]
        fields += [self.result, self.error, self.gas_used]
        return suite.digest(CANONICAL_JSON.encode(fields).encode())  # plain: checked

    def __str__(self) -> str:
        outcome = f"ok {self.result!r}" if self.ok else f"failed, {self.error}"
        return (
            f"{self.contract}.{self.method} by {self.caller[:8]}…: {outcome} ({self.gas_used} gas)"
        )


def state_root(state: Mapping[str, bytes], suite: Suite = BITCOIN) -> bytes:
    """Merkle root of the state: one leaf per entry, ``digest(len(key) || key || value)``,
    sorted by key (:data:`EMPTY_ROOT` for an empty state).

    The chain's suite hashes the leaves and the tree: SHA-256 and ``sha256d``,
    or SM3 for both on the national suite.
    """
    if not state:
        return EMPTY_ROOT
    leaves = []
    for key in sorted(state):
        raw = key.encode()
        leaves.append(suite.digest(U32.pack(len(raw)) + raw + state[key]))
    return merkle_root(leaves, node_hash=suite.node_hash)


def receipts_root(receipts: Iterable[Receipt], suite: Suite = BITCOIN) -> bytes:
    """Merkle root of a block's receipts in block order (:data:`EMPTY_ROOT` if none),
    hashed with the chain's suite as :func:`state_root` is."""
    leaves = [receipt.leaf(suite) for receipt in receipts]
    return merkle_root(leaves, node_hash=suite.node_hash) if leaves else EMPTY_ROOT


def committed_roots(block: Block) -> tuple[bytes, bytes]:
    """The state root and receipts root a block's coinbase memo commits to.

    Raises:
        StateRootError: the memo does not carry them.
    """
    memo = block.transactions[0].memo if block.transactions else b""
    note = memo[4:]
    if len(note) != len(STATE_TAG) + 64 or not note.startswith(STATE_TAG):
        raise StateRootError(
            "coinbase.memo", "must hold the height, 'state:', the state root and the receipts root"
        )
    start = len(STATE_TAG)
    return note[start : start + 32], note[start + 32 :]
