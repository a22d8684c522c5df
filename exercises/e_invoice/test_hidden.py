"""Hidden checks of the e-invoice exercise: only the grader runs these.

The same rules as the public checks, on other keys, heights, amounts and cases.
"""

import re
from dataclasses import replace

from exercise import (
    apply_block,
    claim,
    invoice_holders,
    register_invoices,
    shape_rule,
    spend_rule,
)

from minichain.chain import Blockchain
from minichain.errors import (
    BlockError,
    ConsensusError,
    DocumentError,
    DoubleSpendError,
    MinichainError,
    MissingInputError,
    SignatureError,
    TransactionError,
)
from minichain.hashing import sha256
from minichain.header import BlockHeader
from minichain.keys import N, PrivateKey, Signature
from minichain.ledger import Block, Coin, UtxoSet, UtxoView, check_block, check_connect, check_spend
from minichain.merkle import merkle_root
from minichain.miner import mine_block
from minichain.params import ChainParams
from minichain.pow import mine
from minichain.sigcache import SignatureChecker
from minichain.tx import (
    MAX_MONEY,
    Document,
    OutPoint,
    Transaction,
    TxIn,
    TxOut,
    check_transaction,
    coinbase,
    issue,
    sign,
)

TAX_BUREAU = PrivateKey.from_seed("hidden tax bureau")
EMPLOYEE = PrivateKey.from_seed("hidden employee")
EMPLOYER = PrivateKey.from_seed("hidden employer")
OTHER_EMPLOYER = PrivateKey.from_seed("hidden other employer")
MINER = PrivateKey.from_seed("hidden miner")
FORGER = PrivateKey.from_seed("hidden forger")
PARAMS = ChainParams.regtest(name="qianhai", coinbase_maturity=3, block_reward=25).with_issuers(
    {"invoice": [TAX_BUREAU.address]}
)
INVOICE = b"VAT e-invoice 144031900222 No. 00700001; seller Nanshan Books; total 96.40 CNY"
NUMBER = "00700001"

# --- minichain's verdict, in the rule names of the instructions ---------------------------

RULES = [
    # (error class, field, words of its rule, the name the instructions use)
    (TransactionError, r"outputs", "at least one output", "no-outputs"),
    (DocumentError, r"outputs\[\d+\]\.amount", "0 coins", "document-with-coins"),
    (TransactionError, r"outputs\[\d+\]\.amount", "positive", "amount-not-positive"),
    (TransactionError, r"outputs\[\d+\]\.amount", "MAX_MONEY", "amount-too-large"),
    (TransactionError, r"outputs|inputs", "add up to more than MAX_MONEY", "total-too-large"),
    (DoubleSpendError, r"inputs\[\d+\]", "which inputs", "duplicate-input"),
    (TransactionError, r"inputs\[\d+\]\.(public_key|signature)", "", "malformed-input"),
    (TransactionError, r"issuer_key", "only an issuance", "issuer-on-payment"),
    (DocumentError, r"issuer_key|issuer_signature", "must be", "bad-issuance"),
    (DocumentError, r"outputs", "creates documents only", "bad-issuance"),
    (DocumentError, r"outputs", "issued twice", "document-issued-twice"),
    (TransactionError, r"issuer_signature", "coinbase has no issuer", "bad-coinbase"),
    (DocumentError, r"outputs", "coinbase creates coins only", "bad-coinbase"),
    (TransactionError, r"inputs", "coinbase may only appear first", "misplaced-coinbase"),
    (BlockError, r"transactions\[\d+\]", "only the first", "misplaced-coinbase"),
    (DocumentError, r"issuer_key", "not an authorised issuer", "unauthorised-issuer"),
    (DocumentError, r"outputs\[\d+\]\.document", "already registered", "document-issued-twice"),
    (MissingInputError, r"inputs\[\d+\]", "does not exist", "missing-input"),
    (DoubleSpendError, r"inputs\[\d+\]", "already spent", "double-spend"),
    (TransactionError, r"inputs\[\d+\]", "spendable from height", "immature-coinbase"),
    (SignatureError, r"inputs\[\d+\]\.public_key", "is not the key", "wrong-key"),
    (
        DocumentError,
        r"outputs(\[\d+\])?",
        "moves whole|only issuers create",
        "document-not-moved-whole",
    ),
    (TransactionError, r"outputs", "inputs hold only", "overspend"),
    (
        SignatureError,
        r"issuer_signature|inputs\[\d+\]\.signature",
        "does not verify|is high-S|is not strict DER|is out of range|cannot be checked",
        "bad-signature",
    ),
    (
        BlockError,
        r"transactions(\[0\])?",
        "at least its coinbase|must be the coinbase",
        "no-coinbase",
    ),
    (BlockError, r"transactions", "same txid", "duplicate-txid"),
    (BlockError, r"header\.merkle_root", "", "bad-merkle-root"),
    (BlockError, r"coinbase\.memo", "height", "coinbase-height"),
    (BlockError, r"coinbase\.outputs", "reward", "coinbase-overpays"),
]


