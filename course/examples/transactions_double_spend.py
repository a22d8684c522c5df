"""One e-invoice, two claims: refused later, in the mempool, and inside one block."""

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
chain = Blockchain(params)

invoice = Document.of(
    "invoice", b"VAT e-invoice No. 00386721; total 1280.00 CNY", number="00386721"
)
issuance = issue(tax_bureau, [(employee.address, invoice)], params.name)
chain.submit(issuance)
mine_block(chain, miner.address)


# --8<-- [start:claims]
def claim_to(company: PrivateKey) -> Transaction:
    """The employee's claim of the invoice, addressed to ``company``."""
    spend = TxIn(OutPoint(issuance.txid, 0))
    give = TxOut.document_to(company.address, invoice)
    return sign(Transaction((spend,), (give,)), employee, params.name)


first, second = claim_to(employer), claim_to(other_employer)
print("two claims:", first.label, "and", second.label)
# --8<-- [end:claims]

# --8<-- [start:mempool]
chain.submit(first)  # accepted: it waits in the mempool
try:
    chain.submit(second)
except ConsensusError as error:
    print("mempool:", type(error).__name__)
    print("  ", error)
# --8<-- [end:mempool]

# --8<-- [start:one_block]
# A miner that puts both claims into one block gets the same answer.
try:
    mine_block(chain, miner.address, [first, second])
except ConsensusError as error:
    print("one block:", type(error).__name__)
    print("  ", error)
print("height is still", chain.height)
# --8<-- [end:one_block]

# --8<-- [start:forged]
# A dishonest miner builds that block anyway, with valid proof-of-work, and sends it.
tip = chain.tip.header
body = (coinbase(2, miner.address, params.reward(2)), first, second)
header = BlockHeader(
    1, tip.hash(), merkle_root([tx.txid for tx in body]), tip.timestamp + 10, tip.bits, 0
)
forged = Block(mine(header), body)
try:
    chain.add_block(forged)
except ConsensusError as error:
    print("forged block:", type(error).__name__)
    print("  ", error)
holder = chain.documents(employee.address)[0].label
print(f"height is still {chain.height}; the employee still holds {holder}")
# --8<-- [end:forged]

# --8<-- [start:later]
mine_block(chain, miner.address)  # the first claim, from the mempool, is confirmed in block 2
try:
    chain.submit(second)
except ConsensusError as error:
    print("later:", type(error).__name__)
    print("  ", error)
# --8<-- [end:later]
