"""An e-invoice reimbursed twice: the second claim is a double spend and is refused."""

# --8<-- [start:invoice]
from minichain.chain import Blockchain
from minichain.errors import DoubleSpendError
from minichain.keys import PrivateKey
from minichain.miner import mine_block
from minichain.params import ChainParams
from minichain.tx import Document
from minichain.wallet import issue_document, send_document

tax_bureau = PrivateKey.from_seed("tax bureau")
shop, employee, employer, other_employer = (
    PrivateKey.from_seed(name) for name in ("shop", "employee", "employer", "other employer")
)
params = ChainParams.classroom().with_issuers({"invoice": [tax_bureau.address]})
chain = Blockchain(params)

invoice = Document.of("invoice", b"VAT e-invoice 3100194130 No. 00123456", number="00123456")
issue_document(chain, tax_bureau, employee.address, invoice)  # the bureau registers the invoice
mine_block(chain, shop.address)

send_document(chain, employee, invoice.digest, employer.address)  # first reimbursement
try:
    send_document(chain, employee, invoice.digest, other_employer.address)
except Exception as error:  # the employee no longer holds it
    print(type(error).__name__, "-", error.rule)

mine_block(chain, shop.address)
print("employer holds:", [doc.label for doc in chain.documents(employer.address)])
# --8<-- [end:invoice]

# --8<-- [start:replay]
# Forcing the second claim through by signing a transaction by hand fails too:
from minichain.tx import OutPoint, Transaction, TxIn, TxOut, sign

issuance = chain.block_at(1).transactions[1]
second_claim = sign(
    Transaction(
        (TxIn(OutPoint(issuance.txid, 0)),), (TxOut.document_to(other_employer.address, invoice),)
    ),
    employee,
    params.name,
)
try:
    chain.submit(second_claim)
except DoubleSpendError as error:
    print(error)
# --8<-- [end:replay]
