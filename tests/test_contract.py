"""Contracts on the consortium chain: calls, deterministic code, metering, atomicity, roots."""

import hashlib
import os
import subprocess
import sys
from dataclasses import replace

import pytest

from minichain.base58 import b58encode
from minichain.consensus import Proposal, seeded_keys
from minichain.contract import (
    CALL_KIND,
    EMPTY_ROOT,
    STATE_TAG,
    SYSTEM,
    Call,
    Contract,
    ContractChain,
    ContractConsortium,
    ContractLibrary,
    Meter,
    State,
    call,
    check_deterministic,
    code_cost,
    code_hash,
    committed_roots,
    gas_bounds,
    read_call,
    receipts_root,
    rules_contract,
    run_call,
    state_root,
)
from minichain.errors import (
    CallEncodingError,
    ContractRuleError,
    ContractValueError,
    DocumentError,
    MissingCodeError,
    NondeterminismError,
    OutOfGasError,
    StateRootError,
    SuiteError,
    TransactionError,
    UnknownContractError,
    WrongTypeError,
)
from minichain.keys import PrivateKey
from minichain.miner import build_block
from minichain.params import ChainParams
from minichain.registries import ReceivableRegistry
from minichain.sigcache import SignatureChecker
from minichain.suite import GM, GMPrivateKey
from minichain.tx import Document, issue
from tests.test_gm import OpenSSL, public_key_der, require_openssl_with_sm2

MEMBERS = ("Shanghai", "Nanjing", "Hangzhou", "Hefei")
KEYS = seeded_keys(MEMBERS)
ADMIN = PrivateKey.from_seed("contract admin")
ALICE = PrivateKey.from_seed("alice, an enrolled client")
STRANGER = PrivateKey.from_seed("stranger, not enrolled")


class Counter(Contract):
    """A small contract for the tests: a counter, a loop, a failing write."""

    name = "counter"

    def add(self, amount: int) -> int:
        total = self.state.get("total", 0) + amount
        self.state["total"] = total
        return total

    def add_then_fail(self, amount: int) -> None:
        self.state["total"] = self.state.get("total", 0) + amount
        self.require(False, "amount", "refused after writing")

    def spin(self, rounds: int) -> int:
        count = 0
        for _ in range(rounds):
            count += 1
        return count

    def spin_and_swallow(self, rounds: int) -> str:
        try:
            for _ in range(rounds):
                pass
        except Exception:  # noqa: BLE001 - what a contract must not be able to do
            return "swallowed"
        return "done"

    def crash(self) -> int:
        return {}["missing"]


def consortium(contract=Counter, **options):
    """Four members with ``contract`` installed at height 1 (ADMIN is its admin)."""
    chain = ContractConsortium(KEYS, clients=[ADMIN.address, ALICE.address], **options)
    chain.install(contract, ADMIN.address)
    chain.run_height()
    return chain


def final(chain, tx):
    """Run one height and return ``tx``'s receipt."""
    chain.run_height()
    return chain.receipt(tx.txid)


# --- calls ---------------------------------------------------------------------------


def test_call_round_trips_through_its_signed_transaction():
    tx = call(ALICE, "consortium", "counter", "add", nonce=7, amount=5)
    request, caller = read_call(tx)
    assert request == Call("counter", "add", (("amount", 5),), 7)
    assert caller == ALICE.address
    assert tx.outputs[0].document.kind == CALL_KIND


def test_call_arguments_must_be_plain_data():
    with pytest.raises(ContractValueError, match=r"args.amount: must be None, bool, int, str"):
        call(ALICE, "consortium", "counter", "add", nonce=0, amount=1.5)


def test_call_argument_must_fit_in_the_call_document():
    with pytest.raises(CallEncodingError, match="args.note: its JSON must fit in 64 bytes"):
        call(ALICE, "consortium", "counter", "add", nonce=0, note="x" * 70)


def test_call_argument_names_contract_and_method_are_reserved():
    with pytest.raises(CallEncodingError, match="args.method: is reserved"):
        Call("counter", "add", (("method", 1),))


