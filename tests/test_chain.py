"""The chain as lessons use it: fork choice by work, reorgs, orphans, queries."""

from __future__ import annotations

import pytest

from minichain.chain import Added, Block, Blockchain, genesis_block
from minichain.errors import EncodingError
from minichain.miner import mine_block
from minichain.params import ChainParams
from minichain.tx import TxOut
from minichain.wallet import transfer
from tests.ledger_fixtures import (
    ALICE,
    BOB,
    CAROL,
    MINER,
    PARAMS,
    forge_block,
    make_ledger,
    pay,
)


def test_two_chains_with_the_same_params_share_their_genesis():
    first, second = Blockchain(PARAMS), Blockchain(PARAMS)
    assert first.genesis.hash == second.genesis.hash == genesis_block(PARAMS).hash
    assert Blockchain(ChainParams.classroom()).genesis.hash != first.genesis.hash


# --- fork choice and reorgs ------------------------------------------------------


def copy_of(chain: Blockchain) -> Blockchain:
    """A second node that has received every block of ``chain``: a rival miner."""
    rival = Blockchain(chain.params)
    for block in list(chain)[1:]:
        rival.add_block(block)
    return rival


def grow(chain: Blockchain, count: int, miner=MINER) -> list:
    return [mine_block(chain, miner.address) for _ in range(count)]


def longer_and_heavier() -> tuple[Blockchain, Blockchain, list, list]:
    """Two chains from one genesis: 3 easy blocks, and 2 blocks with more work in all."""
    params = ChainParams.classroom(retarget_interval=2, target_spacing=600)
    honest, rival = Blockchain(params), Blockchain(params)
    start = params.genesis_timestamp
    slow = []
    for seconds in (2400, 3000, 3600):  # slow blocks keep the easiest difficulty: 3 blocks
        slow.append(forge_block(honest, [], timestamp=start + seconds))
        honest.add_block(slow[-1])
    # The rival mines 2 blocks fast: the retarget at height 2 makes block 2 four times harder.
    fast = []
    for seconds in (1, 2):
        fast.append(forge_block(rival, [], timestamp=start + seconds))
        rival.add_block(fast[-1])
    return honest, rival, slow, fast


def test_a_shorter_branch_with_more_work_wins():
    honest, rival, _, (first, second) = longer_and_heavier()
    assert honest.tip_entry.chainwork < rival.tip_entry.chainwork
    assert honest.height == 3 and rival.height == 2
    assert honest.add_block(first) == Added.SIDE_BRANCH
    assert honest.add_block(second) == Added.REORGANIZED
    assert honest.height == 2
    assert honest.tip.hash == second.hash


def test_is_active_only_for_blocks_of_the_active_chain():
    honest, rival, slow, fast = longer_and_heavier()
    for block in fast:
        honest.add_block(block)
    assert all(honest.is_active(block.hash) for block in [honest.genesis, *fast])
    # The losing branch is taller than the active chain: its block 3 has no active twin.
    assert not any(honest.is_active(block.hash) for block in slow)
    assert not honest.is_active(bytes(32))


def test_equal_work_keeps_the_first_seen_tip():
    a, b = Blockchain(PARAMS), Blockchain(PARAMS)
    mine_a = mine_block(a, ALICE.address)
    mine_b = mine_block(b, BOB.address)
    assert a.add_block(mine_b) == Added.SIDE_BRANCH
    assert a.tip.hash == mine_a.hash


def test_confirmations_count_the_block_of_a_transaction_and_every_block_after_it():
    ledger = make_ledger()
    chain = ledger.chain
    paid = transfer(chain, BOB, CAROL.address, 4)
    assert chain.confirmations(paid.txid) == 0  # in the mempool: not yet confirmed
    mine_block(chain, MINER.address)
    assert chain.confirmations(paid.txid) == 1
    grow(chain, 5)
    assert chain.confirmations(paid.txid) == 6


def test_a_reorg_takes_the_confirmations_of_the_losing_branch_away():
    ledger = make_ledger()
    chain = ledger.chain
    rival = copy_of(chain)
    paid = transfer(chain, BOB, CAROL.address, 4)
    grow(chain, 2)
    assert chain.confirmations(paid.txid) == 2
    for block in grow(rival, 3, miner=CAROL):
        chain.add_block(block)
    assert chain.confirmations(paid.txid) == 0


def test_confirmations_refuse_a_txid_that_is_not_32_bytes():
    with pytest.raises(EncodingError):
        Blockchain(PARAMS).confirmations(b"short")


def test_side_branches_list_each_losing_branch_oldest_first():
    chain = Blockchain(PARAMS)
    rival = copy_of(chain)
    grow(chain, 1)
    first_losing = chain.tip_entry
    for block in grow(rival, 2, miner=CAROL):
        chain.add_block(block)
    assert chain.side_branches() == [[first_losing]]
    assert first_losing.parent is chain.main[0]


def two_branches_sharing_a_block():
    """A chain of 3 that heard of two rival 2-block branches built on one shared block."""
    chain = Blockchain(PARAMS)
    rival = copy_of(chain)
    (shared,) = grow(rival, 1, miner=CAROL)
    other = copy_of(rival)
    ours, theirs = grow(rival, 1, miner=CAROL)[0], grow(other, 1, miner=ALICE)[0]
    grow(chain, 3)
    for block in (shared, ours, theirs):
        chain.add_block(block)
    return chain, shared, ours, theirs


