"""A consortium chain's nodes: checking proposals, voting, finality, view changes, evidence."""

from __future__ import annotations

import copy

import pytest

from minichain.chain import Added
from minichain.consensus import CommitCertificate, Proposal, ViewChange, Vote, seeded_keys
from minichain.consortium import Consortium, PermissionedChain
from minichain.errors import (
    BlockError,
    DuplicateVoteError,
    EquivocationError,
    FinalityConflictError,
    FutureHeightError,
    MessageSignatureError,
    NotAMemberError,
    QuorumError,
    ReplayError,
    WrongBlockError,
    WrongProposerError,
    WrongTypeError,
    WrongViewError,
)
from minichain.keys import PrivateKey
from minichain.miner import build_block
from minichain.tx import OutPoint, TxOut
from tests.consortium_fixtures import (
    CHAIN_ID,
    CITIES,
    KEYS,
    PARAMS,
    VALIDATORS,
    certificate,
    city_node,
    proposal,
    vote,
    votes,
)
from tests.ledger_fixtures import CountingChecks, forge_block, pay

BEIJING = PrivateKey.from_seed("Beijing")
OTHERS = [name for name in CITIES if name not in ("Shanghai", "Nanjing")]


def state_of(node: PermissionedChain) -> object:
    """Everything a message could change in a node: its chain, its round, its records.

    Caches of verified signatures are left out: remembering that a signature is
    valid changes no decision.
    """
    chain = node.chain
    round_state = {k: v for k, v in vars(node._round).items() if k != "verified"}
    return copy.deepcopy(
        (
            node.final_height,
            node.tip.hash,
            node.view,
            node.certificates,
            node.evidence,
            round_state,
            chain.utxo.coins,
            chain.utxo.transactions,
            chain.utxo.documents,
            [tx.txid for tx in chain.mempool],
            list(chain.entries),
        )
    )


def voted_node(name: str = "Shanghai") -> tuple[PermissionedChain, Proposal, object]:
    """``name``'s node after it voted for Nanjing's proposal at height 1, view 0."""
    node = city_node(name)
    offer, block = proposal(node)
    node.receive_proposal(offer, block)
    return node, offer, block


def finalised_node(name: str = "Shanghai") -> tuple[PermissionedChain, CommitCertificate]:
    """``name``'s node after height 1 became final with 19 votes."""
    node, offer, block = voted_node(name)
    certificate = None
    for ballot in votes(block.hash, ["Nanjing", *OTHERS[:17]]):
        certificate = node.receive_vote(ballot)
    assert certificate is not None
    return node, certificate


def move_to_view_one(node: PermissionedChain) -> None:
    for name in [name for name in CITIES if name != node.name][:19]:
        node.receive_view_change(ViewChange.signed(KEYS[name], name, CHAIN_ID, 1, 1))
    assert node.view == 1


# --- a proposal and the vote it earns ------------------------------------------------------


def test_city_votes_for_a_valid_proposal_from_the_proposer_whose_turn_it_is():
    node = city_node("Shanghai")
    offer, block = proposal(node)
    ballot = node.receive_proposal(offer, block)
    assert (ballot.height, ballot.block_hash, ballot.validator) == (1, block.hash, "Shanghai")
    VALIDATORS.check_signed(ballot, CHAIN_ID, node.chain.checker.verify)


def test_checking_a_proposed_block_leaves_the_chain_as_it_was():
    node = city_node("Shanghai")
    chain_before = state_of(node)[6:]
    node.receive_proposal(*proposal(node))
    assert state_of(node)[6:] == chain_before
    assert node.final_height == 0


def test_rejects_proposal_from_the_wrong_proposer():
    node = city_node("Shanghai")
    with pytest.raises(
        WrongProposerError,
        match="proposer: Wuxi may not propose at height 1, view 0; it is Nanjing's turn",
    ):
        node.receive_proposal(*proposal(node, proposer="Wuxi"))


