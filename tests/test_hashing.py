import hashlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from minichain.errors import WrongTypeError
from minichain.hashing import sha256, sha256d

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
