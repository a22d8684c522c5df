"""The catalogue of invalid transactions and blocks.

Each case breaks exactly one rule. Every one must be rejected with its own
error class and field, name where it happened (txid or block height), and
leave the chain exactly as it was: tip, UTXO set, mempool, known blocks.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import pytest

from minichain.errors import (
    BlockError,
    ConsensusError,
    DocumentError,
    DoubleSpendError,
    MissingInputError,
    SignatureError,
    TransactionError,
)
from minichain.keys import N, Signature
from minichain.miner import mine_block
from minichain.params import ChainParams
from minichain.pow import target_to_bits
from minichain.tx import (
    MAX_MONEY,
    MAX_TX_SIZE,
    Document,
    OutPoint,
    Transaction,
    TxIn,
    TxOut,
    coinbase,
    issue,
    sign,
)
from tests.ledger_fixtures import (
    ALICE,
    BOB,
    CAROL,
    INVOICE,
    MINER,
    PARAMS,
    TAX_BUREAU,
    Ledger,
    forge_block,
    make_ledger,
    pay,
)


def snapshot(ledger: Ledger) -> tuple:
    chain = ledger.chain
    return (
        chain.tip.hash,
        chain.height,
        dict(chain.utxo.coins),
        dict(chain.utxo.transactions),
        tuple(chain.mempool.entries),
        frozenset(chain.entries),
        frozenset(chain.orphans),
    )


@dataclass
class Case:
    name: str
    attack: Callable[[Ledger], object]
    error: type[ConsensusError]
    field: str


def submit(build: Callable[[Ledger], Transaction]) -> Callable[[Ledger], object]:
    return lambda ledger: ledger.chain.submit(build(ledger))


def in_block(
    build: Callable[[Ledger], list[Transaction]],
    body_of: Callable[[Ledger], list[Transaction]] | None = None,
    **forge: object,
):
    """Forge a block on the tip holding ``build``'s transactions (or exactly ``body_of``'s)."""

    def attack(ledger: Ledger) -> object:
        if body_of is not None:
            forge["body"] = body_of(ledger)
        return ledger.chain.add_block(forge_block(ledger.chain, build(ledger), **forge))

    return attack


def alice_pays(outputs: list[TxOut], spends: list[OutPoint] | None = None):
    return lambda ledger: pay(ALICE, spends or [ledger.alice_coin], outputs)


def to_bob(amount: int) -> list[TxOut]:
    return [TxOut.coin(BOB.address, amount)]


def with_signature(tx: Transaction, signature: bytes) -> Transaction:
    first = replace(tx.inputs[0], signature=signature)
    return replace(tx, inputs=(first, *tx.inputs[1:]))


def high_s(ledger: Ledger) -> Transaction:
    tx = pay(ALICE, [ledger.alice_coin], to_bob(5))
    low = Signature.parse_der(tx.inputs[0].signature)
    return with_signature(tx, Signature(low.r, N - low.s).der())


def signed_by_bob_with_alice_key_shown(ledger: Ledger) -> Transaction:
    tx = pay(ALICE, [ledger.alice_coin], to_bob(5))
    forged = pay(BOB, [ledger.alice_coin], to_bob(5))
    return with_signature(tx, forged.inputs[0].signature)


def invoice_moved(outputs: Callable[[Ledger], list[TxOut]], extra: bool = False):
    def build(ledger: Ledger) -> Transaction:
        spends = [ledger.bob_invoice] + ([ledger.bob_coin] if extra else [])
        return pay(BOB, spends, outputs(ledger))

    return build


def two_spends_of(outpoint: Callable[[Ledger], OutPoint], key=ALICE):
    def build(ledger: Ledger) -> list[Transaction]:
        first = pay(key, [outpoint(ledger)], to_bob(5))
        second = pay(key, [outpoint(ledger)], [TxOut.coin(CAROL.address, 5)])
        return [first, second]

    return build


def submit_then(first: Callable[[Ledger], Transaction], second: Callable[[Ledger], Transaction]):
    def attack(ledger: Ledger) -> object:
        ledger.chain.submit(first(ledger))
        before[id(ledger)] = snapshot(ledger)
        return ledger.chain.submit(second(ledger))

    return attack


before: dict[int, tuple] = {}
RECEIPT = Document.of("invoice", b"a receipt the tax bureau never issued")


CASES = [
    # --- inputs and double spends
    Case(
        "spends an output that never existed",
        submit(lambda lg: pay(ALICE, [OutPoint(bytes(32), 0)], to_bob(5))),
        MissingInputError,
        "inputs[0]",
    ),
    Case(
        "spends an output already spent in the chain",
        submit(lambda lg: pay(ALICE, [lg.spent], to_bob(5))),
        DoubleSpendError,
        "inputs[0]",
    ),
    Case(
        "spends an output a mempool transaction already spends",
        submit_then(
            lambda lg: pay(ALICE, [lg.alice_coin], to_bob(5)),
            lambda lg: pay(ALICE, [lg.alice_coin], [TxOut.coin(CAROL.address, 5)]),
        ),
        DoubleSpendError,
        "inputs[0]",
    ),
    Case(
        "spends the same output twice in one transaction",
        submit(lambda lg: pay(ALICE, [lg.alice_coin, lg.alice_coin], to_bob(5))),
        DoubleSpendError,
        "inputs[1]",
    ),
    Case(
        "spends the same output in two transactions of one block",
        in_block(two_spends_of(lambda lg: lg.alice_coin)),
        DoubleSpendError,
        "inputs[0]",
    ),
    Case(
        "reimburses the same e-invoice twice in one block",
        in_block(
            lambda lg: [
                pay(BOB, [lg.bob_invoice], [TxOut.document_to(ALICE.address, INVOICE)]),
                pay(BOB, [lg.bob_invoice], [TxOut.document_to(CAROL.address, INVOICE)]),
            ]
        ),
        DoubleSpendError,
        "inputs[0]",
    ),
    Case(
        "reimburses the same e-invoice twice through the mempool",
        submit_then(
            lambda lg: pay(BOB, [lg.bob_invoice], [TxOut.document_to(ALICE.address, INVOICE)]),
            lambda lg: pay(BOB, [lg.bob_invoice], [TxOut.document_to(CAROL.address, INVOICE)]),
        ),
        DoubleSpendError,
        "inputs[0]",
    ),
    # --- keys and signatures
    Case(
        "signs someone else's output with one's own key",
        submit(lambda lg: pay(BOB, [lg.alice_coin], to_bob(5))),
        SignatureError,
        "inputs[0].public_key",
    ),
    Case(
        "shows the owner's key but another key's signature",
        submit(signed_by_bob_with_alice_key_shown),
        SignatureError,
        "inputs[0].signature",
    ),
    Case(
        "changes an amount after signing",
        submit(
            lambda lg: replace(
                pay(ALICE, [lg.alice_coin], to_bob(5)), outputs=(TxOut.coin(BOB.address, 45),)
            )
        ),
        SignatureError,
        "inputs[0].signature",
    ),
    Case(
        "replays a transaction signed for another chain",
        submit(lambda lg: pay(ALICE, [lg.alice_coin], to_bob(5), chain_id="another-chain")),
        SignatureError,
        "inputs[0].signature",
    ),
    Case(
        "uses a high-S signature (BIP 146)", submit(high_s), SignatureError, "inputs[0].signature"
    ),
    Case(
        "carries a signature that is not DER",
        submit(lambda lg: with_signature(pay(ALICE, [lg.alice_coin], to_bob(5)), b"\x30" * 70)),
        SignatureError,
        "inputs[0].signature",
    ),
    Case(
        "carries no signature",
        submit(
            lambda lg: Transaction((TxIn(lg.alice_coin, ALICE.public_key.sec()),), tuple(to_bob(5)))
        ),
        TransactionError,
        "inputs[0].signature",
    ),
    Case(
        "carries an uncompressed public key",
        submit(
            lambda lg: replace(
                pay(ALICE, [lg.alice_coin], to_bob(5)),
                inputs=(TxIn(lg.alice_coin, ALICE.public_key.sec(compressed=False), b"\x30" * 70),),
            )
        ),
        TransactionError,
        "inputs[0].public_key",
    ),
    Case(
        "puts a transaction with a bad signature in a block",
        in_block(lambda lg: [signed_by_bob_with_alice_key_shown(lg)]),
        SignatureError,
        "inputs[0].signature",
    ),
    # --- amounts
    Case(
        "pays out more than its inputs hold",
        submit(alice_pays(to_bob(51))),
        TransactionError,
        "outputs",
    ),
    Case(
        "pays a zero amount", submit(alice_pays(to_bob(0))), TransactionError, "outputs[0].amount"
    ),
    Case(
        "pays more than all the money there can be",
        submit(alice_pays(to_bob(MAX_MONEY + 1))),
        TransactionError,
        "outputs[0].amount",
    ),
    Case(
        "pays amounts that add up to more than MAX_MONEY",
        submit(alice_pays(to_bob(MAX_MONEY) + to_bob(1))),
        TransactionError,
        "outputs",
    ),
    Case("creates no outputs", submit(alice_pays([])), TransactionError, "outputs"),
    Case(
        "carries a memo longer than 80 bytes",
        submit(lambda lg: replace(alice_pays(to_bob(5))(lg), memo=bytes(81))),
        TransactionError,
        "memo",
    ),
    Case(
        "has an unknown version",
        submit(lambda lg: replace(alice_pays(to_bob(5))(lg), version=2)),
        TransactionError,
        "version",
    ),
    Case(
        "is larger than the transaction size limit",
        submit(alice_pays(to_bob(1) * (MAX_TX_SIZE // 29 + 1))),
        TransactionError,
        "size",
    ),
    # --- kinds of transaction
    Case(
        "submits a coinbase to the mempool",
        submit(lambda lg: coinbase(lg.chain.height + 1, ALICE.address, 50)),
        TransactionError,
        "inputs",
    ),
    Case(
        "submits a transaction already in the mempool",
        submit_then(alice_pays(to_bob(5)), alice_pays(to_bob(5))),
        TransactionError,
        "txid",
    ),
    Case(
        "submits a transaction already in the chain",
        submit(lambda lg: lg.payment),
        TransactionError,
        "txid",
    ),
    Case(
        "puts a payment carrying an issuer key in the mempool",
        submit(
            lambda lg: replace(alice_pays(to_bob(5))(lg), issuer_key=TAX_BUREAU.public_key.sec())
        ),
        TransactionError,
        "issuer_key",
    ),
    # --- documents
    Case(
        "splits a bill of lading into two outputs",
        submit(
            invoice_moved(
                lambda lg: [
                    TxOut.document_to(ALICE.address, INVOICE),
                    TxOut.document_to(CAROL.address, INVOICE),
                ]
            )
        ),
        DocumentError,
        "outputs",
    ),
    Case(
        "spends a document without passing it on",
        submit(invoice_moved(lambda lg: [TxOut.coin(ALICE.address, 10)], extra=True)),
        DocumentError,
        "outputs",
    ),
    Case(
        "alters a document's metadata while moving it",
        submit(
            invoice_moved(
                lambda lg: [
                    TxOut.document_to(ALICE.address, replace(INVOICE, metadata=(("number", "9"),)))
                ]
            )
        ),
        DocumentError,
        "outputs[0]",
    ),
    Case(
        "creates a document in a payment",
        submit(alice_pays([TxOut.document_to(BOB.address, RECEIPT)])),
        DocumentError,
        "outputs[0]",
    ),
    Case(
        "puts coins in a document output",
        submit(alice_pays([TxOut(BOB.public_key.key_hash, 5, RECEIPT)])),
        DocumentError,
        "outputs[0].amount",
    ),
    Case(
        "issues an invoice without being an authorised issuer",
        submit(lambda lg: issue(ALICE, [(BOB.address, RECEIPT)], PARAMS.name)),
        DocumentError,
        "issuer_key",
    ),
    Case(
        "issues a document kind nobody may issue",
        submit(
            lambda lg: issue(TAX_BUREAU, [(BOB.address, Document.of("diploma", b"x"))], PARAMS.name)
        ),
        DocumentError,
        "issuer_key",
    ),
    Case(
        "issues the same invoice a second time",
        submit(
            lambda lg: issue(TAX_BUREAU, [(CAROL.address, INVOICE)], PARAMS.name, memo=b"again")
        ),
        DocumentError,
        "outputs[0].document",
    ),
    Case(
        "issues coins",
        submit(
            lambda lg: replace(
                issue(TAX_BUREAU, [(BOB.address, RECEIPT)], PARAMS.name),
                outputs=(TxOut.coin(BOB.address, 1000),),
            )
        ),
        DocumentError,
        "outputs",
    ),
    Case(
        "issues without the issuer's signature",
        submit(
            lambda lg: replace(
                issue(TAX_BUREAU, [(BOB.address, RECEIPT)], PARAMS.name), issuer_signature=b""
            )
        ),
        DocumentError,
        "issuer_signature",
    ),
    Case(
        "issues with a signature by another key",
        submit(
            lambda lg: replace(
                issue(TAX_BUREAU, [(BOB.address, RECEIPT)], PARAMS.name),
                issuer_signature=issue(
                    ALICE, [(BOB.address, RECEIPT)], PARAMS.name
                ).issuer_signature,
            )
        ),
        SignatureError,
        "issuer_signature",
    ),
    # --- blocks
    Case(
        "has a wrong Merkle root",
        in_block(lambda lg: [], merkle_root=bytes(32)),
        BlockError,
        "header.merkle_root",
    ),
    Case("has no transactions", in_block(lambda lg: [], body=[]), BlockError, "transactions"),
    Case(
        "does not start with a coinbase",
        in_block(lambda lg: [], body_of=lambda lg: [alice_pays(to_bob(5))(lg)]),
        BlockError,
        "transactions[0]",
    ),
    Case(
        "has a second coinbase",
        in_block(lambda lg: [coinbase(lg.chain.height + 1, CAROL.address, 1)]),
        BlockError,
        "transactions[1]",
    ),
    Case(
        "holds the same transaction twice (CVE-2012-2459)",
        in_block(lambda lg: [alice_pays(to_bob(5))(lg)] * 2),
        BlockError,
        "transactions",
    ),
    Case(
        "pays the miner more than the reward",
        in_block(lambda lg: [], reward=51),
        BlockError,
        "coinbase.outputs",
    ),
    Case(
        "pays the miner more than the reward plus fees",
        in_block(lambda lg: [alice_pays(to_bob(45))(lg)], reward=56),
        BlockError,
        "coinbase.outputs",
    ),
    Case(
        "gives the coinbase the wrong height (BIP 34)",
        in_block(lambda lg: [], height=1),
        BlockError,
        "coinbase.memo",
    ),
    Case(
        "gives the coinbase a document",
        lambda lg: lg.chain.add_block(
            forge_block(
                lg.chain,
                [],
                body=[
                    replace(
                        coinbase(lg.chain.height + 1, MINER.address, 50),
                        outputs=(TxOut.document_to(MINER.address, RECEIPT),),
                    )
                ],
            )
        ),
        DocumentError,
        "outputs",
    ),
    Case(
        "includes a transaction already in the chain (BIP 30)",
        in_block(lambda lg: [lg.payment]),
        TransactionError,
        "txid",
    ),
    Case(
        "claims an easier difficulty",
        in_block(lambda lg: [], bits=target_to_bits(PARAMS.pow_limit // 2)),
        BlockError,
        "bits",
    ),
    Case(
        "has a timestamp not after the median time past",
        in_block(lambda lg: [], timestamp=PARAMS.genesis_timestamp),
        BlockError,
        "timestamp",
    ),
    Case(
        "has a timestamp more than two hours ahead",
        lambda lg: lg.chain.add_block(
            forge_block(lg.chain, [], timestamp=lg.chain.now() + PARAMS.max_future_time + 1)
        ),
        BlockError,
        "timestamp",
    ),
]


def no_pow_case(ledger: Ledger) -> object:
    block = forge_block(ledger.chain, [])
    # Regtest accepts half of all hashes; search for a nonce whose hash misses the target.
    from minichain.pow import meets_target

    nonce = next(n for n in range(1000) if not meets_target(block.header.with_nonce(n)))
    return ledger.chain.add_block(replace(block, header=block.header.with_nonce(nonce)))


CASES.append(Case("has a hash above its target", no_pow_case, BlockError, "nonce"))


@pytest.mark.parametrize("case", CASES, ids=[case.name.replace(" ", "_") for case in CASES])
def test_rejects_and_changes_nothing(case: Case):
    ledger = make_ledger()
    before[id(ledger)] = snapshot(ledger)
    with pytest.raises(case.error) as error:
        case.attack(ledger)
    assert error.value.field == case.field, str(error.value)
    assert error.value.where.startswith(("tx ", "block ")), str(error.value)
    assert snapshot(ledger) == before.pop(id(ledger))


def test_catalogue_has_at_least_forty_distinct_cases():
    assert len({case.name for case in CASES}) == len(CASES) >= 40


def test_block_errors_name_the_block_height():
    ledger = make_ledger()
    with pytest.raises(BlockError) as error:
        ledger.chain.add_block(forge_block(ledger.chain, [], reward=51))
    assert f"block {ledger.chain.height + 1} (" in str(error.value)


def test_transaction_errors_inside_a_block_name_block_and_txid():
    ledger = make_ledger()
    bad = signed_by_bob_with_alice_key_shown(ledger)
    with pytest.raises(SignatureError) as error:
        ledger.chain.add_block(forge_block(ledger.chain, [bad]))
    assert f"block {ledger.chain.height + 1}" in str(error.value)
    assert f"tx {bad.txid_hex[:16]}" in str(error.value)


def test_rejects_a_block_above_the_size_limit():
    params = PARAMS.__class__.regtest(max_block_size=1000)
    ledger = make_ledger(params.with_issuers({"invoice": [TAX_BUREAU.address]}))
    before_state = snapshot(ledger)
    big = pay(ALICE, [ledger.alice_coin], [TxOut.coin(BOB.address, 1)] * 40)
    with pytest.raises(BlockError) as error:
        ledger.chain.add_block(forge_block(ledger.chain, [big]))
    assert error.value.field == "size"
    assert snapshot(ledger) == before_state


def test_rejects_a_block_with_too_many_transactions():
    params = ChainParams.regtest(max_block_transactions=2)
    ledger = make_ledger(params.with_issuers({"invoice": [TAX_BUREAU.address]}))
    before_state = snapshot(ledger)
    txs = [pay(ALICE, [ledger.alice_coin], to_bob(5)), pay(BOB, [ledger.bob_coin], to_bob(5))]
    with pytest.raises(BlockError) as error:
        ledger.chain.add_block(forge_block(ledger.chain, txs))
    assert error.value.field == "transactions"
    assert snapshot(ledger) == before_state


def test_rejects_old_bits_at_a_retarget_height():
    from minichain.chain import Blockchain

    params = ChainParams.classroom(retarget_interval=4)
    chain = Blockchain(params)
    fast = params.genesis_timestamp
    for _ in range(3):
        fast += 1  # blocks far faster than the 10 s spacing
        block = forge_block(chain, [], timestamp=fast)
        chain.add_block(block)
    with pytest.raises(BlockError) as error:
        chain.add_block(forge_block(chain, [], bits=params.genesis_bits, timestamp=fast + 1))
    assert error.value.field == "bits"
    assert "difficulty rule" in error.value.rule
    assert chain.height == 3


def test_rejects_spending_a_coinbase_before_it_matures():
    from minichain.chain import Blockchain

    chain = Blockchain(ChainParams.regtest(coinbase_maturity=3))
    reward = mine_block(chain, MINER.address).transactions[0]
    mine_block(chain, MINER.address)
    spend = pay(MINER, [OutPoint(reward.txid, 0)], to_bob(5), chain_id="regtest")
    with pytest.raises(TransactionError) as error:
        chain.submit(spend)
    assert error.value.field == "inputs[0]"
    assert "spendable from height 4" in error.value.rule
    assert len(chain.mempool) == 0
    mine_block(chain, MINER.address)
    chain.submit(spend)  # at height 4 it is mature


def test_mining_given_transactions_checks_their_own_rules_too():
    ledger = make_ledger()
    before_state = snapshot(ledger)
    long_memo = replace(pay(ALICE, [ledger.alice_coin], to_bob(5)), memo=bytes(81))
    resigned = sign(long_memo, ALICE, PARAMS.name)
    with pytest.raises(TransactionError) as error:
        mine_block(ledger.chain, MINER.address, [resigned])
    assert error.value.field == "memo"
    assert snapshot(ledger) == before_state
    assert not ledger.chain.checker.is_verified(resigned.txid)
