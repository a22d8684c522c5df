"""Hidden checks of the city quorum exercise: only the grader runs these."""

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
from minichain.consortium import YANGTZE_RIVER_DELTA_CITIES, Consortium, PermissionedChain
from minichain.errors import AuthorityError
from minichain.keys import PrivateKey
from minichain.params import ChainParams

CITIES = YANGTZE_RIVER_DELTA_CITIES  # Shanghai, then Jiangsu, Zhejiang and Anhui
KEYS = seeded_keys(CITIES)
VALIDATORS = ValidatorSet.from_keys(KEYS)
CHAIN_ID = "yrd-hidden"
BLOCK_A = bytes.fromhex("c3" * 32)
BLOCK_B = bytes.fromhex("d4" * 32)
BLOCK_C = bytes.fromhex("e5" * 32)
ANHUI = ["Hefei", "Wuhu", "Ma'anshan", "Tongling"]  # a consortium of 4: f = 1, quorum 3
FOUR = ValidatorSet.from_keys({city: KEYS[city] for city in ANHUI})


@cache  # a vote is immutable: sign each one once
def vote(city, block_hash, height=1, chain_id=CHAIN_ID, key=None):
    return Vote.signed(KEYS[city] if key is None else key, city, chain_id, height, block_hash)


def votes(cities, block_hash, height=1):
    return [vote(city, block_hash, height) for city in cities]


def final(collected, height=1, block_hash=BLOCK_A, validators=VALIDATORS):
    return is_final(validators, CHAIN_ID, height, block_hash, collected)


# --- first_live_view -----------------------------------------------------------------


def test_first_live_view_skips_a_silent_proposer_wrapping_around():
    """提议者轮换到末尾后从头开始"""
    assert first_live_view(VALIDATORS, 26, set()) == (0, "Xuancheng")
    assert first_live_view(VALIDATORS, 27, set()) == (0, "Shanghai")
    assert first_live_view(VALIDATORS, 27, {"Shanghai"}) == (1, "Nanjing")


def test_first_live_view_skips_a_silent_proposer_eight_in_a_row():
    """连续八个提议者沉默时跳过八个视图"""
    assert first_live_view(VALIDATORS, 1, set(CITIES[1:9])) == (8, "Taizhou (Jiangsu)")


def test_first_live_view_is_none_when_nine_cities_are_silent_with_the_proposer_speaking():
    """九个城市沉默时，即使提议者发声也返回 None"""
    assert first_live_view(VALIDATORS, 1, set(CITIES[2:11])) is None


def test_first_live_view_when_everyone_speaks_is_view_zero_or_only_others_are_silent():
    """只有其他城市沉默时仍是视图 0"""
    assert first_live_view(VALIDATORS, 5, set(CITIES[19:27])) == (0, "Nantong")


def test_first_live_view_skips_a_silent_proposer_in_a_consortium_of_four():
    """四个成员的联盟中跳过沉默的提议者"""
    assert first_live_view(FOUR, 2, {"Ma'anshan"}) == (1, "Tongling")
    assert first_live_view(FOUR, 2, {"Ma'anshan", "Tongling"}) is None


def test_first_live_view_skips_a_silent_proposer_as_the_consortium_run_does():
    """与联盟实际运行时最终确定区块的视图和提议者一致"""
    seven = CITIES[:7]
    consortium = Consortium.seeded(seven, ChainParams.regtest(name="seven"))
    silent = {"Nanjing", "Wuxi"}
    events = consortium.run_height(silent=sorted(silent))
    view, name = first_live_view(consortium.validators, 1, silent)
    (final_event,) = [event for event in events if event.kind == "final"]
    assert final_event.view == view
    block = consortium.nodes["Shanghai"].chain.block_at(1)
    assert block.transactions[0].outputs[0].owner == KEYS[name].address  # the proposer's reward


# --- is_final --------------------------------------------------------------------------


def test_is_final_with_votes_of_all_twenty_seven_cities_or_exactly_nineteen():
    """恰好十九个城市投票时区块最终确定"""
    assert final(votes(CITIES[8:], BLOCK_A)) is True


def test_is_final_not_with_ten_cities_nor_with_exactly_eighteen():
    """恰好十八个城市投票时区块未最终确定"""
    assert final(votes(CITIES[9:], BLOCK_A)) is False


def test_is_final_counts_each_city_once_even_signing_twice():
    """同一城市投两次票也只计一次"""
    assert final([*votes(CITIES[:18], BLOCK_A), vote("Shanghai", BLOCK_A)]) is False