def test_rejects_proposal_from_non_member():
    node = city_node("Shanghai")
    block = build_block(node.chain, BEIJING.address, [])
    outsider = Proposal.signed(BEIJING, "Beijing", CHAIN_ID, 1, 0, block.hash)
    with pytest.raises(NotAMemberError, match="proposer: 'Beijing' is not a member"):
        node.receive_proposal(outsider, block)


def test_rejects_proposal_signed_with_another_citys_key():
    node = city_node("Shanghai")
    block = build_block(node.chain, KEYS["Wuxi"].address, [])
    forged = Proposal.signed(KEYS["Wuxi"], "Nanjing", CHAIN_ID, 1, 0, block.hash)
    with pytest.raises(MessageSignatureError, match="Nanjing's registered key"):
        node.receive_proposal(forged, block)


def test_rejects_block_that_is_not_the_one_the_proposal_signs():
    node = city_node("Shanghai")
    offer, _ = proposal(node)
    other = build_block(node.chain, KEYS["Nanjing"].address, [], note=b"another")
    with pytest.raises(WrongBlockError, match="block: is .*, but the proposal signs"):
        node.receive_proposal(offer, other)


def test_rejects_proposed_block_that_breaks_a_ledger_rule():
    node = city_node("Shanghai")
    greedy = forge_block(node.chain, [], reward=PARAMS.block_reward + 1)
    offer = Proposal.signed(KEYS["Nanjing"], "Nanjing", CHAIN_ID, 1, 0, greedy.hash)
    with pytest.raises(BlockError, match="coinbase.outputs: pay 51 coins"):
        node.receive_proposal(offer, greedy)


def test_a_member_checks_a_proposed_block_with_its_chains_own_check():
    node = city_node("Shanghai")
    greedy = forge_block(node.chain, [], reward=PARAMS.block_reward + 1)
    with pytest.raises(BlockError) as by_the_chain:
        node.chain.check_block(greedy)
    offer = Proposal.signed(KEYS["Nanjing"], "Nanjing", CHAIN_ID, 1, 0, greedy.hash)
    with pytest.raises(BlockError) as by_the_member:
        node.receive_proposal(offer, greedy)
    assert str(by_the_member.value) == str(by_the_chain.value)


def test_a_block_a_member_voted_for_is_not_checked_again_when_it_is_final():
    node = city_node("Shanghai")
    node.chain.checked = checks = CountingChecks()
    offer, block = proposal(node)
    node.receive_proposal(offer, block)
    for ballot in votes(block.hash, ["Nanjing", *OTHERS[:17]]):
        node.receive_vote(ballot)
    assert node.final_height == 1 and node.tip == block
    assert checks.entered == [block.hash]


def test_the_proposers_own_block_is_checked_once_from_proposal_to_finality():
    consortium = Consortium(KEYS, PARAMS)
    proposer = consortium.nodes[VALIDATORS.proposer(1, 0).name]
    proposer.chain.checked = checks = CountingChecks()
    consortium.run_height()
    assert proposer.final_height == 1
    assert checks.entered == [proposer.tip.hash]


def test_rejects_proposed_block_that_does_not_build_on_the_final_tip():
    node, _ = finalised_node()
    beside_final = build_block(city_node().chain, KEYS["Wuxi"].address, [])  # on genesis
    offer = Proposal.signed(KEYS["Wuxi"], "Wuxi", CHAIN_ID, 2, 0, beside_final.hash)
    with pytest.raises(FinalityConflictError, match="block.prev_hash: must be the final tip"):
        node.receive_proposal(offer, beside_final)


def test_rejects_proposal_for_a_view_the_node_is_not_in():
    node = city_node("Shanghai")
    with pytest.raises(WrongViewError, match="view: is 1; this node is in view 0"):
        node.receive_proposal(*proposal(node, view=1))


