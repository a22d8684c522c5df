"""Splitting a financed receivable: two transactions let value appear, one call does not."""

from minichain.consensus import seeded_keys
from minichain.consortium import Consortium
from minichain.contract import ContractConsortium
from minichain.errors import ConsensusError
from minichain.keys import PrivateKey, unspendable_address
from minichain.params import ChainParams
from minichain.registries import ReceivableRegistry
from minichain.tx import Document, OutPoint, Transaction, TxIn, TxOut, issue, sign

platform = PrivateKey.from_seed("trade finance platform")
exporter = PrivateKey.from_seed("exporter Shenzhen Lianhua Electronics")
bank = PrivateKey.from_seed("Bank of Qianhai")
importer = PrivateKey.from_seed("importer Rotterdam Home Retail")

# --8<-- [start:hole]
# The two-transaction recipe, on a consortium keeping documents as outputs:
# (1) the holder retires the receivable, (2) the platform issues the parts.
# Here the exporter has already financed the receivable at the bank.
params = ChainParams.regtest(name="trade").with_issuers({"receivable": [platform.address]})
members = seeded_keys(["PBoC platform", "Bank of Qianhai", "Pearl River Bank", "Customs"])
outputs_chain = Consortium(members, params)
ledger = outputs_chain.nodes["PBoC platform"].chain
original = Document.of("receivable", b"AR-2019-0042", amount="1250000", number="AR-2019-0042")
issuance = outputs_chain.submit(issue(platform, [(exporter.address, original)], params.name))
outputs_chain.run_height()
at = OutPoint(issuance.txid, 0)


def transfer(to: str) -> Transaction:
    unsigned = Transaction((TxIn(at),), (TxOut.document_to(to, original),))
    return sign(unsigned, exporter, params.name)


outputs_chain.submit(transfer(bank.address))  # financing: the bank now holds the original
outputs_chain.run_height()
parts = [
    Document.of("receivable", f"AR-2019-0042/{i}".encode(), amount=str(a), number=f"AR/{i}")
    for i, a in ((1, 750_000), (2, 500_000))
]
try:
    outputs_chain.submit(transfer(unspendable_address("retired by a split")))
except ConsensusError as error:
    print("(1) retire:", type(error).__name__)
outputs_chain.submit(issue(platform, [(exporter.address, part) for part in parts], params.name))
outputs_chain.run_height()
print("(2) parts: accepted alone, final at height", outputs_chain.final_height)
for name, key in (("exporter", exporter), ("bank", bank)):
    held = [int(dict(doc.metadata)["amount"]) for doc in ledger.documents(key.address)]
    print(f"    the {name} holds receivables worth {sum(held):,} cents")
# --8<-- [end:hole]

# --8<-- [start:contract]
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
