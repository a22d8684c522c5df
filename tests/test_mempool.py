"""The mempool: what a node holds between hearing of a transaction and mining it.

Each test starts from the small known ledger of ``tests/ledger_fixtures.py``:
Alice has an unspent 50-coin reward, Bob 10 coins and an e-invoice.
"""

from __future__ import annotations

import pytest

from minichain.errors import DoubleSpendError, MissingInputError, TransactionError
from minichain.mempool import Mempool
from minichain.sigcache import SignatureChecker
from minichain.tx import OutPoint, TxOut
from tests.ledger_fixtures import ALICE, BOB, CAROL, PARAMS, make_ledger, pay


@pytest.fixture
def ledger():
    return make_ledger()


def fresh_pool(ledger) -> Mempool:
    """A pool of its own over the ledger's UTXO set, at the ledger's tip."""
    pool = Mempool(ledger.chain.utxo, PARAMS, SignatureChecker("ecdsa"))
    pool.reset(ledger.chain.height, [])
    return pool


def test_a_valid_payment_waits_in_the_pool_with_its_fee(ledger):
    pool = fresh_pool(ledger)
    tx = pay(ALICE, [ledger.alice_coin], [TxOut.coin(CAROL.address, 45)])
    assert pool.add(tx) == 5
    assert tx.txid in pool and len(pool) == 1 and pool.fee(tx.txid) == 5
    assert list(pool) == [tx]


def test_the_second_spend_of_an_output_is_refused_while_the_first_waits(ledger):
    pool = fresh_pool(ledger)
    first = pay(ALICE, [ledger.alice_coin], [TxOut.coin(CAROL.address, 50)])
    second = pay(ALICE, [ledger.alice_coin], [TxOut.coin(BOB.address, 50)])
    pool.add(first)
    with pytest.raises(DoubleSpendError):
        pool.add(second)
    assert list(pool) == [first]


def test_a_payment_may_spend_an_output_of_a_waiting_payment(ledger):
    pool = fresh_pool(ledger)
    parent = pay(ALICE, [ledger.alice_coin], [TxOut.coin(CAROL.address, 50)])
    child = pay(CAROL, [OutPoint(parent.txid, 0)], [TxOut.coin(BOB.address, 49)])
    pool.add(parent)
    assert pool.add(child) == 1
    assert list(pool) == [parent, child]  # arrival order is an order a block can use


def test_a_payment_spending_an_output_nobody_has_is_refused(ledger):
    pool = fresh_pool(ledger)
    ghost = pay(ALICE, [OutPoint(bytes(32), 0)], [TxOut.coin(CAROL.address, 1)])
    with pytest.raises(MissingInputError):
        pool.add(ghost)
    assert len(pool) == 0


def test_the_same_transaction_twice_is_refused_by_txid(ledger):
    pool = fresh_pool(ledger)
    tx = pay(ALICE, [ledger.alice_coin], [TxOut.coin(CAROL.address, 50)])
    pool.add(tx)
    with pytest.raises(TransactionError, match="already in the mempool") as refused:
        pool.add(tx)
    assert refused.value.field == "txid"


def test_only_a_transaction_is_accepted(ledger):
    with pytest.raises(TransactionError) as refused:
        fresh_pool(ledger).add(b"not a transaction")  # type: ignore[arg-type]
    assert refused.value.field == "tx"


def test_select_takes_the_longest_prefix_within_both_limits(ledger):
    pool = fresh_pool(ledger)
    a = pay(ALICE, [ledger.alice_coin], [TxOut.coin(CAROL.address, 50)])
    b = pay(BOB, [ledger.bob_coin], [TxOut.coin(CAROL.address, 10)])
    pool.add(a)
    pool.add(b)
    assert [entry.tx for entry in pool.select(10, 10**6)] == [a, b]
    assert [entry.tx for entry in pool.select(1, 10**6)] == [a]
    assert [entry.tx for entry in pool.select(10, a.size + 4)] == [a]
    assert pool.select(10, a.size + 3) == []


def test_reset_keeps_what_is_still_valid_and_returns_what_is_not(ledger):
    pool = fresh_pool(ledger)
    still_valid = pay(ALICE, [ledger.alice_coin], [TxOut.coin(CAROL.address, 50)])
    already_spent = pay(ALICE, [ledger.spent], [TxOut.coin(CAROL.address, 50)])
    dropped = pool.reset(ledger.chain.height, [still_valid, already_spent])
    assert dropped == [already_spent]
    assert list(pool) == [still_valid]