def rule_name(error):
    """The name of the rule minichain's ``error`` reports."""
    for kind, field, words, name in RULES:
        if (
            type(error) is kind
            and re.fullmatch(field, error.field)
            and re.search(words, error.rule)
        ):
            return name
    return f"(no name for {type(error).__name__}: {error})"


def verdict(check, *args):
    """The rule name of what ``check(*args)`` raises, or None when it passes."""
    try:
        check(*args)
    except ConsensusError as error:
        return rule_name(error)
    return None


def utxo_set(utxo):
    """minichain's UTXO set holding the coins of the plain ``utxo`` dict."""
    coins = UtxoSet()
    coins.add_all({at: Coin(*coin) for at, coin in utxo.items()})
    return coins


def minichain_spend(tx, utxo, height, params=PARAMS):
    """minichain's verdict on ``tx`` in block ``height`` on top of ``utxo``."""
    view = UtxoView(utxo_set(utxo))
    return verdict(check_transaction, tx) or verdict(
        check_spend, tx, view, height, params, SignatureChecker(), True
    )


def minichain_block(block, utxo, height, params=PARAMS):
    """minichain's ``(rule or None, UTXO set after)`` for ``block`` at ``height`` on ``utxo``."""
    coins = utxo_set(utxo)
    rule = verdict(check_block, block, params)
    if rule is not None:
        return rule, utxo
    try:
        check_connect(block, height, coins, params, SignatureChecker()).commit()
    except ConsensusError as error:
        return rule_name(error), utxo
    return None, {at: tuple(coin) for at, coin in coins.coins.items()}


# --- a UTXO set at height 19, and transactions for block 20 ---------------------------------

HEIGHT = 20
INVOICE_A = Document.of("invoice", b"train e-invoice No. 00700011, 553.00 CNY", number="00700011")
INVOICE_B = Document.of("invoice", b"flight e-invoice No. 00700012, 1990.00 CNY", number="00700012")
INVOICE_C = Document.of("invoice", b"taxi e-invoice No. 00700013, 41.00 CNY", number="00700013")
REGISTERED = issue(
    TAX_BUREAU, [(EMPLOYEE.address, INVOICE_A), (EMPLOYEE.address, INVOICE_B)], PARAMS.name
)
OLD_REWARD = coinbase(17, EMPLOYEE.address, 25)  # mature at height 20: 20 - 17 >= 3
NEW_REWARD = coinbase(18, MINER.address, 25)  # not yet: 20 - 18 < 3
PAID = sign(
    Transaction(
        (TxIn(OutPoint(sha256(b"a hidden older payment"), 0)),), (TxOut.coin(EMPLOYEE.address, 70),)
    ),
    MINER,
    PARAMS.name,
)
A_AT, B_AT = OutPoint(REGISTERED.txid, 0), OutPoint(REGISTERED.txid, 1)
OLD_AT, NEW_AT, COIN_AT = (
    OutPoint(OLD_REWARD.txid, 0),
    OutPoint(NEW_REWARD.txid, 0),
    OutPoint(PAID.txid, 0),
)


def utxo():
    """A fresh UTXO set: the employee's two invoices and coins, the miner's young reward."""
    return {
        A_AT: (REGISTERED.outputs[0], 12, False),
        B_AT: (REGISTERED.outputs[1], 12, False),
        OLD_AT: (OLD_REWARD.outputs[0], 17, True),
        NEW_AT: (NEW_REWARD.outputs[0], 18, True),
        COIN_AT: (PAID.outputs[0], 11, False),
    }


def coins(key, amount):
    return TxOut.coin(key.address, amount)


def give(key, document):
    return TxOut.document_to(key.address, document)


def pay(key, spends, outputs, chain_id=PARAMS.name):
    """``key``'s signed transaction spending the outpoints ``spends``."""
    unsigned = Transaction(tuple(TxIn(at) for at in spends), tuple(outputs))
    return sign(unsigned, key, chain_id) if spends else unsigned


def issued_by(key, outputs, chain_id=PARAMS.name, issuer_key=None):
    """An issuance of ``outputs`` signed by ``key`` (any outputs, unlike ``issue``)."""
    sec = key.public_key.sec() if issuer_key is None else issuer_key
    unsigned = Transaction((), tuple(outputs), issuer_key=sec)
    return replace(unsigned, issuer_signature=key.sign(unsigned.signature_hash(chain_id)).der())