def test_is_final_counts_only_valid_votes_for_this_block_not_another_height():
    """不计其他高度的投票"""
    assert final([*votes(CITIES[:18], BLOCK_A), vote("Hefei", BLOCK_A, height=2)]) is False


def test_is_final_counts_only_valid_votes_for_this_block_not_another_block():
    """不计其他区块的投票"""
    assert final([*votes(CITIES[:18], BLOCK_A), vote("Hefei", BLOCK_B)]) is False


def test_is_final_counts_only_valid_votes_for_this_block_not_a_moved_signature():
    """不计从其他区块的投票挪来的签名"""
    moved = Vote(1, BLOCK_A, "Hefei", vote("Hefei", BLOCK_B).signature)
    assert final([*votes(CITIES[:18], BLOCK_A), moved]) is False


def test_is_final_counts_only_valid_votes_for_this_block_nor_moved_in_height():
    """不计从其他高度的投票挪来的签名"""
    moved = Vote(1, BLOCK_A, "Hefei", vote("Hefei", BLOCK_A, height=2).signature)
    assert final([*votes(CITIES[:18], BLOCK_A), moved]) is False


def test_is_final_counts_only_valid_votes_for_this_block_not_another_citys_key():
    """不计用其他城市的私钥签的投票"""
    assert final([*votes(CITIES[:18], BLOCK_A), vote("Hefei", BLOCK_A, key=KEYS["Wuhu"])]) is False


def test_is_final_counts_only_valid_votes_for_this_block_not_another_chain():
    """不计为其他链签的投票"""
    foreign = vote("Hefei", BLOCK_A, chain_id="another-consortium")
    assert final([*votes(CITIES[:18], BLOCK_A), foreign]) is False


def test_is_final_counts_only_valid_votes_for_this_block_and_the_real_one():
    """伪造的投票在前，真实的投票仍然计入"""
    forged = vote("Hefei", BLOCK_A, key=PrivateKey.from_seed("forger"))
    assert final([forged, *votes(CITIES[:18], BLOCK_A), vote("Hefei", BLOCK_A)]) is True


def test_is_final_counts_only_valid_votes_for_this_block_nineteen_among_junk():
    """十九张有效投票夹在垃圾消息中间，区块仍最终确定"""
    junk = [
        vote("Beijing", BLOCK_A, key=PrivateKey.from_seed("Beijing")),
        vote("Wuhu", BLOCK_B),
        vote("Wuhu", BLOCK_A, height=3),
        vote("Shanghai", BLOCK_A),
    ]
    assert final([*junk, *votes(CITIES[:19], BLOCK_A), *junk]) is True


def test_is_final_not_with_ten_cities_nor_with_no_votes():
    """没有投票时区块未最终确定"""
    assert final([]) is False


def test_is_final_with_votes_of_all_twenty_seven_cities_or_a_sets_own_quorum():
    """按验证者集合自己的法定人数计：四个成员中的三个"""
    assert final(votes(ANHUI[:3], BLOCK_A), validators=FOUR) is True
    assert final(votes(ANHUI[:2], BLOCK_A), validators=FOUR) is False
    assert final(votes(CITIES[:3], BLOCK_A), validators=FOUR) is False


def test_is_final_with_votes_of_all_twenty_seven_cities_at_a_later_height():
    """更高的高度上也只计该高度的投票"""
    assert final(votes(CITIES[:19], BLOCK_C, height=7), height=7, block_hash=BLOCK_C) is True
    assert final(votes(CITIES[:19], BLOCK_C, height=7), height=8, block_hash=BLOCK_C) is False


# --- find_equivocators ---------------------------------------------------------------------


def test_find_equivocators_of_honest_votes_is_empty_with_a_vote_repeated():
    """同一张投票重复出现不算双重签名"""
    assert find_equivocators(VALIDATORS, CHAIN_ID, [vote("Wuxi", BLOCK_A)] * 2) == {}


def test_find_equivocators_of_honest_votes_is_empty_over_two_heights():
    """在两个不同高度上的投票不算双重签名"""
    collected = [vote("Wuxi", BLOCK_A, height=1), vote("Wuxi", BLOCK_B, height=2)]
    assert find_equivocators(VALIDATORS, CHAIN_ID, collected) == {}


def test_find_equivocators_counts_only_valid_member_votes_so_a_forgery_frames_nobody():
    """用其他城市私钥伪造的投票陷害不了任何人"""
    framed = vote("Wuxi", BLOCK_B, key=KEYS["Suzhou"])
    assert find_equivocators(VALIDATORS, CHAIN_ID, [vote("Wuxi", BLOCK_A), framed]) == {}


