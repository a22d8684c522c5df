# source_sha256: aa7d5bd1dcde7f6a62d59d93b0bc6cacd9eac29d030f76e8bd2dbc1a576717be
"""状态只能通过重放链得到：审计人员的节点重建出每张发票归谁持有。"""

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
    employee.address: "员工",
    employer.address: "前海物流",
    other_employer.address: "南山软件",
}


def claim(invoice_at: OutPoint, invoice: Document, company: PrivateKey) -> Transaction:
    """员工签名的报销交易：把 ``invoice_at`` 处的发票交给 ``company``。"""
    unsigned = Transaction((TxIn(invoice_at),), (TxOut.document_to(company.address, invoice),))
    return sign(unsigned, employee, params.name)


# --8<-- [start:history]
# 历史：区块 1 签发了两张发票，区块 2 报销了第一张。
chain = Blockchain(params)
hotel = Document.of("invoice", b"hotel, 1280.00 CNY", number="00386721")
taxi = Document.of("invoice", b"taxi, 46.00 CNY", number="00911305")
issuance = issue(tax_bureau, [(employee.address, hotel), (employee.address, taxi)], params.name)
chain.submit(issuance)
mine_block(chain, miner.address)
chain.submit(claim(OutPoint(issuance.txid, 0), hotel, employer))
mine_block(chain, miner.address)

# 一名不诚实的矿工挖出的区块 3 把出租车发票报销了两次。
twice = (
    claim(OutPoint(issuance.txid, 1), taxi, employer),
    claim(OutPoint(issuance.txid, 1), taxi, other_employer),
)
body = (coinbase(3, miner.address, params.reward(3)), *twice)
tip = chain.tip.header
header = BlockHeader(
    1, tip.hash(), merkle_root([tx.txid for tx in body]), tip.timestamp + 10, tip.bits, 0
)
blocks = [*chain, Block(mine(header), body)]  # 审计人员收到的区块，创世区块在前
# --8<-- [end:history]

# --8<-- [start:replay]
auditor = Blockchain(params)  # 一个什么都还没见过的新节点
for height, block in enumerate(blocks):
    try:
        print(f"区块 {height}：", auditor.add_block(block).name)
    except ConsensusError as error:
        print(f"区块 {height}：被拒绝（{type(error).__name__}，{error.field}）")

for coin in auditor.utxo.coins.values():  # 状态：每一个未花费的输出
    document = coin.output.document
    if document is not None:
        number = dict(document.metadata)["number"]
        print(f"发票 {number} 由{names[coin.output.owner]}持有")
# --8<-- [end:replay]
