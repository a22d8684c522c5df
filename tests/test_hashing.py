import hashlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from minichain.errors import EncodingError, WrongTypeError
from minichain.hashing import (
    from_display_hex,
    sha256,
    sha256d,
    short_hex,
    to_display_hex,
)
from tests.bitcoin_data import GENESIS_HASH

# FIPS 180-4 examples (NIST "SHA256.pdf" example computations).
FIPS_VECTORS = [
    (b"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
    (
        b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
    ),
    (b"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
]


@pytest.mark.parametrize(("message", "digest"), FIPS_VECTORS)
def test_sha256_matches_fips_180_4_examples(message, digest):
    assert sha256(message).hex() == digest


@given(st.binary())
def test_sha256_matches_hashlib(data):
    assert sha256(data) == hashlib.sha256(data).digest()


@given(st.binary())
def test_sha256d_is_sha256_applied_twice(data):
    assert sha256d(data) == hashlib.sha256(hashlib.sha256(data).digest()).digest()


def test_one_changed_bit_changes_the_whole_digest():
    a, b = sha256(b"evidence v1"), sha256(b"evidence v0")
    differing_bits = sum(bin(x ^ y).count("1") for x, y in zip(a, b))
    assert 64 < differing_bits < 192  # about half of 256 bits flip


@pytest.mark.parametrize("kind", [bytearray, memoryview])
def test_accepts_other_bytes_like_values(kind):
    assert sha256(kind(b"abc")) == sha256(b"abc")


def test_rejects_text_with_a_hint_to_encode_it():
    with pytest.raises(WrongTypeError, match=r"data: .*encode"):
        sha256("abc")


@pytest.mark.parametrize("value", [None, 42, ["a"]])
def test_sha256d_rejects_non_bytes(value):
    with pytest.raises(WrongTypeError, match="data: must be bytes"):
        sha256d(value)


# Bitcoin prints hashes as 256-bit numbers, most significant byte first: the
# genesis block's hash, as every explorer shows it, starts with ten zeros.
GENESIS_INTERNAL = bytes.fromhex(GENESIS_HASH)[::-1]


def test_display_hex_is_the_hash_reversed_as_explorers_print_it():
    assert to_display_hex(GENESIS_INTERNAL) == GENESIS_HASH


def test_display_hex_round_trip():
    assert from_display_hex(to_display_hex(GENESIS_INTERNAL)) == GENESIS_INTERNAL


def test_rejects_display_hex_of_wrong_length():
    with pytest.raises(EncodingError, match="hash: must be 32 bytes"):
        from_display_hex("00ff")


def test_rejects_display_hex_that_is_not_hex():
    with pytest.raises(EncodingError, match="hash: must be 64 hex digits"):
        from_display_hex("xyz")


def test_a_hash_for_people_is_its_first_16_explorer_digits_and_an_ellipsis():
    assert short_hex(GENESIS_INTERNAL) == "000000000019d668…"


def test_a_digest_printed_as_hashed_is_shortened_the_same_way():
    digest = sha256(b"abc")
    assert short_hex(digest, reverse=False) == "ba7816bf8f01cfea…"