def test_side_branches_that_split_off_together_share_their_first_blocks():
    chain, shared, ours, theirs = two_branches_sharing_a_block()
    branches = chain.side_branches()
    assert [[entry.hash for entry in branch] for branch in branches] == sorted(
        [[shared.hash, ours.hash], [shared.hash, theirs.hash]], key=lambda hashes: hashes[1]
    )
    assert all(branch[0].parent is chain.main[0] for branch in branches)


def test_stale_block_count_counts_a_block_two_side_branches_share_once():
    chain, *_ = two_branches_sharing_a_block()
    assert sum(len(branch) for branch in chain.side_branches()) == 4
    assert chain.stale_block_count() == 3


def test_a_chain_without_forks_has_no_side_branches():
    chain = Blockchain(PARAMS)
    grow(chain, 3)
    assert chain.side_branches() == []
    assert chain.stale_block_count() == 0


def test_reorg_returns_the_losing_branchs_transactions_to_the_mempool():
    ledger = make_ledger()
    chain = ledger.chain
    rival = copy_of(chain)
    paid = transfer(chain, BOB, CAROL.address, 4)
    mine_block(chain, MINER.address)
    assert paid.txid not in chain.mempool
    blocks = grow(rival, 2, miner=CAROL)
    for block in blocks:
        chain.add_block(block)
    assert chain.tip.hash == blocks[-1].hash
    assert paid.txid in chain.mempool  # back, waiting for a block on the new branch
    assert chain.balance(CAROL.address) == 2 * PARAMS.block_reward


def test_reorg_drops_transactions_that_conflict_with_the_new_branch():
    ledger = make_ledger()
    chain = ledger.chain
    rival = copy_of(chain)
    to_carol = transfer(chain, BOB, CAROL.address, 4)
    mine_block(chain, MINER.address)
    # On the rival branch Bob spent the same coins differently: a double spend by reorg.
    to_alice = pay(BOB, [ledger.bob_coin], [TxOut.coin(ALICE.address, 10)])
    rival.submit(to_alice)
    for block in grow(rival, 2):
        chain.add_block(block)
    assert to_carol.txid not in chain.mempool
    assert chain.balance(ALICE.address) == rival.balance(ALICE.address)
    assert chain.balance(CAROL.address) == 0


def test_reorg_disconnects_only_back_to_the_fork_point():
    ledger = make_ledger()
    chain = ledger.chain
    rival = copy_of(chain)
    grow(chain, 2)
    kept = chain.undo[chain.block_at(ledger.chain.height - 2).hash]
    for block in grow(rival, 3, miner=CAROL):
        chain.add_block(block)
    # The shared blocks keep the very same undo records: they were never disconnected.
    assert chain.undo[chain.block_at(3).hash] is kept
    assert chain.utxo.coins == rival.utxo.coins


def test_invalid_block_on_the_heavier_branch_restores_the_old_chain():
    ledger = make_ledger()
    chain = ledger.chain
    rival = copy_of(chain)
    grow(chain, 1)
    tip, coins = chain.tip.hash, dict(chain.utxo.coins)
    good = mine_block(rival, CAROL.address)
    bad = forge_block(rival, [], reward=PARAMS.block_reward + 1)
    assert chain.add_block(good) == Added.SIDE_BRANCH
    with pytest.raises(Exception, match="coinbase.outputs"):
        chain.add_block(bad)
    assert chain.tip.hash == tip and chain.utxo.coins == coins
    assert bad.hash not in chain.entries and good.hash in chain.entries


def test_orphan_is_held_until_its_parent_arrives():
    chain, source = Blockchain(PARAMS), Blockchain(PARAMS)
    first, second, third = grow(source, 3)
    assert chain.add_block(third) == Added.ORPHAN
    assert chain.add_block(second) == Added.ORPHAN
    assert chain.add_block(first) == Added.EXTENDED
    assert chain.tip.hash == third.hash
    assert not chain.orphans


def test_known_block_is_reported_as_known():
    chain = Blockchain(PARAMS)
    block = mine_block(chain, ALICE.address)
    assert chain.add_block(block) == Added.KNOWN


def test_simulated_time_gives_the_same_blocks_on_every_run():
    a, b = Blockchain(ChainParams.classroom()), Blockchain(ChainParams.classroom())
    assert [blk.hash for blk in grow(a, 3)] == [blk.hash for blk in grow(b, 3)]


def test_injected_clock_sets_mined_timestamps():
    now = [PARAMS.genesis_timestamp + 5000]
    chain = Blockchain(PARAMS, clock=lambda: now[0])
    assert mine_block(chain, ALICE.address).header.timestamp == now[0]


def test_bitcoin_params_are_refused_for_a_full_chain():
    with pytest.raises(TypeError, match="HeaderChain"):
        Blockchain(ChainParams.bitcoin())


def test_owner_index_built_early_follows_blocks_and_reorgs():
    ledger = make_ledger()
    chain = ledger.chain
    rival = copy_of(chain)
    assert chain.balance(BOB.address) == 10  # builds the owner index
    transfer(chain, BOB, CAROL.address, 4)
    mine_block(chain, MINER.address)
    for block in grow(rival, 2, miner=CAROL):
        chain.add_block(block)
    fresh = copy_of(rival)  # its index is built only now, from the final UTXO set
    for key in (ALICE, BOB, CAROL, MINER):
        assert chain.balance(key.address) == fresh.balance(key.address)
    assert chain.utxo.by_owner == fresh.utxo.by_owner


def test_a_block_survives_its_bytes_with_the_same_id_and_size():
    ledger = make_ledger()
    block = ledger.chain.tip
    raw = block.serialize()
    copy = Block.parse(raw)
    assert copy == block
    assert (copy.hash, copy.size, copy.txids) == (block.hash, len(raw), block.txids)