def test_find_equivocators_counts_only_valid_member_votes_not_a_forged_first_one():
    """伪造的第一张投票不算数"""
    forged = vote("Wuxi", BLOCK_B, key=PrivateKey.from_seed("forger"))
    collected = [forged, vote("Wuxi", BLOCK_A), vote("Wuxi", BLOCK_A)]
    assert find_equivocators(VALIDATORS, CHAIN_ID, collected) == {}


def test_find_equivocators_counts_only_valid_member_votes_not_a_non_members():
    """非成员签两个区块也不记录"""
    beijing = PrivateKey.from_seed("Beijing")
    collected = [vote("Beijing", BLOCK_A, key=beijing), vote("Beijing", BLOCK_B, key=beijing)]
    assert find_equivocators(VALIDATORS, CHAIN_ID, collected) == {}


def test_find_equivocators_catches_a_city_that_signs_two_blocks_across_a_view_change():
    # Votes carry no view: Ningbo voted for the view-0 block, then for the view-1 block.
    """视图切换前后在同一高度签了两个区块，就是双重签名"""
    view_0, view_1 = vote("Ningbo", BLOCK_A, height=4), vote("Ningbo", BLOCK_B, height=4)
    collected = [*votes(CITIES[:5], BLOCK_A, height=4), view_0, view_1]
    found = find_equivocators(VALIDATORS, CHAIN_ID, collected)
    assert list(found) == ["Ningbo"]
    assert (found["Ningbo"].first, found["Ningbo"].second) == (view_0, view_1)


def test_find_equivocators_catches_a_city_that_signs_two_blocks_keeping_the_first_pair():
    """保留找到的第一对投票作为证据"""
    a, a_again, b, c = (
        vote("Jiaxing", BLOCK_A),
        vote("Jiaxing", BLOCK_A),
        vote("Jiaxing", BLOCK_B),
        vote("Jiaxing", BLOCK_C),
    )
    found = find_equivocators(VALIDATORS, CHAIN_ID, [a, a_again, b, c])
    assert (found["Jiaxing"].first, found["Jiaxing"].second) == (a, b)


def test_find_equivocators_catches_a_city_that_signs_two_blocks_once_at_two_heights():
    """在两个高度都双重签名的城市只记录一次，即第一个高度"""
    collected = [
        vote("Hefei", BLOCK_A, height=2),
        vote("Hefei", BLOCK_B, height=2),
        vote("Hefei", BLOCK_A, height=3),
        vote("Hefei", BLOCK_C, height=3),
    ]
    found = find_equivocators(VALIDATORS, CHAIN_ID, collected)
    assert list(found) == ["Hefei"] and found["Hefei"].height == 2


def test_find_equivocators_catches_a_city_that_signs_two_blocks_among_many():
    """在大量投票中揪出多个双重签名的城市，证据都能核验"""
    collected = []
    for height in (1, 2, 3):
        collected += votes(CITIES, BLOCK_A, height=height)
    doubles = {"Shanghai": 2, "Zhoushan": 3, "Xuancheng": 1}
    collected += [vote(city, BLOCK_B, height=height) for city, height in doubles.items()]
    found = find_equivocators(VALIDATORS, CHAIN_ID, collected)
    assert set(found) == set(doubles)
    for city, evidence in found.items():
        assert evidence.height == doubles[city]
        evidence.verify(VALIDATORS, CHAIN_ID)


def test_find_equivocators_catches_a_city_that_signs_two_blocks_eleven_of_them():
    # Two final blocks at one height: 19 + 19 signers out of 27 share at least 11.
    """同一高度两个区块都凑够十九票，至少十一个城市双重签名"""
    collected = votes(CITIES[:19], BLOCK_A, height=9) + votes(CITIES[8:], BLOCK_B, height=9)
    found = find_equivocators(VALIDATORS, CHAIN_ID, collected)
    assert set(found) == set(CITIES[8:19]) and len(found) == 11


# --- reached_view ------------------------------------------------------------------------------


def change(city, new_view, height=1, key=None, chain_id=CHAIN_ID):
    return ViewChange.signed(KEYS[city] if key is None else key, city, chain_id, height, new_view)


def changes(cities, new_view, height=1):
    return [change(city, new_view, height) for city in cities]


def node_view(node, collected):
    """The view minichain's ``node`` reaches from ``collected``."""
    for message in collected:
        try:
            node.receive_view_change(message)
        except AuthorityError:
            pass
    return node.view


def observer(validators=VALIDATORS):
    return PermissionedChain(ChainParams.regtest(name=CHAIN_ID), validators)


