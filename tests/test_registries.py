"""The government scenarios' contracts, run on a consortium whose members must agree."""

import pytest

from minichain.consensus import seeded_keys
from minichain.contract import ContractConsortium, run_call
from minichain.errors import ContractRuleError
from minichain.keys import PrivateKey
from minichain.params import ChainParams
from minichain.registries import BillOfLading, InvoiceBook, ReceivableRegistry
from minichain.suite import GM, GMPrivateKey

KEYS = seeded_keys(("Shanghai", "Nanjing", "Hangzhou", "Hefei"))
BUREAU = PrivateKey.from_seed("Shenzhen tax bureau")
PLATFORM = PrivateKey.from_seed("trade finance platform")
CARRIER = PrivateKey.from_seed("carrier")
EXPORTER = PrivateKey.from_seed("exporter")
BANK = PrivateKey.from_seed("Bank of Qianhai")
OTHER_BANK = PrivateKey.from_seed("Pearl River Commercial Bank")
IMPORTER = PrivateKey.from_seed("importer")
EMPLOYEE = PrivateKey.from_seed("employee")
CLIENTS = [
    k.address for k in (BUREAU, PLATFORM, CARRIER, EXPORTER, BANK, OTHER_BANK, IMPORTER, EMPLOYEE)
]


def consortium(contract, admin):
    chain = ContractConsortium(KEYS, clients=CLIENTS)
    chain.install(contract, admin.address)
    chain.run_height()
    return chain


def outcome(chain, *txs):
    """Run one height; each call's error (``""`` for a success)."""
    chain.run_height()
    return [chain.receipt(tx.txid).error for tx in txs]


@pytest.fixture
def receivables():
    chain = consortium(ReceivableRegistry, PLATFORM)
    chain.call(
        PLATFORM,
        "receivables",
        "register",
        number="AR-2019-0042",
        debtor=IMPORTER.address,
        amount=1_250_000,
        holder=EXPORTER.address,
    )
    chain.run_height()
    return chain


def financeable(chain, holder):
    """What ``holder`` can still finance: the amounts of the open receivables it holds."""
    entries = chain.first.entries("receivables")
    return sum(
        r["amount"]
        for r in entries.values()
        if r["holder"] == holder.address and r["status"] == "open"
    )


def test_split_after_financing_creates_no_value(receivables):
    """Issue 16's reproduction: financed to a bank, then split, the parts used to be issued alone
    (7,500 + 5,000 for the exporter while the bank held the 12,500 original)."""
    finance = receivables.call(
        EXPORTER, "receivables", "finance", number="AR-2019-0042", bank=BANK.address
    )
    split = receivables.call(
        EXPORTER, "receivables", "split", number="AR-2019-0042", amounts=[750_000, 500_000]
    )
    errors = outcome(receivables, finance, split)
    assert errors[0] == ""
    assert errors[1].startswith("ContractRuleError: caller: only the holder")
    assert financeable(receivables, EXPORTER) == 0
    assert receivables.query("receivables", "AR-2019-0042")["holder"] == BANK.address
    assert receivables.query("receivables", "AR-2019-0042/1") is None


def test_split_retires_the_original_and_creates_parts_in_one_call(receivables):
    split = receivables.call(
        EXPORTER, "receivables", "split", number="AR-2019-0042", amounts=[750_000, 500_000]
    )
    assert outcome(receivables, split) == [""]
    assert receivables.receipt(split.txid).result == ["AR-2019-0042/1", "AR-2019-0042/2"]
    assert receivables.query("receivables", "AR-2019-0042")["status"] == "split"
    assert financeable(receivables, EXPORTER) == 1_250_000
    late = receivables.call(
        EXPORTER, "receivables", "finance", number="AR-2019-0042", bank=BANK.address
    )
    assert outcome(receivables, late)[0].startswith(
        "ContractRuleError: number: AR-2019-0042 is split"
    )


@pytest.mark.parametrize(
    ("amounts", "field"),
    [([750_000, 750_000], "amounts"), ([1_250_000], "amounts"), ([1_250_001, -1], "amounts")],
)
def test_split_must_add_up_to_exactly_the_original(receivables, amounts, field):
    split = receivables.call(
        EXPORTER, "receivables", "split", number="AR-2019-0042", amounts=amounts
    )
    assert outcome(receivables, split)[0].startswith(f"ContractRuleError: {field}:")
    assert receivables.query("receivables", "AR-2019-0042")["status"] == "open"


