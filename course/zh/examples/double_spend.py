# source_sha256: 640fc236e070299fbcdb63839b5b854a8829ceb5b4d2ab8e13230b2fdca7ddcf
"""一张电子发票报销两次：第二次报销就是双花，会被拒绝。"""

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
issue_document(chain, tax_bureau, employee.address, invoice)  # 税务局登记这张发票
mine_block(chain, shop.address)

send_document(chain, employee, invoice.digest, employer.address)  # 第一次报销
try:
    send_document(chain, employee, invoice.digest, other_employer.address)
except Exception as error:  # 员工手里已经没有这张发票了
    print(type(error).__name__, "-", error.rule)

mine_block(chain, shop.address)
print("雇主持有：", [doc.label for doc in chain.documents(employer.address)])
# --8<-- [end:invoice]

# --8<-- [start:replay]
# 绕过钱包、手工签一笔交易强行提交第二次报销，同样失败：
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