def test_rejected_proposal_changes_nothing():
    node = city_node("Shanghai")
    before = state_of(node)
    greedy = forge_block(node.chain, [], reward=PARAMS.block_reward + 1)
    other = build_block(node.chain, KEYS["Nanjing"].address, [], note=b"other")
    bad = [
        (proposal(node, proposer="Wuxi"), WrongProposerError),
        ((proposal(node)[0], other), WrongBlockError),
        (proposal(node, view=2), WrongViewError),
        (
            (Proposal.signed(KEYS["Nanjing"], "Nanjing", CHAIN_ID, 1, 0, greedy.hash), greedy),
            BlockError,
        ),
    ]
    for (offer, block), error in bad:
        with pytest.raises(error):
            node.receive_proposal(offer, block)
        assert state_of(node) == before


# --- the one rule: one block per height ----------------------------------------------------


def test_honest_city_never_signs_a_second_block_at_one_height():
    node, _, first = voted_node()
    move_to_view_one(node)
    second_offer, second = proposal(node, view=1, note=b"view 1")
    assert node.receive_proposal(second_offer, second) is None
    assert node.my_vote.block_hash == first.hash


def test_proposer_that_already_voted_proposes_the_same_block_again():
    node, _, first = voted_node("Wuxi")  # Wuxi proposes at height 1, view 1
    move_to_view_one(node)
    offer, block = node.propose()
    assert (offer.view, block.hash) == (1, first.hash)


def test_only_the_city_whose_turn_it_is_may_propose():
    with pytest.raises(WrongProposerError, match="it is Nanjing's turn at height 1, view 0"):
        city_node("Shanghai").propose()


# --- votes and finality -----------------------------------------------------------------------


def test_block_is_final_once_nineteen_of_twenty_seven_cities_have_voted():
    node, _, block = voted_node()  # Shanghai's own vote
    for ballot in votes(block.hash, ["Nanjing", *OTHERS[:16]]):
        assert node.receive_vote(ballot) is None
    assert (node.final_height, len(node.votes)) == (0, 18)
    final = node.receive_vote(vote(OTHERS[16], block.hash))
    assert len(final.votes) == 19 and final.block_hash == block.hash
    assert (node.final_height, node.tip.hash, node.certificates[1]) == (1, block.hash, final)


def test_votes_for_a_block_the_node_has_not_seen_wait_for_the_proposal():
    node = city_node("Shanghai")
    offer, block = proposal(node)
    for ballot in votes(block.hash, ["Nanjing", *OTHERS[:18]]):
        node.receive_vote(ballot)
    assert node.final_height == 0
    node.receive_proposal(offer, block)
    assert node.final_height == 1


def test_reports_city_that_signs_two_blocks_at_one_height():
    node = city_node("Shanghai")
    node.receive_vote(vote("Suzhou", bytes(32)))
    with pytest.raises(EquivocationError, match="block_hash: Suzhou already voted for"):
        node.receive_vote(vote("Suzhou", b"\x01" * 32))
    (evidence,) = node.evidence
    evidence.verify(VALIDATORS, CHAIN_ID)
    assert evidence.validator == "Suzhou" and evidence.height == 1
    assert node.tally() == {bytes(32): 1}  # the second vote is not counted


def test_reports_proposer_that_proposes_two_blocks_in_one_view():
    node, first_offer, _ = voted_node()
    second_offer, second = proposal(node, note=b"second")
    with pytest.raises(EquivocationError, match="Nanjing already proposed"):
        node.receive_proposal(second_offer, second)
    (evidence,) = node.evidence
    assert (evidence.first, evidence.second) == (first_offer, second_offer)
    evidence.verify(VALIDATORS, CHAIN_ID)


def test_rejects_replayed_vote_for_a_height_already_final():
    node, final = finalised_node()
    before = state_of(node)
    with pytest.raises(ReplayError, match="height: 1 is already final"):
        node.receive_vote(final.votes[3])
    with pytest.raises(ReplayError):
        node.receive_vote(vote(OTHERS[-1], final.block_hash))
    assert state_of(node) == before


