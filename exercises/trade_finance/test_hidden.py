"""Hidden checks of the cross-border trade exercise: only the grader runs these."""

import hashlib
import random

from exercise import (
    canonical_record,
    holders,
    receivable_call,
    release_cargo,
    surrender,
    surrender_address,
    transfer,
)

from minichain.chain import Blockchain
from minichain.consensus import seeded_keys
from minichain.contract import ContractConsortium, ContractLibrary, rules_contract, run_call
from minichain.errors import (
    DocumentError,
    DoubleSpendError,
    MinichainError,
    OutOfRangeError,
    SignatureError,
    WrongTypeError,
)
from minichain.keys import PrivateKey
from minichain.miner import mine_block
from minichain.params import ChainParams
from minichain.registries import ReceivableRegistry
from minichain.standards import load_vectors
from minichain.tx import Document, OutPoint
from minichain.wallet import issue_document

PLATFORM = PrivateKey.from_seed("hidden platform")
CARRIER = PrivateKey.from_seed("hidden carrier")
SHIPPER = PrivateKey.from_seed("hidden shipper")
TRADER = PrivateKey.from_seed("hidden trader")
BUYER = PrivateKey.from_seed("hidden buyer")
BANK = PrivateKey.from_seed("hidden bank")
OTHER_BANK = PrivateKey.from_seed("hidden other bank")
MINER = PrivateKey.from_seed("hidden miner")
PARAMS = ChainParams.regtest(name="hidden trade").with_issuers(
    {"receivable": [PLATFORM.address], "bill_of_lading": [CARRIER.address]}
)
VECTORS = load_vectors()
RECEIVABLE = Document.of(
    "receivable", b"hidden receivable, CNY 90,000.00", amount="9000000", number="R-77"
)
BILL = Document.of("bill_of_lading", b"hidden bill of lading", number="HBL-1")


def registered(document, issuer, owner):
    chain = Blockchain(PARAMS)
    issuance = issue_document(chain, issuer, owner.address, document)
    mine_block(chain, MINER.address)
    return chain, OutPoint(issuance.txid, 0)


def refusal(action):
    try:
        action()
    except MinichainError as error:
        return error
    return None


def endorsed_to_buyer():
    """Carrier -> shipper -> trader -> buyer, each transfer in its own block."""
    chain, at = registered(BILL, CARRIER, SHIPPER)
    for holder, to in ((SHIPPER, TRADER), (TRADER, BUYER)):
        tx = chain.submit(transfer(holder, at, BILL, to.address, PARAMS.name))
        mine_block(chain, MINER.address)
        at = OutPoint(tx.txid, 0)
    return chain, at


# --- canonical_record ------------------------------------------------------------------


def test_canonical_record_matches_the_shared_vectors_all_of_them_and_their_hash():
    """与每一个共享测试向量的字节及其 SHA-256 哈希值一致"""
    for vector in VECTORS["canonical_json"]:
        got = canonical_record(vector["record"])
        assert got == vector["canonical"].encode("utf-8"), vector["name"]
        assert hashlib.sha256(got).hexdigest() == vector["sha256"], vector["name"]


def test_canonical_record_refuses_what_json_cannot_carry_exactly_in_every_vector():
    """canonical_json_invalid 中的每条记录都抛出相应的错误"""
    errors = {"WrongTypeError": WrongTypeError, "OutOfRangeError": OutOfRangeError}
    for vector in VECTORS["canonical_json_invalid"]:
        error = refusal(lambda vector=vector: canonical_record(vector["record"]))
        assert isinstance(error, errors[vector["error"]]), f"{vector['name']}: got {error!r}"


def test_canonical_record_matches_the_shared_vectors_as_bytes():
    """返回的是 bytes"""
    assert isinstance(canonical_record({"a": "b"}), bytes)


def test_canonical_record_writes_json_values_as_json_does_booleans_and_null():
    """true 和 null 按 JSON 的写法写出"""
    assert canonical_record({"negotiable": True, "notify": None}) == (
        b'{"negotiable":true,"notify":null}'
    )


def test_canonical_record_refuses_what_json_cannot_carry_exactly_not_a_dict():
    """记录不是字典时抛出 WrongTypeError"""
    assert isinstance(refusal(lambda: canonical_record([1, 2])), WrongTypeError)


