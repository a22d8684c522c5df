"""Public checks of the cross-border trade exercise: the learner sees and runs these."""

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
    MinichainError,
    OutOfRangeError,
    WrongTypeError,
)
from minichain.keys import PrivateKey
from minichain.miner import mine_block
from minichain.params import ChainParams
from minichain.registries import ReceivableRegistry
from minichain.standards import load_vectors
from minichain.tx import Document, OutPoint
from minichain.wallet import issue_document

PLATFORM = PrivateKey.from_seed("trade finance platform")
CARRIER = PrivateKey.from_seed("carrier Example Ocean Line")
EXPORTER = PrivateKey.from_seed("exporter Shenzhen Lianhua Electronics")
IMPORTER = PrivateKey.from_seed("importer Rotterdam Home Retail")
BANK = PrivateKey.from_seed("Bank of Qianhai")
OTHER_BANK = PrivateKey.from_seed("Pearl River Commercial Bank")
MINER = PrivateKey.from_seed("miner")
PARAMS = ChainParams.regtest(name="trade").with_issuers(
    {"receivable": [PLATFORM.address], "bill_of_lading": [CARRIER.address]}
)
VECTORS = load_vectors()
RECEIVABLE = Document.of(
    "receivable", b"receivable AR-2019-0042, USD 12,500.00", amount="1250000", number="AR-2019-0042"
)
BILL = Document.of("bill_of_lading", b"bill of lading COSU6123456780", number="COSU6123456780")


def registered(document, issuer, owner):
    """A chain on which ``issuer`` has issued ``document`` to ``owner``, and where it is."""
    chain = Blockchain(PARAMS)
    issuance = issue_document(chain, issuer, owner.address, document)
    mine_block(chain, MINER.address)
    return chain, OutPoint(issuance.txid, 0)


def refusal(action):
    """The error ``action()`` raises when it is refused, or None when it is accepted."""
    try:
        action()
    except MinichainError as error:
        return error
    return None


def test_canonical_record_matches_the_shared_vectors():
    """与共享测试向量 canonical_json 的字节一致"""
    for vector in VECTORS["canonical_json"][:2]:
        got = canonical_record(vector["record"])
        assert got == vector["canonical"].encode(), (
            f"{vector['name']}: expected {vector['canonical']!r}, got {got!r}"
        )


def test_canonical_record_does_not_depend_on_key_order():
    """字节编码与键的顺序无关"""
    first = canonical_record({"amount": 1250000, "currency": "USD"})
    second = canonical_record({"currency": "USD", "amount": 1250000})
    assert first == second == b'{"amount":1250000,"currency":"USD"}'


def test_canonical_record_writes_json_values_as_json_does():
    """false、null 和列表按 JSON 的写法写出"""
    got = canonical_record({"paid": False, "note": None, "tags": ["a", "b"]})
    assert got == b'{"note":null,"paid":false,"tags":["a","b"]}', f"got {got!r}"


def test_canonical_record_refuses_what_json_cannot_carry_exactly():
    """拒绝浮点数、超出安全范围的整数、非字典记录和非字符串键"""
    for record, kind in (
        ({"amount": 1.5}, WrongTypeError),
        ({"amount": 2**60}, OutOfRangeError),
        ([("amount", 1)], WrongTypeError),
        ({7: "seven"}, WrongTypeError),
    ):
        error = refusal(lambda record=record: canonical_record(record))
        assert isinstance(error, kind), f"{record!r}: expected {kind.__name__}, got {error!r}"


def outcome(function, entries, caller, method, args):
    """``("ok", writes)`` for an accepted call, or ``(error class name, field)`` for a refusal."""
    try:
        return "ok", function(entries, caller, method, args)
    except MinichainError as error:
        return type(error).__name__, error.field


def yours(entries, caller, method, args):
    return receivable_call(entries, caller, PLATFORM.address, method, args)


def minichains(entries, caller, method, args):
    """minichain's own receivable contract, run as every member of the consortium runs it."""
    _, writes = run_call(ReceivableRegistry, entries, caller, method, args, admin=PLATFORM.address)
    return writes


def agree(entries, caller, method, args):
    """Your outcome and minichain's for one call; assert they are the same; return it."""
    expected = outcome(minichains, entries, caller, method, args)
    got = outcome(yours, entries, caller, method, args)
    assert got == expected, f"{method}({args}) by {caller[:6]}...: expected {expected}, got {got}"
    return got


