"""Header rules checked against real Bitcoin headers: links, difficulty, median time, work."""

from dataclasses import replace

import pytest

from minichain.chain import genesis_block
from minichain.errors import BlockError
from minichain.header import BlockHeader
from minichain.headers import BlockEntry, HeaderChain, check_header, expected_bits, median_time_past
from minichain.params import ChainParams
from minichain.pow import block_work, mine, retarget
from tests.bitcoin_headers import MAINNET_HEADERS, RETARGET_HEADERS

HEADERS = [BlockHeader.from_hex(text) for text in MAINNET_HEADERS]
BLOCK_1_HASH = "00000000839a8e6886ab5951d76f411475428afc90947ee320161bbf18eb6048"


@pytest.fixture
def bitcoin() -> HeaderChain:
    return HeaderChain(ChainParams.bitcoin())


def test_follows_the_real_bitcoin_header_chain(bitcoin):
    for header in HEADERS[1:]:
        bitcoin.add(header)
    assert bitcoin.height == len(HEADERS) - 1
    assert bitcoin.tip.hash == HEADERS[-1].hash()
    assert bitcoin.entries[HEADERS[1].hash()].hash_hex == BLOCK_1_HASH


def test_chainwork_of_real_headers_adds_up_block_by_block(bitcoin):
    for header in HEADERS[1:11]:
        bitcoin.add(header)
    # Every early block has bits 0x1d00ffff, worth 0x100010001 hashes each.
    assert bitcoin.tip.chainwork == 11 * 0x100010001 == 11 * block_work(0x1D00FFFF)


def test_rejects_a_header_whose_parent_is_unknown(bitcoin):
    with pytest.raises(BlockError, match="parent .* is unknown"):
        bitcoin.add(HEADERS[2])


def test_rejects_a_real_header_with_a_changed_nonce(bitcoin):
    with pytest.raises(BlockError) as error:
        bitcoin.add(HEADERS[1].with_nonce(HEADERS[1].nonce + 1))
    assert error.value.field == "nonce"
    assert "block 1" in str(error.value)


def test_rejects_bits_that_differ_from_the_difficulty_rule(bitcoin):
    easier = replace(HEADERS[1], bits=0x1D01FFFF)
    with pytest.raises(BlockError) as error:
        bitcoin.add(easier)
    assert error.value.field == "bits"


def test_rejects_a_timestamp_not_after_the_median_time_past(bitcoin):
    for header in HEADERS[1:12]:
        bitcoin.add(header)
    parent = bitcoin.tip
    past = median_time_past(parent)  # of the 11 real blocks 1..11
    # Mining a Bitcoin-difficulty header is out of reach, so use regtest rules for the check.
    easy = ChainParams.regtest()
    entry = BlockEntry(
        replace(parent.header, bits=easy.genesis_bits), parent.hash, parent.height, 0, parent.parent
    )
    child = BlockHeader(1, entry.hash, bytes(32), past, easy.genesis_bits, 0)

    mined = mine(child)
    assert mined is not None
    with pytest.raises(BlockError, match="median time past"):
        check_header(mined, entry, easy, None)


def test_rejects_a_timestamp_too_far_in_the_future():
    params = ChainParams.regtest()

    genesis = genesis_block(params)
    chain = HeaderChain(params, genesis.header, clock=lambda: genesis.header.timestamp)
    late = genesis.header.timestamp + params.max_future_time + 1
    header = mine(BlockHeader(1, genesis.hash, bytes(32), late, params.genesis_bits, 0))
    assert header is not None
    with pytest.raises(BlockError, match="ahead of this node's clock"):
        chain.add(header)
    on_time = mine(replace(header, timestamp=late - 1))
    assert chain.add(on_time).height == 1


def test_first_real_retarget_gives_the_bits_bitcoin_used():
    first, last, new = (BlockHeader.from_hex(RETARGET_HEADERS[h]) for h in (30240, 32255, 32256))
    assert new.prev_hash == last.hash()
    assert retarget(last.bits, first.timestamp, last.timestamp) == new.bits == 0x1D00D86A


def test_expected_bits_uses_the_first_block_of_the_period():
    params = ChainParams.bitcoin()
    first, last = (BlockHeader.from_hex(RETARGET_HEADERS[h]) for h in (30240, 32255))
    # A two-entry branch standing in for heights 30240 and 32255.
    start = BlockEntry(first, first.hash(), 30240, 0)
    end = BlockEntry(last, last.hash(), 32255, 0, start)
    assert expected_bits(end, params) == 0x1D00D86A
    assert expected_bits(start, params) == first.bits  # not a retarget height


def test_tip_follows_most_work_not_most_blocks():
    params = ChainParams.classroom(retarget_interval=2, target_spacing=600)

    genesis = genesis_block(params)
    chain = HeaderChain(params, genesis.header)

    def child(parent: BlockHeader, seconds: int, bits: int) -> BlockHeader:
        found = mine(BlockHeader(1, parent.hash(), bytes(32), parent.timestamp + seconds, bits, 0))
        assert found is not None
        return found

    # Branch A: slow blocks keep the easiest difficulty: 3 blocks.
    a1 = child(genesis.header, 2400, params.genesis_bits)
    a2 = child(a1, 600, expected_bits(chain.add(a1), params))
    a3 = child(a2, 600, expected_bits(chain.add(a2), params))
    chain.add(a3)
    assert a3.bits == params.genesis_bits
    # Branch B: fast blocks raise the difficulty at height 2: 2 blocks but more work.
    b1 = child(genesis.header, 1, params.genesis_bits)
    entry_b1 = chain.add(b1)
    b2 = child(b1, 1, expected_bits(entry_b1, params))
    entry_b2 = chain.add(b2)
    assert entry_b2.height < chain.entries[a3.hash()].height
    assert entry_b2.chainwork > chain.entries[a3.hash()].chainwork
    assert chain.tip is entry_b2
