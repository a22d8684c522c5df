"""The miner: a block template from the mempool, its proof-of-work, and the block added.

A node that mines does three things a node that only validates does not
(Bitcoin Core ``BlockAssembler::CreateNewBlock`` and ``generateBlocks``):

1. it picks transactions, the mempool's in arrival order (the mempool has
   checked each one against the tip) or the ones it is given (checked here
   against the tip, since the coinbase pays their fees);
2. it writes the coinbase that pays the reward plus the fees to its address,
   with the height first in the memo (BIP 34), and a header on the tip with
   the difficulty the rules expect and a timestamp after the median time past;
3. it searches nonces (:func:`minichain.pow.mine`) and hands the block to the
   chain, which checks it once, as it checks any block, and follows it.

::

    chain = Blockchain()
    mine_block(chain, alice.address)   # 50 coins for Alice
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace

from minichain.chain import Blockchain
from minichain.errors import UINT32_MAX, WrongTypeError, describe_type
from minichain.header import BlockHeader
from minichain.headers import expected_bits, median_time_past
from minichain.ledger import Block, UtxoView, check_spend
from minichain.merkle import merkle_root
from minichain.pow import mine
from minichain.tx import Transaction, coinbase

__all__ = ["build_block", "mine_block"]


def mine_block(
    chain: Blockchain,
    miner_address: str,
    transactions: Iterable[Transaction] | None = None,
    *,
    progress: Callable[[int], object] | None = None,
) -> Block:
    """Mine a block on ``chain``'s tip from its mempool (or ``transactions``), add it, return it.

    The coinbase pays ``miner_address`` the reward plus the fees; ``progress``
    is passed on to :func:`build_block`. The chain checks the block once, when
    it is added (:meth:`~minichain.chain.Blockchain.add_block`).

    Raises:
        ConsensusError: one of the given ``transactions`` is invalid (nothing changes).
    """
    block = build_block(chain, miner_address, transactions, progress=progress)
    chain.add_block(block)
    return block


def build_block(
    chain: Blockchain,
    miner_address: str,
    transactions: Iterable[Transaction] | None = None,
    note: bytes = b"",
    *,
    progress: Callable[[int], object] | None = None,
) -> Block:
    """A block on ``chain``'s tip with its proof-of-work, made but not added.

    It carries the mempool's best transactions, or ``transactions`` (checked
    against the tip), and a coinbase paying ``miner_address`` the reward plus
    the fees; ``note`` follows the height in the coinbase memo, so different
    notes give different blocks. :func:`mine_block` adds what this builds; a
    permissioned chain's proposer checks it on the tip
    (:meth:`~minichain.chain.Blockchain.check_block`) and signs it instead.
    ``progress`` is called with the number of nonces tried so far for this
    block, after every chunk of work (see :func:`minichain.pow.mine`), so a
    caller can show a progress bar or a hash rate.

    Raises:
        ConsensusError: one of the given ``transactions`` is invalid.
    """
    if not isinstance(chain, Blockchain):
        raise WrongTypeError(
            "chain", "must be a Blockchain, got {chain_type}", chain_type=describe_type(chain)
        )
    params = chain.params
    params.suite.parse_address(miner_address, "miner_address")
    parent = chain.tip_entry
    height = parent.height + 1
    if transactions is None:
        room = params.max_block_size - 1_000
        picked = chain.mempool.select(params.max_block_transactions - 1, room)
        txs, fees = [entry.tx for entry in picked], sum(entry.fee for entry in picked)
    else:
        txs, fees = list(transactions), 0
        view = UtxoView(chain.utxo)
        for tx in txs:
            if not isinstance(tx, Transaction):
                raise WrongTypeError(
                    "transactions",
                    "must hold Transactions, got {tx_type}",
                    tx_type=describe_type(tx),
                )
            fees += check_spend(tx, view, height, params, chain.checker)
            view.apply(tx, height, "in the new block")
    reward = coinbase(height, miner_address, params.reward(height) + fees, note, params.suite)
    body = (reward, *txs)
    timestamp = max(chain.now(), median_time_past(parent, params.median_time_span) + 1)
    header = BlockHeader(
        1,
        parent.hash,
        merkle_root([tx.txid for tx in body], node_hash=params.suite.node_hash),
        timestamp,
        expected_bits(parent, params),
        0,
        suite=params.suite,
    )
    if progress is not None and not callable(progress):
        raise WrongTypeError(
            "progress",
            "must be callable, got {progress_type}",
            progress_type=describe_type(progress),
        )
    tried_before = 0  # nonces tried under earlier timestamps, so progress keeps counting up

    def report(tried: int) -> None:
        if progress is not None:
            progress(tried_before + tried)

    hook = None if progress is None else report
    found = mine(header, progress=hook)
    while found is None:  # every nonce failed: a new timestamp gives new hashes
        tried_before += UINT32_MAX + 1
        header = replace(header, timestamp=header.timestamp + 1)
        found = mine(header, progress=hook)
    return Block(found, body)