def open_receivable(holder=EXPORTER, amount=1250000):
    """The contract's entries after the platform registered AR-2019-0042 for ``holder``."""
    return {
        "AR-2019-0042": {
            "amount": amount,
            "debtor": IMPORTER.address,
            "holder": holder.address,
            "parent": None,
            "status": "open",
        }
    }


def test_receivable_call_registers_for_the_platform_only():
    """只有平台能登记应收账款，同一编号只登记一次"""
    args = {
        "number": "AR-2019-0042",
        "debtor": IMPORTER.address,
        "amount": 1250000,
        "holder": EXPORTER.address,
    }
    assert agree({}, PLATFORM.address, "register", args) == ("ok", open_receivable())
    assert agree({}, EXPORTER.address, "register", args) == ("ContractRuleError", "caller")
    again = agree(open_receivable(), PLATFORM.address, "register", args)
    assert again == ("ContractRuleError", "number"), "a number is registered once"


def test_receivable_call_refuses_bad_arguments():
    """登记时拒绝不合规的编号、债务人、金额和持有人"""
    base = {"number": "AR-7", "debtor": IMPORTER.address, "amount": 100, "holder": BANK.address}
    for change, field in (
        ({"number": "AR/7"}, "number"),
        ({"number": ""}, "number"),
        ({"debtor": ""}, "debtor"),
        ({"amount": True}, "amount"),
        ({"amount": 0}, "amount"),
        ({"holder": 7}, "holder"),
    ):
        got = agree({}, PLATFORM.address, "register", {**base, **change})
        assert got == ("ContractRuleError", field), f"{change}: expected field {field}"


def test_receivable_call_finances_once():
    """应收账款只能由持有人融资一次，融资后归银行持有"""
    entries = open_receivable()
    args = {"number": "AR-2019-0042", "bank": BANK.address}
    _, writes = agree(entries, EXPORTER.address, "finance", args)
    assert writes["AR-2019-0042"]["holder"] == BANK.address
    assert writes["AR-2019-0042"]["status"] == "financed"
    assert entries == open_receivable(), "receivable_call must not change entries"
    nobody = {"number": "AR-2019-0042", "bank": ""}
    assert agree(entries, EXPORTER.address, "finance", nobody) == ("ContractRuleError", "bank")
    again = {"number": "AR-2019-0042", "bank": OTHER_BANK.address}
    assert agree(writes, EXPORTER.address, "finance", again) == ("ContractRuleError", "caller")
    assert agree(writes, BANK.address, "finance", again) == ("ContractRuleError", "number")


def test_receivable_call_split_adds_up_exactly():
    """拆分至少两部分，各部分为正且合计恰好等于原金额"""
    entries = open_receivable()
    args = {"number": "AR-2019-0042", "amounts": [750000, 500000]}
    _, writes = agree(entries, EXPORTER.address, "split", args)
    assert sorted(writes) == ["AR-2019-0042", "AR-2019-0042/1", "AR-2019-0042/2"]
    for amounts in ([750000, 750000], [1250000], [1250000, 0], ["625000", 625000]):
        got = agree(
            entries, EXPORTER.address, "split", {"number": "AR-2019-0042", "amounts": amounts}
        )
        assert got == ("ContractRuleError", "amounts"), f"{amounts}: expected a refusal"


def test_receivable_call_split_needs_the_holder_of_an_open_receivable():
    """已融资的应收账款谁也不能拆分：原持有人不行，银行也不行"""
    # Issue 16's hole: financed to a bank, the receivable can no longer be split by anyone.
    financed = {
        "AR-2019-0042": {
            **open_receivable()["AR-2019-0042"],
            "holder": BANK.address,
            "status": "financed",
        }
    }
    args = {"number": "AR-2019-0042", "amounts": [750000, 500000]}
    assert agree(financed, EXPORTER.address, "split", args) == ("ContractRuleError", "caller")
    assert agree(financed, BANK.address, "split", args) == ("ContractRuleError", "number")
    missing = {"number": "AR-9", "amounts": [1, 2]}
    assert agree(financed, BANK.address, "split", missing) == ("ContractRuleError", "number")


def test_receivable_call_refuses_unknown_methods():
    """未知的方法抛出 UnknownContractError"""
    got = agree(open_receivable(), EXPORTER.address, "cancel", {"number": "AR-2019-0042"})
    assert got == ("UnknownContractError", "method")