def test_call_digest_binds_the_caller_and_the_call():
    tx = call(ALICE, "consortium", "counter", "add", nonce=0, amount=5)
    document = tx.outputs[0].document
    forged = Document(CALL_KIND, bytes(32), document.metadata)
    other = issue(ALICE, [(ALICE.address, forged)], "consortium", memo=tx.memo)
    with pytest.raises(CallEncodingError, match="document.digest: does not match"):
        read_call(other)


def test_caller_is_the_signer_not_the_owner_the_output_names():
    tx = call(ALICE, "consortium", "counter", "add", nonce=0, amount=5)
    posing = issue(ALICE, [(ADMIN.address, tx.outputs[0].document)], "consortium", memo=tx.memo)
    with pytest.raises(CallEncodingError, match="outputs\\[0\\].owner: a call document belongs"):
        read_call(posing)


@pytest.mark.parametrize(
    ("labels", "rule"),
    [
        ({"contract": "counter", "method": "add", "amount": "1.5"}, "args.amount: must be None"),
        ({"contract": "counter", "method": "add", "amount": "{ }"}, "written canonically"),
        ({"contract": "counter", "method": "add", "amount": "[1"}, "args.amount: is not JSON"),
        ({"method": "add"}, "metadata: must name the contract and the method"),
    ],
)
def test_malformed_call_fails_in_its_block_without_stopping_the_chain(labels, rule):
    chain = consortium()
    forged = Document(CALL_KIND, bytes(32), tuple(labels.items()))
    tx = chain.submit(issue(ALICE, [(ALICE.address, forged)], chain.chain_id, memo=bytes(8)))
    receipt = final(chain, tx)
    assert (
        not receipt.ok and receipt.error.startswith("CallEncodingError") and rule in receipt.error
    )
    assert chain.final_height == 2


def test_transaction_without_a_call_document_is_no_call():
    invoice = Document.of("invoice", b"an invoice")
    assert read_call(issue(ADMIN, [(ALICE.address, invoice)], "consortium")) is None


def test_only_enrolled_callers_may_sign_a_call():
    chain = ContractConsortium(KEYS, clients=[ALICE.address])
    with pytest.raises(DocumentError, match="not an authorised issuer of 'call'"):
        chain.submit(call(STRANGER, chain.chain_id, "counter", "add", nonce=0, amount=1))


def test_a_final_call_cannot_be_replayed():
    chain = consortium()
    tx = chain.call(ALICE, "counter", "add", amount=2)
    assert final(chain, tx).ok
    with pytest.raises(TransactionError, match="already in the chain"):
        chain.submit(tx)  # the same transaction again (BIP 30)
    same_call = issue(ALICE, [(ADMIN.address, tx.outputs[0].document)], chain.chain_id, tx.memo)
    with pytest.raises(DocumentError, match="already registered"):
        chain.submit(same_call)  # another transaction, the same call and nonce
    assert chain.query("counter", "total") == 2


# --- deterministic code -------------------------------------------------------------


def contract_with(method):
    """A contract class whose one method is ``method``."""
    return type("Probe", (Contract,), {"name": "probe", "run": method})


def imports(self):
    import time

    return time.time_ns()


def floats(self):
    return 0.1


def divides(self, a):
    return a / 2


def sets(self):
    return sorted({"b", "a"})


def prints(self):
    print("I/O")


def dunders(self):
    return self.__class__


def peeks(self):
    return self.state._base


def remembers(self, seen=[]):  # noqa: B006 - the point: a default that outlives the call
    seen.append(1)
    return len(seen)


@pytest.mark.parametrize(
    ("method", "rule"),
    [
        (imports, "imports time"),
        (floats, "uses a float"),
        (divides, "divides with /"),
        (sets, "builds a set"),
        (prints, "uses print"),
        (dunders, "touches __class__"),
        (peeks, "touches _base, which is not the contract's own"),
        (remembers, "has a default value that is not an int, str or None"),
    ],
)
def test_nondeterministic_code_is_refused(method, rule):
    with pytest.raises(NondeterminismError, match=rule):
        check_deterministic(contract_with(method))


def helper_that_reads_the_clock():
    import time

    return time.time_ns()


def calls_a_helper(self):
    return helper_that_reads_the_clock()


def test_helper_functions_a_contract_calls_are_checked_too():
    with pytest.raises(NondeterminismError, match="helper_that_reads_the_clock: imports time"):
        check_deterministic(contract_with(calls_a_helper))


