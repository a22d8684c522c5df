import pytest

from minichain.errors import OutOfRangeError, ProofOfWorkError, TargetError, WrongTypeError
from minichain.header import BlockHeader
from minichain.pow import (
    BITCOIN_POW_LIMIT,
    REGTEST_POW_LIMIT,
    bits_to_target,
    block_work,
    meets_target,
    mine,
    retarget,
    scan_nonces,
    target_to_bits,
    validate_pow,
)
from tests.bitcoin_data import (
    BLOCK_100000,
    BLOCK_125552,
    GENESIS_CHAINWORK,
    GENESIS_HEX,
    TESTNET_11_TX_BLOCK,
)

GENESIS = BlockHeader.from_hex(GENESIS_HEX)
EASY_BITS = 0x1F00FFFF  # about one hash in 65,536 wins: a block in tens of milliseconds

# Bitcoin Core src/test/arith_uint256_tests.cpp, bignum_SetCompact: (bits, target, bits again).
SET_COMPACT_VECTORS = [
    (0x00000000, 0x0, 0x00000000),
    (0x00123456, 0x0, 0x00000000),
    (0x01003456, 0x0, 0x00000000),
    (0x02000056, 0x0, 0x00000000),
    (0x03000000, 0x0, 0x00000000),
    (0x04000000, 0x0, 0x00000000),
    (0x00923456, 0x0, 0x00000000),
    (0x01803456, 0x0, 0x00000000),
    (0x02800056, 0x0, 0x00000000),
    (0x03800000, 0x0, 0x00000000),
    (0x04800000, 0x0, 0x00000000),
    (0x01123456, 0x12, 0x01120000),
    (0x02123456, 0x1234, 0x02123400),
    (0x03123456, 0x123456, 0x03123456),
    (0x04123456, 0x12345600, 0x04123456),
    (0x05009234, 0x92340000, 0x05009234),
    (0x20123456, 0x123456 << 232, 0x20123456),
]


@pytest.mark.parametrize(("bits", "target", "compact"), SET_COMPACT_VECTORS)
def test_compact_bits_decode_and_encode_like_bitcoin_core(bits, target, compact):
    assert bits_to_target(bits) == target
    assert target_to_bits(target) == compact


def test_encoding_never_sets_the_sign_bit():
    assert target_to_bits(0x80) == 0x02008000


@pytest.mark.parametrize("bits", [0x01FEDCBA, 0x04923456])
def test_rejects_bits_with_the_sign_bit_set(bits):
    with pytest.raises(TargetError, match="bits: .*sign bit"):
        bits_to_target(bits)


def test_rejects_bits_that_overflow_256_bits():
    with pytest.raises(TargetError, match="bits: .*larger than 256 bits"):
        bits_to_target(0xFF123456)


def test_rejects_negative_target():
    with pytest.raises(OutOfRangeError, match="target: must be between"):
        target_to_bits(-1)


def test_genesis_target_is_bitcoins_pow_limit():
    assert bits_to_target(GENESIS.bits) == BITCOIN_POW_LIMIT == 0xFFFF << 208


def test_genesis_work_matches_bitcoin_cores_chainwork():
    assert block_work(GENESIS.bits) == GENESIS_CHAINWORK


@pytest.mark.parametrize("header", [GENESIS, BLOCK_100000, BLOCK_125552, TESTNET_11_TX_BLOCK])
def test_real_blocks_carry_valid_proof_of_work(header):
    assert meets_target(header, pow_limit=BITCOIN_POW_LIMIT)


def test_changing_the_nonce_destroys_the_proof_of_work():
    assert not meets_target(GENESIS.with_nonce(GENESIS.nonce + 1))


def test_pow_error_names_the_hash_and_the_target():
    tampered = GENESIS.with_nonce(0)
    with pytest.raises(ProofOfWorkError, match=f"nonce: hash {tampered.hash_hex()} is above"):
        validate_pow(tampered)


def test_rejects_zero_target():
    with pytest.raises(TargetError, match="bits: .*zero target"):
        validate_pow(BlockHeader(1, bytes(32), bytes(32), 0, 0x03000000, 0))


def test_rejects_target_easier_than_the_network_limit():
    easy = BlockHeader(1, bytes(32), bytes(32), 0, 0x207FFFFF, 0)
    with pytest.raises(TargetError, match="bits: .*easier than the network's limit"):
        validate_pow(easy, pow_limit=BITCOIN_POW_LIMIT)


def test_meets_target_is_false_for_negative_bits():
    assert not meets_target(BlockHeader(1, bytes(32), bytes(32), 0, 0x04923456, 0))


def test_validate_pow_rejects_non_header():
    with pytest.raises(WrongTypeError, match="header: must be a BlockHeader"):
        validate_pow(GENESIS.serialize())


# Bitcoin Core src/test/pow_tests.cpp: real main-network retargets.
@pytest.mark.parametrize(
    ("bits", "first", "last", "expected"),
    [
        (0x1D00FFFF, 1261130161, 1262152739, 0x1D00D86A),  # blocks 30240..32255: no clamp
        (0x1D00FFFF, 1231006505, 1233061996, 0x1D00FFFF),  # blocks 0..2015: capped at powLimit
        (0x1C05A3F4, 1279008237, 1279297671, 0x1C0168FD),  # fast period: clamped to 1/4
        (0x1C387F6F, 1263163443, 1269211443, 0x1D00E1FD),  # slow period: clamped to 4x
    ],
)
def test_retarget_matches_bitcoin_core(bits, first, last, expected):
    assert retarget(bits, first, last) == expected


