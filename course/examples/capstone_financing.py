"""A receivable on a trade-finance chain: financed once, and never split by a payment."""

from minichain.chain import Blockchain
from minichain.errors import ConsensusError
from minichain.keys import PrivateKey
from minichain.miner import mine_block
from minichain.params import ChainParams
from minichain.tx import Document, OutPoint, Transaction, TxIn, TxOut, sign
from minichain.wallet import issue_document

# --8<-- [start:setup]
platform = PrivateKey.from_seed("trade finance platform")
exporter = PrivateKey.from_seed("exporter Shenzhen Lianhua Electronics")
bank = PrivateKey.from_seed("Bank of Qianhai")
other_bank = PrivateKey.from_seed("Pearl River Commercial Bank")
miner = PrivateKey.from_seed("miner")
params = ChainParams.classroom().with_issuers({"receivable": [platform.address]})
chain = Blockchain(params)

# USD 12,500.00, counted in cents: amounts on a chain are whole numbers.
receivable = Document.of(
    "receivable", b"receivable AR-2019-0042, USD 12,500.00", amount="1250000", number="AR-2019-0042"
)
issuance = issue_document(chain, platform, exporter.address, receivable)
mine_block(chain, miner.address)
print("block 1: the exporter holds", [doc.label for doc in chain.documents(exporter.address)])
# --8<-- [end:setup]

# --8<-- [start:finance]
receivable_at = OutPoint(issuance.txid, 0)


def finance_at(lender: PrivateKey) -> Transaction:
    """The exporter's signed transfer of the receivable to ``lender``."""
    unsigned = Transaction((TxIn(receivable_at),), (TxOut.document_to(lender.address, receivable),))
    return sign(unsigned, exporter, params.name)


chain.submit(finance_at(bank))
mine_block(chain, miner.address)
print("block 2: the bank holds", [doc.label for doc in chain.documents(bank.address)])
try:
    chain.submit(finance_at(other_bank))
except ConsensusError as error:
    print("second financing:", type(error).__name__)
    print("  ", error.field + ":", error.rule)
# --8<-- [end:finance]

# --8<-- [start:no_split]
# Could the bank split the receivable into two by a payment, and sell both halves?
half = Document.of("receivable", b"half of AR-2019-0042", amount="625000", number="AR-2019-0042/1")
bank_at = OutPoint(chain.tip.transactions[1].txid, 0)
split = Transaction(
    (TxIn(bank_at),),
    (TxOut.document_to(bank.address, receivable), TxOut.document_to(other_bank.address, half)),
)
try:
    chain.submit(sign(split, bank, params.name))
except ConsensusError as error:
    print("split by a payment:", type(error).__name__)
    print("  ", error.field + ":", error.rule)
# --8<-- [end:no_split]
