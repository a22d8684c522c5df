"""Executing calls: atomic failure, installation by quorum, run_call, values in calls."""

import pytest

from minichain.base58 import b58encode
from minichain.code_rules import code_hash
from minichain.contract import ContractConsortium
from minichain.contract_base import Contract
from minichain.errors import (
    ContractRuleError,
    UnknownContractError,
)
from minichain.execution import SYSTEM, run_call
from tests.contract_fixtures import (
    ALICE,
    KEYS,
    MEMBERS,
    Counter,
    consortium,
    final,
)

# --- atomic calls -----------------------------------------------------------------------


def test_failing_call_changes_no_state_and_is_recorded_as_failed():
    chain = consortium()
    first = chain.call(ALICE, "counter", "add", amount=3)
    failing = chain.call(ALICE, "counter", "add_then_fail", amount=100)
    chain.run_height()
    assert chain.query("counter", "total") == 3
    receipt = chain.receipt(failing.txid)
    assert not receipt.ok
    assert receipt.error == "ContractRuleError: amount: refused after writing"
    assert failing.txid in chain.first.chain.tip.txids
    assert chain.receipt(first.txid).ok


def test_contract_bug_fails_only_its_call():
    chain = consortium()
    tx = chain.call(ALICE, "counter", "crash")
    assert final(chain, tx).error == "ContractRuleError: crash: KeyError: 'missing'"


# --- installation -----------------------------------------------------------------------


def test_contract_is_installed_when_a_quorum_of_members_approves():
    chain = ContractConsortium(KEYS, clients=[ALICE.address])
    digest = code_hash(Counter)
    for node in chain.nodes.values():
        node.library.register(Counter)
    for name in MEMBERS[:2]:  # two approvals: below the quorum of three
        chain.call(KEYS[name], SYSTEM, "approve", name="counter", code=b58encode(digest), admin="")
    tx = chain.call(ALICE, "counter", "add", amount=1)
    chain.run_height()
    assert chain.receipt(tx.txid).error.startswith("UnknownContractError: contract: 'counter'")
    chain.call(
        KEYS[MEMBERS[2]], SYSTEM, "approve", name="counter", code=b58encode(digest), admin=""
    )
    chain.run_height()
    assert chain.query(SYSTEM, "contract/counter")["code"] == b58encode(digest)


def test_only_members_approve_a_contract():
    chain = ContractConsortium(KEYS, clients=[ALICE.address])
    tx = chain.call(ALICE, SYSTEM, "approve", name="counter", code=b58encode(bytes(32)), admin="")
    assert final(chain, tx).error.startswith("ContractRuleError: caller:")


def test_approval_with_a_bad_name_fails_only_its_call():
    chain = ContractConsortium(KEYS, clients=[ALICE.address])
    tx = chain.call(KEYS["Shanghai"], SYSTEM, "approve", name="Bad Name", code="x", admin="")
    assert final(chain, tx).error.startswith("ContractRuleError: args.name: must be 1-32")


def test_call_to_a_method_the_contract_lacks_fails():
    chain = consortium()
    private = chain.call(ALICE, "counter", "missing_method")
    assert final(chain, private).error.startswith("UnknownContractError: method:")
    with pytest.raises(UnknownContractError, match="method: counter has no method 'require'"):
        run_call(Counter, {}, ALICE.address, "require", {})


def test_run_call_gives_what_the_chain_gives():
    chain = consortium()
    chain.call(ALICE, "counter", "add", amount=4)
    chain.run_height()
    result, writes = run_call(Counter, {"total": 4}, ALICE.address, "add", {"amount": 5})
    assert (result, writes) == (9, {"total": 9})
    tx = chain.call(ALICE, "counter", "add", amount=5)
    assert final(chain, tx).result == 9


def test_refusal_message_names_field_and_rule():
    error = ContractRuleError("amounts", "add up to 15000")
    assert str(error) == "amounts: add up to 15000"


class Hoarder(Contract):
    """Changes its argument in place, and writes values that never end or nest too deep."""

    name = "hoarder"

    def keep(self, items: list) -> int:
        items.append(len(items))
        self.state["items"] = items
        return len(items)

    def ring(self) -> None:
        ring = []
        ring.append(ring)
        self.state["ring"] = ring

    def wide(self, size: int) -> None:
        self.state["wide"] = [0] * size

    def nest(self, depth: int) -> None:
        value = []
        for _ in range(depth):
            value = [value]
        self.state["deep"] = value


def test_a_method_changing_its_argument_in_place_changes_no_other_members_call():
    chain = consortium(Hoarder)
    tx = chain.call(ALICE, "hoarder", "keep", items=[7])
    events = chain.run_height()
    assert not [e for e in events if e.kind == "refused"]
    assert chain.receipt(tx.txid).result == 2
    assert all(chain.node(name).query("hoarder", "items") == [7, 1] for name in MEMBERS)


def test_a_value_that_contains_itself_fails_its_call_on_every_member():
    chain = consortium(Hoarder)
    receipt = final(chain, chain.call(ALICE, "hoarder", "ring"))
    assert not receipt.ok
    assert "nests lists and dicts more than 32 deep" in receipt.error
    receipt = final(chain, chain.call(ALICE, "hoarder", "wide", size=70_000))
    assert not receipt.ok
    assert "state['wide']: holds more than 65536 values, or itself" in receipt.error


def test_values_nested_too_deep_fail_their_call_on_every_member():
    chain = consortium(Hoarder)
    assert final(chain, chain.call(ALICE, "hoarder", "nest", depth=31)).ok
    receipt = final(chain, chain.call(ALICE, "hoarder", "nest", depth=40))
    assert not receipt.ok
    assert "nests lists and dicts more than 32 deep" in receipt.error
    assert all(chain.node(name).final_height == 3 for name in MEMBERS)