def with_input(tx, position, **fields):
    """``tx`` with fields of input ``position`` replaced (after it was signed)."""
    inputs = list(tx.inputs)
    inputs[position] = replace(inputs[position], **fields)
    return replace(tx, inputs=tuple(inputs))


def high_s(der):
    """The same signature with s replaced by n - s: valid curve maths, refused as malleable."""
    signature = Signature.parse_der(der)
    return Signature(signature.r, N - signature.s).der()


CLAIM_A = pay(EMPLOYEE, [A_AT, COIN_AT], [give(EMPLOYER, INVOICE_A), coins(EMPLOYEE, 65)])  # fee 5
SPEND_OLD = pay(EMPLOYEE, [OLD_AT], [coins(EMPLOYER, 10), coins(EMPLOYEE, 13)])  # fee 2
NEW_INVOICE = issue(TAX_BUREAU, [(EMPLOYEE.address, INVOICE_C)], PARAMS.name)
REWARD = coinbase(HEIGHT, MINER.address, 25)
VALID = [
    ("the claim of invoice A with a fee", CLAIM_A),
    ("a payment from the employee's mature reward", SPEND_OLD),
    ("the bureau's issuance of invoice C", NEW_INVOICE),
]


def judge_rules(function, cases, *args):
    """Compare ``function(tx, *args)`` with minichain's verdict on each ``(label, rule, tx)``."""
    for label, rule, tx in cases:
        expected = minichain_spend(tx, utxo(), HEIGHT) if args else verdict(check_transaction, tx)
        assert expected == rule, f"catalogue out of date: {label} is {expected}, not {rule}"
        got = function(tx, *args)
        assert got == expected, f"{label}: minichain says {expected!r}, you said {got!r}"


# --- register_invoices ------------------------------------------------------------------------


def test_register_invoices_gives_each_invoice_digest_to_its_employee_three_of_them():
    """三张发票各自交给对应的员工"""
    batch = [
        (key.address, b"invoice for %d" % n, f"0070{n}")
        for n, key in enumerate((EMPLOYER, EMPLOYEE, MINER))
    ]
    issuance = register_invoices(TAX_BUREAU, batch, PARAMS.name)
    expected = [
        (owner, Document.of("invoice", content, number=number)) for owner, content, number in batch
    ]
    assert issuance == issue(TAX_BUREAU, expected, PARAMS.name)


def test_register_invoices_registers_the_same_invoice_once_keeping_the_first():
    """重复的发票只保留第一次出现的那一份"""
    batch = [
        (EMPLOYER.address, b"one", "1"),
        (EMPLOYEE.address, b"two", "2"),
        (MINER.address, b"one", "1"),
        (EMPLOYEE.address, b"one", "3"),
    ]
    issuance = register_invoices(TAX_BUREAU, batch, PARAMS.name)
    got = [(out.owner, dict(out.document.metadata)["number"]) for out in issuance.outputs]
    assert got == [(EMPLOYER.address, "1"), (EMPLOYEE.address, "2")]


def test_register_invoices_of_an_empty_batch_is_none_on_another_chain():
    """在另一条链上空批次也返回 None"""
    assert register_invoices(FORGER, [], "another chain") is None


def test_register_invoices_is_accepted_by_the_chain_it_names_only():
    """为另一条链签名的发行交易以 SignatureError 被拒绝"""
    chain = Blockchain(PARAMS)
    issuance = register_invoices(TAX_BUREAU, [(EMPLOYEE.address, b"x", "1")], "another chain")
    assert isinstance(refusal(lambda: chain.submit(issuance)), SignatureError)


def test_register_invoices_is_accepted_by_the_chain_from_the_bureau_only():
    """非税务局开具的发票以 DocumentError 被拒绝"""
    chain = Blockchain(PARAMS)
    fake = register_invoices(FORGER, [(EMPLOYEE.address, b"fake", "666")], PARAMS.name)
    assert isinstance(refusal(lambda: chain.submit(fake)), DocumentError)


# --- claim ------------------------------------------------------------------------------------


def registered():
    chain = Blockchain(PARAMS)
    invoice = Document.of("invoice", INVOICE, number=NUMBER)
    issuance = issue(TAX_BUREAU, [(EMPLOYEE.address, invoice)], PARAMS.name)
    chain.submit(issuance)
    mine_block(chain, EMPLOYEE.address)  # the employee mines block 1: a coin to pay fees with
    return chain, invoice, OutPoint(issuance.txid, 0)


def refusal(action):
    """The error ``action()`` raises when the chain refuses it, or None when it is accepted."""
    try:
        action()
    except MinichainError as error:
        return error
    return None


