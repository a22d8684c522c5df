"""A contract on a consortium: installed by a quorum, run by every member, refused when tampered."""

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
# Four members run the e-invoice chain; the tax bureau is one of them.
keys = seeded_keys(["Tax bureau", "Tencent", "Bank of Shenzhen", "Ping An Bank"])
bureau = keys["Tax bureau"]
employee = PrivateKey.from_seed("employee of a Shenzhen firm")
chain = ContractConsortium(keys, clients=[employee.address])

# Every member installs the code locally and signs an approval; the approvals
# are calls in the next block, and the contract is live once a quorum is final.
chain.install(InvoiceBook, admin=bureau.address)
chain.run_height()
definition = chain.query("consortium", "contract/invoices")
print(
    "invoices installed at height",
    definition["height"],
    "with the bureau as admin:",
    definition["admin"] == bureau.address,
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
    print(f"{receipt.method:9} ->", "ok" if receipt.ok else receipt.error)
print("invoice 00386721:", chain.query("invoices", "00386721"))
roots = {node.state_root for node in chain.nodes.values()}
print("one state root on all", len(chain.nodes), "members:", len(roots) == 1)
# --8<-- [end:calls]


# --8<-- [start:rules]
class Lottery(Contract):
    """Draws a winner: every member would draw a different one."""

    name = "lottery"

    def draw(self, tickets):
        import random

        return random.choice(tickets)


class Spinner(Contract):
    """Counts to ``rounds``, one line per round."""

    name = "spinner"

    def spin(self, rounds):
        count = 0
        for _ in range(rounds):
            count += 1
        return count


try:
    check_deterministic(Lottery)
except NondeterminismError as error:
    print("refused at installation:", error)
print("spin(100) ->", run_call(Spinner, {}, employee.address, "spin", {"rounds": 100})[0])
try:
    run_call(Spinner, {}, employee.address, "spin", {"rounds": 10**9})
except OutOfGasError as error:
    print("spin(10**9) ->", error)
# --8<-- [end:rules]


# --8<-- [start:tampered]
class Lenient(InvoiceBook):
    """Ping An Bank's tampered copy: it lets an invoice be reimbursed twice."""

    def reimburse(self, number, company):
        invoice = self.state[number]
        invoice["status"] = "reimbursed"
        self.state[number] = invoice


class TamperedLibrary(ContractLibrary):
    """A member that runs its own version under the approved code hash."""

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
    print(name, "refuses the block:", type(error).__name__, "on", error.field)
for name, node in chain.nodes.items():
    print(f"{name:16} final height {node.final_height}")
# --8<-- [end:tampered]
