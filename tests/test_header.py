import pytest
from hypothesis import given
from hypothesis import strategies as st

from minichain.errors import EncodingError, OutOfRangeError, WrongTypeError
from minichain.hashing import sha256d, to_display_hex
from minichain.header import HEADER_SIZE, BlockHeader, utc_time
from tests.bitcoin_data import (
    BLOCK_100000,
    BLOCK_100000_HASH,
    BLOCK_125552,
    BLOCK_125552_HASH,
    GENESIS_HASH,
    GENESIS_HEX,
    TESTNET_11_TX_BLOCK,
    TESTNET_11_TX_BLOCK_HASH,
)

GENESIS = BlockHeader.from_hex(GENESIS_HEX)


def test_genesis_header_hashes_to_the_hash_every_explorer_shows():
    assert GENESIS.hash_hex() == GENESIS_HASH


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (BLOCK_100000, BLOCK_100000_HASH),
        (BLOCK_125552, BLOCK_125552_HASH),
        (TESTNET_11_TX_BLOCK, TESTNET_11_TX_BLOCK_HASH),
    ],
)
def test_real_headers_hash_to_their_block_hash(header, expected):
    assert header.hash_hex() == expected


def test_genesis_fields_are_read_little_endian():
    assert GENESIS.version == 1
    assert GENESIS.prev_hash == bytes(32)
    assert GENESIS.timestamp == 1231006505  # 2009-01-03 18:15:05 UTC
    assert GENESIS.bits == 0x1D00FFFF
    assert GENESIS.nonce == 2083236893


def test_serialize_gives_back_the_80_parsed_bytes():
    assert GENESIS.serialize() == bytes.fromhex(GENESIS_HEX)
    assert len(GENESIS.serialize()) == HEADER_SIZE


def test_hash_is_sha256d_of_the_serialized_header_in_internal_order():
    assert GENESIS.hash() == sha256d(GENESIS.serialize())
    assert GENESIS.hash_hex() == GENESIS.hash()[::-1].hex()


def test_block_100000_links_to_its_parent_by_hash():
    assert to_display_hex(BLOCK_100000.prev_hash) == (
        "000000000002d01c1fccc21636b607dfd930d31d01c3a62104612a1719011250"
    )


@given(st.binary(min_size=80, max_size=80))
def test_any_80_bytes_parse_and_serialize_back(raw):
    assert BlockHeader.parse(raw).serialize() == raw


headers = st.builds(
    BlockHeader,
    version=st.integers(-(2**31), 2**31 - 1),
    prev_hash=st.binary(min_size=32, max_size=32),
    merkle_root=st.binary(min_size=32, max_size=32),
    timestamp=st.integers(0, 2**32 - 1),
    bits=st.integers(0, 2**32 - 1),
    nonce=st.integers(0, 2**32 - 1),
)


@given(headers)
def test_any_header_survives_serialize_and_parse(header):
    assert BlockHeader.parse(header.serialize()) == header


def test_with_nonce_changes_only_the_nonce():
    changed = GENESIS.with_nonce(7)
    assert changed.nonce == 7
    assert changed.serialize()[:76] == GENESIS.serialize()[:76]


def test_bytearray_fields_are_stored_as_immutable_bytes():
    header = BlockHeader(1, bytearray(32), bytearray(32), 0, 0, 0)
    assert type(header.prev_hash) is bytes
    assert type(header.merkle_root) is bytes


@pytest.mark.parametrize("size", [0, 79, 81])
def test_rejects_header_of_wrong_size(size):
    with pytest.raises(EncodingError, match=f"header: must be 80 bytes, got {size}"):
        BlockHeader.parse(bytes(size))


def test_rejects_text_header():
    with pytest.raises(WrongTypeError, match="header: must be bytes, got str"):
        BlockHeader.parse(GENESIS_HEX)


def test_rejects_hex_with_non_hex_digits():
    with pytest.raises(EncodingError, match="header: must be hexadecimal"):
        BlockHeader.from_hex("zz" * 80)


def test_rejects_short_hex():
    with pytest.raises(EncodingError, match="header: must be 80 bytes, got 79"):
        BlockHeader.from_hex(GENESIS_HEX[:-2])


def test_rejects_prev_hash_of_wrong_length():
    with pytest.raises(EncodingError, match="prev_hash: must be 32 bytes, got 31"):
        BlockHeader(1, bytes(31), bytes(32), 0, 0, 0)


def test_rejects_merkle_root_given_as_hex_text():
    with pytest.raises(WrongTypeError, match="merkle_root: must be bytes, got str"):
        BlockHeader(1, bytes(32), "00" * 32, 0, 0, 0)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("version", 2**31),
        ("version", -(2**31) - 1),
        ("timestamp", -1),
        ("timestamp", 2**32),
        ("bits", 2**32),
        ("nonce", 2**32),
        ("nonce", -1),
    ],
)
def test_rejects_integer_field_out_of_its_32_bit_range(field, value):
    fields = dict(
        version=1, prev_hash=bytes(32), merkle_root=bytes(32), timestamp=0, bits=0, nonce=0
    )
    fields[field] = value
    with pytest.raises(OutOfRangeError, match=f"{field}: must be between"):
        BlockHeader(**fields)


def test_rejects_float_nonce():
    with pytest.raises(WrongTypeError, match="nonce: must be an int, got float"):
        BlockHeader(1, bytes(32), bytes(32), 0, 0, 1.5)


def test_genesis_time_reads_as_the_date_explorers_print():
    assert utc_time(GENESIS.timestamp) == "2009-01-03 18:15:05 UTC"