def test_claim_spends_the_invoice_and_gives_it_to_the_employer_signed_by_the_employee():
    """报销交易由员工签名，把发票交给另一家用人单位"""
    _, invoice, invoice_at = registered()
    tx = claim(EMPLOYEE, invoice_at, invoice, OTHER_EMPLOYER.address, PARAMS.name)
    assert tx == pay(EMPLOYEE, [invoice_at], [give(OTHER_EMPLOYER, invoice)])


def test_claim_pays_the_fee_from_a_coin_and_keeps_the_change_on_the_chain():
    """链上报销：矿工收取交易费，员工收回找零"""
    chain, invoice, invoice_at = registered()
    reward_at = OutPoint(chain.tip.transactions[0].txid, 0)
    mine_block(chain, MINER.address)  # the employee's reward of block 1 matures
    mine_block(chain, MINER.address)
    mine_block(chain, MINER.address)
    tx = claim(EMPLOYEE, invoice_at, invoice, EMPLOYER.address, PARAMS.name, (reward_at, 25), 4)
    assert tx.outputs == (give(EMPLOYER, invoice), coins(EMPLOYEE, 21))
    chain.submit(tx)
    block = mine_block(chain, MINER.address)
    assert block.transactions[0].outputs[0].amount == PARAMS.reward(5) + 4, "the miner gets the fee"
    assert chain.utxo.balance(EMPLOYEE.public_key.key_hash) == 21


def test_claim_pays_the_fee_from_a_coin_and_keeps_the_change_none_when_the_fee_is_all():
    """币的金额全部用作交易费时没有找零输出"""
    _, invoice, invoice_at = registered()
    coin_at = OutPoint(sha256(b"a hidden coin"), 0)
    tx = claim(EMPLOYEE, invoice_at, invoice, EMPLOYER.address, PARAMS.name, (coin_at, 7), 7)
    assert tx == pay(EMPLOYEE, [invoice_at, coin_at], [give(EMPLOYER, invoice)])


def test_claim_is_accepted_and_moves_the_invoice_only_when_its_holder_signs():
    """非持有人签名的报销以 SignatureError 被拒绝"""
    chain, invoice, invoice_at = registered()
    stolen = claim(EMPLOYER, invoice_at, invoice, EMPLOYER.address, PARAMS.name)
    assert isinstance(refusal(lambda: chain.submit(stolen)), SignatureError)


def test_claim_a_second_time_is_refused_as_a_double_spend_even_in_one_block():
    """同一区块内报销两次也以 DoubleSpendError 被拒绝"""
    chain, invoice, invoice_at = registered()
    both = [
        claim(EMPLOYEE, invoice_at, invoice, EMPLOYER.address, PARAMS.name),
        claim(EMPLOYEE, invoice_at, invoice, OTHER_EMPLOYER.address, PARAMS.name),
    ]
    assert isinstance(refusal(lambda: mine_block(chain, MINER.address, both)), DoubleSpendError)
    assert chain.height == 1


# --- shape_rule -------------------------------------------------------------------------------


def test_shape_rule_accepts_well_formed_transactions_of_many_shapes():
    """多输入多输出、输出合计恰为 MAX_MONEY 的交易也合规"""
    many = pay(
        EMPLOYEE,
        [OLD_AT, COIN_AT, B_AT],
        [give(MINER, INVOICE_B), *(coins(MINER, 1) for _ in range(9))],
    )
    exact = pay(EMPLOYEE, [OLD_AT], [coins(EMPLOYER, MAX_MONEY - 1), coins(EMPLOYEE, 1)])
    for label, tx in [
        ("many inputs and outputs", many),
        ("outputs of exactly MAX_MONEY", exact),
        *VALID,
    ]:
        assert shape_rule(tx) is None, label


