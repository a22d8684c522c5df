"""A receivable on a trade-finance chain: financed once, and never split by a payment."""

from minichain.consensus import seeded_keys
from minichain.consortium import Consortium
from minichain.errors import ConsensusError
from minichain.keys import PrivateKey
from minichain.params import ChainParams
from minichain.tx import Document, OutPoint, Transaction, TxIn, TxOut, issue, sign

# --8<-- [start:setup]
platform = PrivateKey.from_seed("trade finance platform")
exporter = PrivateKey.from_seed("exporter Shenzhen Lianhua Electronics")
bank = PrivateKey.from_seed("Bank of Qianhai")
other_bank = PrivateKey.from_seed("Pearl River Commercial Bank")
params = ChainParams.regtest(name="trade").with_issuers({"receivable": [platform.address]})
# The platform's operator and three banks run the chain: known members, no miners.
members = seeded_keys(["PBoC platform", "Bank of Qianhai", "Pearl River Bank", "Ping An Bank"])
trade = Consortium(members, params)
ledger = trade.nodes["PBoC platform"].chain  # every member holds the same final blocks

# USD 12,500.00, counted in cents: amounts on a chain are whole numbers.
receivable = Document.of(
    "receivable", b"receivable AR-2019-0042, USD 12,500.00", amount="1250000", number="AR-2019-0042"
)
issuance = trade.submit(issue(platform, [(exporter.address, receivable)], params.name))
trade.run_height()
print("height 1: the exporter holds", [doc.label for doc in ledger.documents(exporter.address)])
# --8<-- [end:setup]

# --8<-- [start:finance]
receivable_at = OutPoint(issuance.txid, 0)


def finance_at(lender: PrivateKey) -> Transaction:
    """The exporter's signed transfer of the receivable to ``lender``."""
    unsigned = Transaction((TxIn(receivable_at),), (TxOut.document_to(lender.address, receivable),))
    return sign(unsigned, exporter, params.name)


financing = trade.submit(finance_at(bank))
trade.run_height()
print("height 2: the bank holds", [doc.label for doc in ledger.documents(bank.address)])
try:
    trade.submit(finance_at(other_bank))
except ConsensusError as error:
    print("second financing:", type(error).__name__)
    print("  ", error.field + ":", error.rule)
# --8<-- [end:finance]

# --8<-- [start:no_split]
# Could the bank split the receivable into two by a payment, and sell both halves?
half = Document.of("receivable", b"half of AR-2019-0042", amount="625000", number="AR-2019-0042/1")
bank_at = OutPoint(financing.txid, 0)
split = Transaction(
    (TxIn(bank_at),),
    (TxOut.document_to(bank.address, receivable), TxOut.document_to(other_bank.address, half)),
)
try:
    trade.submit(sign(split, bank, params.name))
except ConsensusError as error:
    print("split by a payment:", type(error).__name__)
    print("  ", error.field + ":", error.rule)
# --8<-- [end:no_split]
