"""Public checks of the e-invoice exercise: the learner sees and runs these.

The rule checks (``shape_rule``, ``spend_rule``, ``apply_block``) compare your
answer with minichain's own verdict on the same transaction or block: its
``check_transaction``, ``check_spend``, ``check_block`` and ``check_connect``
(``minichain.tx`` and ``minichain.ledger``), whose errors ``verdict`` turns
into the rule names of the instructions.
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

TAX_BUREAU = PrivateKey.from_seed("Shenzhen tax bureau")
EMPLOYEE = PrivateKey.from_seed("employee Zhang Wei")
EMPLOYER = PrivateKey.from_seed("employer Qianhai Logistics")
OTHER_EMPLOYER = PrivateKey.from_seed("employer Nanshan Software")
MINER = PrivateKey.from_seed("miner")
FORGER = PrivateKey.from_seed("invoice forger")
PARAMS = ChainParams.regtest(name="shenzhen", coinbase_maturity=5).with_issuers(
    {"invoice": [TAX_BUREAU.address]}
)
INVOICE = b"VAT e-invoice 144031900111 No. 00386721; seller Futian Hotel; total 1280.00 CNY"
NUMBER = "00386721"

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


# --- a UTXO set at height 9, and transactions for block 10 ---------------------------------

HEIGHT = 10
INVOICE_A = Document.of("invoice", b"taxi e-invoice No. 00386721, 86.00 CNY", number="00386721")
INVOICE_B = Document.of("invoice", b"hotel e-invoice No. 00386722, 1280.00 CNY", number="00386722")
INVOICE_C = Document.of("invoice", b"meal e-invoice No. 00386723, 212.50 CNY", number="00386723")
REGISTERED = issue(
    TAX_BUREAU, [(EMPLOYEE.address, INVOICE_A), (EMPLOYEE.address, INVOICE_B)], PARAMS.name
)
OLD_REWARD = coinbase(2, EMPLOYEE.address, 50)  # mature at height 10: 10 - 2 >= 5
NEW_REWARD = coinbase(9, MINER.address, 50)  # not yet: 10 - 9 < 5
PAID = sign(
    Transaction(
        (TxIn(OutPoint(sha256(b"an older payment"), 0)),), (TxOut.coin(EMPLOYEE.address, 30),)
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
        A_AT: (REGISTERED.outputs[0], 3, False),
        B_AT: (REGISTERED.outputs[1], 3, False),
        OLD_AT: (OLD_REWARD.outputs[0], 2, True),
        NEW_AT: (NEW_REWARD.outputs[0], 9, True),
        COIN_AT: (PAID.outputs[0], 4, False),
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


CLAIM_A = pay(EMPLOYEE, [A_AT, COIN_AT], [give(EMPLOYER, INVOICE_A), coins(EMPLOYEE, 29)])  # fee 1
SPEND_OLD = pay(EMPLOYEE, [OLD_AT], [coins(EMPLOYER, 20), coins(EMPLOYEE, 30)])
NEW_INVOICE = issue(TAX_BUREAU, [(EMPLOYEE.address, INVOICE_C)], PARAMS.name)
REWARD = coinbase(HEIGHT, MINER.address, 50)
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


def test_register_invoices_gives_each_invoice_digest_to_its_employee():
    """按批次顺序把每张发票的哈希值交给对应员工，用 issue 签名"""
    batch = [(EMPLOYEE.address, INVOICE, NUMBER), (OTHER_EMPLOYER.address, b"taxi 86.00", "0042")]
    issuance = register_invoices(TAX_BUREAU, batch, PARAMS.name)
    expected = [
        (EMPLOYEE.address, Document("invoice", sha256(INVOICE), (("number", NUMBER),))),
        (OTHER_EMPLOYER.address, Document("invoice", sha256(b"taxi 86.00"), (("number", "0042"),))),
    ]
    got = [(out.owner, out.document) for out in issuance.outputs]
    assert got == expected, f"one invoice output per item, in the batch's order; got {got}"
    assert issuance == issue(TAX_BUREAU, expected, PARAMS.name), "sign it with issue(...)"


def test_register_invoices_registers_the_same_invoice_once():
    """同一张发票只登记一次，后面的副本略去"""
    batch = [(EMPLOYEE.address, INVOICE, NUMBER), (EMPLOYER.address, INVOICE, NUMBER)]
    issuance = register_invoices(TAX_BUREAU, batch, PARAMS.name)
    owners = [out.owner for out in issuance.outputs]
    assert owners == [EMPLOYEE.address], f"the second copy must be left out; owners {owners}"


def test_register_invoices_of_an_empty_batch_is_none():
    """空批次返回 None"""
    assert register_invoices(TAX_BUREAU, [], PARAMS.name) is None


def test_register_invoices_is_accepted_by_the_chain():
    """链接受发行交易，员工持有两张发票"""
    chain = Blockchain(PARAMS)
    batch = [(EMPLOYEE.address, INVOICE, NUMBER), (EMPLOYEE.address, b"hotel", "0043")]
    chain.submit(register_invoices(TAX_BUREAU, batch, PARAMS.name))
    mine_block(chain, MINER.address)
    assert len(chain.documents(EMPLOYEE.address)) == 2, "the employee should hold both invoices"


# --- claim ------------------------------------------------------------------------------------


def registered():
    """A chain on which the bureau's invoice is confirmed for the employee (block 1)."""
    chain = Blockchain(PARAMS)
    invoice = Document.of("invoice", INVOICE, number=NUMBER)
    issuance = issue(TAX_BUREAU, [(EMPLOYEE.address, invoice)], PARAMS.name)
    chain.submit(issuance)
    mine_block(chain, MINER.address)
    return chain, invoice, OutPoint(issuance.txid, 0)


