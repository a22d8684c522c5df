"""Public checks of the city quorum exercise: the learner sees and runs these."""

from exercise import find_equivocators, first_live_view, is_final

from minichain.consensus import ValidatorSet, Vote, seeded_keys
from minichain.consortium import YANGTZE_RIVER_DELTA_CITIES
from minichain.keys import PrivateKey

CITIES = YANGTZE_RIVER_DELTA_CITIES  # Shanghai, then Jiangsu, Zhejiang and Anhui
KEYS = seeded_keys(CITIES)  # keys anyone can recompute from a name: for exercises only
VALIDATORS = ValidatorSet.from_keys(KEYS)
CHAIN_ID = "yrd-consortium"
BLOCK_A = bytes.fromhex("a1" * 32)
BLOCK_B = bytes.fromhex("b2" * 32)


def vote(city, block_hash, height=1):
    """``city``'s signed vote for ``block_hash`` at ``height``."""
    return Vote.signed(KEYS[city], city, CHAIN_ID, height, block_hash)


def votes(cities, block_hash, height=1):
    return [vote(city, block_hash, height) for city in cities]


def test_first_live_view_when_everyone_speaks_is_view_zero():
    assert first_live_view(VALIDATORS, 1, set()) == (0, "Nanjing"), (
        "at height 1, view 0, the proposer is validators[(1 + 0) % 27]: Nanjing"
    )


def test_first_live_view_skips_a_silent_proposer():
    assert first_live_view(VALIDATORS, 2, {"Wuxi"}) == (1, "Changzhou"), (
        "Wuxi proposes at height 2 in view 0; silent, it is replaced by Changzhou in view 1"
    )


def test_first_live_view_is_none_when_nine_cities_are_silent():
    silent = set(CITIES[10:19])  # nine cities, none of them the proposer of height 1
    assert first_live_view(VALIDATORS, 1, silent) is None, (
        "18 speaking cities cannot make a quorum of 19: nothing can be final"
    )


def test_is_final_with_votes_of_all_twenty_seven_cities():
    assert is_final(VALIDATORS, CHAIN_ID, 1, BLOCK_A, votes(CITIES, BLOCK_A)) is True


def test_is_final_not_with_ten_cities():
    assert is_final(VALIDATORS, CHAIN_ID, 1, BLOCK_A, votes(CITIES[:10], BLOCK_A)) is False


def test_is_final_does_not_count_a_city_outside_the_consortium():
    beijing = PrivateKey.from_seed("Beijing")
    outsider = Vote.signed(beijing, "Beijing", CHAIN_ID, 1, BLOCK_A)
    collected = [*votes(CITIES[:18], BLOCK_A), outsider]
    assert is_final(VALIDATORS, CHAIN_ID, 1, BLOCK_A, collected) is False, (
        "18 cities and Beijing: Beijing is not a member, so only 18 count"
    )


def test_is_final_counts_each_city_once():
    collected = [*votes(CITIES[:18], BLOCK_A), vote(CITIES[0], BLOCK_A)]
    assert is_final(VALIDATORS, CHAIN_ID, 1, BLOCK_A, collected) is False, (
        "18 cities, one of them twice: still 18 cities, one short of the quorum of 19"
    )


def test_is_final_counts_only_valid_votes_for_this_block():
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
    assert find_equivocators(VALIDATORS, CHAIN_ID, votes(CITIES, BLOCK_A)) == {}


def test_find_equivocators_catches_a_city_that_signs_two_blocks():
    first, second = vote("Suzhou", BLOCK_A), vote("Suzhou", BLOCK_B)
    collected = [*votes(CITIES[:3], BLOCK_A), first, *votes(CITIES[5:9], BLOCK_A), second]
    found = find_equivocators(VALIDATORS, CHAIN_ID, collected)
    assert list(found) == ["Suzhou"], f"only Suzhou signed two blocks; got {list(found)}"
    evidence = found["Suzhou"]
    assert (evidence.first, evidence.second) == (first, second), "the proof is both of its votes"
    evidence.verify(VALIDATORS, CHAIN_ID)  # raises if the evidence does not hold up


def test_find_equivocators_counts_only_valid_member_votes():
    forged = Vote.signed(PrivateKey.from_seed("a forger"), "Suzhou", CHAIN_ID, 1, BLOCK_B)
    beijing = PrivateKey.from_seed("Beijing")
    outsider = [Vote.signed(beijing, "Beijing", CHAIN_ID, 1, block) for block in (BLOCK_A, BLOCK_B)]
    collected = [vote("Suzhou", BLOCK_A), forged, *outsider]
    found = find_equivocators(VALIDATORS, CHAIN_ID, collected)
    assert found == {}, (
        f"a forged vote frames nobody and non-members are ignored; got {list(found)}"
    )
