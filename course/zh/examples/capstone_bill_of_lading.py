# source_sha256: 89fdab1888b40ec40452110ead262fb235cb9af4e29e36f74f70da0750b682ce
"""电子提单：由承运人签发，经各持有人背书转让，最后交回。"""

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
# 承运人、两个港口和一家银行共同运行这条链；没有矿工。
members = seeded_keys(["Carrier", "Port of Shenzhen", "Port of Rotterdam", "Bank of Qianhai"])
trade = Consortium(members, params)
ledger = trade.nodes["Carrier"].chain  # 每个成员持有的都是同样的已确认区块
names = {exporter.address: "出口商", bank.address: "银行", importer.address: "进口商"}


def transfer(holder: PrivateKey, at: OutPoint, to: str) -> Transaction:
    """持有人签署的转账：把 ``at`` 处的提单转给 ``to``。"""
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
print("高度 1：承运人向出口商签发", bill.label)
# --8<-- [end:issue]

# --8<-- [start:endorse]
at = OutPoint(issuance.txid, 0)
for holder, endorsee in ((exporter, bank), (bank, importer)):
    endorsement = trade.submit(transfer(holder, at, endorsee.address))
    trade.run_height()
    at = OutPoint(endorsement.txid, 0)
    print(f"高度 {trade.final_height}：{names[holder.address]}把它背书给{names[endorsee.address]}")
# 出口商把它在高度 1 持有的那个输出，再一次签给自己。
try:
    trade.submit(transfer(exporter, OutPoint(issuance.txid, 0), exporter.address))
except ConsensusError as error:
    print(f"前持有人：{type(error).__name__}")
    print("  ", error.field + ":", error.rule)
# --8<-- [end:endorse]

# --8<-- [start:surrender]
at_rotterdam = unspendable_address("surrendered at NLRTM")
surrender = trade.submit(transfer(importer, at, at_rotterdam))
trade.run_height()
print(f"高度 {trade.final_height}：进口商在 NLRTM 交回提单，转入交回地址", at_rotterdam)

# 谁也没有这个地址的密钥，所以任何签名都无法再转移这份提单。
for who, name in ((importer, "进口商"), (carrier, "承运人")):
    after = Transaction(
        (TxIn(OutPoint(surrender.txid, 0)),), (TxOut.document_to(who.address, bill),)
    )
    try:
        trade.submit(sign(after, who, params.name))
    except ConsensusError as error:
        print(f"由{name}签名再次转移：{type(error).__name__}")
        print("  ", error.field + ":", error.rule)
print(f"鹿特丹交回地址上的单据：{[doc.label for doc in ledger.documents(at_rotterdam)]}")
# --8<-- [end:surrender]