def test_only_contract_classes_are_checked():
    with pytest.raises(WrongTypeError, match="contract: must be a subclass of Contract"):
        check_deterministic(dict)


def test_code_hash_is_the_code_not_where_it_is_defined():
    twin = type("Counter", (Contract,), dict(vars(Counter)))
    changed = type("Counter", (Contract,), {**vars(Counter), "crash": lambda self: 1})
    assert code_hash(twin) == code_hash(Counter)
    assert code_hash(changed) != code_hash(Counter)


def test_reference_contracts_are_deterministic_code():
    for cls in (Counter, ReceivableRegistry):
        check_deterministic(cls)


# --- metering --------------------------------------------------------------------------


def test_call_past_its_budget_fails_with_out_of_gas():
    with pytest.raises(OutOfGasError, match="gas: the call needed more than its budget of 500"):
        run_call(Counter, {}, ALICE.address, "spin", {"rounds": 10_000}, gas=500)


def test_call_within_its_budget_succeeds():
    assert run_call(Counter, {}, ALICE.address, "spin", {"rounds": 10}, gas=500)[0] == 10


def test_out_of_gas_cannot_be_swallowed_by_the_contract():
    with pytest.raises(OutOfGasError):
        run_call(Counter, {}, ALICE.address, "spin_and_swallow", {"rounds": 10_000}, gas=500)


def test_out_of_gas_stops_at_the_same_step_on_every_member():
    chain = consortium(gas=2_000)
    tx = chain.call(ALICE, "counter", "spin", rounds=100_000)
    chain.run_height()
    receipts = {name: node.receipt(tx.txid) for name, node in chain.nodes.items()}
    assert {r.gas_used for r in receipts.values()} == {2_000}
    assert all(not r.ok and r.error.startswith("OutOfGasError") for r in receipts.values())


def straight(self):
    first = 1
    second = first + 1
    return second


def test_code_without_a_loop_costs_its_lines_and_a_loop_costs_nothing_up_front():
    lines = {line for *_, line in straight.__code__.co_lines() if line is not None}
    assert code_cost(straight.__code__) == len(lines) >= 3  # 3.11 adds the def line (RESUME)
    assert code_cost(Counter.spin.__code__) == 0


class Recursive(Contract):
    """Recursion without a loop: each call is charged when it starts."""

    name = "recursive"

    def down(self, depth):
        return self._down(depth)

    def _down(self, depth):
        if depth == 0:
            return 0
        return 1 + self._down(depth - 1)


def test_recursion_without_a_loop_still_runs_out_of_gas():
    assert run_call(Recursive, {}, ALICE.address, "down", {"depth": 10}, gas=500)[0] == 10
    with pytest.raises(OutOfGasError):
        run_call(Recursive, {}, ALICE.address, "down", {"depth": 400}, gas=500)


def spins(rounds):
    count = 0
    for _ in range(rounds):
        count += 1
    return count


class Delegating(Contract):
    """Straight-line methods, one of which calls a helper that loops."""

    name = "delegating"

    def plain(self):
        return self._twice(2)

    def _twice(self, value):
        return value * 2

    def looping(self, rounds):
        return spins(rounds)


def test_straight_line_methods_are_charged_their_bound_before_they_run():
    bounds = gas_bounds(Delegating)
    assert bounds["plain"] == code_cost(Delegating.plain.__code__) + bounds["_twice"]
    assert bounds["looping"] is None  # it calls a helper with a loop: metered line by line
    assert run_call(Delegating, {}, ALICE.address, "plain", {}, gas=bounds["plain"])[0] == 4
    with pytest.raises(OutOfGasError):
        run_call(Delegating, {}, ALICE.address, "plain", {}, gas=bounds["plain"] - 1)
    with pytest.raises(OutOfGasError):
        run_call(Delegating, {}, ALICE.address, "looping", {"rounds": 10**9}, gas=1_000)


def test_meter_counts_state_access():
    meter = Meter(100)
    meter.charge(60)
    with pytest.raises(BaseException):  # noqa: B017 - the meter's own stop signal
        meter.charge(41)
    assert meter.exhausted


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


# --- the state root every member checks ----------------------------------------------