def test_receivable_call_matches_minichain_on_a_scenario():
    """一连串登记、拆分、融资调用的结果与 minichain 一致"""
    entries = {}
    steps = [
        (
            PLATFORM,
            "register",
            {
                "number": "AR-1",
                "debtor": IMPORTER.address,
                "amount": 900,
                "holder": EXPORTER.address,
            },
        ),
        (EXPORTER, "split", {"number": "AR-1", "amounts": [400, 300, 200]}),
        (EXPORTER, "finance", {"number": "AR-1/2", "bank": BANK.address}),
        (EXPORTER, "finance", {"number": "AR-1", "bank": OTHER_BANK.address}),
        (EXPORTER, "split", {"number": "AR-1/1", "amounts": [100, 300]}),
        (BANK, "split", {"number": "AR-1/2", "amounts": [100, 200]}),
    ]
    for caller, method, args in steps:
        result, writes = agree(entries, caller.address, method, args)
        if result == "ok":
            entries = {**entries, **writes}
    assert entries["AR-1"]["status"] == "split"
    assert sum(r["amount"] for r in entries.values() if r["status"] != "split") == 900


MEMBERS = ("Shenzhen", "Zhuhai", "Qianhai", "Guangzhou")
"""The consortium, in proposing order (height 1 is Zhuhai's turn, heights 2 to 4 the others')."""
METHODS = ("register", "finance", "split")


def minichains_rules(entries, caller, admin, method, args):
    """minichain's ReceivableRegistry as one function of plain data, installed as yours is."""
    return run_call(ReceivableRegistry, entries, caller, method, args, admin=admin)[1]


class TamperedLibrary(ContractLibrary):
    """Zhuhai's code: it answers the hash the consortium approved with a tampered copy."""

    def __init__(self, honest, copy):
        super().__init__()
        self.register(honest)
        self.copy = copy

    def code_for(self, digest):
        return self.copy if super().code_for(digest) is not None else None