def refusal(action):
    """The error ``action()`` raises when the chain refuses it, or None when it is accepted."""
    try:
        action()
    except MinichainError as error:
        return error
    return None


def test_claim_spends_the_invoice_and_gives_it_to_the_employer():
    """报销交易花费持有发票的输出，把发票交给用人单位"""
    _, invoice, invoice_at = registered()
    tx = claim(EMPLOYEE, invoice_at, invoice, EMPLOYER.address, PARAMS.name)
    assert [tx_in.prevout for tx_in in tx.inputs] == [invoice_at], "spend exactly invoice_at"
    assert tx.outputs == (give(EMPLOYER, invoice),), "one output: the invoice, to the employer"


def test_claim_pays_the_fee_from_a_coin_and_keeps_the_change():
    """用一枚币支付交易费并找零，没有剩余时不加找零输出"""
    _, invoice, invoice_at = registered()
    coin_at = OutPoint(sha256(b"a coin"), 3)
    tx = claim(EMPLOYEE, invoice_at, invoice, EMPLOYER.address, PARAMS.name, (coin_at, 12), 2)
    assert [tx_in.prevout for tx_in in tx.inputs] == [invoice_at, coin_at], "invoice, then coin"
    assert tx.outputs == (give(EMPLOYER, invoice), coins(EMPLOYEE, 10)), (
        "the invoice to the employer, then the change of 12 - 2 = 10 back to the employee"
    )
    whole = claim(EMPLOYEE, invoice_at, invoice, EMPLOYER.address, PARAMS.name, (coin_at, 2), 2)
    assert whole.outputs == (give(EMPLOYER, invoice),), "no change output when nothing is left"


def test_claim_is_accepted_and_moves_the_invoice():
    """链接受报销交易，发票转到用人单位名下"""
    chain, invoice, invoice_at = registered()
    chain.submit(claim(EMPLOYEE, invoice_at, invoice, EMPLOYER.address, PARAMS.name))
    mine_block(chain, MINER.address)
    assert chain.documents(EMPLOYER.address) == [invoice], "the employer should hold the invoice"
    assert chain.documents(EMPLOYEE.address) == [], "the employee should hold nothing any more"


def test_claim_a_second_time_is_refused_as_a_double_spend():
    """第二次报销以 DoubleSpendError 被拒绝"""
    chain, invoice, invoice_at = registered()
    chain.submit(claim(EMPLOYEE, invoice_at, invoice, EMPLOYER.address, PARAMS.name))
    second = claim(EMPLOYEE, invoice_at, invoice, OTHER_EMPLOYER.address, PARAMS.name)
    error = refusal(lambda: chain.submit(second))
    assert isinstance(error, DoubleSpendError), f"expected a DoubleSpendError, got {error!r}"