def test_canonical_record_refuses_what_json_cannot_carry_exactly_a_key_not_str():
    """键不是字符串时抛出 WrongTypeError"""
    assert isinstance(refusal(lambda: canonical_record({1: "one"})), WrongTypeError)


def test_canonical_record_refuses_what_json_cannot_carry_exactly_a_deep_float():
    """嵌套在深处的浮点数也抛出 WrongTypeError"""
    record = {"containers": [{"number": "CSQU3054383", "gross_kg": 18200.5}]}
    assert isinstance(refusal(lambda: canonical_record(record)), WrongTypeError)


def test_canonical_record_refuses_what_json_cannot_carry_exactly_past_2_53():
    """2**53 - 1 可以编码，2**53 抛出 OutOfRangeError"""
    assert canonical_record({"n": 2**53 - 1}) == b'{"n":9007199254740991}'
    assert isinstance(refusal(lambda: canonical_record({"n": 2**53})), OutOfRangeError)


# --- receivable_call -----------------------------------------------------------------------


def outcome(function, entries, caller, method, args):
    try:
        return "ok", function(entries, caller, method, args)
    except MinichainError as error:
        return type(error).__name__, error.field


def yours(entries, caller, method, args):
    return receivable_call(entries, caller, PLATFORM.address, method, args)


def minichains(entries, caller, method, args):
    _, writes = run_call(ReceivableRegistry, entries, caller, method, args, admin=PLATFORM.address)
    return writes


def agree(entries, caller, method, args):
    expected = outcome(minichains, entries, caller, method, args)
    got = outcome(yours, entries, caller, method, args)
    assert got == expected, f"{method}({args}): expected {expected}, got {got}"
    return got


def registered_entries(holder=SHIPPER, amount=9000000, status="open"):
    record = {"amount": amount, "debtor": BUYER.address, "holder": holder.address}
    return {"R-77": {**record, "parent": None, "status": status}}


def test_receivable_call_registers_for_the_platform_only_not_a_bank():
    """银行不能登记应收账款，平台可以"""
    args = {"number": "R-78", "debtor": BUYER.address, "amount": 5, "holder": TRADER.address}
    assert agree(registered_entries(), BANK.address, "register", args) == (
        "ContractRuleError",
        "caller",
    )
    got = agree(registered_entries(), PLATFORM.address, "register", args)
    assert got[0] == "ok" and list(got[1]) == ["R-78"]


def test_receivable_call_refuses_bad_arguments_at_the_edges():
    """边界上的登记参数，结果与 minichain 一致"""
    base = {"number": "R-1", "debtor": BUYER.address, "amount": 1, "holder": TRADER.address}
    for change in (
        {"number": "x" * 33},
        {"number": 77},
        {"amount": -5},
        {"amount": "1"},
        {"debtor": None},
        {"number": "x" * 32},
        {"amount": 2**40},
    ):
        agree({}, PLATFORM.address, "register", {**base, **change})


def test_receivable_call_finances_once_after_a_split_part_by_part():
    """拆分后各部分分别融资一次，已拆分的原记录不能融资"""
    entries = registered_entries()
    _, writes = agree(
        entries, SHIPPER.address, "split", {"number": "R-77", "amounts": [6000000, 3000000]}
    )
    entries = {**entries, **writes}
    for number, bank in (("R-77/1", BANK), ("R-77/2", OTHER_BANK), ("R-77/1", OTHER_BANK)):
        got = agree(entries, SHIPPER.address, "finance", {"number": number, "bank": bank.address})
        if got[0] == "ok":
            entries = {**entries, **got[1]}
    late = agree(entries, SHIPPER.address, "finance", {"number": "R-77", "bank": BANK.address})
    assert late == ("ContractRuleError", "number")


def test_receivable_call_split_adds_up_exactly_with_three_parts():
    """拆成三部分，以及各种合计不符或类型不对的金额"""
    entries = registered_entries()
    got = agree(
        entries,
        SHIPPER.address,
        "split",
        {"number": "R-77", "amounts": [6000000, 2000000, 1000000]},
    )
    assert got[0] == "ok" and len(got[1]) == 4
    for amounts in (
        [4500000, 4500001],
        [9000000, 0, 0],
        [True, 8999999],
        "9000000",
        [4500000, -1, 4500001],
    ):
        agree(entries, SHIPPER.address, "split", {"number": "R-77", "amounts": amounts})


