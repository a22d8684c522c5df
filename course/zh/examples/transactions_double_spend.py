# source_sha256: 54f4d8b97e49da0dc899ad177e3227eeb5a2e28948a421aa22cbb1ef0f5028b3
"""一张电子发票，两次报销：无论在事后、在内存池中，还是在同一个区块里，都会被拒绝。"""

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
    """员工报销这张发票的交易，收款方是 ``company``。"""
    spend = TxIn(OutPoint(issuance.txid, 0))
    give = TxOut.document_to(company.address, invoice)
    return sign(Transaction((spend,), (give,)), employee, params.name)


first, second = claim_to(employer), claim_to(other_employer)
print("两次报销：", first.label, "和", second.label)
# --8<-- [end:claims]

# --8<-- [start:mempool]
chain.submit(first)  # 被接受：在内存池中等待打包
try:
    chain.submit(second)
except ConsensusError as error:
    print("内存池：", type(error).__name__)
    print("  ", error)
# --8<-- [end:mempool]

# --8<-- [start:one_block]
# 矿工把两次报销放进同一个区块，得到的是同样的答复。
try:
    mine_block(chain, miner.address, [first, second])
except ConsensusError as error:
    print("同一区块：", type(error).__name__)
    print("  ", error)
print("高度仍为", chain.height)
# --8<-- [end:one_block]

# --8<-- [start:forged]
# 不诚实的矿工照样构建这个区块，附上有效的工作量证明，再发给节点。
tip = chain.tip.header
body = (coinbase(2, miner.address, params.reward(2)), first, second)
header = BlockHeader(
    1, tip.hash(), merkle_root([tx.txid for tx in body]), tip.timestamp + 10, tip.bits, 0
)
forged = Block(mine(header), body)
try:
    chain.add_block(forged)
except ConsensusError as error:
    print("伪造的区块：", type(error).__name__)
    print("  ", error)
holder = chain.documents(employee.address)[0].label
print(f"高度仍为 {chain.height}；员工仍持有 {holder}")
# --8<-- [end:forged]

# --8<-- [start:later]
mine_block(chain, miner.address)  # 内存池中的第一次报销在区块 2 中得到确认
try:
    chain.submit(second)
except ConsensusError as error:
    print("事后：", type(error).__name__)
    print("  ", error)
# --8<-- [end:later]