def test_every_member_computes_the_same_roots():
    chain = consortium()
    chain.call(ALICE, "counter", "add", amount=4)
    chain.run_height()
    roots = {node.state_root for node in chain.nodes.values()}
    assert len(roots) == 1 and roots != {EMPTY_ROOT}
    block = chain.first.chain.tip
    state, receipts = committed_roots(block)
    assert state == chain.first.state_root
    assert receipts == receipts_root([chain.receipt(block.transactions[1].txid)])


def test_state_is_recomputed_from_the_final_blocks_alone():
    chain = consortium()
    for amount in (1, 2, 3):
        chain.call(ALICE, "counter", "add", amount=amount)
        chain.run_height()
    observer = chain.first
    assert observer.replay() == observer.state
    assert observer.query("counter", "total") == 6


def test_observer_checks_the_roots_of_the_blocks_it_follows():
    chain = consortium()
    chain.call(ALICE, "counter", "add", amount=4)
    chain.run_height()
    member = chain.first
    library = ContractLibrary()
    library.register(Counter)
    observer = ContractChain(chain.params, chain.validators, library=library)
    without_code = ContractChain(chain.params, chain.validators)
    for height in (1, 2):
        certificate, block = member.certificates[height], member.chain.block_at(height)
        observer.receive_certificate(certificate, block)
        if height == 1:
            without_code.receive_certificate(certificate, block)
    assert observer.state == member.state and observer.name == "observer"
    with pytest.raises(MissingCodeError, match="contract: 'counter' is installed with code"):
        without_code.receive_certificate(member.certificates[2], member.chain.block_at(2))


SCENARIO = """
from minichain.consensus import seeded_keys
from minichain.contract import ContractConsortium
from minichain.keys import PrivateKey
from minichain.registries import ReceivableRegistry
keys = seeded_keys(["Shanghai", "Nanjing", "Hangzhou", "Hefei"])
platform, exporter = PrivateKey.from_seed("p"), PrivateKey.from_seed("e")
chain = ContractConsortium(keys, clients=[platform.address, exporter.address])
chain.install(ReceivableRegistry, platform.address)
chain.run_height()
for number in ("A", "B", "C"):
    chain.call(platform, "receivables", "register", number=number, debtor="d", amount=90,
               holder=exporter.address)
chain.call(exporter, "receivables", "split", number="B", amounts=[30, 60])
chain.run_height()
chain.call(exporter, "receivables", "split", number="B/2", amounts=[10, 50])
chain.run_height()
print(chain.first.state_root.hex(), chain.first.chain.tip.hash.hex())
"""


def test_two_processes_with_different_hash_seeds_reach_the_same_state():
    roots = set()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        run = subprocess.run(
            [sys.executable, "-c", SCENARIO], capture_output=True, text=True, env=env, check=True
        )
        roots.add(run.stdout)
    assert len(roots) == 1


def test_state_root_covers_every_entry_sorted():
    assert state_root({}) == EMPTY_ROOT
    one = state_root({"a/x": b"1", "a/y": b"2"})
    assert one == state_root({"a/y": b"2", "a/x": b"1"})
    assert one != state_root({"a/x": b"1", "a/y": b"3"})


def proposal_with_note(chain, note):
    """The current proposer's signed proposal of a block whose coinbase note is ``note``."""
    proposer = next(n for n in chain.nodes.values() if n.proposer.name == n.name)
    block = build_block(proposer.chain, proposer.key.address, list(proposer.chain.mempool), note)
    signed = Proposal.signed(
        proposer.key, proposer.name, chain.chain_id, proposer.height, proposer.view, block.hash
    )
    return proposer, signed, block


def test_block_with_a_wrong_state_root_is_refused():
    chain = consortium()
    chain.call(ALICE, "counter", "add", amount=4)
    proposer, proposal, block = proposal_with_note(chain, STATE_TAG + bytes(64))
    voter = next(n for n in chain.nodes.values() if n is not proposer)
    with pytest.raises(StateRootError, match="coinbase.memo: commits to the state root"):
        voter.receive_proposal(proposal, block)
    assert voter.final_height == 1