def test_shape_rule_outputs_and_amounts_in_other_places():
    """输出与金额的规则出现在其他位置"""
    judge_rules(
        shape_rule,
        [
            ("an issuance with no outputs", "no-outputs", issued_by(TAX_BUREAU, [])),
            (
                "a second output with an invoice and 1 coin",
                "document-with-coins",
                pay(
                    EMPLOYEE,
                    [A_AT, COIN_AT],
                    [coins(EMPLOYEE, 3), TxOut(EMPLOYER.public_key.key_hash, 1, INVOICE_A)],
                ),
            ),
            (
                "a zero output after a good one",
                "amount-not-positive",
                pay(EMPLOYEE, [COIN_AT], [coins(EMPLOYER, 5), coins(EMPLOYEE, 0)]),
            ),
            (
                "a coinbase above MAX_MONEY",
                "amount-too-large",
                coinbase(HEIGHT, MINER.address, MAX_MONEY + 7),
            ),
            (
                "three outputs past MAX_MONEY only together",
                "total-too-large",
                pay(
                    EMPLOYEE,
                    [COIN_AT],
                    [coins(EMPLOYER, MAX_MONEY // 2 + 1)] * 2 + [coins(EMPLOYEE, 1)],
                ),
            ),
        ],
    )


def test_shape_rule_inputs_in_other_places():
    """输入的规则出现在其他位置：签名或公钥长度不对"""
    claim_b = pay(EMPLOYEE, [B_AT, COIN_AT], [give(EMPLOYER, INVOICE_B)])
    judge_rules(
        shape_rule,
        [
            (
                "a coin spent twice after the invoice",
                "duplicate-input",
                pay(EMPLOYEE, [B_AT, COIN_AT, COIN_AT], [give(EMPLOYER, INVOICE_B)]),
            ),
            (
                "a second input without a signature",
                "malformed-input",
                with_input(claim_b, 1, signature=b""),
            ),
            (
                "a 7-byte signature",
                "malformed-input",
                with_input(claim_b, 0, signature=claim_b.inputs[0].signature[:7]),
            ),
            (
                "a 32-byte key",
                "malformed-input",
                with_input(claim_b, 0, public_key=claim_b.inputs[0].public_key[1:]),
            ),
            (
                "a payment carrying an issuer signature",
                "issuer-on-payment",
                replace(claim_b, issuer_signature=NEW_INVOICE.issuer_signature),
            ),
        ],
    )


def test_shape_rule_issuances_and_coinbases_of_other_kinds():
    """其他类型单据的发行交易与 coinbase 交易"""
    diploma = Document.of("diploma", b"a diploma", year="2019")
    judge_rules(
        shape_rule,
        [
            (
                "an issuance mixing a document and coins",
                "bad-issuance",
                issued_by(TAX_BUREAU, [give(EMPLOYEE, INVOICE_C), coins(EMPLOYEE, 1)]),
            ),
            (
                "an issuance under a 32-byte issuer key",
                "bad-issuance",
                issued_by(TAX_BUREAU, [give(EMPLOYEE, INVOICE_C)], issuer_key=bytes(32)),
            ),
            (
                "one diploma given to two people",
                "document-issued-twice",
                issue(
                    TAX_BUREAU,
                    [
                        (EMPLOYEE.address, diploma),
                        (MINER.address, INVOICE_C),
                        (EMPLOYER.address, diploma),
                    ],
                    PARAMS.name,
                ),
            ),
            (
                "a coinbase with a coin and a document",
                "bad-coinbase",
                Transaction(
                    (), (coins(MINER, 25), give(MINER, diploma)), memo=HEIGHT.to_bytes(4, "little")
                ),
            ),
        ],
    )


# --- spend_rule -------------------------------------------------------------------------------


def test_spend_rule_accepts_valid_transactions_at_exactly_maturity_and_fee_zero():
    """恰好成熟的 coinbase 输出、交易费为零的交易都有效"""
    at_maturity = pay(EMPLOYEE, [OLD_AT], [coins(EMPLOYER, 25)])
    both = pay(EMPLOYEE, [A_AT, B_AT], [give(MINER, INVOICE_B), give(EMPLOYER, INVOICE_A)])
    for label, tx in [
        ("a reward spent at exactly its maturity", at_maturity),
        ("two invoices, swapped", both),
    ]:
        assert minichain_spend(tx, utxo(), HEIGHT) is None
        assert spend_rule(tx, utxo(), HEIGHT, PARAMS) is None, label


def test_spend_rule_checks_the_shape_first_and_refuses_a_coinbase_of_any_height():
    """先检查交易自身的规则，拒绝任何高度的 coinbase 交易"""
    judge_rules(
        spend_rule,
        [
            ("a claim with no outputs", "no-outputs", pay(EMPLOYEE, [A_AT], [])),
            ("a coinbase of height 3", "misplaced-coinbase", coinbase(3, EMPLOYEE.address, 1)),
            (
                "a wrong-key claim that also spends twice",
                "duplicate-input",
                pay(EMPLOYER, [A_AT, A_AT], [give(EMPLOYER, INVOICE_A)]),
            ),
        ],
        utxo(),
        HEIGHT,
        PARAMS,
    )


def test_spend_rule_inputs_second_input():
    """第二个输入违反输入的规则"""
    judge_rules(
        spend_rule,
        [
            (
                "a good input, then one that never existed",
                "missing-input",
                pay(EMPLOYEE, [COIN_AT, OutPoint(COIN_AT.txid, 1)], [coins(EMPLOYER, 1)]),
            ),
            (
                "the employee's coin and the miner's young reward",
                "immature-coinbase",
                pay(EMPLOYEE, [COIN_AT, NEW_AT], [coins(EMPLOYEE, 90)]),
            ),
            (
                "the employee spending the miner's young reward",
                "immature-coinbase",
                pay(EMPLOYEE, [NEW_AT], [coins(EMPLOYEE, 25)]),
            ),
            (
                "the miner signing for the employee's coin",
                "wrong-key",
                pay(MINER, [COIN_AT], [coins(MINER, 70)]),
            ),
        ],
        utxo(),
        HEIGHT,
        PARAMS,
    )


def test_spend_rule_documents_with_two_invoices():
    """两张发票时的单据规则，以及签发方无权发行的单据类型"""
    judge_rules(
        spend_rule,
        [
            (
                "the bureau issuing a new invoice and an old one",
                "document-issued-twice",
                issue(
                    TAX_BUREAU,
                    [(EMPLOYEE.address, INVOICE_C), (MINER.address, INVOICE_B)],
                    PARAMS.name,
                ),
            ),
            (
                "a forger issuing to itself",
                "unauthorised-issuer",
                issue(FORGER, [(FORGER.address, INVOICE_C)], PARAMS.name),
            ),
            (
                "the bureau issuing a kind it may not",
                "unauthorised-issuer",
                issue(TAX_BUREAU, [(EMPLOYEE.address, Document.of("diploma", b"d"))], PARAMS.name),
            ),
            (
                "two invoices spent, one passed on",
                "document-not-moved-whole",
                pay(EMPLOYEE, [A_AT, B_AT], [give(EMPLOYER, INVOICE_B)]),
            ),
            (
                "invoice B passed on without being spent",
                "document-not-moved-whole",
                pay(EMPLOYEE, [A_AT], [give(EMPLOYER, INVOICE_A), give(EMPLOYER, INVOICE_B)]),
            ),
            (
                "invoice A with another kind",
                "document-not-moved-whole",
                pay(
                    EMPLOYEE,
                    [A_AT],
                    [give(EMPLOYER, Document("receipt", INVOICE_A.digest, INVOICE_A.metadata))],
                ),
            ),
        ],
        utxo(),
        HEIGHT,
        PARAMS,
    )


def test_spend_rule_amounts_by_one_coin():
    """多花一枚币即为 overspend，输入合计超过 MAX_MONEY"""
    overspend = pay(EMPLOYEE, [OLD_AT, COIN_AT], [coins(EMPLOYER, 96)])
    assert minichain_spend(overspend, utxo(), HEIGHT) == "overspend"
    assert spend_rule(overspend, utxo(), HEIGHT, PARAMS) == "overspend"
    rich = utxo()
    rich[OutPoint(sha256(b"hidden huge"), 4)] = (coins(EMPLOYEE, MAX_MONEY), 2, False)
    too_much = pay(EMPLOYEE, [COIN_AT, OutPoint(sha256(b"hidden huge"), 4)], [coins(EMPLOYER, 1)])
    assert minichain_spend(too_much, rich, HEIGHT) == "total-too-large"
    assert spend_rule(too_much, rich, HEIGHT, PARAMS) == "total-too-large"


def test_spend_rule_signatures_of_every_input():
    """每个输入的签名都要检查，发行交易的签名亦然"""
    two = pay(EMPLOYEE, [A_AT, COIN_AT], [give(EMPLOYER, INVOICE_A), coins(EMPLOYEE, 70)])
    judge_rules(
        spend_rule,
        [
            (
                "the second input's signature made high-S",
                "bad-signature",
                with_input(two, 1, signature=high_s(two.inputs[1].signature)),
            ),
            (
                "a signature from another transaction",
                "bad-signature",
                with_input(two, 0, signature=SPEND_OLD.inputs[0].signature),
            ),
            (
                "a claim whose employer was changed after signing",
                "bad-signature",
                replace(two, outputs=(give(OTHER_EMPLOYER, INVOICE_A), coins(EMPLOYEE, 70))),
            ),
            (
                "a signature that is not DER",
                "bad-signature",
                with_input(two, 0, signature=bytes(range(1, 71))),
            ),
            (
                "an issuance whose invoice was changed after signing",
                "bad-signature",
                replace(NEW_INVOICE, outputs=(give(MINER, INVOICE_C),)),
            ),
        ],
        utxo(),
        HEIGHT,
        PARAMS,
    )


# --- apply_block ------------------------------------------------------------------------------


def block_of(transactions, root=None):
    """A block of ``transactions`` (no proof-of-work: apply_block does not look at it)."""
    txids = [tx.txid for tx in transactions]
    if root is None:
        root = merkle_root(txids) if txids else bytes(32)
    return Block(
        BlockHeader(1, bytes(32), root, 1_700_000_000, PARAMS.genesis_bits, 0), tuple(transactions)
    )


def judge_blocks(cases):
    """Compare apply_block with minichain on each ``(label, rule, transactions or block)``."""
    for label, rule, block in cases:
        block = block if isinstance(block, Block) else block_of(block)
        expected = minichain_block(block, utxo(), HEIGHT)
        assert expected[0] == rule, f"catalogue out of date: {label} is {expected[0]}, not {rule}"
        given = utxo()
        got_rule, got_utxo = apply_block(block, given, HEIGHT, PARAMS)
        assert got_rule == expected[0], (
            f"{label}: minichain says {expected[0]!r}, you said {got_rule!r}"
        )
        assert got_utxo == expected[1], (
            f"{label}: rightly refused as {got_rule!r}, but a refused block leaves the UTXO set "
            "as it was given"
            if got_rule
            else f"{label}: valid, but the UTXO set you returned is not minichain's"
        )
        assert given == utxo(), f"{label}: the UTXO set you were given must not change"


def test_apply_block_connects_valid_blocks_with_fees_and_chains():
    """带交易费和连续花费的有效区块连接成功"""
    paid_on = pay(EMPLOYEE, [OutPoint(SPEND_OLD.txid, 1)], [coins(MINER, 13)])
    moved_on = pay(EMPLOYER, [OutPoint(CLAIM_A.txid, 0)], [give(OTHER_EMPLOYER, INVOICE_A)])
    judge_blocks(
        [
            (
                "fees of 5 and 2 paid to the miner",
                None,
                [coinbase(HEIGHT, MINER.address, 32), SPEND_OLD, CLAIM_A, moved_on, paid_on],
            ),
            (
                "a miner taking less than it may",
                None,
                [coinbase(HEIGHT, MINER.address, 1, b"modest"), NEW_INVOICE],
            ),
        ]
    )


def test_apply_block_refuses_a_double_spend_inside_the_block_after_a_chain_of_spends():
    """连续花费之后的区块内双花同样被拒绝"""
    moved_on = pay(EMPLOYER, [OutPoint(CLAIM_A.txid, 0)], [give(OTHER_EMPLOYER, INVOICE_A)])
    moved_again = pay(EMPLOYER, [OutPoint(CLAIM_A.txid, 0)], [give(MINER, INVOICE_A)])
    judge_blocks(
        [
            (
                "an output made in the block, spent twice in it",
                "double-spend",
                [REWARD, CLAIM_A, moved_on, moved_again],
            ),
            (
                "the same coin spent by the second input of a later payment",
                "double-spend",
                [REWARD, CLAIM_A, pay(EMPLOYEE, [B_AT, COIN_AT], [give(EMPLOYER, INVOICE_B)])],
            ),
        ]
    )


def test_apply_block_block_rules_in_other_places():
    """区块自身的规则出现在其他位置"""
    judge_blocks(
        [
            ("a block of one issuance", "no-coinbase", [NEW_INVOICE]),
            (
                "a coinbase in the middle",
                "misplaced-coinbase",
                [REWARD, SPEND_OLD, coinbase(HEIGHT, MINER.address, 2), CLAIM_A],
            ),
            (
                "the same claim at both ends",
                "duplicate-txid",
                [REWARD, CLAIM_A, NEW_INVOICE, CLAIM_A],
            ),
            (
                "transactions in another order than the header's",
                "bad-merkle-root",
                block_of(
                    [REWARD, CLAIM_A, SPEND_OLD],
                    root=merkle_root([REWARD.txid, SPEND_OLD.txid, CLAIM_A.txid]),
                ),
            ),
        ]
    )


def test_apply_block_coinbase_rules_at_other_heights():
    """其他高度和交易费下的 coinbase 交易规则"""
    judge_blocks(
        [
            (
                "a coinbase that says height 21",
                "coinbase-height",
                [coinbase(HEIGHT + 1, MINER.address, 25)],
            ),
            (
                "a coinbase one coin above reward and fees",
                "coinbase-overpays",
                [coinbase(HEIGHT, MINER.address, 33), SPEND_OLD, CLAIM_A],
            ),
        ]
    )


def test_apply_block_refuses_a_bad_transaction_whole_at_its_end():
    """区块末尾的交易违反规则，整个区块被拒绝"""
    judge_blocks(
        [
            (
                "a good claim, then an overspend",
                "overspend",
                [REWARD, CLAIM_A, pay(EMPLOYEE, [OLD_AT], [coins(EMPLOYER, 26)])],
            ),
            (
                "a good payment, then a forged invoice",
                "unauthorised-issuer",
                [REWARD, SPEND_OLD, issue(FORGER, [(EMPLOYEE.address, INVOICE_C)], PARAMS.name)],
            ),
            (
                "a good claim, then a zero output",
                "amount-not-positive",
                [REWARD, CLAIM_A, pay(EMPLOYEE, [OLD_AT], [coins(EMPLOYER, 0)])],
            ),
            (
                "a claim, then a claim of what it created, signed by the employee",
                "wrong-key",
                [
                    REWARD,
                    CLAIM_A,
                    pay(EMPLOYEE, [OutPoint(CLAIM_A.txid, 0)], [give(EMPLOYEE, INVOICE_A)]),
                ],
            ),
        ]
    )


# --- invoice_holders --------------------------------------------------------------------------

INVOICES = {f"0070{n:04d}": f"hidden invoice {n}; total {n * 37}.50 CNY".encode() for n in range(3)}


def forge(parent, height, transactions):
    body = (coinbase(height, MINER.address, PARAMS.reward(height)), *transactions)
    header = BlockHeader(
        1,
        parent.hash(),
        merkle_root([tx.txid for tx in body]),
        parent.timestamp + 10,
        parent.bits,
        0,
    )
    return Block(mine(header), body)


def three_registered():
    chain = Blockchain(PARAMS)
    issuances = {}
    for number, content in INVOICES.items():
        issuances[number] = issue(
            TAX_BUREAU,
            [(EMPLOYEE.address, Document.of("invoice", content, number=number))],
            PARAMS.name,
        )
        chain.submit(issuances[number])
    mine_block(chain, MINER.address)
    return chain, issuances


def claim_of(issuances, number, employer):
    issuance = issuances[number]
    return pay(
        EMPLOYEE, [OutPoint(issuance.txid, 0)], [give(employer, issuance.outputs[0].document)]
    )


def test_invoice_holders_of_an_honest_chain_of_the_genesis_block_alone():
    """只有创世区块的链上没有发票"""
    assert invoice_holders(list(Blockchain(PARAMS)), PARAMS) == {}


def test_invoice_holders_of_an_honest_chain_with_three_invoices():
    """诚实的链上三张发票各归其持有者"""
    chain, issuances = three_registered()
    first, second, _ = INVOICES
    chain.submit(claim_of(issuances, first, EMPLOYER))
    chain.submit(claim_of(issuances, second, OTHER_EMPLOYER))
    mine_block(chain, MINER.address)
    assert invoice_holders(list(chain), PARAMS) == {
        first: EMPLOYER.address,
        second: OTHER_EMPLOYER.address,
        list(INVOICES)[2]: EMPLOYEE.address,
    }


def test_invoice_holders_never_counts_a_block_built_on_a_refused_one_of_two():
    """被拒区块之上的孤块中的有效报销也不计入"""
    chain, issuances = three_registered()
    first, second, _ = INVOICES
    twice = forge(
        chain.tip.header,
        2,
        [claim_of(issuances, first, EMPLOYER), claim_of(issuances, first, OTHER_EMPLOYER)],
    )
    child = forge(twice.header, 3, [claim_of(issuances, second, EMPLOYER)])
    holders = invoice_holders([*chain, twice, child], PARAMS)
    assert holders == {number: EMPLOYEE.address for number in INVOICES}


def test_invoice_holders_skips_a_block_that_reimburses_twice_keeping_later_ones():
    """跳过重复报销的区块，其后的有效区块照常计入"""
    chain, issuances = three_registered()
    first, second, third = INVOICES
    refused = forge(
        chain.tip.header,
        2,
        [claim_of(issuances, first, EMPLOYER), claim_of(issuances, first, OTHER_EMPLOYER)],
    )
    chain.submit(claim_of(issuances, second, OTHER_EMPLOYER))
    mine_block(chain, MINER.address)
    holders = invoice_holders([*list(chain)[:2], refused, *list(chain)[2:]], PARAMS)
    assert holders == {
        first: EMPLOYEE.address,
        second: OTHER_EMPLOYER.address,
        third: EMPLOYEE.address,
    }


def test_invoice_holders_skips_a_block_that_reimburses_twice_or_forges_an_invoice():
    """跳过携带伪造发票的区块"""
    chain = Blockchain(PARAMS)
    fake = Document.of("invoice", b"a fake invoice", number="99999999")
    block = forge(chain.tip.header, 1, [issue(FORGER, [(EMPLOYEE.address, fake)], PARAMS.name)])
    assert invoice_holders([*chain, block], PARAMS) == {}


def test_invoice_holders_counts_invoices_only_not_diplomas():
    """不统计毕业证书等其他类型的单据"""
    diplomas = PARAMS.with_issuers(
        {"invoice": [TAX_BUREAU.address], "diploma": [TAX_BUREAU.address]}
    )
    chain = Blockchain(diplomas)
    diploma = Document.of("diploma", b"a diploma", number="1")
    chain.submit(issue(TAX_BUREAU, [(EMPLOYEE.address, diploma)], diplomas.name))
    mine_block(chain, MINER.address)
    assert invoice_holders(list(chain), diplomas) == {}
