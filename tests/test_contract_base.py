"""What a contract sees and writes: its state, plain values, rules as one function."""

import pytest

from minichain.code_rules import code_hash
from minichain.contract_base import Contract, State, rules_contract
from minichain.errors import (
    ContractRuleError,
    ContractValueError,
)
from minichain.execution import run_call
from minichain.gas import Meter
from tests.contract_fixtures import (
    ADMIN,
    ALICE,
    consortium,
)


def test_contract_writes_plain_data_only():
    state = State("notebook", {}, Meter(100))
    with pytest.raises(ContractValueError, match=r"state\['x'\]\[0\]: must be None, bool"):
        state["x"] = [0.5]
    with pytest.raises(ContractValueError, match="not Halves"):
        state["x"] = Halves(3)  # a subclass could spell itself differently in JSON
    assert state.writes() == {}


class Halves(int):
    """An int subclass: plain data means exactly int, not a look-alike."""


class Notebook(Contract):
    """A contract that exercises every state operation."""

    name = "notebook"

    def write(self, key, value):
        self.state[key] = value

    def read(self, key):
        return self.state[key]

    def erase(self, key):
        del self.state[key]
        return key in self.state


def test_state_reads_what_the_call_wrote_and_deletes():
    result, writes = run_call(Notebook, {"a": 1}, ALICE.address, "erase", {"key": "a"})
    assert (result, writes) == (False, {"a": None})


def test_state_read_of_a_missing_key_fails_the_call():
    with pytest.raises(ContractRuleError, match=r"state\['b'\]: no such entry"):
        run_call(Notebook, {"a": 1}, ALICE.address, "read", {"key": "b"})


def test_state_keys_and_values_have_limits():
    with pytest.raises(ContractValueError, match="key: state keys are str of 1 to 128 bytes"):
        run_call(Notebook, {}, ALICE.address, "write", {"key": "", "value": 1})
    with pytest.raises(ContractValueError, match="at most 4096 bytes"):
        run_call(Notebook, {}, ALICE.address, "write", {"key": "k", "value": "x" * 5000})


def test_deleted_entry_leaves_the_state_on_every_member():
    chain = consortium(Notebook)
    chain.call(ALICE, "notebook", "write", key="k", value=[1, "two", None])
    chain.run_height()
    assert chain.query("notebook", "k") == [1, "two", None]
    chain.call(ALICE, "notebook", "erase", key="k")
    chain.run_height()
    assert chain.first.entries("notebook") == {}
    assert chain.first.replay() == chain.first.state


def ledger_rules(entries, caller, admin, method, args):
    """Rules of a small ledger, written as one function of plain data."""
    if method == "credit":
        if caller != admin:
            raise ContractRuleError("caller", "only the admin credits")
        return {args["to"]: entries.get(args["to"], 0) + args["amount"]}
    balance = entries.get(caller, 0)
    if args["amount"] > balance:
        raise ContractRuleError("amount", f"{caller} holds only {balance}")
    return {
        caller: balance - args["amount"],
        args["to"]: entries.get(args["to"], 0) + args["amount"],
    }


def generous_rules(entries, caller, admin, method, args):
    """The ledger's rules as one member changed them: a transfer also mints one unit."""
    writes = ledger_rules(entries, caller, admin, method, args)
    if method == "send":
        writes[args["to"]] += 1
    return writes


Ledger = rules_contract("ledger", ledger_rules, ["credit", "send"])


def test_rules_written_as_one_function_run_as_a_contract():
    credit = {"to": "bob", "amount": 4}
    assert run_call(Ledger, {"bob": 3}, ADMIN.address, "credit", credit, admin=ADMIN.address) == (
        None,
        {"bob": 7},
    )
    chain = consortium(Ledger)
    chain.call(ADMIN, "ledger", "credit", to=ALICE.address, amount=10)
    refused = chain.call(ALICE, "ledger", "send", to="bob", amount=11)
    sent = chain.call(ALICE, "ledger", "send", to="bob", amount=4)
    chain.run_height()
    assert chain.first.entries("ledger") == {ALICE.address: 6, "bob": 4}
    assert chain.receipt(refused.txid).error.startswith("ContractRuleError: amount: ")
    assert chain.receipt(sent.txid).gas_used > 2 * 5  # it read both entries it was shown


def test_rules_contract_hash_names_its_rules():
    assert code_hash(Ledger) != code_hash(
        rules_contract("ledger", generous_rules, ["credit", "send"])
    )
    with pytest.raises(ContractValueError, match="methods: 'rules' is not a method name"):
        rules_contract("ledger", ledger_rules, ["rules"])