# --- shape_rule -------------------------------------------------------------------------------


def test_shape_rule_accepts_well_formed_transactions():
    """格式正确的交易不违反任何规则"""
    for label, tx in [*VALID, ("the coinbase of block 10", REWARD)]:
        got = shape_rule(tx)
        assert got is None, f"{label} breaks no rule on its own; you said {got!r}"


def test_shape_rule_outputs_and_amounts():
    """输出与金额的规则：无输出、单据带币、金额非正或过大"""
    judge_rules(
        shape_rule,
        [
            ("a claim with no outputs", "no-outputs", pay(EMPLOYEE, [A_AT], [])),
            (
                "an invoice output carrying 5 coins",
                "document-with-coins",
                pay(EMPLOYEE, [A_AT], [TxOut(EMPLOYER.public_key.key_hash, 5, INVOICE_A)]),
            ),
            (
                "a payment of 0 coins",
                "amount-not-positive",
                pay(EMPLOYEE, [OLD_AT], [coins(EMPLOYER, 0)]),
            ),
            (
                "an output above MAX_MONEY",
                "amount-too-large",
                pay(EMPLOYEE, [OLD_AT], [coins(EMPLOYER, MAX_MONEY + 1)]),
            ),
            (
                "two outputs adding up to more than MAX_MONEY",
                "total-too-large",
                pay(EMPLOYEE, [OLD_AT], [coins(EMPLOYER, MAX_MONEY), coins(EMPLOYEE, 1)]),
            ),
        ],
    )


def test_shape_rule_inputs():
    """输入的规则：重复输入、未签名或公钥格式不对、支付交易带签发方"""
    judge_rules(
        shape_rule,
        [
            (
                "a claim spending invoice A twice",
                "duplicate-input",
                pay(EMPLOYEE, [A_AT, A_AT], [give(EMPLOYER, INVOICE_A)]),
            ),
            (
                "an unsigned claim",
                "malformed-input",
                Transaction((TxIn(A_AT),), (give(EMPLOYER, INVOICE_A),)),
            ),
            (
                "a claim whose key is the 65-byte uncompressed form",
                "malformed-input",
                with_input(CLAIM_A, 1, public_key=EMPLOYEE.public_key.sec(compressed=False)),
            ),
            (
                "a claim that also carries an issuer key",
                "issuer-on-payment",
                replace(CLAIM_A, issuer_key=TAX_BUREAU.public_key.sec()),
            ),
        ],
    )


def test_shape_rule_issuances_and_coinbases():
    """发行交易与 coinbase 交易的规则"""
    judge_rules(
        shape_rule,
        [
            (
                "an issuance without its signature",
                "bad-issuance",
                replace(NEW_INVOICE, issuer_signature=b""),
            ),
            (
                "an issuance that creates coins",
                "bad-issuance",
                issued_by(TAX_BUREAU, [coins(EMPLOYEE, 5)]),
            ),
            (
                "an issuance under a 65-byte issuer key",
                "bad-issuance",
                issued_by(
                    TAX_BUREAU,
                    [give(EMPLOYEE, INVOICE_C)],
                    issuer_key=TAX_BUREAU.public_key.sec(False),
                ),
            ),
            (
                "one issuance giving invoice C to two people",
                "document-issued-twice",
                issue(
                    TAX_BUREAU,
                    [(EMPLOYEE.address, INVOICE_C), (EMPLOYER.address, INVOICE_C)],
                    PARAMS.name,
                ),
            ),
            (
                "a coinbase that creates an invoice",
                "bad-coinbase",
                Transaction((), (give(MINER, INVOICE_C),), memo=HEIGHT.to_bytes(4, "little")),
            ),
            (
                "a coinbase with an issuer signature",
                "bad-coinbase",
                replace(REWARD, issuer_signature=bytes(9)),
            ),
        ],
    )


# --- spend_rule -------------------------------------------------------------------------------


def test_spend_rule_accepts_valid_transactions():
    """有效交易依据未花费交易输出集合不违反任何规则"""
    for label, tx in VALID:
        expected = minichain_spend(tx, utxo(), HEIGHT)
        assert expected is None, f"catalogue out of date: {label} is {expected}"
        got = spend_rule(tx, utxo(), HEIGHT, PARAMS)
        assert got is None, f"{label} is valid in block {HEIGHT}; you said {got!r}"