def test_receivable_is_financed_once(receivables):
    first = receivables.call(
        EXPORTER, "receivables", "finance", number="AR-2019-0042", bank=BANK.address
    )
    second = receivables.call(
        EXPORTER, "receivables", "finance", number="AR-2019-0042", bank=OTHER_BANK.address
    )
    errors = outcome(receivables, first, second)
    assert errors[0] == "" and errors[1].startswith("ContractRuleError: caller:")


def test_only_the_platform_registers_receivables():
    with pytest.raises(ContractRuleError, match="caller: only the platform registers"):
        run_call(
            ReceivableRegistry,
            {},
            EXPORTER.address,
            "register",
            {"number": "AR-1", "debtor": "d", "amount": 5, "holder": EXPORTER.address},
            admin=PLATFORM.address,
        )


def test_invoice_is_reimbursed_once():
    chain = consortium(InvoiceBook, BUREAU)
    chain.call(
        BUREAU, "invoices", "issue", number="00386721", buyer=EMPLOYEE.address, amount=128_000
    )
    chain.run_height()
    first = chain.call(EMPLOYEE, "invoices", "reimburse", number="00386721", company="employer")
    again = chain.call(EMPLOYEE, "invoices", "reimburse", number="00386721", company="other firm")
    errors = outcome(chain, first, again)
    assert errors[0] == ""
    assert errors[1] == (
        "ContractRuleError: number: invoice 00386721 is reimbursed; only an issued invoice is "
        "reimbursed, once"
    )
    assert {node.state_root for node in chain.nodes.values()} == {chain.first.state_root}


def test_reversed_invoice_cannot_be_reimbursed():
    entries = {"7": {"amount": 5, "holder": EMPLOYEE.address, "status": "issued"}}
    _, writes = run_call(
        InvoiceBook, entries, BUREAU.address, "reverse", {"number": "7"}, admin=BUREAU.address
    )
    assert writes["7"]["status"] == "reversed"
    with pytest.raises(ContractRuleError, match="number: invoice 7 is reversed"):
        run_call(
            InvoiceBook, writes, EMPLOYEE.address, "reimburse", {"number": "7", "company": "c"}
        )


def test_bill_cargo_goes_only_to_the_holder_who_surrendered_it():
    chain = consortium(BillOfLading, CARRIER)
    chain.call(CARRIER, "bills", "issue", number="COSU6123456780", shipper=EXPORTER.address)
    chain.run_height()
    chain.call(EXPORTER, "bills", "endorse", number="COSU6123456780", to=BANK.address)
    chain.call(BANK, "bills", "endorse", number="COSU6123456780", to=IMPORTER.address)
    chain.call(IMPORTER, "bills", "surrender", number="COSU6123456780", port="NLRTM")
    moved = chain.call(BANK, "bills", "endorse", number="COSU6123456780", to=OTHER_BANK.address)
    wrong = chain.call(
        CARRIER, "bills", "release", number="COSU6123456780", port="NLRTM", claimant=BANK.address
    )
    right = chain.call(
        CARRIER,
        "bills",
        "release",
        number="COSU6123456780",
        port="NLRTM",
        claimant=IMPORTER.address,
    )
    errors = outcome(chain, moved, wrong, right)
    assert errors[0].startswith("ContractRuleError: number: bill COSU6123456780 is surrendered")
    assert errors[1].startswith("ContractRuleError: claimant:")
    assert errors[2] == ""
    assert chain.query("bills", "COSU6123456780")["holders"] == [
        EXPORTER.address,
        BANK.address,
        IMPORTER.address,
    ]


def test_split_after_financing_creates_no_value_on_a_consortium_of_the_national_suite():
    """The same reproduction on SM2 keys and SM3 hashes, as a PBoC platform on 国密 would run."""
    platform, exporter, bank = (GMPrivateKey.from_seed(s) for s in ("platform", "exporter", "bank"))
    params = ChainParams.regtest(name="trade-gm", suite="gm")
    clients = [platform.address, exporter.address]
    chain = ContractConsortium(seeded_keys(list(KEYS), GM), params, clients=clients)
    chain.install(ReceivableRegistry, platform.address)
    chain.run_height()
    chain.call(
        platform, "receivables", "register", number="AR-1", debtor="importer", amount=100,
        holder=exporter.address,
    )  # fmt: skip
    chain.run_height()
    finance = chain.call(exporter, "receivables", "finance", number="AR-1", bank=bank.address)
    split = chain.call(exporter, "receivables", "split", number="AR-1", amounts=[60, 40])
    errors = outcome(chain, finance, split)
    assert errors[0] == "" and errors[1].startswith("ContractRuleError: caller: only the holder")
    assert chain.query("receivables", "AR-1")["holder"] == bank.address
    assert {node.state_root for node in chain.nodes.values()} == {chain.agreed.state_root}