def test_block_without_roots_is_refused():
    chain = consortium()
    proposer, proposal, block = proposal_with_note(chain, b"no roots")
    voter = next(n for n in chain.nodes.values() if n is not proposer)
    with pytest.raises(StateRootError, match="coinbase.memo: must hold the height, 'state:'"):
        voter.receive_proposal(proposal, block)


class Tampered(Counter):
    """Counter with one line changed: it adds one more than it is asked."""

    def add(self, amount: int) -> int:
        total = self.state.get("total", 0) + amount + 1
        self.state["total"] = total
        return total


class LyingLibrary(ContractLibrary):
    """A member that runs tampered code under the hash the consortium approved."""

    def code_for(self, digest):
        return Tampered if super().code_for(digest) is not None else None


def test_member_running_tampered_code_is_outvoted():
    lying = LyingLibrary()
    lying.register(Counter)
    chain = consortium(libraries={"Hefei": lying})
    tx = chain.call(ALICE, "counter", "add", amount=4)
    events = chain.run_height()
    honest = [chain.node(name) for name in MEMBERS[:3]]
    assert all(node.final_height == 2 and node.query("counter", "total") == 4 for node in honest)
    assert chain.receipt(tx.txid).result == 4
    refused = [e.text for e in events if e.kind == "refused"]
    assert refused and refused[0].startswith("Hefei refuses:")
    assert "coinbase.memo: commits to the state root" in refused[0]
    assert chain.node("Hefei").final_height == 1


def test_the_others_go_on_when_the_first_member_runs_tampered_code():
    lying = LyingLibrary()
    lying.register(Counter)
    chain = consortium(libraries={"Shanghai": lying})
    chain.call(ALICE, "counter", "add", amount=4)
    chain.run_height()
    tx = chain.call(ALICE, "counter", "add", amount=1)
    events = chain.run_height()
    assert events[0].kind == "behind" and events[0].text.startswith("Shanghai is behind")
    assert [chain.node(name).final_height for name in MEMBERS] == [1, 3, 3, 3]
    assert chain.agreed is chain.node("Nanjing")
    assert chain.query("counter", "total") == 5 and chain.receipt(tx.txid).result == 5


def test_member_without_the_code_refuses_to_follow():
    chain = consortium(libraries={"Hefei": ContractLibrary()})
    chain.call(ALICE, "counter", "add", amount=1)
    events = chain.run_height()
    refused = [e.text for e in events if e.kind == "refused"]
    assert refused and "which this member does not have" in refused[0]
    assert chain.node("Shanghai").final_height == 2


def test_run_call_gives_what_the_chain_gives():
    chain = consortium()
    chain.call(ALICE, "counter", "add", amount=4)
    chain.run_height()
    result, writes = run_call(Counter, {"total": 4}, ALICE.address, "add", {"amount": 5})
    assert (result, writes) == (9, {"total": 9})
    tx = chain.call(ALICE, "counter", "add", amount=5)
    assert final(chain, tx).result == 9


def test_call_refuses_a_caller_that_is_not_a_key():
    with pytest.raises(WrongTypeError, match="caller: must be a private key, got str"):
        call("alice", "consortium", "counter", "add", nonce=0)


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


class TamperedLibrary(ContractLibrary):
    """A member's library that answers the approved code hash with another contract."""

    def __init__(self, honest, copy):
        super().__init__()
        self.register(honest)
        self.copy = copy

    def code_for(self, digest):
        return self.copy if super().code_for(digest) is not None else None


def test_member_running_tampered_rules_is_outvoted():
    generous = rules_contract("ledger", generous_rules, ["credit", "send"])
    chain = consortium(Ledger, libraries={"Hefei": TamperedLibrary(Ledger, generous)})
    chain.call(ADMIN, "ledger", "credit", to=ALICE.address, amount=10)
    chain.call(ALICE, "ledger", "send", to="bob", amount=4)
    events = chain.run_height()
    refused = [e.text for e in events if e.kind == "refused"]
    assert len(refused) == 1 and refused[0].startswith("Hefei refuses:")
    assert {chain.node(name).state_root for name in MEMBERS[:3]} == {chain.first.state_root}
    assert chain.first.entries("ledger") == {ALICE.address: 6, "bob": 4}
    assert chain.node("Hefei").final_height == chain.first.final_height - 1


