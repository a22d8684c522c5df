"""An electronic bill of lading: issued by a carrier, endorsed by its holders, surrendered."""

from minichain.consensus import seeded_keys
from minichain.consortium import Consortium
from minichain.errors import ConsensusError
from minichain.keys import PrivateKey, unspendable_address
from minichain.params import ChainParams
from minichain.tx import Document, OutPoint, Transaction, TxIn, TxOut, issue, sign

carrier = PrivateKey.from_seed("carrier Example Ocean Line")
exporter = PrivateKey.from_seed("exporter Shenzhen Lianhua Electronics")
bank = PrivateKey.from_seed("Bank of Qianhai")
importer = PrivateKey.from_seed("importer Rotterdam Home Retail")
params = ChainParams.regtest(name="trade").with_issuers({"bill_of_lading": [carrier.address]})
# The carrier, the two ports and a bank run the chain; no miners.
members = seeded_keys(["Carrier", "Port of Shenzhen", "Port of Rotterdam", "Bank of Qianhai"])
trade = Consortium(members, params)
ledger = trade.nodes["Carrier"].chain  # every member holds the same final blocks
names = {exporter.address: "exporter", bank.address: "bank", importer.address: "importer"}


def transfer(holder: PrivateKey, at: OutPoint, to: str) -> Transaction:
    """The holder's signed transfer of the bill at ``at`` to ``to``."""
    unsigned = Transaction((TxIn(at),), (TxOut.document_to(to, bill),))
    return sign(unsigned, holder, params.name)


# --8<-- [start:issue]
bill = Document.of(
    "bill_of_lading",
    b"B/L COSU6123456780: 1 x 40' container CSQU3054383, Yantian to Rotterdam",
    number="COSU6123456780",
)
issuance = trade.submit(issue(carrier, [(exporter.address, bill)], params.name))
trade.run_height()
print("height 1: the carrier issues", bill.label, "to the exporter")
# --8<-- [end:issue]

# --8<-- [start:endorse]
at = OutPoint(issuance.txid, 0)
for holder, endorsee in ((exporter, bank), (bank, importer)):
    endorsement = trade.submit(transfer(holder, at, endorsee.address))
    trade.run_height()
    at = OutPoint(endorsement.txid, 0)
    print(
        f"height {trade.final_height}:",
        names[holder.address],
        "endorses it to",
        names[endorsee.address],
    )
# The exporter signs the output it held at height 1 over to itself again.
try:
    trade.submit(transfer(exporter, OutPoint(issuance.txid, 0), exporter.address))
except ConsensusError as error:
    print("former holder:", type(error).__name__)
    print("  ", error.field + ":", error.rule)
# --8<-- [end:endorse]

# --8<-- [start:surrender]
at_rotterdam = unspendable_address("surrendered at NLRTM")
surrender = trade.submit(transfer(importer, at, at_rotterdam))
trade.run_height()
print(f"height {trade.final_height}: the importer surrenders the bill at NLRTM, to", at_rotterdam)

# Nobody holds a key for that address, so no signature can move the bill again.
for who, name in ((importer, "importer"), (carrier, "carrier")):
    after = Transaction(
        (TxIn(OutPoint(surrender.txid, 0)),), (TxOut.document_to(who.address, bill),)
    )
    try:
        trade.submit(sign(after, who, params.name))
    except ConsensusError as error:
        print(f"moved again, signed by the {name}:", type(error).__name__)
        print("  ", error.field + ":", error.rule)
print(
    "documents at the Rotterdam surrender address:",
    [doc.label for doc in ledger.documents(at_rotterdam)],
)
# --8<-- [end:surrender]
