"""The wallet: coins chosen as the mempool sees them, payments with change, documents passed on."""

from __future__ import annotations

from dataclasses import replace

import pytest

from minichain.chain import Blockchain
from minichain.errors import (
    DocumentError,
    DoubleSpendError,
    EncodingError,
    SignatureError,
    TransactionError,
)
from minichain.hashing import sha256
from minichain.keys import UNSPENDABLE_TAG, PublicKey, parse_address, unspendable_address
from minichain.miner import mine_block
from minichain.params import ChainParams
from minichain.tx import OutPoint, TxOut
from minichain.wallet import issue_document, owned, send_document, spendable, transfer
from tests.ledger_fixtures import (
    ALICE,
    BOB,
    CAROL,
    INVOICE,
    MINER,
    PARAMS,
    TAX_BUREAU,
    make_ledger,
    pay,
)


def test_classroom_coins_are_spendable_in_the_next_block():
    chain = Blockchain(ChainParams.classroom())
    mine_block(chain, ALICE.address)
    transfer(chain, ALICE, BOB.address, 20)
    mine_block(chain, MINER.address)
    assert chain.balance(BOB.address) == 20
    assert chain.balance(ALICE.address) == 30


def test_transfer_returns_change_and_pays_the_fee_to_the_miner():
    chain = Blockchain(PARAMS)
    mine_block(chain, ALICE.address)
    tx = transfer(chain, ALICE, BOB.address, 12, fee=3)
    assert [out.amount for out in tx.outputs] == [12, 35]
    block = mine_block(chain, MINER.address)
    assert block.transactions[1] == tx
    assert chain.balance(MINER.address) == PARAMS.block_reward + 3


def test_coins_sent_to_an_unspendable_address_cannot_be_spent_by_the_labels_own_bytes():
    # With an 11-byte label the hashed bytes are 33 long, a compressed key's length, and
    # they do hash to the address: but they start with "m" (0x6d), so they are no key.
    label = "at CNSHA 01"
    not_a_key = UNSPENDABLE_TAG + label.encode()
    burn = unspendable_address(label)
    assert len(not_a_key) == 33 and sha256(not_a_key)[:20] == parse_address(burn)
    with pytest.raises(EncodingError, match="must start with 0x02 or 0x03, got 0x6d"):
        PublicKey.parse(not_a_key)
    chain = Blockchain(PARAMS)
    mine_block(chain, ALICE.address)
    burnt = transfer(chain, ALICE, burn, 20)
    mine_block(chain, MINER.address)
    signed = pay(ALICE, [OutPoint(burnt.txid, 0)], [TxOut.coin(CAROL.address, 20)])
    (spend,) = signed.inputs
    theft = replace(signed, inputs=(replace(spend, public_key=not_a_key),))
    refused = r"inputs\[0\]\.signature: cannot be checked: the public key is invalid"
    with pytest.raises(SignatureError, match=refused):
        chain.submit(theft)
    assert theft.txid not in {tx.txid for tx in chain.mempool}


def test_transfer_can_spend_unconfirmed_change():
    chain = Blockchain(PARAMS)
    mine_block(chain, ALICE.address)
    transfer(chain, ALICE, BOB.address, 10)
    transfer(chain, ALICE, CAROL.address, 30)  # from the 40 coins of change still in the mempool
    mine_block(chain, MINER.address)
    assert (chain.balance(BOB.address), chain.balance(CAROL.address)) == (10, 30)


def test_transfer_without_enough_coins_is_refused():
    chain = Blockchain(PARAMS)
    mine_block(chain, ALICE.address)
    with pytest.raises(TransactionError) as error:
        transfer(chain, ALICE, BOB.address, 50, fee=1)
    assert error.value.field == "amount"
    assert len(chain.mempool) == 0


def test_invoice_moves_whole_to_the_reimbursing_employer():
    ledger = make_ledger()
    chain = ledger.chain
    assert chain.documents(BOB.address) == [INVOICE]
    send_document(chain, BOB, INVOICE.digest, CAROL.address)
    mine_block(chain, MINER.address)
    assert chain.documents(CAROL.address) == [INVOICE]
    assert chain.documents(BOB.address) == []
    with pytest.raises(DocumentError):
        send_document(chain, BOB, INVOICE.digest, ALICE.address)


def test_second_reimbursement_of_the_same_invoice_is_a_double_spend():
    ledger = make_ledger()
    chain = ledger.chain
    send_document(chain, BOB, INVOICE.digest, CAROL.address)
    second = pay(BOB, [ledger.bob_invoice], [TxOut.document_to(ALICE.address, INVOICE)])
    with pytest.raises(DoubleSpendError, match="already spent by tx"):
        chain.submit(second)


def test_issuer_registers_a_document_for_its_owner():
    chain = Blockchain(PARAMS)
    issue_document(chain, TAX_BUREAU, BOB.address, INVOICE)
    mine_block(chain, MINER.address)
    assert chain.documents(BOB.address) == [INVOICE]


def test_documents_are_owned_but_never_spendable_as_coins():
    ledger = make_ledger()
    chain = ledger.chain
    key_hash = BOB.public_key.key_hash
    documents = [op for op, coin in owned(chain, key_hash) if coin.output.document is not None]
    assert documents == [ledger.bob_invoice]
    assert ledger.bob_invoice not in [op for op, _ in spendable(chain, key_hash)]


def test_a_coinbase_output_is_not_spendable_before_it_matures():
    params = ChainParams.classroom(coinbase_maturity=2)
    chain = Blockchain(params)
    mine_block(chain, ALICE.address)
    assert spendable(chain, ALICE.public_key.key_hash) == []
    mine_block(chain, MINER.address)
    assert len(spendable(chain, ALICE.public_key.key_hash)) == 1