def test_late_vote_for_another_block_at_a_final_height_is_still_evidence():
    node, final = finalised_node()
    signer = final.votes[5].validator
    with pytest.raises(EquivocationError, match=f"{signer} signed the final block"):
        node.receive_vote(vote(signer, b"\x07" * 32))
    assert node.evidence[0].validator == signer


def test_rejects_vote_for_a_height_the_node_has_not_reached():
    with pytest.raises(
        FutureHeightError, match="height: 2 is ahead of the height this node decides"
    ):
        city_node("Shanghai").receive_vote(vote("Wuxi", bytes(32), height=2))


def test_rejects_the_same_vote_counted_twice():
    node = city_node("Shanghai")
    node.receive_vote(vote("Wuxi", bytes(32)))
    with pytest.raises(DuplicateVoteError, match="Wuxi's vote for .* is already counted"):
        node.receive_vote(vote("Wuxi", bytes(32)))


def test_rejects_vote_from_non_member_at_the_node():
    with pytest.raises(NotAMemberError, match="validator: 'Beijing' is not a member"):
        city_node("Shanghai").receive_vote(Vote.signed(BEIJING, "Beijing", CHAIN_ID, 1, bytes(32)))


def test_rejected_vote_changes_nothing():
    node, _, block = voted_node()
    node.receive_vote(vote("Wuxi", block.hash))
    before = state_of(node)
    bad = [
        (Vote.signed(BEIJING, "Beijing", CHAIN_ID, 1, block.hash), NotAMemberError),
        (Vote(1, block.hash, "Hefei", vote("Hefei", bytes(32)).signature), MessageSignatureError),
        (vote("Hefei", block.hash, chain_id="another-consortium"), MessageSignatureError),
        (vote("Wuxi", block.hash), DuplicateVoteError),
        (vote("Hefei", block.hash, height=2), FutureHeightError),
    ]
    for ballot, error in bad:
        with pytest.raises(error):
            node.receive_vote(ballot)
        assert state_of(node) == before


def test_equivocating_vote_changes_nothing_but_the_evidence():
    node, _, block = voted_node()
    node.receive_vote(vote("Wuxi", block.hash))
    before = state_of(node)
    with pytest.raises(EquivocationError):
        node.receive_vote(vote("Wuxi", bytes(32)))
    node.evidence.clear()
    assert state_of(node) == before


# --- view changes ---------------------------------------------------------------------------


def test_view_changes_from_nineteen_cities_move_the_height_to_the_next_view():
    node = city_node("Shanghai")
    changes = [ViewChange.signed(KEYS[name], name, CHAIN_ID, 1, 1) for name in CITIES[1:20]]
    assert not any(node.receive_view_change(change) for change in changes[:18])
    assert node.view == 0
    assert node.receive_view_change(changes[18]) is True
    assert (node.view, node.proposer.name) == (1, "Wuxi")


def test_rejects_view_change_to_a_view_already_passed():
    node = city_node("Shanghai")
    move_to_view_one(node)
    with pytest.raises(WrongViewError, match="new_view: is 1; this node is already in view 1"):
        node.receive_view_change(ViewChange.signed(KEYS["Anqing"], "Anqing", CHAIN_ID, 1, 1))


def test_rejects_view_change_signed_for_another_view():
    change = ViewChange.signed(KEYS["Anqing"], "Anqing", CHAIN_ID, 1, 2)
    with pytest.raises(MessageSignatureError):
        city_node("Shanghai").receive_view_change(ViewChange(1, 1, "Anqing", change.signature))


# --- certificates from others: catching up, and finality that holds ---------------------------


def test_node_catches_up_with_a_certificate():
    _, final = finalised_node()
    source = city_node("Wuxi")
    block = build_block(source.chain, KEYS["Nanjing"].address, [])
    observer = city_node()
    assert observer.receive_certificate(final, block) is Added.EXTENDED
    assert (observer.final_height, observer.tip.hash) == (1, final.block_hash)
    assert observer.receive_certificate(final, block) is Added.KNOWN


