"""Splitting a financed receivable: two transactions let value appear, one call does not."""

from minichain.chain import Blockchain
from minichain.consensus import seeded_keys
from minichain.contract import ContractConsortium
from minichain.errors import ConsensusError
from minichain.keys import PrivateKey, unspendable_address
from minichain.miner import mine_block
from minichain.params import ChainParams
from minichain.registries import ReceivableRegistry
from minichain.tx import Document, OutPoint, Transaction, TxIn, TxOut, issue, sign
from minichain.wallet import issue_document

platform = PrivateKey.from_seed("trade finance platform")
exporter = PrivateKey.from_seed("exporter Shenzhen Lianhua Electronics")
bank = PrivateKey.from_seed("Bank of Qianhai")
importer = PrivateKey.from_seed("importer Rotterdam Home Retail")

# --8<-- [start:hole]
# The old recipe, on a chain of documents: (1) the holder retires the receivable,
# (2) the platform issues the parts. Here the exporter has already financed it.
params = ChainParams.classroom().with_issuers({"receivable": [platform.address]})
chain, miner = Blockchain(params), PrivateKey.from_seed("miner")
original = Document.of("receivable", b"AR-2019-0042", amount="1250000", number="AR-2019-0042")
issuance = issue_document(chain, platform, exporter.address, original)
mine_block(chain, miner.address)
at = OutPoint(issuance.txid, 0)


def transfer(to: str) -> Transaction:
    unsigned = Transaction((TxIn(at),), (TxOut.document_to(to, original),))
    return sign(unsigned, exporter, params.name)


chain.submit(transfer(bank.address))  # financing: the bank now holds the original
mine_block(chain, miner.address)
parts = [
    Document.of("receivable", f"AR-2019-0042/{i}".encode(), amount=str(a), number=f"AR/{i}")
    for i, a in ((1, 750_000), (2, 500_000))
]
try:
    chain.submit(transfer(unspendable_address("retired by a split")))
except ConsensusError as error:
    print("(1) retire:", type(error).__name__)
chain.submit(issue(platform, [(exporter.address, part) for part in parts], params.name))
mine_block(chain, miner.address)
print("(2) parts: accepted alone, mined in block", chain.height)
for name, key in (("exporter", exporter), ("bank", bank)):
    held = [int(dict(doc.metadata)["amount"]) for doc in chain.documents(key.address)]
    print(f"    the {name} holds receivables worth {sum(held):,} cents")
# --8<-- [end:hole]

# --8<-- [start:contract]
members = seeded_keys(["PBoC platform", "Bank of Qianhai", "Pearl River Bank", "Customs"])
clients = [platform.address, exporter.address, bank.address]
trade = ContractConsortium(members, clients=clients)
trade.install(ReceivableRegistry, admin=platform.address)
trade.run_height()
trade.call(
    platform,
    "receivables",
    "register",
    number="AR-2019-0042",
    debtor=importer.address,
    amount=1_250_000,
    holder=exporter.address,
)
trade.run_height()
finance = trade.call(exporter, "receivables", "finance", number="AR-2019-0042", bank=bank.address)
split = trade.call(
    exporter, "receivables", "split", number="AR-2019-0042", amounts=[750_000, 500_000]
)
trade.run_height()
for tx in (finance, split):
    receipt = trade.receipt(tx.txid)
    print(f"{receipt.method:7} ->", "ok" if receipt.ok else receipt.error)
for number, receivable in trade.first.entries("receivables").items():
    holder = "bank" if receivable["holder"] == bank.address else "exporter"
    print(f"{number}: {receivable['amount']:,} cents, {receivable['status']}, held by the {holder}")
# --8<-- [end:contract]
