"""Public checks of the city quorum exercise: the learner sees and runs these.

``reached_view`` is compared with a real node of minichain's consortium
(``PermissionedChain.receive_view_change``), and ``certificate_rule`` with
minichain's own checks (``ValidatorSet.proposer``, ``ValidatorSet.check_signed``
and ``CommitCertificate.verify``), whose errors ``verdict`` names as the
instructions do.
"""

from functools import cache

from exercise import certificate_rule, find_equivocators, first_live_view, is_final, reached_view

from minichain.consensus import (
    CommitCertificate,
    Proposal,
    ValidatorSet,
    ViewChange,
    Vote,
    default_verify,
    seeded_keys,
)
from minichain.consortium import YANGTZE_RIVER_DELTA_CITIES, PermissionedChain
from minichain.errors import AuthorityError
from minichain.keys import N, PrivateKey, Signature
from minichain.params import ChainParams

CITIES = YANGTZE_RIVER_DELTA_CITIES  # Shanghai, then Jiangsu, Zhejiang and Anhui
KEYS = seeded_keys(CITIES)  # keys anyone can recompute from a name: for exercises only
VALIDATORS = ValidatorSet.from_keys(KEYS)
CHAIN_ID = "yrd-consortium"
BLOCK_A = bytes.fromhex("a1" * 32)
BLOCK_B = bytes.fromhex("b2" * 32)


@cache  # a vote is immutable: sign each one once
def vote(city, block_hash, height=1):
    """``city``'s signed vote for ``block_hash`` at ``height``."""
    return Vote.signed(KEYS[city], city, CHAIN_ID, height, block_hash)


def votes(cities, block_hash, height=1):
    return [vote(city, block_hash, height) for city in cities]


def test_first_live_view_when_everyone_speaks_is_view_zero():
    """所有城市都发声时，视图 0 的提议者提议"""
    assert first_live_view(VALIDATORS, 1, set()) == (0, "Nanjing"), (
        "at height 1, view 0, the proposer is validators[(1 + 0) % 27]: Nanjing"
    )


def test_first_live_view_skips_a_silent_proposer():
    """跳过沉默的提议者，由下一个视图的提议者提议"""
    assert first_live_view(VALIDATORS, 2, {"Wuxi"}) == (1, "Changzhou"), (
        "Wuxi proposes at height 2 in view 0; silent, it is replaced by Changzhou in view 1"
    )


def test_first_live_view_is_none_when_nine_cities_are_silent():
    """九个城市沉默时凑不够法定人数，返回 None"""
    silent = set(CITIES[10:19])  # nine cities, none of them the proposer of height 1
    assert first_live_view(VALIDATORS, 1, silent) is None, (
        "18 speaking cities cannot make a quorum of 19: nothing can be final"
    )


def test_is_final_with_votes_of_all_twenty_seven_cities():
    """二十七个城市都投票时区块最终确定"""
    assert is_final(VALIDATORS, CHAIN_ID, 1, BLOCK_A, votes(CITIES, BLOCK_A)) is True


def test_is_final_not_with_ten_cities():
    """只有十个城市投票时区块未最终确定"""
    assert is_final(VALIDATORS, CHAIN_ID, 1, BLOCK_A, votes(CITIES[:10], BLOCK_A)) is False


def test_is_final_does_not_count_a_city_outside_the_consortium():
    """不计联盟以外城市的投票"""
    beijing = PrivateKey.from_seed("Beijing")
    outsider = Vote.signed(beijing, "Beijing", CHAIN_ID, 1, BLOCK_A)
    collected = [*votes(CITIES[:18], BLOCK_A), outsider]
    assert is_final(VALIDATORS, CHAIN_ID, 1, BLOCK_A, collected) is False, (
        "18 cities and Beijing: Beijing is not a member, so only 18 count"
    )


def test_is_final_counts_each_city_once():
    """每个城市只计一次"""
    collected = [*votes(CITIES[:18], BLOCK_A), vote(CITIES[0], BLOCK_A)]
    assert is_final(VALIDATORS, CHAIN_ID, 1, BLOCK_A, collected) is False, (
        "18 cities, one of them twice: still 18 cities, one short of the quorum of 19"
    )