# --- contracts on the national suite (gm) --------------------------------------------------

GM_KEYS = seeded_keys(MEMBERS, GM)
GM_ADMIN = GMPrivateKey.from_seed("contract admin")
GM_ALICE = GMPrivateKey.from_seed("alice, an enrolled client")
GM_PARAMS = ChainParams.regtest(name="gm-contracts", suite="gm")


def openssl_sm3(data: bytes) -> bytes:
    return hashlib.new("sm3", data).digest()


def sm3_tree(leaves: list[bytes]) -> bytes:
    level = leaves
    while len(level) > 1:
        if len(level) % 2:
            level = level + level[-1:]
        level = [openssl_sm3(level[i] + level[i + 1]) for i in range(0, len(level), 2)]
    return level[0]


def gm_consortium():
    """Four members on SM2/SM3 with Counter installed at height 1."""
    chain = ContractConsortium(GM_KEYS, GM_PARAMS, clients=[GM_ADMIN.address, GM_ALICE.address])
    chain.install(Counter, GM_ADMIN.address)
    chain.run_height()
    return chain


def test_a_call_on_a_gm_chain_is_signed_with_sm2_and_hashed_with_sm3(tmp_path):
    require_openssl_with_sm2()
    tx = call(GM_ALICE, GM_PARAMS.name, "counter", "add", nonce=7, amount=3)
    assert tx.suite is GM and tx.txid == openssl_sm3(tx.raw)
    message = tx.signature_hash(GM_PARAMS.name, GM)
    public = public_key_der(GM_ALICE.public_key)
    assert OpenSSL(tmp_path).verifies(public, message, tx.issuer_signature, b"1234567812345678")
    request, caller = read_call(tx)
    assert caller == GM_ALICE.address and caller.startswith("G")
    sec = GM_ALICE.public_key.sec(compressed=True)
    body = b'["counter","add",[["amount",3]]]'
    spelled = b"minichain/contract-call/v1" + bytes([len(sec)]) + sec + (7).to_bytes(8, "little")
    assert tx.outputs[0].document.digest == openssl_sm3(spelled + body) == request.digest(sec, GM)


def test_a_call_signed_by_openssl_with_sm2_is_read_as_its_signers(tmp_path):
    require_openssl_with_sm2()
    openssl = OpenSSL(tmp_path)
    key_file, private_der, _ = openssl.generate_key()
    signer = GMPrivateKey(int.from_bytes(private_der[7:39], "big"))
    unsigned = call(signer, GM_PARAMS.name, "counter", "add", nonce=0, amount=1)
    message = unsigned.signature_hash(GM_PARAMS.name, GM)
    signature = openssl.sign(key_file, message, b"1234567812345678")
    tx = replace(unsigned, issuer_signature=signature)
    assert read_call(tx)[1] == signer.address
    checker = SignatureChecker(suite=GM)
    assert checker.verify(tx.issuer_key, message, tx.issuer_signature)


def test_a_gm_consortium_runs_a_contract_with_sm2_calls_and_sm3_roots():
    chain = gm_consortium()
    tx = chain.call(GM_ALICE, "counter", "add", amount=4)
    chain.run_height()
    assert chain.receipt(tx.txid).ok and chain.query("counter", "total") == 4
    node = chain.agreed
    block = node.tip
    assert block.header.merkle_root == sm3_tree([t.txid for t in block.transactions])
    assert block.hash == openssl_sm3(block.header.serialize())
    leaves = []
    for key in sorted(node.state):
        raw = key.encode()
        leaves.append(openssl_sm3(len(raw).to_bytes(4, "little") + raw + node.state[key]))
    receipt = chain.receipt(tx.txid)
    assert committed_roots(block) == (sm3_tree(leaves), receipt.leaf(GM))
    assert state_root(node.state, GM) == sm3_tree(leaves) != state_root(node.state)
    assert node.replay() == node.state
    assert {n.state_root for n in chain.nodes.values()} == {node.state_root}


def test_a_gm_consortium_refuses_a_secp256k1_caller_by_name():
    chain = gm_consortium()
    with pytest.raises(SuiteError, match="caller: is a key of the 'bitcoin' suite"):
        chain.call(ALICE, "counter", "add", amount=1)