def test_rejects_certificate_of_eighteen_votes_when_catching_up():
    observer = city_node()
    _, block = proposal(observer)
    before = state_of(observer)
    with pytest.raises(QuorumError, match="18 distinct members signed; 19 of 27 are needed"):
        observer.receive_certificate(certificate(block.hash, CITIES[:18]), block)
    assert state_of(observer) == before


def test_final_block_is_never_replaced():
    node, final = finalised_node()
    rival = build_block(city_node().chain, KEYS["Wuxi"].address, [], note=b"rival")
    rival_certificate = certificate(rival.hash, CITIES[8:27])  # 19 signatures, 11 of them twice
    before = state_of(node)
    with pytest.raises(FinalityConflictError, match="height 1 is final with"):
        node.receive_certificate(rival_certificate, rival)
    assert state_of(node) == before and node.tip.hash == final.block_hash


def test_rejects_certificate_for_a_height_not_reached():
    observer = city_node()
    with pytest.raises(FutureHeightError):
        observer.receive_certificate(certificate(observer.tip.hash, CITIES[:19], 2), observer.tip)


# --- who may run a node -----------------------------------------------------------------------


def test_observer_follows_the_chain_without_voting():
    observer = city_node()
    offer, block = proposal(observer)
    assert observer.receive_proposal(offer, block) is None
    for ballot in votes(block.hash, CITIES[:19]):
        observer.receive_vote(ballot)
    assert observer.final_height == 1
    with pytest.raises(NotAMemberError, match="an observer node cannot propose"):
        observer.propose()


def test_key_of_a_non_member_cannot_run_a_member_node():
    with pytest.raises(NotAMemberError, match="key: .* is not the key of any member"):
        PermissionedChain(PARAMS, VALIDATORS, BEIJING)


# --- the whole consortium in one process -------------------------------------------------------


@pytest.fixture(scope="module")
def consortium() -> Consortium:
    return Consortium(KEYS, PARAMS)


def kinds(events) -> list[str]:
    return [event.kind for event in events]


def test_consortium_finalises_a_height_and_every_city_agrees():
    members = Consortium(KEYS, PARAMS)
    events = members.run_height()
    assert kinds(events) == ["propose", "votes", "final", "late votes"]
    assert str(events[0]).startswith("height 1, view 0: Nanjing proposes block ")
    assert {node.tip.hash for node in members.nodes.values()} == {members.nodes["Hefei"].tip.hash}
    assert members.final_height == 1


def test_silent_proposer_is_replaced_after_view_change():
    members = Consortium(KEYS, PARAMS)
    events = members.run_height(silent=["Nanjing"])
    assert kinds(events)[:3] == ["silent", "view change", "propose"]
    assert "Nanjing is silent" in str(events[0])
    assert str(events[2]).startswith("height 1, view 1: Wuxi proposes")
    assert members.final_height == 1 and all(node.view == 0 for node in members.nodes.values())


def test_two_silent_proposers_in_a_row_take_two_view_changes():
    members = Consortium(KEYS, PARAMS)
    events = members.run_height(silent=["Nanjing", "Wuxi"])
    assert kinds(events).count("view change") == 2
    assert "view 2: Changzhou proposes" in str(events[4])
    assert members.final_height == 1


def test_eight_silent_cities_cannot_stop_the_other_nineteen():
    members = Consortium(KEYS, PARAMS)
    events = members.run_height(silent=CITIES[19:])
    final = next(event for event in events if event.kind == "final")
    assert "19 of 27 members vote" in str(events[1])
    assert "certificate of 19 votes" in final.text


def test_nine_silent_cities_stall_the_height():
    members = Consortium(KEYS, PARAMS)
    events = members.run_height(silent=CITIES[18:])
    assert kinds(events) == ["stalled"]
    assert "only 18 of 27 members speak" in events[0].text
    assert members.final_height == 0


