"""The miner: a block template from the mempool, mined, added to the chain and checked once."""

from __future__ import annotations

import pytest

from minichain.chain import Blockchain
from minichain.errors import BlockError, DoubleSpendError, WrongTypeError
from minichain.miner import build_block, mine_block
from minichain.params import ChainParams
from minichain.tx import TxOut
from minichain.wallet import transfer
from tests.ledger_fixtures import (
    ALICE,
    BOB,
    CAROL,
    MINER,
    PARAMS,
    CountingChecks,
    make_ledger,
    pay,
)


def test_mining_pays_the_reward_to_the_miner():
    chain = Blockchain(PARAMS)
    block = mine_block(chain, ALICE.address)
    assert chain.height == 1 and chain.tip == block
    assert chain.balance(ALICE.address) == PARAMS.block_reward


def test_mining_progress_counts_every_nonce_tried_up_to_the_winner():
    chain = Blockchain(ChainParams.classroom())
    reports: list[int] = []
    block = mine_block(chain, ALICE.address, progress=reports.append)
    assert reports == sorted(reports)
    assert reports[-1] == block.header.nonce + 1  # nonces 0..nonce were tried


def test_mining_progress_must_be_callable():
    with pytest.raises(WrongTypeError, match="progress: must be callable"):
        mine_block(Blockchain(PARAMS), ALICE.address, progress=5)  # type: ignore[arg-type]


def test_mine_with_given_transactions_ignores_the_mempool():
    ledger = make_ledger()
    chain = ledger.chain
    waiting = transfer(chain, ALICE, BOB.address, 5)
    chosen = pay(BOB, [ledger.bob_coin], [TxOut.coin(CAROL.address, 10)])
    block = mine_block(chain, MINER.address, [chosen])
    assert block.transactions[1:] == (chosen,)
    assert waiting.txid in chain.mempool


def test_a_block_the_node_mined_is_checked_once():
    checks = CountingChecks()
    chain = Blockchain(PARAMS, checked=checks)
    block = mine_block(chain, ALICE.address)
    assert checks.entered == [block.hash]
    assert chain.add_block(block).name == "KNOWN"
    assert checks.entered == [block.hash]


def test_a_block_checked_on_the_tip_is_connected_from_that_check():
    checks = CountingChecks()
    chain = Blockchain(PARAMS, checked=checks)
    mine_block(chain, ALICE.address)
    transfer(chain, ALICE, BOB.address, 5)
    block = build_block(chain, MINER.address)  # as a consortium's proposer builds its block
    chain.check_block(block)  # ...and checks it before it signs
    assert chain.height == 1 and chain.balance(BOB.address) == 0  # checking changed nothing
    chain.add_block(block)  # final: connected from the check
    assert checks.entered.count(block.hash) == 1
    assert chain.height == 2 and chain.balance(BOB.address) == 5


def test_a_check_made_on_an_old_tip_is_not_used_on_a_new_one():
    chain = Blockchain(PARAMS)
    early = build_block(chain, ALICE.address)
    chain.check_block(early)
    later = mine_block(chain, BOB.address)
    assert chain.tip == later
    with pytest.raises(BlockError, match="prev_hash: does not name the tip"):
        chain.check_block(early)


def test_a_given_transaction_that_breaks_a_rule_is_refused_before_mining():
    ledger = make_ledger()
    chain = ledger.chain
    first = pay(BOB, [ledger.bob_coin], [TxOut.coin(CAROL.address, 10)])
    second = pay(BOB, [ledger.bob_coin], [TxOut.coin(ALICE.address, 10)])
    height = chain.height
    with pytest.raises(DoubleSpendError):
        build_block(chain, MINER.address, [first, second])
    assert chain.height == height


def test_notes_make_different_blocks_on_the_same_tip():
    chain = Blockchain(ChainParams.regtest())
    one = build_block(chain, MINER.address, [], note=b"one")
    two = build_block(chain, MINER.address, [], note=b"two")
    assert one.hash != two.hash and one.header.prev_hash == two.header.prev_hash


def test_the_miner_builds_on_a_blockchain_only():
    with pytest.raises(WrongTypeError, match="chain: must be a Blockchain"):
        build_block("chain", MINER.address)  # type: ignore[arg-type]