def test_is_final_counts_only_valid_votes_for_this_block():
    """只计针对这个高度、这个区块、签名有效的投票"""
    city = CITIES[20]
    junk = [
        vote(city, BLOCK_B),  # another block
        vote(city, BLOCK_A, height=2),  # another height
        Vote.signed(KEYS[CITIES[0]], city, CHAIN_ID, 1, BLOCK_A),  # signed with another key
        Vote.signed(KEYS[city], city, "another-chain", 1, BLOCK_A),  # for another chain
    ]
    collected = [*votes(CITIES[:18], BLOCK_A), *junk]
    assert is_final(VALIDATORS, CHAIN_ID, 1, BLOCK_A, collected) is False, (
        f"18 good votes and four that are not {city}'s valid vote for this block at height 1"
    )
    assert is_final(VALIDATORS, CHAIN_ID, 1, BLOCK_A, [*collected, vote(city, BLOCK_A)]) is True, (
        f"{city}'s real vote makes 19"
    )


def test_find_equivocators_of_honest_votes_is_empty():
    """诚实的投票中没有双重签名"""
    assert find_equivocators(VALIDATORS, CHAIN_ID, votes(CITIES, BLOCK_A)) == {}


def test_find_equivocators_catches_a_city_that_signs_two_blocks():
    """揪出在同一高度签了两个区块的城市，两张投票即证据"""
    first, second = vote("Suzhou", BLOCK_A), vote("Suzhou", BLOCK_B)
    collected = [*votes(CITIES[:3], BLOCK_A), first, *votes(CITIES[5:9], BLOCK_A), second]
    found = find_equivocators(VALIDATORS, CHAIN_ID, collected)
    assert list(found) == ["Suzhou"], f"only Suzhou signed two blocks; got {list(found)}"
    evidence = found["Suzhou"]
    assert (evidence.first, evidence.second) == (first, second), "the proof is both of its votes"
    evidence.verify(VALIDATORS, CHAIN_ID)  # raises if the evidence does not hold up


def test_find_equivocators_counts_only_valid_member_votes():
    """伪造的投票陷害不了任何人，非成员的投票被忽略"""
    forged = Vote.signed(PrivateKey.from_seed("a forger"), "Suzhou", CHAIN_ID, 1, BLOCK_B)
    beijing = PrivateKey.from_seed("Beijing")
    outsider = [Vote.signed(beijing, "Beijing", CHAIN_ID, 1, block) for block in (BLOCK_A, BLOCK_B)]
    collected = [vote("Suzhou", BLOCK_A), forged, *outsider]
    found = find_equivocators(VALIDATORS, CHAIN_ID, collected)
    assert found == {}, (
        f"a forged vote frames nobody and non-members are ignored; got {list(found)}"
    )


# --- reached_view -----------------------------------------------------------------------------


def change(city, new_view, height=1, key=None, chain_id=CHAIN_ID):
    """``city``'s signed view change to ``new_view`` at ``height`` (with ``key`` if given)."""
    return ViewChange.signed(KEYS[city] if key is None else key, city, chain_id, height, new_view)


def changes(cities, new_view, height=1):
    return [change(city, new_view, height) for city in cities]


def node_view(collected, validators=VALIDATORS):
    """The view minichain's own node at height 1 reaches from ``collected``."""
    node = PermissionedChain(ChainParams.regtest(name=CHAIN_ID), validators)
    for message in collected:
        try:
            node.receive_view_change(message)
        except AuthorityError:
            pass  # refused: the node is as it was
    return node.view


def judge_view(collected, expected, why):
    assert node_view(collected) == expected, "catalogue out of date"
    got = reached_view(VALIDATORS, CHAIN_ID, 1, collected)
    assert got == expected, f"{why}: minichain's node is in view {expected}, you said {got}"


def test_reached_view_moves_with_a_quorum_of_view_changes():
    """法定人数的视图切换消息使节点切换视图"""
    judge_view(changes(CITIES[:18], 1), 0, "18 view changes are one short of the quorum")
    judge_view(changes(CITIES[:19], 1), 1, "19 view changes to view 1 move the node")


def test_reached_view_skips_invalid_view_changes():
    """跳过其他高度、其他链、签名不对、重复和非成员的视图切换"""
    junk = [
        change(CITIES[20], 1, height=2),  # another height
        change(CITIES[20], 1, chain_id="another-chain"),  # another chain
        change(CITIES[20], 1, key=KEYS[CITIES[0]]),  # another city's key
        change(CITIES[0], 1),  # Shanghai's, again
    ]
    outsider = ViewChange.signed(PrivateKey.from_seed("Beijing"), "Beijing", CHAIN_ID, 1, 1)
    collected = [*changes(CITIES[:18], 1), *junk, outsider]
    judge_view(collected, 0, "18 cities, a repeated one and five that do not count")
    judge_view([*collected, change(CITIES[20], 1)], 1, f"{CITIES[20]}'s real view change makes 19")


