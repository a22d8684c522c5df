import hashlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from minichain.base58 import (
    ALPHABET,
    MAX_TEXT_LENGTH,
    b58check_decode,
    b58check_encode,
    b58decode,
    b58encode,
)
from minichain.errors import EncodingError, WrongTypeError

# Test vectors from Bitcoin Core, src/test/data/base58_encode_decode.json
# (https://github.com/bitcoin/bitcoin), as pairs (hex of the bytes, Base58 text).
BITCOIN_CORE_VECTORS = [
    ("", ""),
    ("61", "2g"),
    ("626262", "a3gV"),
    ("636363", "aPEr"),
    ("73696d706c792061206c6f6e6720737472696e67", "2cFupjhnEsSn59qHXstmK2ffpLv2"),
    ("00eb15231dfceb60925886b67d065299925915aeb172c06647", "1NS17iag9jJgTHD1VXjvLCEnZuQ3rJDE9L"),
    ("516b6fcd0f", "ABnLTmg"),
    ("bf4f89001e670274dd", "3SEo3LWLoPntC"),
    ("572e4794", "3EFU7m"),
    ("ecac89cad93923c02321", "EJDM8drfXA6uyA"),
    ("10c8511e", "Rt5zm"),
    ("00000000000000000000", "1111111111"),
    (
        "000111d38e5fc9071ffcd20b4a763cc9ae4f252bb4e48fd66a835e252ada93ff480d6dd43dc62a641155a5",
        "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz",
    ),
    ("271F359E", "zzzzy"),
    ("271F359F", "zzzzz"),
    ("271F35A0", "211111"),
    ("271F35A1", "211112"),
]

# Pay-to-pubkey-hash address of the genesis block's coinbase output (Bitcoin mainnet):
# version byte 0x00, then RIPEMD-160(SHA-256(public key)).
GENESIS_ADDRESS = "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"
GENESIS_PAYLOAD = bytes.fromhex("00" + "62e907b15cbf27d5425399ebf6f0fb50ebb88f18")


@pytest.mark.parametrize(("hex_data", "text"), BITCOIN_CORE_VECTORS)
def test_encode_matches_bitcoin_core_vector(hex_data, text):
    assert b58encode(bytes.fromhex(hex_data)) == text


@pytest.mark.parametrize(("hex_data", "text"), BITCOIN_CORE_VECTORS)
def test_decode_matches_bitcoin_core_vector(hex_data, text):
    assert b58decode(text) == bytes.fromhex(hex_data)


def test_alphabet_has_58_characters_without_lookalikes():
    assert len(set(ALPHABET)) == 58
    assert not set("0OIl") & set(ALPHABET)


def test_check_decode_genesis_coinbase_address():
    assert b58check_decode(GENESIS_ADDRESS) == GENESIS_PAYLOAD


def test_check_encode_genesis_coinbase_payload():
    assert b58check_encode(GENESIS_PAYLOAD) == GENESIS_ADDRESS


def test_bitcoin_core_vector_checksum_really_mismatches():
    raw = bytes.fromhex("00eb15231dfceb60925886b67d065299925915aeb172c06647")
    checksum = hashlib.sha256(hashlib.sha256(raw[:21]).digest()).digest()[:4]
    assert checksum != raw[21:]


def test_bitcoin_core_vector_is_not_valid_base58check():
    # A plain Base58 vector: its last four bytes are not the sha256d checksum of the rest.
    with pytest.raises(EncodingError, match="^text: checksum"):
        b58check_decode("1NS17iag9jJgTHD1VXjvLCEnZuQ3rJDE9L")


@given(data=st.binary(min_size=1))
def test_check_decode_matches_hashlib_checksum(data):
    checksum = hashlib.sha256(hashlib.sha256(data).digest()).digest()[:4]
    assert b58decode(b58check_encode(data)) == data + checksum


def test_encode_accepts_bytearray():
    assert b58encode(bytearray(b"a")) == "2g"


@pytest.mark.parametrize("char", ["0", "O", "I", "l", " "])
def test_decode_rejects_character_outside_alphabet_naming_position(char):
    with pytest.raises(EncodingError, match=f"^text: character '{char}' at position 2 "):
        b58decode("2g" + char + "a")