def test_spend_rule_checks_the_shape_first_and_refuses_a_coinbase():
    """先检查交易自身的规则，并拒绝不在首位的 coinbase 交易"""
    judge_rules(
        spend_rule,
        [
            (
                "an unsigned claim",
                "malformed-input",
                Transaction((TxIn(A_AT),), (give(EMPLOYER, INVOICE_A),)),
            ),
            ("the coinbase of block 10 outside its place", "misplaced-coinbase", REWARD),
        ],
        utxo(),
        HEIGHT,
        PARAMS,
    )


def test_spend_rule_inputs():
    """输入的规则：输出不存在、coinbase 未成熟、公钥不属于所有者"""
    judge_rules(
        spend_rule,
        [
            (
                "a claim of an output that never existed",
                "missing-input",
                pay(EMPLOYEE, [OutPoint(sha256(b"no such transaction"), 0)], [coins(EMPLOYER, 1)]),
            ),
            (
                "a claim of output 2 of a transaction with two outputs",
                "missing-input",
                pay(EMPLOYEE, [OutPoint(REGISTERED.txid, 2)], [coins(EMPLOYER, 1)]),
            ),
            (
                "the miner spending its reward of block 9 in block 10",
                "immature-coinbase",
                pay(MINER, [NEW_AT], [coins(MINER, 50)]),
            ),
            (
                "the employer signing the claim of the employee's invoice",
                "wrong-key",
                pay(EMPLOYER, [A_AT], [give(EMPLOYER, INVOICE_A)]),
            ),
        ],
        utxo(),
        HEIGHT,
        PARAMS,
    )


def test_spend_rule_documents():
    """单据的规则：未授权的签发方、重复发行、单据未整份转移"""
    tampered = Document(INVOICE_A.kind, INVOICE_A.digest, (("number", "99999999"),))
    judge_rules(
        spend_rule,
        [
            (
                "a forger issuing an invoice",
                "unauthorised-issuer",
                issue(FORGER, [(EMPLOYEE.address, INVOICE_C)], PARAMS.name),
            ),
            (
                "the bureau registering invoice A again",
                "document-issued-twice",
                issue(TAX_BUREAU, [(EMPLOYER.address, INVOICE_A)], PARAMS.name),
            ),
            (
                "a claim that drops the invoice",
                "document-not-moved-whole",
                pay(EMPLOYEE, [A_AT, COIN_AT], [coins(EMPLOYER, 30)]),
            ),
            (
                "a claim that gives invoice A to two employers",
                "document-not-moved-whole",
                pay(EMPLOYEE, [A_AT], [give(EMPLOYER, INVOICE_A), give(OTHER_EMPLOYER, INVOICE_A)]),
            ),
            (
                "a claim that creates invoice C on the way",
                "document-not-moved-whole",
                pay(EMPLOYEE, [A_AT], [give(EMPLOYER, INVOICE_A), give(EMPLOYER, INVOICE_C)]),
            ),
            (
                "a claim that changes the invoice number",
                "document-not-moved-whole",
                pay(EMPLOYEE, [A_AT], [give(EMPLOYER, tampered)]),
            ),
        ],
        utxo(),
        HEIGHT,
        PARAMS,
    )


def test_spend_rule_amounts():
    """金额的规则：花费超过输入，输入合计超过 MAX_MONEY"""
    rich = utxo()
    huge = [OutPoint(sha256(b"huge %d" % n), 0) for n in range(2)]
    for at in huge:  # a made-up set: two outputs of MAX_MONEY each
        rich[at] = (coins(EMPLOYEE, MAX_MONEY), 5, False)
    overspend = pay(EMPLOYEE, [OLD_AT], [coins(EMPLOYER, 40), coins(EMPLOYEE, 11)])
    assert minichain_spend(overspend, utxo(), HEIGHT) == "overspend"
    got = spend_rule(overspend, utxo(), HEIGHT, PARAMS)
    assert got == "overspend", f"paying 51 coins out of 50 is an overspend; you said {got!r}"
    too_much = pay(EMPLOYEE, huge, [coins(EMPLOYER, MAX_MONEY)])
    assert minichain_spend(too_much, rich, HEIGHT) == "total-too-large"
    got = spend_rule(too_much, rich, HEIGHT, PARAMS)
    assert got == "total-too-large", f"inputs of 2 x MAX_MONEY are too much; you said {got!r}"