def test_reached_view_jumps_and_never_goes_back():
    """视图可以跳跃，但从不后退；票数分散时不切换"""
    judge_view(changes(CITIES[:19], 2), 2, "19 view changes to view 2 move the node straight there")
    back = [*changes(CITIES[:19], 2), *changes(CITIES[:19], 1)]
    judge_view(back, 2, "once in view 2, view changes to view 1 are stale")
    split = [*changes(CITIES[:10], 1), *changes(CITIES[10:], 2)]
    judge_view(split, 0, "10 ask for view 1 and 17 for view 2: no view has a quorum")


# --- certificate_rule ---------------------------------------------------------------------------

ERROR_RULES = {
    ("WrongBlockError", "height"): "wrong-height",
    ("WrongBlockError", "block_hash"): "wrong-block",
    ("DuplicateVoteError", "validator"): "duplicate-vote",
    ("NotAMemberError", "validator"): "not-a-member",
    ("MessageSignatureError", "signature"): "bad-signature",
    ("QuorumError", "votes"): "no-quorum",
}
"""The names the instructions give the errors of CommitCertificate.verify (by field's end)."""


def verdict(proposal, certificate, validators=VALIDATORS):
    """minichain's verdict on a proposal and its certificate, in the instructions' names."""
    if proposal.proposer != validators.proposer(proposal.height, proposal.view).name:
        return "wrong-proposer"
    try:
        validators.check_signed(proposal, CHAIN_ID, default_verify())
    except AuthorityError:
        return "bad-proposal-signature"
    if certificate.height != proposal.height:
        return "wrong-height"
    if certificate.block_hash != proposal.block_hash:
        return "wrong-block"
    try:
        certificate.verify(validators, CHAIN_ID)
    except AuthorityError as error:
        return ERROR_RULES[type(error).__name__, error.field.split(".")[-1]]
    return None


def proposal_of(height=1, view=0, block_hash=BLOCK_A, proposer=None, key=None, chain_id=CHAIN_ID):
    """The proposal of ``block_hash``, by the right proposer unless ``proposer`` is given."""
    name = VALIDATORS.proposer(height, view).name if proposer is None else proposer
    return Proposal.signed(
        KEYS[name] if key is None else key, name, chain_id, height, view, block_hash
    )


def certificate_of(votes_, height=1, block_hash=BLOCK_A):
    return CommitCertificate(height, block_hash, tuple(votes_))


def judge_certificates(cases):
    """Compare certificate_rule with minichain on each ``(label, rule, proposal, certificate)``."""
    for label, rule, proposal, certificate in cases:
        expected = verdict(proposal, certificate)
        assert expected == rule, f"catalogue out of date: {label} is {expected}, not {rule}"
        got = certificate_rule(VALIDATORS, CHAIN_ID, proposal, certificate)
        assert got == expected, f"{label}: minichain says {expected!r}, you said {got!r}"


def test_certificate_rule_accepts_a_valid_proposal_and_certificate():
    """有效的提议及其提交证书证明区块已最终确定"""
    judge_certificates(
        [
            (
                "Nanjing's block 1 with 19 votes",
                None,
                proposal_of(),
                certificate_of(votes(CITIES[:19], BLOCK_A)),
            ),
            (
                "Changzhou's block 2 in view 1 with all 27 votes",
                None,
                proposal_of(2, 1, BLOCK_B),
                certificate_of(votes(CITIES, BLOCK_B, height=2), 2, BLOCK_B),
            ),
        ]
    )


