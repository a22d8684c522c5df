"""An e-invoice as a transaction output: issued by the tax bureau, claimed by an employee."""

# --8<-- [start:setup]
from minichain.chain import Blockchain
from minichain.hashing import short_hex
from minichain.keys import PrivateKey
from minichain.miner import mine_block
from minichain.params import ChainParams
from minichain.tx import Document, OutPoint, Transaction, TxIn, TxOut, issue, sign

# Fixed seeds give the same keys, addresses and transaction ids on every run.
tax_bureau = PrivateKey.from_seed("Shenzhen tax bureau")
employee = PrivateKey.from_seed("employee Zhang Wei")
employer = PrivateKey.from_seed("employer Qianhai Logistics")
miner = PrivateKey.from_seed("miner")

# Only the tax bureau may put invoices on this chain.
params = ChainParams.classroom().with_issuers({"invoice": [tax_bureau.address]})
chain = Blockchain(params)
# --8<-- [end:setup]

# --8<-- [start:issue]
content = b"VAT e-invoice No. 00386721; seller Futian Hotel; total 1280.00 CNY"
invoice = Document.of("invoice", content, number="00386721")
print("digest on the chain:", invoice.digest.hex())

issuance = issue(tax_bureau, [(employee.address, invoice)], params.name)
chain.submit(issuance)  # checked, then waits in the mempool
mine_block(chain, miner.address)  # now it is in block 1
print("issuance", short_hex(issuance.txid), "inputs:", len(issuance.inputs))
print("  output 0:", issuance.outputs[0].document.label, "->", issuance.outputs[0].owner)
# --8<-- [end:issue]

# --8<-- [start:claim]
invoice_at = OutPoint(issuance.txid, 0)  # "output 0 of the issuance"
unsigned = Transaction((TxIn(invoice_at),), (TxOut.document_to(employer.address, invoice),))
reimbursement = sign(unsigned, employee, params.name)
chain.submit(reimbursement)
mine_block(chain, miner.address)

print("claim", short_hex(reimbursement.txid), "spends", reimbursement.inputs[0].prevout)
print("employee holds:", [doc.label for doc in chain.documents(employee.address)])
print("employer holds:", [doc.label for doc in chain.documents(employer.address)])
print("the file the employee hands in is the registered one:", invoice.matches(content))
# --8<-- [end:claim]
