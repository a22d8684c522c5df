"""SEC 1 points and strict-DER signatures (minichain.encoding), the formats both suites share.

Ground truth: the ``cryptography`` package (OpenSSL) writes and reads DER
signatures and secp256k1 points; for SM2's curve, the points are the
standard's generator and its multiples (GB/T 32918.5-2017).
"""

import random

import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import (
    decode_dss_signature,
    encode_dss_signature,
)
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from hypothesis import given
from hypothesis import strategies as st

from minichain.encoding import decode_der_signature, decode_sec, encode_der_signature, encode_sec
from minichain.errors import EncodingError, KeyValidationError, OutOfRangeError, WrongTypeError
from minichain.gm import SM2P256V1

SECP256K1 = {"p": 2**256 - 2**32 - 977, "a": 0, "b": 7, "curve": "secp256k1"}
SM2 = {"p": SM2P256V1.p, "a": SM2P256V1.a, "b": SM2P256V1.b, "curve": "sm2p256v1"}
SCALARS = st.integers(min_value=1, max_value=2**256 - 1)


@given(SCALARS, SCALARS)
def test_der_is_what_openssl_writes_and_reads(r, s):
    der = encode_der_signature(r, s)
    assert der == encode_dss_signature(r, s)
    assert decode_der_signature(der) == decode_dss_signature(der) == (r, s)


@pytest.mark.parametrize(
    ("der", "field", "rule"),
    [
        (bytes.fromhex("3006020101020101") + b"\x00", "der", "sequence length byte says 6"),
        (bytes.fromhex("3106020101020101"), "der", "must start with 0x30"),
        (bytes.fromhex("300603010102010101"), "der", "sequence length byte"),
        (bytes.fromhex("3007020200010201010000")[:9], "der.r", "unnecessary 0x00 pad"),
        (bytes.fromhex("3006020181020101"), "der.r", "must not be negative"),
        (bytes.fromhex("3006020101030101"), "der.s", "must be marked 0x02"),
        (bytes.fromhex("30080201010201010000"), "der", "2 unexpected bytes after s"),
    ],
)
def test_der_that_is_not_strict_is_refused_by_name(der, field, rule):
    with pytest.raises(EncodingError, match=rule) as caught:
        decode_der_signature(der)
    assert caught.value.field == field


def test_der_encoding_refuses_what_no_signature_holds():
    with pytest.raises(OutOfRangeError, match="^r: "):
        encode_der_signature(-1, 1)
    with pytest.raises(OutOfRangeError, match="^s: "):
        encode_der_signature(1, 2**256)
    with pytest.raises(WrongTypeError, match="^der: "):
        decode_der_signature("3006020101020101")


@pytest.mark.parametrize("seed", range(8))
def test_secp256k1_points_are_what_openssl_writes_and_reads(seed):
    secret = random.Random(seed).randrange(1, 2**255)
    point = ec.derive_private_key(secret, ec.SECP256K1()).public_key()
    numbers = point.public_numbers()
    for compressed, form in (
        (True, PublicFormat.CompressedPoint),
        (False, PublicFormat.UncompressedPoint),
    ):
        openssl = point.public_bytes(Encoding.X962, form)
        assert encode_sec(numbers.x, numbers.y, compressed) == openssl
        assert decode_sec(openssl, **SECP256K1) == (numbers.x, numbers.y)


@pytest.mark.parametrize("multiple", [1, 2, 3, 2**128 + 1, SM2P256V1.n - 1])
def test_sm2_points_compress_and_decompress_to_themselves(multiple):
    point = SM2P256V1.generator * multiple
    x, y = int(point.x()), int(point.y())
    for compressed in (True, False):
        assert decode_sec(encode_sec(x, y, compressed), **SM2) == (x, y)
    assert encode_sec(x, y, True)[0] == 2 + y % 2


def test_points_off_the_curve_are_refused_for_each_curve_by_name():
    x, y = SM2P256V1.gx, SM2P256V1.gy
    with pytest.raises(KeyValidationError, match="is not a point on secp256k1"):
        decode_sec(encode_sec(x, y, False), **SECP256K1)
    assert decode_sec(encode_sec(x, y, False), **SM2) == (x, y)
    with pytest.raises(KeyValidationError, match="not below the field prime"):
        decode_sec(b"\x02" + b"\xff" * 32, **SM2)
    with pytest.raises(EncodingError, match="must be 33 .* or 65 bytes, got 64"):
        decode_sec(bytes(64), **SM2)
    with pytest.raises(EncodingError, match="must start with 0x02 or 0x03"):
        decode_sec(b"\x04" + bytes(32), **SM2)
