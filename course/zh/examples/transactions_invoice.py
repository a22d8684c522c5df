# source_sha256: a63962a4bd9b1520d98fe76c7b0a7838491f0624c9f88cca20e38defcfd5d2cb
"""把电子发票作为交易的一个输出：由税务局签发，由员工拿去报销。"""

# --8<-- [start:setup]
from minichain.chain import Blockchain
from minichain.hashing import short_hex
from minichain.keys import PrivateKey
from minichain.miner import mine_block
from minichain.params import ChainParams
from minichain.tx import Document, OutPoint, Transaction, TxIn, TxOut, issue, sign

# 种子固定，每次运行得到的密钥、地址和交易 ID 都相同。
tax_bureau = PrivateKey.from_seed("Shenzhen tax bureau")
employee = PrivateKey.from_seed("employee Zhang Wei")
employer = PrivateKey.from_seed("employer Qianhai Logistics")
miner = PrivateKey.from_seed("miner")

# 在这条链上，只有税务局可以签发发票。
params = ChainParams.classroom().with_issuers({"invoice": [tax_bureau.address]})
chain = Blockchain(params)
# --8<-- [end:setup]

# --8<-- [start:issue]
content = b"VAT e-invoice No. 00386721; seller Futian Hotel; total 1280.00 CNY"
invoice = Document.of("invoice", content, number="00386721")
print("上链的摘要：", invoice.digest.hex())

issuance = issue(tax_bureau, [(employee.address, invoice)], params.name)
chain.submit(issuance)  # 先经过检查，再进入内存池等待
mine_block(chain, miner.address)  # 现在它已在区块 1 中
print("签发交易", short_hex(issuance.txid), "输入个数：", len(issuance.inputs))
print("  输出 0：", issuance.outputs[0].document.label, "->", issuance.outputs[0].owner)
# --8<-- [end:issue]

# --8<-- [start:claim]
invoice_at = OutPoint(issuance.txid, 0)  # “签发交易的输出 0”
unsigned = Transaction((TxIn(invoice_at),), (TxOut.document_to(employer.address, invoice),))
reimbursement = sign(unsigned, employee, params.name)
chain.submit(reimbursement)
mine_block(chain, miner.address)

print("报销交易", short_hex(reimbursement.txid), "花费", reimbursement.inputs[0].prevout)
print("员工持有：", [doc.label for doc in chain.documents(employee.address)])
print("用人单位持有：", [doc.label for doc in chain.documents(employer.address)])
print("员工交来的文件就是登记过的那一份：", invoice.matches(content))
# --8<-- [end:claim]