def test_receivable_call_split_needs_the_holder_of_an_open_receivable_even_the_platform():
    """平台也不能拆分别人的应收账款，已拆分的不能再拆分或融资"""
    financed = registered_entries(holder=BANK, status="financed")
    args = {"number": "R-77", "amounts": [4500000, 4500000]}
    assert agree(financed, PLATFORM.address, "split", args) == ("ContractRuleError", "caller")
    split = registered_entries(status="split")
    assert agree(split, SHIPPER.address, "split", args) == ("ContractRuleError", "number")
    assert agree(split, SHIPPER.address, "finance", {"number": "R-77", "bank": BANK.address}) == (
        "ContractRuleError",
        "number",
    )


def test_receivable_call_refuses_unknown_methods_even_private_ones():
    """内部辅助方法 require 等也按未知方法拒绝"""
    for method in ("redeem", "require", "transfer"):
        assert agree(registered_entries(), SHIPPER.address, method, {"number": "R-77"}) == (
            "UnknownContractError",
            "method",
        )


def test_receivable_call_matches_minichain_on_a_scenario_of_many_random_calls():
    """三百次随机调用的结果与 minichain 一致，总金额守恒"""
    rng = random.Random(16)
    people = [PLATFORM, SHIPPER, TRADER, BANK, OTHER_BANK]
    entries = {}
    for _ in range(300):
        caller = rng.choice(people)
        numbers = sorted(entries) + ["R-1", "R-2"]
        method = rng.choice(["register", "finance", "split", "split"])
        number = rng.choice(numbers)
        if method == "register":
            args = {
                "number": number,
                "debtor": BUYER.address,
                "amount": rng.choice([0, 10, 600, 1000]),
                "holder": rng.choice(people).address,
            }
        elif method == "finance":
            args = {"number": number, "bank": rng.choice([BANK, OTHER_BANK]).address}
        else:
            total = entries.get(number, {}).get("amount", 10)
            first = rng.randint(1, max(1, total - 1))
            args = {
                "number": number,
                "amounts": rng.choice([[first, total - first], [total], [first, total]]),
            }
        got = agree(entries, caller.address, method, args)
        if got[0] == "ok":
            entries = {**entries, **got[1]}
    live = [r for r in entries.values() if r["status"] != "split"]
    roots = [r for r in entries.values() if r["parent"] is None]
    assert sum(r["amount"] for r in live) == sum(r["amount"] for r in roots)


# --- surrender ------------------------------------------------------------------------------


MEMBERS = ("Hidden Xiamen", "Hidden Fuzhou", "Hidden Quanzhou", "Hidden Putian")
METHODS = ("register", "finance", "split")


def minichains_rules(entries, caller, admin, method, args):
    return run_call(ReceivableRegistry, entries, caller, method, args, admin=admin)[1]


class TamperedLibrary(ContractLibrary):
    def __init__(self, honest, copy):
        super().__init__()
        self.register(honest)
        self.copy = copy

    def code_for(self, digest):
        return self.copy if super().code_for(digest) is not None else None


def on_consortium(honest, tampered_rules, batches):
    """Four members; the second (it proposes only height 1) runs ``tampered_rules``."""
    copy = rules_contract("receivables", tampered_rules, METHODS)
    tampering = MEMBERS[1]
    chain = ContractConsortium(
        seeded_keys(MEMBERS),
        clients=[key.address for key in (PLATFORM, SHIPPER, TRADER, BANK, OTHER_BANK)],
        libraries={tampering: TamperedLibrary(honest, copy)},
    )
    chain.install(honest, PLATFORM.address)
    chain.run_height()
    receipts, refused = [], []
    for batch in batches:
        calls = [chain.call(key, "receivables", method, **args) for key, method, args in batch]
        events = chain.run_height()
        refused += [event.text.split(" refuses")[0] for event in events if event.kind == "refused"]
        for tx in calls:
            receipt = chain.receipt(tx.txid)
            words = receipt.error.split(": ")
            receipts.append(
                (receipt.method, receipt.ok, words[0], words[1] if receipt.error else "")
            )
    honest_members = [name for name in MEMBERS if name != tampering]
    return {
        "entries": {name: chain.node(name).entries("receivables") for name in honest_members},
        "roots agree": len({chain.node(name).state_root for name in honest_members}) == 1,
        "heights": {name: chain.node(name).final_height for name in MEMBERS},
        "refused": refused,
        "receipts": receipts,
    }