def test_consortium_reports_city_that_signs_two_blocks_and_still_finalises_one():
    members = Consortium(KEYS, PARAMS)
    events = members.run_height(equivocators=["Suzhou"])
    (evidence,) = members.evidence
    evidence.verify(VALIDATORS, CHAIN_ID)
    assert evidence.validator == "Suzhou"
    assert "Suzhou signed votes for two blocks at height 1" in str(events)
    assert members.final_height == 1


def test_consortium_reports_proposer_that_proposes_two_blocks():
    members = Consortium(KEYS, PARAMS)
    members.run_height(equivocators=["Nanjing"])
    assert sorted(e.first.kind for e in members.evidence) == ["proposal", "vote"]
    assert members.final_height == 1


def test_payment_submitted_to_the_consortium_becomes_final_everywhere():
    members = Consortium(KEYS, PARAMS)
    members.run_height()
    reward = members.nodes["Shanghai"].tip.transactions[0]  # Nanjing proposed height 1
    payment = pay(
        KEYS["Nanjing"],
        [OutPoint(reward.txid, 0)],
        [TxOut.coin(KEYS["Hefei"].address, 10)],
        CHAIN_ID,
    )
    members.submit(payment)
    members.run_height()
    assert {node.chain.balance(KEYS["Hefei"].address) for node in members.nodes.values()} == {10}


def test_same_calls_give_the_same_trace():
    traces = []
    for _ in range(2):
        members = Consortium(KEYS, PARAMS)
        members.run_height(silent=["Nanjing"])
        members.run_height(equivocators=["Suzhou"])
        traces.append([str(event) for event in members.trace])
    assert traces[0] == traces[1]


def fall_behind(members: Consortium, name: str) -> None:
    """Every node but ``name``'s makes the next height final on a certificate of the others."""
    ahead = [node for node in members.nodes.values() if node.name != name]
    height = ahead[0].height
    block = build_block(ahead[0].chain, KEYS_OF_FOUR[ahead[0].name].address, [], note=b"ahead")
    ballots = tuple(
        Vote.signed(KEYS_OF_FOUR[node.name], node.name, members.chain_id, height, block.hash)
        for node in ahead
    )
    for node in ahead:
        node.receive_certificate(CommitCertificate(height, block.hash, ballots), block)


FOUR = ("Shanghai", "Nanjing", "Hangzhou", "Hefei")
KEYS_OF_FOUR = seeded_keys(FOUR)


def test_the_members_furthest_ahead_decide_the_next_height_when_the_first_fell_behind():
    members = Consortium(KEYS_OF_FOUR, PARAMS)
    members.run_height()
    fall_behind(members, "Shanghai")
    events = members.run_height()
    ahead = [members.nodes[name] for name in FOUR[1:]]
    assert [node.final_height for node in ahead] == [3, 3, 3]
    assert kinds(events)[:2] == ["behind", "propose"]
    assert "Shanghai is behind at final height 1" in events[0].text
    assert str(events[1]).startswith("height 3, view 0: ")
    shanghai = members.nodes["Shanghai"]
    assert shanghai.final_height == 1 and members.final_height == 1
    for height in (2, 3):
        certificate = ahead[0].certificates[height]
        shanghai.receive_certificate(certificate, ahead[0].chain.block_at(height))
    assert shanghai.tip.hash == ahead[0].tip.hash


def test_consortium_refuses_names_that_are_not_members(consortium):
    with pytest.raises(NotAMemberError, match="silent: 'Beijing' is not a member"):
        consortium.run_height(silent=["Beijing"])


def test_refuses_things_that_are_not_consensus_messages():
    node = city_node("Shanghai")
    before = state_of(node)
    with pytest.raises(WrongTypeError, match="vote: must be a Vote, got dict"):
        node.receive_vote({"height": 1})
    with pytest.raises(WrongTypeError, match="proposal: must be a Proposal, got str"):
        node.receive_proposal("block please", node.tip)
    with pytest.raises(WrongTypeError, match="change: must be a ViewChange, got NoneType"):
        node.receive_view_change(None)
    assert state_of(node) == before
