# source_sha256: 04c62b75904454f56a12d92f855306d76e921bf9f8354f7295f04330f3b2ddec
"""拆分一笔已融资的应收账款：分两笔交易会凭空多出价值，一次调用则不会。"""

from minichain.consensus import seeded_keys
from minichain.consortium import Consortium
from minichain.contract import ContractConsortium
from minichain.errors import ConsensusError
from minichain.keys import PrivateKey, unspendable_address
from minichain.params import ChainParams
from minichain.registries import ReceivableRegistry
from minichain.tx import Document, OutPoint, Transaction, TxIn, TxOut, issue, sign

platform = PrivateKey.from_seed("trade finance platform")
exporter = PrivateKey.from_seed("exporter Shenzhen Lianhua Electronics")
bank = PrivateKey.from_seed("Bank of Qianhai")
importer = PrivateKey.from_seed("importer Rotterdam Home Retail")

# --8<-- [start:hole]
# 分两笔交易的做法，放在以输出保存单据的联盟链上：
# （1）持有人注销应收账款，（2）平台签发各个部分。
# 在此之前，出口商已经拿这笔应收账款在银行融了资。
params = ChainParams.regtest(name="trade").with_issuers({"receivable": [platform.address]})
members = seeded_keys(["PBoC platform", "Bank of Qianhai", "Pearl River Bank", "Customs"])
outputs_chain = Consortium(members, params)
ledger = outputs_chain.nodes["PBoC platform"].chain
original = Document.of("receivable", b"AR-2019-0042", amount="1250000", number="AR-2019-0042")
issuance = outputs_chain.submit(issue(platform, [(exporter.address, original)], params.name))
outputs_chain.run_height()
at = OutPoint(issuance.txid, 0)


def transfer(to: str) -> Transaction:
    unsigned = Transaction((TxIn(at),), (TxOut.document_to(to, original),))
    return sign(unsigned, exporter, params.name)


outputs_chain.submit(transfer(bank.address))  # 融资：原件现在由银行持有
outputs_chain.run_height()
parts = [
    Document.of("receivable", f"AR-2019-0042/{i}".encode(), amount=str(a), number=f"AR/{i}")
    for i, a in ((1, 750_000), (2, 500_000))
]
try:
    outputs_chain.submit(transfer(unspendable_address("retired by a split")))
except ConsensusError as error:
    print(f"（1）注销：{type(error).__name__}")
outputs_chain.submit(issue(platform, [(exporter.address, part) for part in parts], params.name))
outputs_chain.run_height()
print("（2）签发各部分：单独被接受，最终确认于高度", outputs_chain.final_height)
for name, key in (("出口商", exporter), ("银行", bank)):
    held = [int(dict(doc.metadata)["amount"]) for doc in ledger.documents(key.address)]
    print(f"    {name}持有的应收账款共计 {sum(held):,} 美分")
# --8<-- [end:hole]

# --8<-- [start:contract]
clients = [platform.address, exporter.address, bank.address]
trade = ContractConsortium(members, clients=clients)
trade.install(ReceivableRegistry, admin=platform.address)
trade.run_height()
trade.call(
    platform,
    "receivables",
    "register",
    number="AR-2019-0042",
    debtor=importer.address,
    amount=1_250_000,
    holder=exporter.address,
)
trade.run_height()
finance = trade.call(exporter, "receivables", "finance", number="AR-2019-0042", bank=bank.address)
split = trade.call(
    exporter, "receivables", "split", number="AR-2019-0042", amounts=[750_000, 500_000]
)
trade.run_height()
for tx in (finance, split):
    receipt = trade.receipt(tx.txid)
    print(f"{receipt.method:7} ->", "成功" if receipt.ok else receipt.error)
for number, receivable in trade.first.entries("receivables").items():
    holder = "银行" if receivable["holder"] == bank.address else "出口商"
    print(f"{number}：{receivable['amount']:,} 美分，状态 {receivable['status']}，由{holder}持有")
# --8<-- [end:contract]