def test_certificate_rule_checks_the_proposal():
    """检查提议者是否轮到、提议者的签名是否有效"""
    certificate = certificate_of(votes(CITIES[:19], BLOCK_A))
    signed = proposal_of()
    judge_certificates(
        [
            (
                "Wuxi proposing at height 1, view 0",
                "wrong-proposer",
                proposal_of(proposer="Wuxi"),
                certificate,
            ),
            (
                "Nanjing's proposal relabelled as view 1",
                "wrong-proposer",
                Proposal(1, 1, BLOCK_A, "Nanjing", signed.signature),
                certificate,
            ),
            (
                "Nanjing's proposal signed with Wuxi's key",
                "bad-proposal-signature",
                proposal_of(key=KEYS["Wuxi"]),
                certificate,
            ),
            (
                "Nanjing's proposal signed for another chain",
                "bad-proposal-signature",
                proposal_of(chain_id="another-chain"),
                certificate,
            ),
            (
                "Nanjing again in view 27, with view 0's signature",
                "bad-proposal-signature",
                Proposal(1, 27, BLOCK_A, "Nanjing", signed.signature),
                certificate,
            ),
        ]
    )


def test_certificate_rule_matches_height_and_block():
    """证书和每张投票都针对提议的高度和区块"""
    good = votes(CITIES[:19], BLOCK_A)
    moved = Vote(1, BLOCK_A, "Hefei", vote("Hefei", BLOCK_B).signature)
    judge_certificates(
        [
            (
                "a certificate for height 2",
                "wrong-height",
                proposal_of(),
                certificate_of(votes(CITIES[:19], BLOCK_A, 2), 2),
            ),
            (
                "a certificate for block B",
                "wrong-block",
                proposal_of(),
                certificate_of(votes(CITIES[:19], BLOCK_B), 1, BLOCK_B),
            ),
            (
                "a vote for height 2 among 19",
                "wrong-height",
                proposal_of(),
                certificate_of([*good, vote("Hefei", BLOCK_A, 2)]),
            ),
            (
                "a vote for block B among 19",
                "wrong-block",
                proposal_of(),
                certificate_of([vote("Hefei", BLOCK_B), *good]),
            ),
            (
                "Hefei's vote for B relabelled as a vote for A",
                "bad-signature",
                proposal_of(),
                certificate_of([*good[:18], moved]),
            ),
        ]
    )


def test_certificate_rule_counts_distinct_members():
    """计入不同的成员：重复投票、非成员、法定人数不足"""
    good = votes(CITIES[:18], BLOCK_A)
    beijing = Vote.signed(PrivateKey.from_seed("Beijing"), "Beijing", CHAIN_ID, 1, BLOCK_A)
    forged = Vote.signed(PrivateKey.from_seed("a forger"), CITIES[0], CHAIN_ID, 1, BLOCK_A)
    judge_certificates(
        [
            ("18 votes", "no-quorum", proposal_of(), certificate_of(good)),
            (
                "18 votes and Shanghai's again",
                "duplicate-vote",
                proposal_of(),
                certificate_of([*good, vote(CITIES[0], BLOCK_A)]),
            ),
            (
                "18 votes and a forgery in Shanghai's name",
                "duplicate-vote",
                proposal_of(),
                certificate_of([*good, forged]),
            ),
            (
                "18 votes and Beijing's",
                "not-a-member",
                proposal_of(),
                certificate_of([*good, beijing]),
            ),
        ]
    )


def test_certificate_rule_checks_every_signature():
    """核验每张投票的签名：密钥不对、其他链、非 DER、高 S 值"""
    good = votes(CITIES[:18], BLOCK_A)
    city = CITIES[20]
    real = vote(city, BLOCK_A)
    high_s = Signature.parse_der(real.signature)
    judge_certificates(
        [
            (
                f"{city}'s vote signed with Shanghai's key",
                "bad-signature",
                proposal_of(),
                certificate_of([*good, Vote.signed(KEYS[CITIES[0]], city, CHAIN_ID, 1, BLOCK_A)]),
            ),
            (
                f"{city}'s vote signed for another chain",
                "bad-signature",
                proposal_of(),
                certificate_of([*good, Vote.signed(KEYS[city], city, "another-chain", 1, BLOCK_A)]),
            ),
            (
                f"{city}'s vote with bytes that are not DER",
                "bad-signature",
                proposal_of(),
                certificate_of([*good, Vote(1, BLOCK_A, city, bytes(range(1, 71)))]),
            ),
            (
                f"{city}'s vote made high-S",
                "bad-signature",
                proposal_of(),
                certificate_of(
                    [*good, Vote(1, BLOCK_A, city, Signature(high_s.r, N - high_s.s).der())]
                ),
            ),
            (f"{city}'s real vote makes 19", None, proposal_of(), certificate_of([*good, real])),
        ]
    )
