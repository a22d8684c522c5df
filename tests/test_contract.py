"""Contracts on the consortium chain: every member executes, checks the roots, and agrees."""

import os
import subprocess
import sys

import pytest

from minichain.code_rules import ContractLibrary
from minichain.commitments import EMPTY_ROOT, STATE_TAG, committed_roots, receipts_root, state_root
from minichain.consensus import Proposal
from minichain.contract import ContractChain
from minichain.contract_base import rules_contract
from minichain.errors import (
    MissingCodeError,
    StateRootError,
    SuiteError,
)
from minichain.miner import build_block
from minichain.suite import GM
from tests.contract_fixtures import (
    ADMIN,
    ALICE,
    GM_ALICE,
    MEMBERS,
    Counter,
    consortium,
    gm_consortium,
    openssl_sm3,
    sm3_tree,
)
from tests.test_contract_base import Ledger, generous_rules

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
