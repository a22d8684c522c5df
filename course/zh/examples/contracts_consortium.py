# source_sha256: 162e13566f5e841a5abf4dccd100ad9a03c2aa49b89813e60787b61d80268468
"""联盟链上的合约：经法定人数批准后安装，由每个成员执行，被篡改时遭到拒绝。"""

from minichain.consensus import seeded_keys
from minichain.contract import (
    Contract,
    ContractConsortium,
    ContractLibrary,
    check_deterministic,
    run_call,
)
from minichain.errors import NondeterminismError, OutOfGasError
from minichain.keys import PrivateKey
from minichain.registries import InvoiceBook

# --8<-- [start:install]
# 四个成员共同运行电子发票链，税务局是其中之一。
keys = seeded_keys(["Tax bureau", "Tencent", "Bank of Shenzhen", "Ping An Bank"])
bureau = keys["Tax bureau"]
employee = PrivateKey.from_seed("employee of a Shenzhen firm")
chain = ContractConsortium(keys, clients=[employee.address])

# 每个成员先在本地安装代码，再签署一份批准；这些批准是下一个区块中的调用，
# 法定人数的批准一经最终确认，合约即告生效。
chain.install(InvoiceBook, admin=bureau.address)
chain.run_height()
definition = chain.query("consortium", "contract/invoices")
print(
    f"invoices 合约在高度 {definition['height']} 安装，"
    f"管理方为税务局：{definition['admin'] == bureau.address}"
)
# --8<-- [end:install]

# --8<-- [start:calls]
issued = chain.call(
    bureau, "invoices", "issue", number="00386721", buyer=employee.address, amount=128_000
)
chain.run_height()
claims = [
    chain.call(employee, "invoices", "reimburse", number="00386721", company="employer"),
    chain.call(employee, "invoices", "reimburse", number="00386721", company="second firm"),
]
chain.run_height()
for tx in [issued, *claims]:
    receipt = chain.receipt(tx.txid)
    print(f"{receipt.method:9} ->", "成功" if receipt.ok else receipt.error)
print(f"发票 00386721：{chain.query('invoices', '00386721')}")
roots = {node.state_root for node in chain.nodes.values()}
print(f"全部 {len(chain.nodes)} 个成员的状态根相同：{len(roots) == 1}")
# --8<-- [end:calls]


# --8<-- [start:rules]
class Lottery(Contract):
    """抽出一名中奖者：每个成员抽到的都会不一样。"""

    name = "lottery"

    def draw(self, tickets):
        import random

        return random.choice(tickets)


class Spinner(Contract):
    """数到 ``rounds``，每一轮执行一行。"""

    name = "spinner"

    def spin(self, rounds):
        count = 0
        for _ in range(rounds):
            count += 1
        return count


try:
    check_deterministic(Lottery)
except NondeterminismError as error:
    print(f"安装时被拒绝：{error}")
print("spin(100) ->", run_call(Spinner, {}, employee.address, "spin", {"rounds": 100})[0])
try:
    run_call(Spinner, {}, employee.address, "spin", {"rounds": 10**9})
except OutOfGasError as error:
    print("spin(10**9) ->", error)
# --8<-- [end:rules]


# --8<-- [start:tampered]
class Lenient(InvoiceBook):
    """平安银行篡改过的副本：同一张发票可以报销两次。"""

    def reimburse(self, number, company):
        invoice = self.state[number]
        invoice["status"] = "reimbursed"
        self.state[number] = invoice


class TamperedLibrary(ContractLibrary):
    """一个成员在已批准的代码哈希之下运行它自己的版本。"""

    def code_for(self, digest):
        return Lenient if super().code_for(digest) is not None else None


tampered = TamperedLibrary()
tampered.register(InvoiceBook)
chain = ContractConsortium(keys, clients=[employee.address], libraries={"Ping An Bank": tampered})
chain.install(InvoiceBook, admin=bureau.address)
chain.run_height()
chain.call(bureau, "invoices", "issue", number="00386722", buyer=employee.address, amount=9_900)
chain.run_height()
chain.call(employee, "invoices", "reimburse", number="00386722", company="employer")
chain.call(employee, "invoices", "reimburse", number="00386722", company="second firm")
chain.run_height()
for name, error in chain.refusals:
    print(f"{name} 拒绝该区块：{type(error).__name__}，字段 {error.field}")
for name, node in chain.nodes.items():
    print(f"{name:16} 最终确认高度 {node.final_height}")
# --8<-- [end:tampered]
