"""Permissioned consensus rules, as lesson 8 teaches them with the 27 Yangtze River Delta cities."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from minichain.consensus import (
    CommitCertificate,
    Equivocation,
    Proposal,
    Validator,
    ValidatorSet,
    ViewChange,
    Vote,
    default_verify,
    evidence_from_certificates,
    proposal_digest,
    seeded_keys,
    vote_digest,
)
from minichain.errors import (
    DuplicateVoteError,
    EncodingError,
    EvidenceError,
    MessageSignatureError,
    NotAMemberError,
    OutOfRangeError,
    QuorumError,
    ValidatorSetError,
    WrongBlockError,
)
from minichain.keys import PrivateKey
from tests.consortium_fixtures import (
    ANHUI,
    CHAIN_ID,
    CITIES,
    JIANGSU,
    KEYS,
    SHANGHAI,
    VALIDATORS,
    ZHEJIANG,
    certificate,
    vote,
    votes,
)

BLOCK_A = bytes.fromhex("a1" * 32)
BLOCK_B = bytes.fromhex("b2" * 32)
BEIJING = PrivateKey.from_seed("Beijing")

# --- the validator set ----------------------------------------------------------------


def test_twenty_seven_cities_tolerate_eight_faults_and_need_nineteen_votes():
    assert (VALIDATORS.n, VALIDATORS.f, VALIDATORS.quorum) == (27, 8, 19)


def test_the_outline_names_shanghai_and_nine_nine_and_eight_cities_of_three_provinces():
    assert SHANGHAI == ("Shanghai",)
    assert JIANGSU[0] == "Nanjing" and JIANGSU[-1] == "Taizhou (Jiangsu)"
    assert ZHEJIANG[0] == "Hangzhou" and ZHEJIANG[-1] == "Taizhou (Zhejiang)"
    assert ANHUI[0] == "Hefei" and ANHUI[-1] == "Xuancheng"
    assert len(set(CITIES)) == 27


@pytest.mark.parametrize(
    ("n", "f", "quorum"), [(1, 0, 1), (3, 0, 3), (4, 1, 3), (7, 2, 5), (10, 3, 7), (27, 8, 19)]
)
def test_quorum_is_n_minus_f_with_f_the_largest_that_keeps_n_at_least_3f_plus_1(n, f, quorum):
    members = ValidatorSet.from_keys({name: KEYS[name] for name in CITIES[:n]})
    assert (members.f, members.quorum) == (f, quorum)
    assert n >= 3 * members.f + 1


def test_proposer_rotates_by_height_plus_view():
    assert VALIDATORS.proposer(1, 0).name == "Nanjing"
    assert VALIDATORS.proposer(1, 1).name == "Wuxi"
    assert VALIDATORS.proposer(26, 0).name == "Xuancheng"
    assert VALIDATORS.proposer(27, 0).name == "Shanghai"
    assert VALIDATORS.proposer(20, 7).name == VALIDATORS.proposer(27, 0).name


def test_two_cities_named_taizhou_are_two_members():
    assert "Taizhou (Jiangsu)" in VALIDATORS and "Taizhou (Zhejiang)" in VALIDATORS
    jiangsu, zhejiang = (
        VALIDATORS.member("Taizhou (Jiangsu)"),
        VALIDATORS.member("Taizhou (Zhejiang)"),
    )
    assert jiangsu.public_key != zhejiang.public_key


def test_member_is_found_by_its_registered_key():
    assert VALIDATORS.by_key(KEYS["Hefei"].public_key).name == "Hefei"
    assert VALIDATORS.by_key(KEYS["Hefei"].public_key.sec(compressed=False)).name == "Hefei"
    assert VALIDATORS.by_key(BEIJING.public_key) is None
    assert VALIDATORS.by_key(b"not a key") is None


def test_rejects_validator_set_that_lists_a_city_twice():
    with pytest.raises(ValidatorSetError, match=r"validators\[2\]\.name: 'Shanghai' is already"):
        ValidatorSet(
            [Validator(name, KEYS[name].public_key) for name in ("Shanghai", "Nanjing")]
            + [Validator("Shanghai", BEIJING.public_key)]
        )


def test_rejects_validator_set_that_gives_one_key_two_seats():
    with pytest.raises(ValidatorSetError, match=r"validators\[1\]\.public_key: is already the key"):
        ValidatorSet(
            [
                Validator("Hefei", KEYS["Hefei"].public_key),
                Validator("Hefei 2", KEYS["Hefei"].public_key),
            ]
        )


def test_rejects_empty_validator_set():
    with pytest.raises(ValidatorSetError, match="at least one member"):
        ValidatorSet([])


def test_seeded_keys_are_the_same_every_time():
    assert seeded_keys(["Wuhu"])["Wuhu"] == KEYS["Wuhu"] == PrivateKey.from_seed("Wuhu")


def test_refuses_a_non_member_lookup_by_name():
    with pytest.raises(NotAMemberError, match="'Beijing' is not a member of this consortium"):
        VALIDATORS.member("Beijing")


# --- signed messages ---------------------------------------------------------------------


def test_vote_signed_for_one_chain_does_not_count_on_another():
    foreign = vote("Suzhou", BLOCK_A, chain_id="another-consortium")
    with pytest.raises(MessageSignatureError, match="does not verify with Suzhou's registered key"):
        VALIDATORS.check_signed(foreign, CHAIN_ID, default_verify())


def test_vote_signature_cannot_pass_for_a_proposal():
    ballot = vote("Suzhou", BLOCK_A)
    disguised = Proposal(1, 0, BLOCK_A, "Suzhou", ballot.signature)
    assert proposal_digest(CHAIN_ID, 1, 0, BLOCK_A) != vote_digest(CHAIN_ID, 1, BLOCK_A)
    with pytest.raises(MessageSignatureError):
        VALIDATORS.check_signed(disguised, CHAIN_ID, default_verify())


def test_view_change_signature_commits_to_the_new_view():
    change = ViewChange.signed(KEYS["Ningbo"], "Ningbo", CHAIN_ID, 3, 1)
    VALIDATORS.check_signed(change, CHAIN_ID, default_verify())
    with pytest.raises(MessageSignatureError):
        VALIDATORS.check_signed(
            ViewChange(3, 2, "Ningbo", change.signature), CHAIN_ID, default_verify()
        )


def test_messages_refuse_malformed_fields():
    with pytest.raises(OutOfRangeError, match="height: must be between 1"):
        Vote(0, BLOCK_A, "Wuxi", b"\x30")
    with pytest.raises(EncodingError, match="block_hash: must be 32 bytes, got 31"):
        Vote(1, BLOCK_A[:31], "Wuxi", b"\x30")
    with pytest.raises(EncodingError, match="signature: must be a DER signature"):
        Vote(1, BLOCK_A, "Wuxi", b"")
    with pytest.raises(EncodingError, match="validator: must be 1 to 64 printable"):
        Vote(1, BLOCK_A, "", b"\x30")


# --- commit certificates -----------------------------------------------------------------


def test_block_is_final_with_nineteen_of_twenty_seven_votes():
    certificate(BLOCK_A, CITIES[:19]).verify(VALIDATORS, CHAIN_ID)


def test_eighteen_votes_are_not_enough():
    with pytest.raises(QuorumError, match="votes: 18 distinct members signed; 19 of 27 are needed"):
        certificate(BLOCK_A, CITIES[:18]).verify(VALIDATORS, CHAIN_ID)


def test_rejects_certificate_with_two_signatures_from_one_city():
    padded = CommitCertificate(
        1, BLOCK_A, (*votes(BLOCK_A, CITIES[:18]), vote("Shanghai", BLOCK_A))
    )
    with pytest.raises(DuplicateVoteError, match=r"votes\[18\]\.validator: Shanghai has already"):
        padded.verify(VALIDATORS, CHAIN_ID)


def test_rejects_vote_from_non_member():
    outsider = Vote.signed(BEIJING, "Beijing", CHAIN_ID, 1, BLOCK_A)
    padded = CommitCertificate(1, BLOCK_A, (*votes(BLOCK_A, CITIES[:19]), outsider))
    with pytest.raises(NotAMemberError, match=r"votes\[19\]\.validator: 'Beijing' is not a member"):
        padded.verify(VALIDATORS, CHAIN_ID)


def test_rejects_vote_signed_over_a_different_block():
    moved = Vote(1, BLOCK_A, "Hefei", vote("Hefei", BLOCK_B).signature)
    forged = CommitCertificate(1, BLOCK_A, (*votes(BLOCK_A, CITIES[:18]), moved))
    with pytest.raises(MessageSignatureError, match=r"votes\[18\]\.signature: does not verify"):
        forged.verify(VALIDATORS, CHAIN_ID)


def test_rejects_vote_signed_for_another_height():
    moved = Vote(2, BLOCK_A, "Hefei", vote("Hefei", BLOCK_A, height=1).signature)
    forged = CommitCertificate(2, BLOCK_A, (*votes(BLOCK_A, CITIES[:18], height=2), moved))
    with pytest.raises(MessageSignatureError):
        forged.verify(VALIDATORS, CHAIN_ID)


def test_rejects_vote_signed_with_another_citys_key():
    impostor = Vote.signed(KEYS["Wuhu"], "Hefei", CHAIN_ID, 1, BLOCK_A)
    forged = CommitCertificate(1, BLOCK_A, (*votes(BLOCK_A, CITIES[:18]), impostor))
    with pytest.raises(MessageSignatureError, match="Hefei's registered key"):
        forged.verify(VALIDATORS, CHAIN_ID)


def test_rejects_certificate_that_mixes_in_a_vote_for_another_block():
    mixed = CommitCertificate(1, BLOCK_A, (*votes(BLOCK_A, CITIES[:19]), vote("Hefei", BLOCK_B)))
    with pytest.raises(WrongBlockError, match=r"votes\[19\]\.block_hash: is b2b2"):
        mixed.verify(VALIDATORS, CHAIN_ID)


# --- equivocation evidence ---------------------------------------------------------------


def test_evidence_of_two_votes_at_one_height_checks_with_the_validator_set_alone():
    evidence = Equivocation("Suzhou", vote("Suzhou", BLOCK_A), vote("Suzhou", BLOCK_B))
    evidence.verify(VALIDATORS, CHAIN_ID)
    assert evidence.height == 1


def test_evidence_of_two_proposals_in_one_view_checks():
    first = Proposal.signed(KEYS["Nanjing"], "Nanjing", CHAIN_ID, 1, 0, BLOCK_A)
    second = Proposal.signed(KEYS["Nanjing"], "Nanjing", CHAIN_ID, 1, 0, BLOCK_B)
    Equivocation("Nanjing", first, second).verify(VALIDATORS, CHAIN_ID)


def test_two_votes_for_the_same_block_are_no_evidence():
    with pytest.raises(EvidenceError, match="second.block_hash: is the same block"):
        Equivocation("Suzhou", vote("Suzhou", BLOCK_A), vote("Suzhou", BLOCK_A)).verify(
            VALIDATORS, CHAIN_ID
        )


def test_votes_at_two_heights_are_no_evidence():
    with pytest.raises(EvidenceError, match="second.height: is 2, first is 1"):
        Equivocation("Suzhou", vote("Suzhou", BLOCK_A), vote("Suzhou", BLOCK_B, 2)).verify(
            VALIDATORS, CHAIN_ID
        )


def test_proposals_in_two_views_are_no_evidence():
    first = Proposal.signed(KEYS["Nanjing"], "Nanjing", CHAIN_ID, 1, 0, BLOCK_A)
    later = Proposal.signed(KEYS["Nanjing"], "Nanjing", CHAIN_ID, 1, 27, BLOCK_B)
    with pytest.raises(EvidenceError, match="second.view"):
        Equivocation("Nanjing", first, later).verify(VALIDATORS, CHAIN_ID)


def test_forged_evidence_against_an_honest_city_is_refused():
    framed = Vote.signed(KEYS["Wuhu"], "Suzhou", CHAIN_ID, 1, BLOCK_B)
    with pytest.raises(MessageSignatureError, match=r"second\.signature"):
        Equivocation("Suzhou", vote("Suzhou", BLOCK_A), framed).verify(VALIDATORS, CHAIN_ID)


def test_evidence_must_accuse_the_signer_of_both_messages():
    with pytest.raises(EvidenceError, match="second.validator: is 'Wuhu', not the accused"):
        Equivocation("Suzhou", vote("Suzhou", BLOCK_A), vote("Wuhu", BLOCK_B)).verify(
            VALIDATORS, CHAIN_ID
        )


def test_two_final_blocks_at_one_height_expose_at_least_eleven_cities():
    # Nine cities (more than f = 8) sign both blocks; each block gets 19 votes.
    both = CITIES[:9]
    first = certificate(BLOCK_A, both + CITIES[9:19])
    second = certificate(BLOCK_B, both + CITIES[19:27] + CITIES[18:19] + CITIES[9:10])
    found = evidence_from_certificates(first, second, VALIDATORS, CHAIN_ID)
    assert len(found) >= VALIDATORS.n - 2 * VALIDATORS.f == 11
    assert {evidence.validator for evidence in found} == set(both + CITIES[9:10] + CITIES[18:19])


# --- the property the protocol rests on ----------------------------------------------------

SMALL = CITIES[:10]


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_no_two_conflicting_certificates_with_at_most_f_equivocators(data):
    n = data.draw(st.integers(min_value=1, max_value=len(SMALL)), label="n")
    members = ValidatorSet.from_keys({name: KEYS[name] for name in SMALL[:n]})
    names = list(members.names)
    equivocators = data.draw(st.sets(st.sampled_from(names), max_size=members.f), label="liars")
    # An honest member signs one block, or none; an equivocator signs both.
    choice = {
        name: data.draw(st.sampled_from(["A", "B", "none"]), label=name)
        for name in names
        if name not in equivocators
    }
    signed_a = [name for name in names if name in equivocators or choice[name] == "A"]
    signed_b = [name for name in names if name in equivocators or choice[name] == "B"]
    final = []
    for block, signers in ((BLOCK_A, signed_a), (BLOCK_B, signed_b)):
        try:
            certificate(block, signers).verify(members, CHAIN_ID)
        except QuorumError:
            continue
        final.append(block)
    assert len(final) <= 1


@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_conflicting_certificates_always_name_at_least_n_minus_2f_equivocators(data):
    n = data.draw(st.integers(min_value=4, max_value=len(SMALL)), label="n")
    members = ValidatorSet.from_keys({name: KEYS[name] for name in SMALL[:n]})
    names = list(members.names)
    liars = data.draw(st.sets(st.sampled_from(names), min_size=members.f + 1), label="liars")
    honest = [name for name in names if name not in liars]
    split = data.draw(st.integers(min_value=0, max_value=len(honest)), label="split")
    signed_a, signed_b = sorted(liars) + honest[:split], sorted(liars) + honest[split:]
    try:
        first = certificate(BLOCK_A, signed_a)
        second = certificate(BLOCK_B, signed_b)
        first.verify(members, CHAIN_ID)
        second.verify(members, CHAIN_ID)
    except QuorumError:
        return  # not both final: nothing to expose
    found = evidence_from_certificates(first, second, members, CHAIN_ID)
    assert len(found) >= members.n - 2 * members.f
    assert {evidence.validator for evidence in found} <= liars