def keeps_the_original_open(rules):
    """A tampered copy: a split creates the parts but leaves the original open (the hole)."""

    def tampered(entries, caller, admin, method, args):
        writes = rules(entries, caller, admin, method, args)
        if method == "split":
            writes = {**writes, args["number"]: entries[args["number"]]}
        return writes

    return tampered


def test_receivable_call_runs_on_a_consortium_that_outvotes_a_tampered_member_splitting():
    """多个区块的拆分与融资调用在联盟上运行，压倒被篡改的成员"""
    register = {"debtor": BUYER.address, "amount": 9000000, "holder": SHIPPER.address}
    batches = [
        [
            (PLATFORM, "register", {"number": "R-77", **register}),
            (SHIPPER, "register", {"number": "R-78", **register}),
        ],
        [
            (SHIPPER, "split", {"number": "R-77", "amounts": [4000000, 5000000]}),
            (SHIPPER, "finance", {"number": "R-77/2", "bank": BANK.address}),
            (SHIPPER, "finance", {"number": "R-77", "bank": OTHER_BANK.address}),
        ],
        [
            (BANK, "split", {"number": "R-77/2", "amounts": [1, 4999999]}),
            (SHIPPER, "split", {"number": "R-77/1", "amounts": [4000000]}),
            (TRADER, "finance", {"number": "R-77/1", "bank": BANK.address}),
        ],
    ]
    rules = rules_contract("receivables", receivable_call, METHODS)
    got = on_consortium(rules, keeps_the_original_open(receivable_call), batches)
    reference = rules_contract("receivables", minichains_rules, METHODS)
    expected = on_consortium(reference, keeps_the_original_open(minichains_rules), batches)
    assert got["receipts"] == expected["receipts"]
    assert got["roots agree"]
    assert got["entries"] == expected["entries"]
    assert got["refused"] == expected["refused"] == [MEMBERS[1]]
    assert got["heights"] == expected["heights"]


def test_surrender_gives_the_bill_to_the_ports_surrender_address_for_good():
    """交回之后谁也无法再转移这份提单"""
    chain, at = endorsed_to_buyer()
    gone = chain.submit(surrender(BUYER, at, BILL, "CNSHA", PARAMS.name))
    mine_block(chain, MINER.address)
    again = transfer(BUYER, at, BILL, TRADER.address, PARAMS.name)
    assert isinstance(refusal(lambda: chain.submit(again)), DoubleSpendError)
    from_port = transfer(BUYER, OutPoint(gone.txid, 0), BILL, TRADER.address, PARAMS.name)
    assert isinstance(refusal(lambda: chain.submit(from_port)), SignatureError)


def test_surrender_gives_the_bill_to_the_ports_surrender_address_only_by_its_holder():
    """已背书转让的前持有人不能再交回提单"""
    chain, _ = endorsed_to_buyer()
    first_at = OutPoint(chain.block_at(1).transactions[1].txid, 0)
    late = surrender(SHIPPER, first_at, BILL, "CNSHA", PARAMS.name)
    assert isinstance(refusal(lambda: chain.submit(late)), DoubleSpendError)


def test_surrender_refuses_a_receivable_of_another_holder():
    """另一持有人的应收账款也不能作为提单交回"""
    _, at = registered(RECEIVABLE, PLATFORM, SHIPPER)
    error = refusal(lambda: surrender(SHIPPER, at, RECEIVABLE, "CNSHA", PARAMS.name))
    assert isinstance(error, DocumentError) and error.field == "bill"