def test_reached_view_moves_with_a_quorum_of_view_changes_in_a_consortium_of_four():
    """四个成员的联盟中视图切换与 minichain 节点一致"""
    for collected in (changes(ANHUI[:2], 1), changes(ANHUI[1:], 1), changes(ANHUI, 3)):
        expected = node_view(observer(FOUR), collected)
        assert reached_view(FOUR, CHAIN_ID, 1, collected) == expected


def test_reached_view_moves_with_a_quorum_of_view_changes_at_a_later_height():
    """在更高的高度上视图切换与 minichain 节点一致"""
    seven = Consortium.seeded(CITIES[:7], ChainParams.regtest(name=CHAIN_ID))
    seven.run_height()
    seven.run_height()  # the nodes now decide height 3
    collected = [*changes(CITIES[:5], 1, height=2), *changes(CITIES[2:7], 2, height=3)]
    expected = node_view(seven.nodes["Suzhou"], collected)
    assert expected == 2
    assert reached_view(seven.validators, CHAIN_ID, 3, collected) == expected


def test_reached_view_skips_invalid_view_changes_after_moving():
    """切换之后跳过过时、重复、非成员和伪造的视图切换"""
    collected = [
        *changes(CITIES[:19], 1),
        *changes(CITIES[8:], 1),  # view 1 is where the node is already
        *changes(CITIES[:17], 2),
        change(CITIES[3], 2),  # a repeat
        change("Beijing", 2, key=PrivateKey.from_seed("Beijing")),
        change(CITIES[20], 2, key=PrivateKey.from_seed("forger")),
    ]
    expected = node_view(observer(), collected)
    assert expected == 1
    assert reached_view(VALIDATORS, CHAIN_ID, 1, collected) == expected


def test_reached_view_skips_invalid_view_changes_of_another_height():
    """跳过其他高度的视图切换"""
    collected = changes(CITIES[:19], 1, height=2)
    assert reached_view(VALIDATORS, CHAIN_ID, 1, collected) == node_view(observer(), collected) == 0


def test_reached_view_jumps_and_never_goes_back_through_three_views():
    """经过多次视图切换，跳到视图 4 后不再后退"""
    collected = [*changes(CITIES[:19], 1), *changes(CITIES[5:24], 4), *changes(CITIES[:19], 3)]
    expected = node_view(observer(), collected)
    assert expected == 4
    assert reached_view(VALIDATORS, CHAIN_ID, 1, collected) == expected


# --- certificate_rule -------------------------------------------------------------------------

ERROR_RULES = {
    ("WrongBlockError", "height"): "wrong-height",
    ("WrongBlockError", "block_hash"): "wrong-block",
    ("DuplicateVoteError", "validator"): "duplicate-vote",
    ("NotAMemberError", "validator"): "not-a-member",
    ("MessageSignatureError", "signature"): "bad-signature",
    ("QuorumError", "votes"): "no-quorum",
}


def verdict(proposal, certificate, validators=VALIDATORS):
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


def proposal_of(
    height=1, view=0, block_hash=BLOCK_A, proposer=None, key=None, validators=VALIDATORS
):
    name = validators.proposer(height, view).name if proposer is None else proposer
    return Proposal.signed(
        KEYS[name] if key is None else key, name, CHAIN_ID, height, view, block_hash
    )


def certificate_of(votes_, height=1, block_hash=BLOCK_A):
    return CommitCertificate(height, block_hash, tuple(votes_))


def judge_certificates(cases, validators=VALIDATORS):
    for label, rule, proposal, certificate in cases:
        expected = verdict(proposal, certificate, validators)
        assert expected == rule, f"catalogue out of date: {label} is {expected}, not {rule}"
        assert certificate_rule(validators, CHAIN_ID, proposal, certificate) == expected, label


def test_certificate_rule_accepts_a_valid_proposal_and_certificate_of_a_consortium_run():
    """联盟实际运行产生的提议和提交证书有效"""
    seven = Consortium.seeded(CITIES[:7], ChainParams.regtest(name=CHAIN_ID))
    seven.run_height()
    events = seven.run_height(silent=["Wuxi"])  # height 2: Wuxi's turn, so view 1
    (final,) = [event for event in events if event.kind == "final"]
    node = seven.nodes["Shanghai"]
    block = node.chain.block_at(2)
    name = seven.validators.proposer(2, final.view).name
    proposal = Proposal.signed(KEYS[name], name, CHAIN_ID, 2, final.view, block.hash)
    judge_certificates(
        [("height 2 of a run", None, proposal, node.certificates[2])], seven.validators
    )