@pytest.mark.parametrize("char", ["0", "O", "I", "l", " "])
def test_check_decode_rejects_character_outside_alphabet_naming_position(char):
    text = GENESIS_ADDRESS[:5] + char + GENESIS_ADDRESS[6:]
    with pytest.raises(EncodingError, match=f"^text: character '{char}' at position 5 "):
        b58check_decode(text)


def test_check_decode_rejects_non_ascii_character():
    with pytest.raises(EncodingError, match="^text: .*position 1 "):
        b58check_decode("1\u00e9")


@pytest.mark.parametrize("index", [1, 10, 20, len(GENESIS_ADDRESS) - 1])
def test_check_decode_rejects_one_changed_character(index):
    replacement = "2" if GENESIS_ADDRESS[index] != "2" else "3"
    typo = GENESIS_ADDRESS[:index] + replacement + GENESIS_ADDRESS[index + 1 :]
    with pytest.raises(EncodingError, match="^text: checksum"):
        b58check_decode(typo)


def test_check_decode_rejects_swapped_adjacent_characters():
    typo = GENESIS_ADDRESS[:3] + GENESIS_ADDRESS[4] + GENESIS_ADDRESS[3] + GENESIS_ADDRESS[5:]
    assert typo != GENESIS_ADDRESS
    with pytest.raises(EncodingError, match="^text: checksum"):
        b58check_decode(typo)


@pytest.mark.parametrize("text", ["", "1", "2g", "111", "zzzz"])
def test_check_decode_rejects_text_too_short_for_checksum(text):
    with pytest.raises(EncodingError, match="^text: .*at least 4"):
        b58check_decode(text)


def test_encode_rejects_str():
    with pytest.raises(WrongTypeError, match="^data: .*str"):
        b58encode("abc")


def test_decode_rejects_bytes():
    with pytest.raises(WrongTypeError, match="^text: .*bytes"):
        b58decode(b"2g")


def test_check_encode_rejects_str():
    with pytest.raises(WrongTypeError, match="^payload: .*str"):
        b58check_encode("abc")


def test_check_decode_rejects_bytes():
    with pytest.raises(WrongTypeError, match="^text: .*bytes"):
        b58check_decode(GENESIS_ADDRESS.encode())


def test_check_decode_rejects_none():
    with pytest.raises(WrongTypeError, match="^text: .*NoneType"):
        b58check_decode(None)


@given(data=st.binary())
def test_encode_decode_round_trip(data):
    assert b58decode(b58encode(data)) == data


@given(data=st.binary())
def test_encode_uses_only_alphabet(data):
    assert set(b58encode(data)) <= set(ALPHABET)


@given(zeros=st.integers(min_value=0, max_value=20), data=st.binary())
def test_each_leading_zero_byte_becomes_a_leading_one(zeros, data):
    body = data.lstrip(b"\0")
    text = b58encode(b"\0" * zeros + body)
    assert len(text) - len(text.lstrip("1")) == zeros


@given(data=st.binary())
def test_check_encode_decode_round_trip(data):
    assert b58check_decode(b58check_encode(data)) == data


# --- a length cap before the quadratic work ------------------------------------------------


def test_decode_refuses_text_longer_than_the_cap_before_decoding():
    with pytest.raises(EncodingError, match="text: is 200000 characters long; at most 2048"):
        b58decode("2" * 200_000)


def test_decode_refuses_text_longer_than_the_cap_even_with_a_bad_character_first():
    with pytest.raises(EncodingError, match="at most 2048"):
        b58decode("0" * (MAX_TEXT_LENGTH + 1))


def test_decode_accepts_text_exactly_at_the_cap():
    text = "2" * MAX_TEXT_LENGTH
    assert b58encode(b58decode(text)) == text


def test_check_decode_honours_a_smaller_cap():
    address = b58check_encode(bytes(21))
    assert b58check_decode(address, max_length=len(address)) == bytes(21)
    with pytest.raises(EncodingError, match=f"at most {len(address) - 1} are decoded"):
        b58check_decode(address, max_length=len(address) - 1)
