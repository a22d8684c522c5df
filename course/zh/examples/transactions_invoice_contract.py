# source_sha256: 5033b555ec336b397e805fb184a7d773af3e97985f54d72a6c8b51b72889582b
"""第 5 课的电子发票按实际部署的方式运行：一个由税务局、销售方和各家企业共同执行的合约。"""

from minichain.consensus import seeded_keys
from minichain.contract import ContractConsortium
from minichain.keys import PrivateKey
from minichain.registries import InvoiceBook

# --8<-- [start:setup]
# 联盟成员：税务局、平台运营方、一家销售方和一家报销企业。
keys = seeded_keys(["Tax bureau", "Platform", "Hotel", "Employer"])
bureau, hotel = keys["Tax bureau"], keys["Hotel"]
employee = PrivateKey.from_seed("employee")
chain = ContractConsortium(keys, clients=[employee.address])
chain.install(InvoiceBook, admin=bureau.address)
chain.run_height()
chain.call(bureau, "invoices", "authorise", seller=hotel.address)
chain.run_height()
# --8<-- [end:setup]

# --8<-- [start:lifecycle]
calls = [
    chain.call(
        hotel, "invoices", "issue", number="00386721", buyer=employee.address, amount=128_000
    ),
    chain.call(hotel, "invoices", "issue", number="00386722", buyer=employee.address, amount=4_500),
]
chain.run_height()
calls += [
    chain.call(employee, "invoices", "reimburse", number="00386721", company="employer"),
    chain.call(employee, "invoices", "reimburse", number="00386721", company="another firm"),
    chain.call(hotel, "invoices", "reverse", number="00386722"),
]
chain.run_height()
calls.append(chain.call(employee, "invoices", "reimburse", number="00386722", company="employer"))
chain.run_height()
for tx in calls:
    receipt = chain.receipt(tx.txid)
    print(f"{receipt.method:9}", "成功" if receipt.ok else receipt.error)
for number in ("00386721", "00386722"):
    print(number, "的状态：", chain.query("invoices", number)["status"])
roots = {node.state_root for node in chain.nodes.values()}
print("每个成员算出的状态都相同：", len(roots) == 1)
# --8<-- [end:lifecycle]