def on_consortium(honest, tampered_rules, batches):
    """Install ``honest`` on four members (Zhuhai runs ``tampered_rules`` instead), make a
    block of each batch of calls, and return what happened, as plain data."""
    copy = rules_contract("receivables", tampered_rules, METHODS)
    chain = ContractConsortium(
        seeded_keys(MEMBERS),
        clients=[key.address for key in (PLATFORM, EXPORTER, BANK, OTHER_BANK)],
        libraries={"Zhuhai": TamperedLibrary(honest, copy)},
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
    honest_members = [name for name in MEMBERS if name != "Zhuhai"]
    return {
        "entries": {name: chain.node(name).entries("receivables") for name in honest_members},
        "roots agree": len({chain.node(name).state_root for name in honest_members}) == 1,
        "heights": {name: chain.node(name).final_height for name in MEMBERS},
        "refused": refused,
        "receipts": receipts,
    }


def keeps_the_receivable(rules):
    """A tampered copy of ``rules``: financing leaves the receivable with its seller,
    who could then finance it again at another bank."""

    def tampered(entries, caller, admin, method, args):
        writes = rules(entries, caller, admin, method, args)
        if method == "finance":
            writes = {number: {**record, "holder": caller} for number, record in writes.items()}
        return writes

    return tampered


def test_receivable_call_runs_on_a_consortium_that_outvotes_a_tampered_member():
    """作为合约在联盟上运行，诚实成员以多数压倒被篡改的成员"""
    # Your function, installed as the receivable contract on four members, must give the
    # same states, receipts and refusals as minichain's ReceivableRegistry.
    register = {"debtor": IMPORTER.address, "amount": 1250000, "holder": EXPORTER.address}
    batches = [
        [(PLATFORM, "register", {"number": "AR-1", **register})],
        [
            (EXPORTER, "split", {"number": "AR-1", "amounts": [750000, 500000]}),
            (EXPORTER, "finance", {"number": "AR-1/1", "bank": BANK.address}),
            (EXPORTER, "finance", {"number": "AR-1/1", "bank": OTHER_BANK.address}),
            (EXPORTER, "split", {"number": "AR-1", "amounts": [1250000, 0]}),
        ],
    ]
    rules = rules_contract("receivables", receivable_call, METHODS)
    got = on_consortium(rules, keeps_the_receivable(receivable_call), batches)
    reference = rules_contract("receivables", minichains_rules, METHODS)
    expected = on_consortium(reference, keeps_the_receivable(minichains_rules), batches)
    assert got["receipts"] == expected["receipts"], (
        f"receipts (method, ok, error, field): expected {expected['receipts']}, "
        f"got {got['receipts']}"
    )
    assert got["roots agree"], "the three honest members must agree on the state root"
    for name, entries in got["entries"].items():
        assert entries == expected["entries"][name], (
            f"{name}'s state: expected {expected['entries'][name]}, got {entries}"
        )
    assert got["refused"] == expected["refused"] == ["Zhuhai"], (
        f"only Zhuhai, running the tampered copy, should refuse a block; got {got['refused']}"
    )
    assert got["heights"] == expected["heights"], (
        f"final heights: expected {expected['heights']}, got {got['heights']}"
    )


def test_surrender_gives_the_bill_to_the_ports_surrender_address():
    """交回提单：把提单转给港口的交回地址"""
    chain, at = registered(BILL, CARRIER, IMPORTER)
    chain.submit(surrender(IMPORTER, at, BILL, "NLRTM", PARAMS.name))
    mine_block(chain, MINER.address)
    assert chain.documents(surrender_address("NLRTM")) == [BILL]
    assert chain.documents(IMPORTER.address) == []


def test_surrender_refuses_a_receivable():
    """应收账款不能作为提单交回，抛出 DocumentError"""
    _, at = registered(RECEIVABLE, PLATFORM, EXPORTER)
    error = refusal(lambda: surrender(EXPORTER, at, RECEIVABLE, "NLRTM", PARAMS.name))
    assert isinstance(error, DocumentError), f"only a bill of lading is surrendered: {error!r}"
    assert error.field == "bill", f"the error should name the field bill: {error}"


def test_surrender_refuses_a_port_that_is_not_a_un_locode():
    """港口不是 UN/LOCODE 时抛出 DocumentError"""
    _, at = registered(BILL, CARRIER, IMPORTER)
    for port in ("Rotterdam", "nlrtm", "NLRT1", ""):
        error = refusal(lambda port=port: surrender(IMPORTER, at, BILL, port, PARAMS.name))
        assert isinstance(error, DocumentError) and error.field == "port", (
            f"{port!r} is no UN/LOCODE: expected DocumentError('port'), got {error!r}"
        )


def test_holders_lists_the_endorsement_chain():
    """按从早到晚的顺序列出提单的背书链，包括交回地址"""
    chain, at = registered(BILL, CARRIER, EXPORTER)
    endorsed = chain.submit(transfer(EXPORTER, at, BILL, IMPORTER.address, PARAMS.name))
    mine_block(chain, MINER.address)
    assert holders(chain, BILL.digest) == [EXPORTER.address, IMPORTER.address]
    chain.submit(surrender(IMPORTER, OutPoint(endorsed.txid, 0), BILL, "NLRTM", PARAMS.name))
    mine_block(chain, MINER.address)
    expected = [EXPORTER.address, IMPORTER.address, surrender_address("NLRTM")]
    assert holders(chain, BILL.digest) == expected


def test_holders_counts_only_mined_blocks():
    """只统计已打包进区块的背书"""
    chain, at = registered(BILL, CARRIER, EXPORTER)
    chain.submit(transfer(EXPORTER, at, BILL, IMPORTER.address, PARAMS.name))
    got = holders(chain, BILL.digest)
    assert got == [EXPORTER.address], f"the endorsement is not mined yet; got {got}"


def test_release_cargo_only_to_the_holder_who_surrendered_the_bill():
    """只把货物放给交回提单的那位持有人"""
    chain, at = registered(BILL, CARRIER, IMPORTER)
    chain.submit(surrender(IMPORTER, at, BILL, "NLRTM", PARAMS.name))
    mine_block(chain, MINER.address)
    assert release_cargo(chain, BILL.digest, "NLRTM", IMPORTER.address) == BILL
    error = refusal(lambda: release_cargo(chain, BILL.digest, "NLRTM", EXPORTER.address))
    assert isinstance(error, DocumentError), f"expected a DocumentError, got {error!r}"
    assert error.field == "claimant", f"the error should name the field claimant: {error}"


def test_release_cargo_refuses_a_bill_not_surrendered_there():
    """提单尚未交回或在别的港口交回时拒绝放货"""
    chain, at = registered(BILL, CARRIER, IMPORTER)
    error = refusal(lambda: release_cargo(chain, BILL.digest, "NLRTM", IMPORTER.address))
    assert isinstance(error, DocumentError) and error.field == "digest", (
        f"the bill is not surrendered yet: expected DocumentError('digest'), got {error!r}"
    )
    chain.submit(surrender(IMPORTER, at, BILL, "NLRTM", PARAMS.name))
    mine_block(chain, MINER.address)
    error = refusal(lambda: release_cargo(chain, BILL.digest, "CNSHA", IMPORTER.address))
    assert isinstance(error, DocumentError) and error.field == "digest", (
        f"the bill was surrendered at Rotterdam, not Shanghai: got {error!r}"
    )
