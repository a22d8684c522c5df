"""What ``minichain verify`` checks: a chain file re-validated from genesis, its first problem.

Opening a chain file (:meth:`minichain.chain.Blockchain.open`) already
refuses a damaged one, but it trusts the signatures it once checked and stops
with the first message it meets. ``verify`` walks the rows itself and feeds
each block to a new, empty :class:`~minichain.chain.Blockchain` through
:meth:`~minichain.chain.Blockchain.add_block`, the code every block goes
through, with a new signature cache, so every rule is checked again,
signatures included. The only rule judged differently is "not more than two
hours in the future": it is about the clock when a block *arrives*, so each
block is judged at the time it claims, as the replay on opening does.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from minichain.chain import Blockchain
    from minichain.ledger import Block
    from minichain.params import ChainParams
    from minichain.store import StoredRow


@dataclass(frozen=True)
class Problem:
    """The first thing wrong with a chain file.

    Attributes:
        row: the block's row in the file (arrival order, from 1).
        height: the block's height, or ``None`` when it cannot be told.
        block_hash: the block's hash (its row's, when the block does not decode).
        field: the field that breaks a rule.
        rule: the rule, in words.
        where: where the library found it (block, transaction), outermost first; empty if
            the refusal does not say.
    """

    row: int
    height: int | None
    block_hash: bytes
    field: str
    rule: str
    where: tuple[str, ...] = ()


@dataclass(frozen=True)
class Summary:
    """What a sound chain file holds.

    Attributes:
        height: the tip's height.
        tip: the tip's hash.
        blocks: blocks checked (every row).
        transactions: transactions checked.
        side_blocks: blocks on side branches, each counted once.
    """

    height: int
    tip: bytes
    blocks: int
    transactions: int
    side_blocks: int


def claimed_height(block: Block) -> int | None:
    """The height a block's coinbase memo states (BIP 34), for a block whose parent is missing."""
    transactions = block.transactions
    if not transactions or not transactions[0].is_coinbase or len(transactions[0].memo) < 4:
        return None
    return int.from_bytes(transactions[0].memo[:4], "little")


def _height(chain: Blockchain, block: Block) -> int | None:
    parent = chain.entries.get(block.header.prev_hash)
    return claimed_height(block) if parent is None else parent.height + 1


def check_chain_file(
    path: Path,
    params: ChainParams,
    progress: Callable[[int, int], object] | None = None,
) -> Summary | Problem:
    """Re-validate every block of the file at ``path``; the summary, or the first problem.

    ``progress(done, total)`` is called after each row.

    Raises:
        StoreError: ``path`` is not a chain file of ``params``'s chain at all.
    """
    from minichain.chain import Blockchain
    from minichain.errors import ConsensusError, EncodingError, StoreError, WrongTypeError
    from minichain.header import HEADER_SIZE, BlockHeader
    from minichain.ledger import Block
    from minichain.store import ChainStore

    store = ChainStore(path, params, read_only=True)
    try:
        rows = store.rows()
        arrival = [0]
        chain = Blockchain(params, clock=lambda: arrival[0])
        blocks: dict[bytes, Block] = {}
        for done, row in enumerate(rows, 1):
            try:
                block = Block.parse(row.data, params.suite)
            except (EncodingError, WrongTypeError) as error:
                height = None
                if len(row.data) >= HEADER_SIZE:
                    parent = chain.entries.get(BlockHeader.parse(row.data[:HEADER_SIZE]).prev_hash)
                    height = None if parent is None else parent.height + 1
                return Problem(row.seq, height, row.hash, error.field, error.rule)
            arrival[0] = block.header.timestamp
            try:
                chain.add_block(block)
            except ConsensusError as error:
                return Problem(
                    row.seq,
                    _height(chain, block),
                    block.hash,
                    error.field,
                    error.rule,
                    error.places,
                )
            try:
                store.decode(row)  # the row's own hash and status
            except StoreError as error:
                return Problem(row.seq, _height(chain, block), row.hash, "row", error.rule)
            blocks[row.hash] = block
            if progress is not None:
                progress(done, len(rows))
        problem = _unconnected(chain, rows, blocks)
        if problem is not None:
            return problem
        side = chain.stale_block_count()
        transactions = sum(len(block.transactions) for block in blocks.values())
        return Summary(chain.height, chain.tip.hash, len(rows), transactions, side)
    finally:
        store.close()


def _unconnected(
    chain: Blockchain, rows: list[StoredRow], blocks: dict[bytes, Block]
) -> Problem | None:
    """The lowest block stored as connected (``valid``/``stored``) that never joined the chain."""
    from minichain.errors import ConsensusError
    from minichain.hashing import short_hex
    from minichain.store import BlockStatus

    missing = []
    for row in rows:
        if row.status == BlockStatus.ORPHAN or row.hash in chain.entries:
            continue
        block = blocks[row.hash]
        if block.header.prev_hash in chain.entries:
            # Its parent is here, yet it is not: it failed when the parent arrived. Say why.
            try:
                chain.add_block(block)
            except ConsensusError as error:
                height = _height(chain, block)
                missing.append(
                    Problem(row.seq, height, block.hash, error.field, error.rule, error.places)
                )
            continue
        missing.append(
            Problem(
                row.seq,
                claimed_height(block),
                block.hash,
                "header.prev_hash",
                f"names the parent {short_hex(block.header.prev_hash)}, which is in no row of "
                "the file: the chain is broken here",
            )
        )
    if not missing:
        return None
    return min(
        missing, key=lambda problem: (problem.height is None, problem.height or 0, problem.row)
    )
