"""Block locators, on the first 198 real Bitcoin mainnet headers.

A node that fell behind names its chain with a few hashes, dense near the tip and
sparse towards genesis (Bitcoin Core ``LocatorEntries``); the peer finds the fork
point among them and lists what follows.
"""

from __future__ import annotations

from minichain.header import BlockHeader
from minichain.headers import BlockEntry
from minichain.locator import block_locator, fork_height, hashes_after, locator_heights
from minichain.pow import block_work
from tests.bitcoin_headers import MAINNET_HEADERS


def branch(headers: list[BlockHeader], parent: BlockEntry | None = None) -> list[BlockEntry]:
    entries = []
    for header in headers:
        height = 0 if parent is None else parent.height + 1
        work = block_work(header.bits) + (0 if parent is None else parent.chainwork)
        parent = BlockEntry(header, header.hash(), height, work, parent)
        entries.append(parent)
    return entries


MAIN = branch([BlockHeader.from_hex(text) for text in MAINNET_HEADERS])
ENTRIES = {entry.hash: entry for entry in MAIN}


def side_branch(fork: int, length: int) -> list[BlockEntry]:
    """Blocks after height ``fork`` that are not mainnet's: the same headers, other nonces."""
    headers = [MAIN[fork + n].header.with_nonce(n) for n in range(1, length + 1)]
    return branch(headers, MAIN[fork])


def test_the_last_ten_heights_come_one_by_one_then_the_steps_double():
    assert locator_heights(20) == [20, 19, 18, 17, 16, 15, 14, 13, 12, 11, 10, 9, 7, 3, 0]


def test_a_locator_always_ends_with_genesis():
    for tip in (0, 1, 10, 11, 197, 10**6):
        heights = locator_heights(tip)
        assert heights[0] == tip and heights[-1] == 0
        assert heights == sorted(set(heights), reverse=True)


def test_a_million_blocks_take_about_thirty_hashes():
    assert len(locator_heights(10**6)) < 32


def test_the_locator_names_the_real_mainnet_hashes_at_its_heights():
    locator = block_locator(MAIN[197])
    assert locator == [MAIN[height].hash for height in locator_heights(197)]
    assert locator[-1].hex() == (
        "6fe28c0ab6f1b372c1a6a246ae63f74f931e8365e15a089c68d6190000000000"
    )  # the genesis block, internal byte order


def test_a_peer_on_the_same_chain_finds_the_locators_tip():
    assert fork_height(block_locator(MAIN[150]), ENTRIES, MAIN) == 150


def test_the_fork_point_is_found_within_a_factor_of_two_of_its_depth():
    side = side_branch(fork=120, length=40)  # our node followed a branch mainnet left
    found = fork_height(block_locator(side[-1]), ENTRIES | {e.hash: e for e in side}, MAIN)
    assert found <= 120
    assert 160 - found <= 2 * (160 - 120)


def test_unknown_hashes_and_side_branches_are_skipped():
    side = side_branch(fork=50, length=5)
    locator = [bytes(32), side[-1].hash, side[0].hash, MAIN[42].hash]
    assert fork_height(locator, ENTRIES | {e.hash: e for e in side}, MAIN) == 42


def test_a_locator_with_nothing_known_falls_back_to_genesis():
    assert fork_height([bytes(32), b"\x01" * 32], ENTRIES, MAIN) == 0


def test_hashes_after_the_fork_follow_in_order_up_to_the_limit():
    assert hashes_after(MAIN, 190, 500) == [entry.hash for entry in MAIN[191:]]
    assert hashes_after(MAIN, 10, 3) == [MAIN[11].hash, MAIN[12].hash, MAIN[13].hash]
    assert hashes_after(MAIN, 197, 10) == []
