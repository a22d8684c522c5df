# source_sha256: d95a8e509b4c0af61493f578850bbdc54b7ee35ccbd424c2017f6d6e9e38fdf1
"""贸易融资链上的一笔应收账款：只能融资一次，也不能借一笔付款交易拆分。"""

from minichain.consensus import seeded_keys
from minichain.consortium import Consortium
from minichain.errors import ConsensusError
from minichain.keys import PrivateKey
from minichain.params import ChainParams
from minichain.tx import Document, OutPoint, Transaction, TxIn, TxOut, issue, sign

# --8<-- [start:setup]
platform = PrivateKey.from_seed("trade finance platform")
exporter = PrivateKey.from_seed("exporter Shenzhen Lianhua Electronics")
bank = PrivateKey.from_seed("Bank of Qianhai")
other_bank = PrivateKey.from_seed("Pearl River Commercial Bank")
params = ChainParams.regtest(name="trade").with_issuers({"receivable": [platform.address]})
# 平台运营方和三家银行共同运行这条链：成员都是已知的机构，没有矿工。
members = seeded_keys(["PBoC platform", "Bank of Qianhai", "Pearl River Bank", "Ping An Bank"])
trade = Consortium(members, params)
ledger = trade.nodes["PBoC platform"].chain  # 每个成员持有的都是同样的已确认区块

# 12,500.00 美元，以美分计：链上的金额都是整数。
receivable = Document.of(
    "receivable", b"receivable AR-2019-0042, USD 12,500.00", amount="1250000", number="AR-2019-0042"
)
issuance = trade.submit(issue(platform, [(exporter.address, receivable)], params.name))
trade.run_height()
print("高度 1：出口商持有", [doc.label for doc in ledger.documents(exporter.address)])
# --8<-- [end:setup]

# --8<-- [start:finance]
receivable_at = OutPoint(issuance.txid, 0)


def finance_at(lender: PrivateKey) -> Transaction:
    """出口商签署的转账：把应收账款转给 ``lender``。"""
    unsigned = Transaction((TxIn(receivable_at),), (TxOut.document_to(lender.address, receivable),))
    return sign(unsigned, exporter, params.name)


financing = trade.submit(finance_at(bank))
trade.run_height()
print("高度 2：银行持有", [doc.label for doc in ledger.documents(bank.address)])
try:
    trade.submit(finance_at(other_bank))
except ConsensusError as error:
    print(f"第二次融资：{type(error).__name__}")
    print("  ", error.field + ":", error.rule)
# --8<-- [end:finance]

# --8<-- [start:no_split]
# 银行能不能用一笔付款交易把应收账款一分为二，再把两半分别卖掉？
half = Document.of("receivable", b"half of AR-2019-0042", amount="625000", number="AR-2019-0042/1")
bank_at = OutPoint(financing.txid, 0)
split = Transaction(
    (TxIn(bank_at),),
    (TxOut.document_to(bank.address, receivable), TxOut.document_to(other_bank.address, half)),
)
try:
    trade.submit(sign(split, bank, params.name))
except ConsensusError as error:
    print(f"用付款交易拆分：{type(error).__name__}")
    print("  ", error.field + ":", error.rule)
# --8<-- [end:no_split]
