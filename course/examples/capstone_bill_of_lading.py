"""An electronic bill of lading: issued by a carrier, endorsed by its holders, surrendered."""

from minichain.chain import Blockchain
from minichain.errors import ConsensusError
from minichain.keys import PrivateKey, unspendable_address
from minichain.miner import mine_block
from minichain.params import ChainParams
from minichain.tx import Document, OutPoint, Transaction, TxIn, TxOut, sign
from minichain.wallet import issue_document, send_document

carrier = PrivateKey.from_seed("carrier Example Ocean Line")
exporter = PrivateKey.from_seed("exporter Shenzhen Lianhua Electronics")
bank = PrivateKey.from_seed("Bank of Qianhai")
importer = PrivateKey.from_seed("importer Rotterdam Home Retail")
miner = PrivateKey.from_seed("miner")
params = ChainParams.classroom().with_issuers({"bill_of_lading": [carrier.address]})
chain = Blockchain(params)
names = {exporter.address: "exporter", bank.address: "bank", importer.address: "importer"}

# --8<-- [start:issue]
bill = Document.of(
    "bill_of_lading",
    b"B/L COSU6123456780: 1 x 40' container CSQU3054383, Yantian to Rotterdam",
    number="COSU6123456780",
)
issuance = issue_document(chain, carrier, exporter.address, bill)
mine_block(chain, miner.address)
print("block 1: the carrier issues", bill.label, "to the exporter")
# --8<-- [end:issue]

# --8<-- [start:endorse]
for holder, endorsee in ((exporter, bank), (bank, importer)):
    send_document(chain, holder, bill.digest, endorsee.address)
    mine_block(chain, miner.address)
    print(
        f"block {chain.height}:", names[holder.address], "endorses it to", names[endorsee.address]
    )
# The exporter signs the output it held in block 1 over to itself again.
old = TxIn(OutPoint(issuance.txid, 0))
again = Transaction((old,), (TxOut.document_to(exporter.address, bill),))
try:
    chain.submit(sign(again, exporter, params.name))
except ConsensusError as error:
    print("former holder:", type(error).__name__)
    print("  ", error.field + ":", error.rule)
# --8<-- [end:endorse]

# --8<-- [start:surrender]
at_rotterdam = unspendable_address("surrendered at NLRTM")
surrender = send_document(chain, importer, bill.digest, at_rotterdam)
mine_block(chain, miner.address)
print(f"block {chain.height}: the importer surrenders the bill at NLRTM, to", at_rotterdam)

# Nobody holds a key for that address, so no signature can move the bill again.
spend = TxIn(OutPoint(surrender.txid, 0))
after = Transaction((spend,), (TxOut.document_to(importer.address, bill),))
for who, name in ((importer, "importer"), (carrier, "carrier")):
    try:
        chain.submit(sign(after, who, params.name))
    except ConsensusError as error:
        print(f"moved again, signed by the {name}:", type(error).__name__)
        print("  ", error.field + ":", error.rule)
# --8<-- [end:surrender]