def test_retarget_on_time_keeps_the_target():
    assert retarget(0x1C05A3F4, 0, 2016 * 600) == 0x1C05A3F4


def test_retarget_takes_interval_and_spacing_as_parameters():
    # A classroom chain: 10 blocks of 2 seconds; they took 10 seconds, twice too fast.
    before = bits_to_target(0x1F00FFFF)
    new_bits = retarget(0x1F00FFFF, 100, 110, interval=10, spacing=2, pow_limit=REGTEST_POW_LIMIT)
    after = bits_to_target(new_bits)
    assert after == before // 2


def test_retarget_never_goes_easier_than_the_pow_limit():
    assert bits_to_target(retarget(0x1F00FFFF, 0, 2016 * 600)) == BITCOIN_POW_LIMIT


def test_retarget_rejects_timestamps_out_of_range():
    with pytest.raises(OutOfRangeError, match="last_timestamp: must be between"):
        retarget(0x1D00FFFF, 0, 2**32)


def test_mining_rediscovers_satoshis_genesis_nonce():
    found = mine(GENESIS.with_nonce(0), start_nonce=GENESIS.nonce - 30_000)
    assert found == GENESIS


def test_two_workers_find_the_same_nonce_as_one():
    header = BlockHeader(1, bytes(32), bytes(32), 1_700_000_000, EASY_BITS, 0)
    assert mine(header, workers=2) == mine(header, workers=1)


def test_mined_header_has_the_smallest_winning_nonce():
    header = BlockHeader(1, bytes(32), b"\x01" * 32, 1_700_000_000, 0x2000FFFF, 0)
    found = mine(header)
    assert found is not None and meets_target(found)
    assert not any(meets_target(header.with_nonce(n)) for n in range(found.nonce))


def test_mining_on_regtest_difficulty_finds_a_block_almost_at_once():
    header = BlockHeader(1, bytes(32), bytes(32), 0, target_to_bits(REGTEST_POW_LIMIT), 0)
    found = mine(header, max_tries=100)
    assert found is not None and meets_target(found, pow_limit=REGTEST_POW_LIMIT)


def test_mining_gives_up_after_max_tries():
    assert mine(GENESIS.with_nonce(0), max_tries=1000) is None


def test_mining_with_zero_tries_returns_none():
    assert mine(GENESIS, max_tries=0) is None


def test_mining_stops_at_the_end_of_the_nonce_space():
    assert mine(GENESIS, start_nonce=2**32 - 100) is None


def test_progress_reports_growing_counts_up_to_the_tries_made():
    seen = []
    mine(GENESIS.with_nonce(0), max_tries=200_000, progress=seen.append)
    assert seen == sorted(seen) and seen[-1] == 200_000 and len(seen) > 1


def test_progress_with_workers_reports_every_try():
    seen = []
    mine(GENESIS.with_nonce(0), max_tries=100_000, workers=2, progress=seen.append)
    assert seen[-1] == 100_000


@pytest.mark.parametrize(
    ("argument", "value", "error", "field"),
    [
        ("start_nonce", -1, OutOfRangeError, "start_nonce"),
        ("start_nonce", 2**32, OutOfRangeError, "start_nonce"),
        ("max_tries", -5, OutOfRangeError, "max_tries"),
        ("workers", 0, OutOfRangeError, "workers"),
        ("progress", "bar", WrongTypeError, "progress"),
    ],
)
def test_mine_rejects_bad_arguments(argument, value, error, field):
    with pytest.raises(error, match=f"{field}: "):
        mine(GENESIS, **{argument: value})


def test_mine_rejects_zero_target():
    with pytest.raises(TargetError, match="bits: .*zero target"):
        mine(BlockHeader(1, bytes(32), bytes(32), 0, 0, 0))


def test_mine_rejects_non_header():
    with pytest.raises(WrongTypeError, match="header: must be a BlockHeader"):
        mine(GENESIS_HEX)


# --- a hash equal to the target is valid (Bitcoin Core rejects only hash > target) --------


def header_hashing_to(value: int, bits: int = 0x207FFFFF) -> BlockHeader:
    """A real header whose cached hash is replaced by ``value`` (no real header hashes to it)."""
    header = BlockHeader(1, bytes(32), bytes(32), 1_600_000_000, bits, 0)
    header.__dict__["_hash"] = value.to_bytes(32, "little")
    return header


def test_validate_pow_accepts_a_hash_exactly_equal_to_the_target():
    target = bits_to_target(0x207FFFFF)
    header = header_hashing_to(target)
    validate_pow(header)
    assert meets_target(header)


def test_validate_pow_refuses_a_hash_one_above_the_target():
    target = bits_to_target(0x207FFFFF)
    with pytest.raises(ProofOfWorkError) as error:
        validate_pow(header_hashing_to(target + 1))
    assert error.value.field == "nonce"
    assert not meets_target(header_hashing_to(target + 1))


def test_scan_nonces_accepts_a_nonce_whose_hash_is_exactly_the_target():
    prefix = GENESIS.serialize()[:76]
    hashed = GENESIS.with_nonce(7).hash()[::-1]  # big-endian, as scan_nonces compares
    assert scan_nonces(prefix, hashed, 7, 8) == 7
    one_below = (int.from_bytes(hashed, "big") - 1).to_bytes(32, "big")
    assert scan_nonces(prefix, one_below, 7, 8) is None