def test_spend_rule_signatures():
    """签名的规则：另一条链、签名后改动、高 S 值、非 DER"""
    judge_rules(
        spend_rule,
        [
            (
                "a claim signed for another chain",
                "bad-signature",
                pay(EMPLOYEE, [A_AT], [give(EMPLOYER, INVOICE_A)], chain_id="guangzhou"),
            ),
            (
                "a payment whose amount was changed after signing",
                "bad-signature",
                replace(SPEND_OLD, outputs=(coins(EMPLOYER, 25), coins(EMPLOYEE, 25))),
            ),
            (
                "a claim whose signature was made high-S",
                "bad-signature",
                with_input(CLAIM_A, 0, signature=high_s(CLAIM_A.inputs[0].signature)),
            ),
            (
                "a claim whose signature bytes are not DER",
                "bad-signature",
                with_input(CLAIM_A, 1, signature=bytes(range(2, 72))),
            ),
            (
                "an issuance signed for another chain",
                "bad-signature",
                issue(TAX_BUREAU, [(EMPLOYEE.address, INVOICE_C)], "guangzhou"),
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


def test_apply_block_connects_valid_blocks():
    """有效区块连接成功，包括花费本区块中更早创建的输出"""
    paid_on = pay(EMPLOYER, [OutPoint(SPEND_OLD.txid, 0)], [coins(MINER, 20)])
    judge_blocks(
        [
            ("a block with its coinbase only", None, [REWARD]),
            (
                "a block with a claim (fee 1), a payment and an issuance",
                None,
                [coinbase(HEIGHT, MINER.address, 51), CLAIM_A, SPEND_OLD, NEW_INVOICE],
            ),
            ("a block spending an output made earlier in it", None, [REWARD, SPEND_OLD, paid_on]),
        ]
    )


def test_apply_block_refuses_a_double_spend_inside_the_block():
    """拒绝同一区块内的双花"""
    to_employer = pay(EMPLOYEE, [A_AT], [give(EMPLOYER, INVOICE_A)])
    to_other = pay(EMPLOYEE, [A_AT], [give(OTHER_EMPLOYER, INVOICE_A)])
    judge_blocks(
        [
            (
                "invoice A reimbursed twice in one block",
                "double-spend",
                [REWARD, to_employer, to_other],
            ),
            (
                "the mature reward spent twice in one block",
                "double-spend",
                [REWARD, SPEND_OLD, pay(EMPLOYEE, [OLD_AT], [coins(OTHER_EMPLOYER, 50)])],
            ),
        ]
    )


def test_apply_block_block_rules():
    """区块自身的规则：coinbase 位置、交易 ID 重复、默克尔根"""
    judge_blocks(
        [
            ("a block without transactions", "no-coinbase", []),
            ("a block that starts with a claim", "no-coinbase", [CLAIM_A, REWARD]),
            (
                "a block with two coinbases",
                "misplaced-coinbase",
                [REWARD, coinbase(HEIGHT, EMPLOYER.address, 1)],
            ),
            (
                "a block with the same payment twice",
                "duplicate-txid",
                [REWARD, SPEND_OLD, SPEND_OLD],
            ),
            (
                "a block whose header commits to other transactions",
                "bad-merkle-root",
                block_of([REWARD, SPEND_OLD], root=merkle_root([REWARD.txid])),
            ),
        ]
    )


def test_apply_block_coinbase_rules():
    """coinbase 交易的规则：区块高度，金额不超过奖励加交易费"""
    judge_blocks(
        [
            (
                "a coinbase that says height 9",
                "coinbase-height",
                [coinbase(HEIGHT - 1, MINER.address, 50)],
            ),
            (
                "a coinbase of 51 with no fees",
                "coinbase-overpays",
                [coinbase(HEIGHT, MINER.address, 51)],
            ),
            (
                "a coinbase of 52 with a fee of 1",
                "coinbase-overpays",
                [coinbase(HEIGHT, MINER.address, 52), CLAIM_A],
            ),
        ]
    )


def test_apply_block_refuses_a_bad_transaction_whole():
    """区块中有一笔交易违反规则，整个区块被拒绝"""
    paid_on = pay(EMPLOYER, [OutPoint(SPEND_OLD.txid, 0)], [coins(MINER, 20)])
    judge_blocks(
        [
            (
                "a block with an unsigned claim",
                "malformed-input",
                [REWARD, SPEND_OLD, Transaction((TxIn(A_AT),), (give(EMPLOYER, INVOICE_A),))],
            ),
            (
                "a block with a claim signed by the employer",
                "wrong-key",
                [REWARD, SPEND_OLD, pay(EMPLOYER, [A_AT], [give(EMPLOYER, INVOICE_A)])],
            ),
            (
                "a block spending an output made later in it",
                "missing-input",
                [REWARD, paid_on, SPEND_OLD],
            ),
            (
                "a block registering invoice C twice",
                "document-issued-twice",
                [
                    REWARD,
                    NEW_INVOICE,
                    issue(TAX_BUREAU, [(EMPLOYER.address, INVOICE_C)], PARAMS.name),
                ],
            ),
        ]
    )


# --- invoice_holders --------------------------------------------------------------------------


def forge(parent, height, transactions):
    """A block with valid proof-of-work on ``parent`` (a header) that no honest miner would make."""
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


def claim_to(company, invoice, invoice_at):
    return pay(EMPLOYEE, [invoice_at], [give(company, invoice)])


def reimbursed_twice():
    """A chain with the invoice, its claim, and a block holding two claims of it."""
    chain, invoice, invoice_at = registered()
    first = claim_to(EMPLOYER, invoice, invoice_at)
    second = claim_to(OTHER_EMPLOYER, invoice, invoice_at)
    return chain, first, forge(chain.tip.header, 2, [first, second])


def test_invoice_holders_of_an_honest_chain():
    """诚实的链上，发行后员工持有发票，报销后用人单位持有"""
    chain, invoice, invoice_at = registered()
    holders = invoice_holders(list(chain), PARAMS)
    assert holders == {NUMBER: EMPLOYEE.address}, (
        f"after the issuance the employee {EMPLOYEE.address} holds it; got {holders}"
    )
    chain.submit(claim_to(EMPLOYER, invoice, invoice_at))
    mine_block(chain, MINER.address)
    holders = invoice_holders(list(chain), PARAMS)
    assert holders == {NUMBER: EMPLOYER.address}, (
        f"after the claim the employer {EMPLOYER.address} holds it; got {holders}"
    )


def test_invoice_holders_skips_a_block_that_reimburses_twice():
    """跳过把同一张发票报销两次的区块"""
    chain, _, both = reimbursed_twice()
    holders = invoice_holders([*chain, both], PARAMS)
    assert holders == {NUMBER: EMPLOYEE.address}, (
        f"a block claiming the same invoice twice must be refused whole; got {holders}"
    )


def test_invoice_holders_never_counts_a_block_built_on_a_refused_one():
    """建立在被拒区块之上的孤块永远不计入"""
    chain, first, both = reimbursed_twice()
    orphan = forge(both.header, 3, [first])  # one valid claim, on a refused parent
    holders = invoice_holders([*chain, both, orphan], PARAMS)
    assert holders == {NUMBER: EMPLOYEE.address}, (
        f"a block whose parent was refused is an orphan and never counts; got {holders}"
    )


def test_invoice_holders_counts_invoices_only():
    """只统计类型为 invoice 的单据"""
    params = PARAMS.with_issuers({"invoice": [TAX_BUREAU.address], "receipt": [TAX_BUREAU.address]})
    chain = Blockchain(params)
    invoice = Document.of("invoice", INVOICE, number=NUMBER)
    receipt = Document.of("receipt", b"a hotel receipt", number="7")
    chain.submit(issue(TAX_BUREAU, [(EMPLOYEE.address, invoice)], params.name))
    chain.submit(issue(TAX_BUREAU, [(EMPLOYER.address, receipt)], params.name))
    mine_block(chain, MINER.address)
    holders = invoice_holders(list(chain), params)
    assert holders == {NUMBER: EMPLOYEE.address}, f"only invoices count; got {holders}"
