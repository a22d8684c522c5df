"""State only from replaying the chain: an auditor's node rebuilds who holds each invoice."""

from minichain.chain import Blockchain
from minichain.errors import ConsensusError
from minichain.header import BlockHeader
from minichain.keys import PrivateKey
from minichain.ledger import Block
from minichain.merkle import merkle_root
from minichain.miner import mine_block
from minichain.params import ChainParams
from minichain.pow import mine
from minichain.tx import Document, OutPoint, Transaction, TxIn, TxOut, coinbase, issue, sign

tax_bureau = PrivateKey.from_seed("Shenzhen tax bureau")
employee = PrivateKey.from_seed("employee Zhang Wei")
employer = PrivateKey.from_seed("employer Qianhai Logistics")
other_employer = PrivateKey.from_seed("employer Nanshan Software")
miner = PrivateKey.from_seed("miner")
params = ChainParams.classroom().with_issuers({"invoice": [tax_bureau.address]})
names = {
    employee.address: "employee",
    employer.address: "Qianhai Logistics",
    other_employer.address: "Nanshan Software",
}


def claim(invoice_at: OutPoint, invoice: Document, company: PrivateKey) -> Transaction:
    """The employee's signed claim of the invoice at ``invoice_at``, to ``company``."""
    unsigned = Transaction((TxIn(invoice_at),), (TxOut.document_to(company.address, invoice),))
    return sign(unsigned, employee, params.name)


# --8<-- [start:history]
# The history: two invoices issued in block 1, the first one claimed in block 2.
chain = Blockchain(params)
hotel = Document.of("invoice", b"hotel, 1280.00 CNY", number="00386721")
taxi = Document.of("invoice", b"taxi, 46.00 CNY", number="00911305")
issuance = issue(tax_bureau, [(employee.address, hotel), (employee.address, taxi)], params.name)
chain.submit(issuance)
mine_block(chain, miner.address)
chain.submit(claim(OutPoint(issuance.txid, 0), hotel, employer))
mine_block(chain, miner.address)

# A dishonest miner's block 3 claims the taxi invoice twice.
twice = (
    claim(OutPoint(issuance.txid, 1), taxi, employer),
    claim(OutPoint(issuance.txid, 1), taxi, other_employer),
)
body = (coinbase(3, miner.address, params.reward(3)), *twice)
tip = chain.tip.header
header = BlockHeader(
    1, tip.hash(), merkle_root([tx.txid for tx in body]), tip.timestamp + 10, tip.bits, 0
)
blocks = [*chain, Block(mine(header), body)]  # what the auditor receives: genesis first
# --8<-- [end:history]

# --8<-- [start:replay]
auditor = Blockchain(params)  # a new node that has seen nothing yet
for height, block in enumerate(blocks):
    try:
        print(f"block {height}:", auditor.add_block(block).name)
    except ConsensusError as error:
        print(f"block {height}: refused ({type(error).__name__}, {error.field})")

for coin in auditor.utxo.coins.values():  # the state: every unspent output
    document = coin.output.document
    if document is not None:
        number = dict(document.metadata)["number"]
        print(f"invoice {number} is held by {names[coin.output.owner]}")
# --8<-- [end:replay]