def test_surrender_refuses_a_port_that_is_not_a_un_locode_with_0_1_or_a_space():
    """含 0、1、空格或长度不对的港口代码被拒，DEHA2 可以"""
    chain, at = endorsed_to_buyer()
    for port in ("CNSH1", "CN SH", "C1SHA", "CNSHAI", 12345):
        error = refusal(lambda port=port: surrender(BUYER, at, BILL, port, PARAMS.name))
        assert isinstance(error, DocumentError) and error.field == "port", f"{port!r}: {error!r}"
    chain.submit(surrender(BUYER, at, BILL, "DEHA2", PARAMS.name))
    mine_block(chain, MINER.address)
    assert chain.documents(surrender_address("DEHA2")) == [BILL]


# --- holders -------------------------------------------------------------------------------


def test_holders_lists_the_endorsement_chain_empty_for_an_unknown_digest():
    """未知的哈希值给出空列表"""
    chain, _ = endorsed_to_buyer()
    assert holders(chain, bytes(32)) == []


def test_holders_lists_the_endorsement_chain_of_one_document_among_others():
    """链上有多份单据时只列出这一份的背书链"""
    chain, _ = endorsed_to_buyer()
    issue_document(chain, PLATFORM, TRADER.address, RECEIVABLE)
    mine_block(chain, MINER.address)
    assert holders(chain, BILL.digest) == [SHIPPER.address, TRADER.address, BUYER.address]
    assert holders(chain, RECEIVABLE.digest) == [TRADER.address]


def test_holders_counts_only_mined_blocks_not_the_mempool():
    """内存池中的背书不计入"""
    chain, at = registered(BILL, CARRIER, SHIPPER)
    chain.submit(transfer(SHIPPER, at, BILL, TRADER.address, PARAMS.name))
    assert holders(chain, BILL.digest) == [SHIPPER.address]


# --- release_cargo ---------------------------------------------------------------------------


def test_release_cargo_refuses_a_bill_not_surrendered_there_not_yet():
    """背书转让后尚未交回的提单不能放货"""
    chain, _ = endorsed_to_buyer()
    error = refusal(lambda: release_cargo(chain, BILL.digest, "CNSHA", BUYER.address))
    assert isinstance(error, DocumentError) and error.field == "digest"


def test_release_cargo_refuses_a_bill_not_surrendered_there_but_at_another_port():
    """在上海港交回的提单，鹿特丹港不放货，上海港放货"""
    chain, at = endorsed_to_buyer()
    chain.submit(surrender(BUYER, at, BILL, "CNSHA", PARAMS.name))
    mine_block(chain, MINER.address)
    error = refusal(lambda: release_cargo(chain, BILL.digest, "NLRTM", BUYER.address))
    assert isinstance(error, DocumentError) and error.field == "digest"
    assert release_cargo(chain, BILL.digest, "CNSHA", BUYER.address) == BILL


def test_release_cargo_only_to_the_holder_who_surrendered_the_bill_not_a_former_one():
    """背书链上此前的持有人不能提货"""
    chain, at = endorsed_to_buyer()
    chain.submit(surrender(BUYER, at, BILL, "CNSHA", PARAMS.name))
    mine_block(chain, MINER.address)
    for former in (SHIPPER, TRADER):
        error = refusal(
            lambda former=former: release_cargo(chain, BILL.digest, "CNSHA", former.address)
        )
        assert isinstance(error, DocumentError) and error.field == "claimant"


def test_release_cargo_refuses_a_bill_not_surrendered_there_unknown_or_a_receivable():
    """未知的哈希值或应收账款不能放货"""
    chain, _ = registered(RECEIVABLE, PLATFORM, SHIPPER)
    for digest in (bytes(32), RECEIVABLE.digest):
        error = refusal(
            lambda digest=digest: release_cargo(chain, digest, "CNSHA", SHIPPER.address)
        )
        assert isinstance(error, DocumentError) and error.field == "digest"


def test_release_cargo_refuses_a_bill_not_surrendered_there_issued_to_the_port():
    """直接开给交回地址、从未有人持有过的提单不能放货"""
    chain = Blockchain(PARAMS)
    issue_document(chain, CARRIER, surrender_address("CNSHA"), BILL)
    mine_block(chain, MINER.address)
    error = refusal(lambda: release_cargo(chain, BILL.digest, "CNSHA", BUYER.address))
    assert isinstance(error, DocumentError)