def test_certificate_rule_accepts_a_valid_proposal_and_certificate_wrapping_around():
    """提议者轮换回头、投票顺序颠倒时证书仍然有效"""
    judge_certificates(
        [
            (
                "Shanghai's block at height 27 with 19 votes in reverse",
                None,
                proposal_of(27, 0, BLOCK_C),
                certificate_of(votes(CITIES[8:], BLOCK_C, 27)[::-1], 27, BLOCK_C),
            ),
            (
                "the block of view 3's proposer (Suzhou) at height 1",
                None,
                proposal_of(1, 3, BLOCK_B, validators=VALIDATORS),
                certificate_of(votes(CITIES[4:23], BLOCK_B), 1, BLOCK_B),
            ),
        ]
    )


def test_certificate_rule_checks_the_proposal_in_other_views_and_heights():
    """其他视图和高度下检查提议者及其签名"""
    certificate = certificate_of(votes(CITIES[:19], BLOCK_A))
    nanjing = proposal_of()
    judge_certificates(
        [
            (
                "Shanghai proposing at height 1",
                "wrong-proposer",
                proposal_of(proposer="Shanghai"),
                certificate,
            ),
            (
                "Hefei out of turn, with a stranger's key",
                "wrong-proposer",
                proposal_of(proposer="Hefei", key=PrivateKey.from_seed("x")),
                certificate,
            ),
            (
                "Nanjing's proposal of height 1 relabelled height 28",
                "bad-proposal-signature",
                Proposal(28, 0, BLOCK_A, "Nanjing", nanjing.signature),
                certificate_of(votes(CITIES[:19], BLOCK_A, 28), 28),
            ),
            (
                "Nanjing's proposal of block A relabelled block B",
                "bad-proposal-signature",
                Proposal(1, 0, BLOCK_B, "Nanjing", nanjing.signature),
                certificate,
            ),
        ]
    )


def test_certificate_rule_matches_height_and_block_in_the_last_vote():
    """最后一张投票的高度或区块不符时同样拒绝"""
    good = votes(CITIES[:19], BLOCK_A)
    judge_certificates(
        [
            (
                "the proposal's block at another height",
                "wrong-height",
                proposal_of(),
                certificate_of(good[:18], 2),
            ),
            (
                "19 votes and a vote for height 3",
                "wrong-height",
                proposal_of(),
                certificate_of([*good, vote("Wuhu", BLOCK_A, 3)]),
            ),
            (
                "19 votes and a vote for block C",
                "wrong-block",
                proposal_of(),
                certificate_of([*good, vote("Wuhu", BLOCK_C)]),
            ),
            (
                "a vote of height 2 relabelled height 1",
                "bad-signature",
                proposal_of(),
                certificate_of(
                    [Vote(1, BLOCK_A, "Wuhu", vote("Wuhu", BLOCK_A, 2).signature), *good]
                ),
            ),
        ]
    )


def test_certificate_rule_counts_distinct_members_in_a_consortium_of_four():
    """四个成员的联盟中计入不同的成员"""
    proposal = proposal_of(1, 0, BLOCK_A, validators=FOUR)
    judge_certificates(
        [
            ("two of four", "no-quorum", proposal, certificate_of(votes(ANHUI[:2], BLOCK_A))),
            ("three of four", None, proposal, certificate_of(votes(ANHUI[1:], BLOCK_A))),
            (
                "Hefei twice, first",
                "duplicate-vote",
                proposal,
                certificate_of(votes(["Hefei", "Hefei", "Wuhu"], BLOCK_A)),
            ),
            (
                "Shanghai is no member of four",
                "not-a-member",
                proposal,
                certificate_of(votes(["Wuhu", "Shanghai", "Hefei"], BLOCK_A)),
            ),
            ("no votes at all", "no-quorum", proposal, certificate_of([])),
        ],
        FOUR,
    )


def test_certificate_rule_checks_every_signature_of_the_first_vote():
    """第一张投票的签名无效时同样拒绝"""
    good = votes(CITIES[1:19], BLOCK_A)
    as_proposal = Vote(1, BLOCK_A, "Nanjing", proposal_of().signature)
    judge_certificates(
        [
            (
                "Shanghai's vote signed by a forger first",
                "bad-signature",
                proposal_of(),
                certificate_of(
                    [vote("Shanghai", BLOCK_A, key=PrivateKey.from_seed("forger")), *good]
                ),
            ),
            (
                "Nanjing's proposal signature passed off as a vote",
                "bad-signature",
                proposal_of(),
                certificate_of([as_proposal, *votes(CITIES[2:20], BLOCK_A)]),
            ),
            (
                "Shanghai's vote of another chain",
                "bad-signature",
                proposal_of(),
                certificate_of([vote("Shanghai", BLOCK_A, chain_id="yrd-consortium"), *good]),
            ),
        ]
    )
