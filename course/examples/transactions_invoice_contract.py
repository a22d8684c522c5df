"""Lesson 5's e-invoice as deployed: a contract the bureau, the seller and the firms all run."""

from minichain.consensus import seeded_keys
from minichain.contract import ContractConsortium
from minichain.keys import PrivateKey
from minichain.registries import InvoiceBook

# --8<-- [start:setup]
# The members: the tax bureau, the platform operator, a seller and a reimbursing firm.
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
    print(f"{receipt.method:9}", "ok" if receipt.ok else receipt.error)
for number in ("00386721", "00386722"):
    print(number, "is", chain.query("invoices", number)["status"])
roots = {node.state_root for node in chain.nodes.values()}
print("every member computed the same state:", len(roots) == 1)
# --8<-- [end:lifecycle]
