import hashlib
import random

import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from hypothesis import given, settings
from hypothesis import strategies as st

from minichain.errors import (
    EncodingError,
    KeyValidationError,
    MinichainError,
    OutOfRangeError,
    WrongTypeError,
)
from minichain.keys import (
    MAX_ADDRESS_LENGTH,
    N,
    P,
    PrivateKey,
    PublicKey,
    Signature,
    address_of,
    parse_address,
    unspendable_address,
)

# The generator point of secp256k1, from SEC 2 v2, section 2.4.1.
GX = 0x79BE667EF9DCBBAC55A06295CE870B07029BFCDB2DCE28D959F2815B16F81798
GY = 0x483ADA7726A3C4655DA4FBFC0E1108A8FD17B448A68554199C47D08FFB10D4B8

# Pay-to-pubkey-hash address of the genesis block's coinbase output (Bitcoin mainnet).
BITCOIN_GENESIS_ADDRESS = "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"

SEEDS = ["alice", "bob", "carol", "dave", "erin"]
KEYS = {seed: PrivateKey.from_seed(seed) for seed in SEEDS}
MESSAGES = [b"", b"a", b"hello minichain", bytes(range(256)), b"\x00" * 1000]
OPENSSL_ECDSA = ec.ECDSA(hashes.SHA256())

scalars = st.integers(min_value=1, max_value=N - 1)


@pytest.fixture
def coincurve():
    return pytest.importorskip(
        "coincurve", reason="libsecp256k1 bindings missing: pip install -e '.[fast]'"
    )


def _openssl_public_key(key):
    return ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256K1(), key.public_key.sec())


def _openssl_accepts(key, der, message):
    try:
        _openssl_public_key(key).verify(der, message, OPENSSL_ECDSA)
    except InvalidSignature:
        return False
    return True


def _der(r, s, *, sequence_length=None, trailing=b""):
    body = b"\x02" + bytes([len(r)]) + r + b"\x02" + bytes([len(s)]) + s + trailing
    length = len(body) if sequence_length is None else sequence_length
    return b"\x30" + bytes([length]) + body


def _parse_or_none(parse, raw):
    try:
        return parse(raw)
    except MinichainError:
        return None


def _first_x_with_legendre_symbol(symbol):
    # Euler's criterion: a^((p-1)/2) is 1 for a square mod p, p-1 for a non-square.
    x = 0
    while pow(x**3 + 7, (P - 1) // 2, P) != symbol:
        x += 1
    return x


def _first_x_off_the_curve():
    return _first_x_with_legendre_symbol(P - 1)


def _first_x_on_the_curve():
    return _first_x_with_legendre_symbol(1)


# --- OpenSSL (through the cryptography package) ---------------------------------------


@pytest.mark.parametrize("seed", SEEDS)
def test_openssl_verifies_minichain_signature(seed):
    key = KEYS[seed]
    for message in MESSAGES:
        assert _openssl_accepts(key, key.sign(message).der(), message)


@pytest.mark.parametrize("seed", SEEDS)
def test_minichain_verifies_normalized_openssl_signature(seed):
    key = KEYS[seed]
    openssl_key = ec.derive_private_key(key.secret, ec.SECP256K1())
    for message in MESSAGES:
        der = openssl_key.sign(message, OPENSSL_ECDSA)
        assert key.public_key.verify(message, Signature.parse_der(der).normalized())


@pytest.mark.parametrize("seed", SEEDS)
def test_high_s_twin_rejected_by_minichain_but_accepted_by_openssl(seed):
    key = KEYS[seed]
    for message in MESSAGES:
        signature = key.sign(message)
        twin = Signature(signature.r, N - signature.s)
        assert not twin.is_low_s
        assert _openssl_accepts(key, twin.der(), message)
        assert key.public_key.verify(message, twin) is False


@pytest.mark.parametrize("secret", [1, 2, 3, N - 1, *(KEYS[seed].secret for seed in SEEDS)])
def test_public_key_matches_openssl_compressed(secret):
    openssl_point = ec.derive_private_key(secret, ec.SECP256K1()).public_key()
    expected = openssl_point.public_bytes(Encoding.X962, PublicFormat.CompressedPoint)
    assert PrivateKey(secret).public_key.sec(compressed=True) == expected


@pytest.mark.parametrize("secret", [1, 2, 3, N - 1, *(KEYS[seed].secret for seed in SEEDS)])
def test_public_key_matches_openssl_uncompressed(secret):
    openssl_point = ec.derive_private_key(secret, ec.SECP256K1()).public_key()
    expected = openssl_point.public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)
    assert PrivateKey(secret).public_key.sec(compressed=False) == expected


# --- libsecp256k1 (through coincurve) --------------------------------------------------


@pytest.mark.parametrize("seed", SEEDS)
def test_signature_der_is_byte_identical_to_libsecp256k1(coincurve, seed):
    key = KEYS[seed]
    other = coincurve.PrivateKey(key.secret.to_bytes(32, "big"))
    for message in MESSAGES:
        assert key.sign(message).der() == other.sign(message)


@settings(max_examples=50, deadline=None)
@given(message=st.binary(), seed=st.sampled_from(SEEDS))
def test_signature_der_is_byte_identical_to_libsecp256k1_for_any_message(message, seed):
    coincurve = pytest.importorskip(
        "coincurve", reason="libsecp256k1 bindings missing: pip install -e '.[fast]'"
    )
    key = KEYS[seed]
    expected = coincurve.PrivateKey(key.secret.to_bytes(32, "big")).sign(message)
    assert key.sign(message).der() == expected


@pytest.mark.parametrize("seed", SEEDS)
def test_libsecp256k1_verifies_minichain_signature(coincurve, seed):
    key = KEYS[seed]
    other = coincurve.PublicKey(key.public_key.sec())
    for message in MESSAGES:
        assert other.verify(key.sign(message).der(), message)


@pytest.mark.parametrize("seed", SEEDS)
def test_libsecp256k1_also_rejects_high_s_twin(coincurve, seed):
    key = KEYS[seed]
    signature = key.sign(b"twin")
    twin = Signature(signature.r, N - signature.s)
    assert coincurve.PublicKey(key.public_key.sec()).verify(twin.der(), b"twin") is False


@pytest.mark.parametrize("seed", SEEDS)
def test_public_key_matches_libsecp256k1(coincurve, seed):
    key = KEYS[seed]
    other = coincurve.PrivateKey(key.secret.to_bytes(32, "big")).public_key
    assert key.public_key.sec(compressed=True) == other.format(compressed=True)
    assert key.public_key.sec(compressed=False) == other.format(compressed=False)


# --- Known values ----------------------------------------------------------------------


def test_secret_one_gives_generator_point():
    assert PrivateKey(1).public_key == PublicKey(GX, GY)


def test_secret_one_compressed_sec_is_02_and_gx():
    assert PrivateKey(1).public_key.sec().hex() == "02" + format(GX, "064x")


def test_secret_one_uncompressed_sec_is_04_gx_gy():
    expected = "04" + format(GX, "064x") + format(GY, "064x")
    assert PrivateKey(1).public_key.sec(compressed=False).hex() == expected


def test_secret_n_minus_one_gives_negated_generator():
    assert PrivateKey(N - 1).public_key == PublicKey(GX, P - GY)


def test_curve_constants_match_sec2():
    assert P == 2**256 - 2**32 - 977
    assert N == 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141


# --- Signing and verifying -------------------------------------------------------------


@settings(deadline=None)
@given(message=st.binary())
def test_signing_is_deterministic(message):
    key = KEYS["alice"]
    assert key.sign(message) == key.sign(message)


@settings(deadline=None)
@given(message=st.binary())
def test_signatures_are_always_low_s(message):
    signature = KEYS["bob"].sign(message)
    assert signature.is_low_s
    assert signature.s <= N // 2


@settings(max_examples=50, deadline=None)
@given(message=st.binary())
def test_sign_then_verify_round_trip(message):
    key = KEYS["carol"]
    assert key.public_key.verify(message, key.sign(message))


def test_signature_does_not_verify_another_message():
    key = KEYS["alice"]
    assert key.public_key.verify(b"pay bob 1", key.sign(b"pay bob 2")) is False


def test_signature_does_not_verify_under_another_key():
    signature = KEYS["alice"].sign(b"pay bob 1")
    assert KEYS["bob"].public_key.verify(b"pay bob 1", signature) is False


def test_different_messages_give_different_signatures():
    key = KEYS["alice"]
    assert key.sign(b"one") != key.sign(b"two")


def test_verify_accepts_bytearray_message():
    key = KEYS["alice"]
    assert key.public_key.verify(bytearray(b"abc"), key.sign(b"abc"))


# --- Round trips -----------------------------------------------------------------------


@given(r=scalars, s=scalars)
def test_signature_der_round_trip(r, s):
    signature = Signature(r, s)
    der = signature.der()
    assert 8 <= len(der) <= 72
    assert Signature.parse_der(der) == signature


@settings(max_examples=50, deadline=None)
@given(secret=scalars, compressed=st.booleans())
def test_public_key_sec_round_trip(secret, compressed):
    public_key = PrivateKey(secret).public_key
    assert PublicKey.parse(public_key.sec(compressed)) == public_key


@settings(max_examples=50, deadline=None)
@given(secret=scalars)
def test_compressed_sec_prefix_tells_y_parity(secret):
    public_key = PrivateKey(secret).public_key
    assert public_key.sec()[0] == 2 + public_key.y % 2


# --- Bad private keys ------------------------------------------------------------------


def test_rejects_secret_zero():
    with pytest.raises(KeyValidationError, match="^secret: "):
        PrivateKey(0)


def test_rejects_secret_equal_to_curve_order():
    with pytest.raises(KeyValidationError, match="^secret: "):
        PrivateKey(N)


def test_rejects_negative_secret():
    with pytest.raises(KeyValidationError, match="^secret: "):
        PrivateKey(-1)


def test_accepts_largest_secret():
    assert PrivateKey(N - 1).secret == N - 1


def test_rejects_bool_secret():
    with pytest.raises(WrongTypeError, match="^secret: .*bool"):
        PrivateKey(True)


def test_rejects_str_secret():
    with pytest.raises(WrongTypeError, match="^secret: .*str"):
        PrivateKey("1")


def test_rejects_float_secret():
    with pytest.raises(WrongTypeError, match="^secret: .*float"):
        PrivateKey(1.0)


# --- Bad public keys -------------------------------------------------------------------


@pytest.mark.parametrize("length", [0, 32, 34, 64, 66])
def test_rejects_sec_of_wrong_length(length):
    raw = PrivateKey(1).public_key.sec(compressed=False)[:length].ljust(length, b"\x01")
    with pytest.raises(EncodingError, match=f"^sec: .*got {length}"):
        PublicKey.parse(raw)


def test_rejects_compressed_sec_with_prefix_05():
    raw = b"\x05" + PrivateKey(1).public_key.sec()[1:]
    with pytest.raises(EncodingError, match="^sec: .*0x05"):
        PublicKey.parse(raw)


def test_rejects_compressed_sec_with_prefix_04():
    raw = b"\x04" + PrivateKey(1).public_key.sec()[1:]
    with pytest.raises(EncodingError, match="^sec: .*0x04"):
        PublicKey.parse(raw)


def test_rejects_uncompressed_sec_with_prefix_02():
    raw = b"\x02" + PrivateKey(1).public_key.sec(compressed=False)[1:]
    with pytest.raises(EncodingError, match="^sec: .*0x02"):
        PublicKey.parse(raw)


def test_rejects_compressed_x_with_no_curve_point():
    x = _first_x_off_the_curve()
    with pytest.raises(KeyValidationError, match="^sec: "):
        PublicKey.parse(b"\x02" + x.to_bytes(32, "big"))


def test_rejects_compressed_x_equal_to_field_prime():
    with pytest.raises(KeyValidationError, match="^sec: "):
        PublicKey.parse(b"\x02" + P.to_bytes(32, "big"))


def test_rejects_compressed_x_above_field_prime_even_if_reduced_x_is_on_curve():
    x = _first_x_on_the_curve()
    assert PublicKey.parse(b"\x02" + x.to_bytes(32, "big")).x == x
    with pytest.raises(KeyValidationError, match="^sec: "):
        PublicKey.parse(b"\x02" + (x + P).to_bytes(32, "big"))


def test_rejects_uncompressed_x_equal_to_field_prime():
    raw = b"\x04" + P.to_bytes(32, "big") + GY.to_bytes(32, "big")
    with pytest.raises(KeyValidationError, match="^sec: "):
        PublicKey.parse(raw)


def test_rejects_uncompressed_y_equal_to_field_prime():
    raw = b"\x04" + GX.to_bytes(32, "big") + P.to_bytes(32, "big")
    with pytest.raises(KeyValidationError, match="^sec: "):
        PublicKey.parse(raw)


def test_rejects_uncompressed_point_not_on_curve():
    raw = b"\x04" + GX.to_bytes(32, "big") + (GY + 1).to_bytes(32, "big")
    with pytest.raises(KeyValidationError, match="^sec: .*not a point"):
        PublicKey.parse(raw)


def test_rejects_public_key_constructed_off_curve():
    with pytest.raises(KeyValidationError, match="^public_key: "):
        PublicKey(GX, GY + 1)


def test_rejects_public_key_coordinate_equal_to_field_prime():
    with pytest.raises(OutOfRangeError, match="^x: "):
        PublicKey(P, GY)


def test_rejects_str_sec():
    with pytest.raises(WrongTypeError, match="^sec: .*str"):
        PublicKey.parse(PrivateKey(1).public_key.sec().hex())


def test_openssl_also_refuses_the_x_off_the_curve():
    raw = b"\x02" + _first_x_off_the_curve().to_bytes(32, "big")
    with pytest.raises(ValueError):
        ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256K1(), raw)


@settings(max_examples=300, deadline=None)
@given(
    raw=st.one_of(
        st.binary(max_size=70),
        st.builds(
            lambda prefix, body: bytes([prefix]) + body,
            st.sampled_from([0, 1, 2, 3, 4, 5, 6, 7]),
            st.binary(min_size=32, max_size=32) | st.binary(min_size=64, max_size=64),
        ),
    )
)
def test_sec_parse_never_raises_outside_minichain_errors(raw):
    public_key = _parse_or_none(PublicKey.parse, raw)
    if public_key is not None:
        assert public_key.sec(compressed=len(raw) == 33) == raw


# --- Bad signatures --------------------------------------------------------------------


def test_rejects_signature_r_zero():
    with pytest.raises(OutOfRangeError, match="^r: "):
        Signature(0, 1)


def test_rejects_signature_s_equal_to_curve_order():
    with pytest.raises(OutOfRangeError, match="^s: "):
        Signature(1, N)


def test_rejects_signature_r_as_str():
    with pytest.raises(WrongTypeError, match="^r: .*str"):
        Signature("1", 1)


def test_rejects_signature_s_as_bool():
    with pytest.raises(WrongTypeError, match="^s: .*bool"):
        Signature(1, True)


# --- Strict DER (BIP 66) ---------------------------------------------------------------


VALID_DER = _der(b"\x01\x23", b"\x45")


def test_hand_built_der_is_valid():
    assert Signature.parse_der(VALID_DER) == Signature(0x0123, 0x45)


def test_real_signature_der_parses():
    signature = KEYS["alice"].sign(b"der")
    assert Signature.parse_der(signature.der()) == signature


def test_rejects_der_shorter_than_8_bytes():
    with pytest.raises(EncodingError, match="^der: .*got 7"):
        Signature.parse_der(_der(b"\x01", b"\x01")[:7])


def test_rejects_der_longer_than_72_bytes():
    raw = _der(b"\x7f" * 34, b"\x7f" * 33)
    assert len(raw) == 73
    with pytest.raises(EncodingError, match="^der: .*got 73"):
        Signature.parse_der(raw)


def test_rejects_der_not_starting_with_sequence_tag():
    with pytest.raises(EncodingError, match="^der: .*0x31"):
        Signature.parse_der(b"\x31" + VALID_DER[1:])


def test_rejects_der_with_wrong_sequence_length():
    raw = _der(b"\x01\x23", b"\x45", sequence_length=len(VALID_DER) - 1)
    with pytest.raises(EncodingError, match="^der: .*sequence length"):
        Signature.parse_der(raw)


def test_rejects_der_with_r_not_marked_integer():
    raw = VALID_DER[:2] + b"\x03" + VALID_DER[3:]
    with pytest.raises(EncodingError, match=r"^der\.r: .*0x03"):
        Signature.parse_der(raw)


def test_rejects_der_with_s_not_marked_integer():
    raw = VALID_DER[:6] + b"\x03" + VALID_DER[7:]
    assert VALID_DER[6] == 0x02
    with pytest.raises(EncodingError, match=r"^der\.s: .*0x03"):
        Signature.parse_der(raw)


def test_rejects_der_with_zero_length_r():
    with pytest.raises(EncodingError, match=r"^der\.r: .*at least one byte"):
        Signature.parse_der(_der(b"", b"\x01\x02\x03"))


def test_rejects_der_with_zero_length_s():
    with pytest.raises(EncodingError, match=r"^der\.s: .*at least one byte"):
        Signature.parse_der(_der(b"\x01\x02\x03", b""))


def test_rejects_der_with_r_length_past_end():
    raw = VALID_DER[:3] + b"\x30" + VALID_DER[4:]
    with pytest.raises(EncodingError, match=r"^der\.r: .*past the end"):
        Signature.parse_der(raw)


def test_rejects_der_with_s_length_past_end():
    raw = VALID_DER[:7] + b"\x02" + VALID_DER[8:]
    assert VALID_DER[7] == 0x01
    with pytest.raises(EncodingError, match=r"^der\.s: .*past the end"):
        Signature.parse_der(raw)


def test_rejects_der_with_negative_r():
    with pytest.raises(EncodingError, match=r"^der\.r: .*negative"):
        Signature.parse_der(_der(b"\x81\x23", b"\x45"))


def test_rejects_der_with_negative_s():
    with pytest.raises(EncodingError, match=r"^der\.s: .*negative"):
        Signature.parse_der(_der(b"\x01\x23", b"\xc5"))


def test_rejects_der_with_unnecessary_zero_pad_on_r():
    with pytest.raises(EncodingError, match=r"^der\.r: .*pad"):
        Signature.parse_der(_der(b"\x00\x01\x23", b"\x45"))


def test_rejects_der_with_unnecessary_zero_pad_on_s():
    with pytest.raises(EncodingError, match=r"^der\.s: .*pad"):
        Signature.parse_der(_der(b"\x01\x23", b"\x00\x45"))


def test_accepts_der_with_necessary_zero_pad():
    assert Signature.parse_der(_der(b"\x00\x81", b"\x00\xc5")) == Signature(0x81, 0xC5)


def test_rejects_der_with_trailing_garbage():
    raw = _der(b"\x01\x23", b"\x45", trailing=b"\x00")
    with pytest.raises(EncodingError, match="^der: .*after s"):
        Signature.parse_der(raw)


def test_rejects_der_with_s_missing():
    raw = b"\x30\x06\x02\x04\x01\x02\x03\x04"
    with pytest.raises(EncodingError, match=r"^der\.s: "):
        Signature.parse_der(raw)


def test_rejects_der_with_r_zero():
    with pytest.raises(OutOfRangeError, match="^r: "):
        Signature.parse_der(_der(b"\x00", b"\x45"))


def test_rejects_der_with_s_zero():
    with pytest.raises(OutOfRangeError, match="^s: "):
        Signature.parse_der(_der(b"\x01\x23", b"\x00"))


def test_rejects_der_with_s_equal_to_curve_order():
    with pytest.raises(OutOfRangeError, match="^s: "):
        Signature.parse_der(_der(b"\x01\x23", b"\x00" + N.to_bytes(32, "big")))


def test_rejects_der_as_str():
    with pytest.raises(WrongTypeError, match="^der: .*str"):
        Signature.parse_der(VALID_DER.hex())


@settings(max_examples=500)
@given(raw=st.binary(max_size=80))
def test_parse_der_random_bytes_raise_only_minichain_errors(raw):
    signature = _parse_or_none(Signature.parse_der, raw)
    assert signature is None or signature.der() == raw


@st.composite
def mutated_der(draw):
    raw = bytearray(draw(st.sampled_from([VALID_DER, KEYS["alice"].sign(b"x").der()])))
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        index = draw(st.integers(min_value=0, max_value=len(raw)))
        action = draw(st.sampled_from(["replace", "insert", "delete"]))
        byte = draw(st.integers(min_value=0, max_value=255))
        if action == "insert":
            raw.insert(index, byte)
        elif index < len(raw):
            if action == "replace":
                raw[index] = byte
            else:
                del raw[index]
    return bytes(raw)


@settings(max_examples=500)
@given(raw=mutated_der())
def test_parse_der_mutated_signatures_raise_only_minichain_errors(raw):
    signature = _parse_or_none(Signature.parse_der, raw)
    assert signature is None or signature.der() == raw


# --- verify() argument types -----------------------------------------------------------


def test_verify_rejects_str_message():
    key = KEYS["alice"]
    with pytest.raises(WrongTypeError, match="^message: .*str"):
        key.public_key.verify("abc", key.sign(b"abc"))


def test_verify_rejects_der_bytes_as_signature():
    key = KEYS["alice"]
    with pytest.raises(WrongTypeError, match="^signature: .*bytes"):
        key.public_key.verify(b"abc", key.sign(b"abc").der())


def test_sign_rejects_str_message():
    with pytest.raises(WrongTypeError, match="^message: .*str"):
        KEYS["alice"].sign("abc")


# --- Addresses -------------------------------------------------------------------------


@pytest.mark.parametrize("seed", SEEDS)
def test_address_starts_with_m(seed):
    assert KEYS[seed].address.startswith("M")


@pytest.mark.parametrize("seed", SEEDS)
def test_parse_address_returns_key_hash(seed):
    key = KEYS[seed]
    assert parse_address(key.address) == key.public_key.key_hash


@pytest.mark.parametrize("seed", SEEDS)
def test_key_hash_is_sha256_of_compressed_sec_truncated_to_20_bytes(seed):
    public_key = KEYS[seed].public_key
    assert public_key.key_hash == hashlib.sha256(public_key.sec(compressed=True)).digest()[:20]


def test_private_and_public_key_share_an_address():
    key = KEYS["alice"]
    assert key.address == key.public_key.address


def test_unspendable_address_is_the_tagged_hash_of_its_label():
    expected = hashlib.sha256(b"minichain/unspendable/surrendered at NLRTM").digest()[:20]
    assert parse_address(unspendable_address("surrendered at NLRTM")) == expected


def test_unspendable_address_differs_by_label_and_from_every_seeded_key():
    first, second = unspendable_address("port A"), unspendable_address("port B")
    assert first != second
    assert {first, second}.isdisjoint(key.address for key in KEYS.values())


@pytest.mark.parametrize("label", [b"bytes", 7, None])
def test_unspendable_address_rejects_a_label_that_is_not_str(label):
    with pytest.raises(WrongTypeError, match="^label: "):
        unspendable_address(label)


def test_unspendable_address_rejects_an_empty_label():
    with pytest.raises(EncodingError, match="^label: "):
        unspendable_address("")


@pytest.mark.parametrize("position", [5, 17, -1])
def test_rejects_address_with_one_character_changed(position):
    address = KEYS["alice"].address
    index = position % len(address)
    replacement = "2" if address[index] != "2" else "3"
    typo = address[:index] + replacement + address[index + 1 :]
    with pytest.raises(EncodingError, match="^address: .*checksum"):
        parse_address(typo)


@pytest.mark.parametrize("char", ["0", "O", "I", "l"])
def test_rejects_address_with_lookalike_character(char):
    address = KEYS["alice"].address
    with pytest.raises(EncodingError, match=f"^address: .*'{char}'"):
        parse_address(address[:10] + char + address[11:])


def test_rejects_bitcoin_address_by_version_byte():
    with pytest.raises(EncodingError, match="^address: .*version byte"):
        parse_address(BITCOIN_GENESIS_ADDRESS)


def test_rejects_address_as_bytes():
    with pytest.raises(WrongTypeError, match="^address: .*bytes"):
        parse_address(KEYS["alice"].address.encode())


def test_rejects_address_as_none():
    with pytest.raises(WrongTypeError, match="^address: "):
        parse_address(None)


# --- Secrets stay hidden, seeds and generation -----------------------------------------


def test_repr_does_not_reveal_secret():
    key = PrivateKey.from_seed("alice")
    text = repr(key)
    assert str(key.secret) not in text
    assert format(key.secret, "x") not in text.lower()
    assert format(key.secret, "064x") not in text.lower()


def test_str_does_not_reveal_secret():
    key = PrivateKey.from_seed("alice")
    text = str(key)
    assert str(key.secret) not in text
    assert format(key.secret, "x") not in text.lower()


def test_from_seed_treats_str_and_utf8_bytes_alike():
    assert PrivateKey.from_seed("alice") == PrivateKey.from_seed(b"alice")


def test_from_seed_is_sha256_of_seed_reduced_into_range():
    digest = hashlib.sha256(b"alice").digest()
    assert PrivateKey.from_seed("alice").secret == int.from_bytes(digest, "big") % (N - 1) + 1


def test_different_seeds_give_different_keys():
    assert PrivateKey.from_seed("alice") != PrivateKey.from_seed("bob")
    assert PrivateKey.from_seed("alice").public_key != PrivateKey.from_seed("bob").public_key


def test_from_seed_rejects_int_seed():
    with pytest.raises(WrongTypeError, match="^seed: "):
        PrivateKey.from_seed(42)


def test_generate_with_seeded_rng_is_reproducible():
    assert PrivateKey.generate(random.Random(1)) == PrivateKey.generate(random.Random(1))


def test_generate_with_different_rng_seeds_differs():
    assert PrivateKey.generate(random.Random(1)) != PrivateKey.generate(random.Random(2))


def test_generate_without_rng_gives_valid_distinct_keys():
    keys = [PrivateKey.generate() for _ in range(5)]
    assert all(1 <= key.secret < N for key in keys)
    assert len({key.secret for key in keys}) == 5
    assert all(key.public_key.verify(b"m", key.sign(b"m")) for key in keys)


def test_generate_rejects_non_random_rng():
    with pytest.raises(WrongTypeError, match="^rng: .*str"):
        PrivateKey.generate(rng="x")


# --- the low-S boundary: s = n/2 is low, n/2 + 1 is not -----------------------------------


def test_low_s_boundary_is_n_over_two_inclusive():
    r = KEYS["alice"].sign(b"boundary").r
    assert Signature(r, N // 2).is_low_s
    assert not Signature(r, N // 2 + 1).is_low_s
    assert Signature(r, N // 2 + 1).normalized() == Signature(r, N // 2)
    assert Signature(r, N // 2).normalized() == Signature(r, N // 2)


def _digest_signed_with(secret: int, nonce: int, s: int) -> tuple[Signature, bytes]:
    """A signature ``(r, s)`` by ``secret`` and the 32-byte digest it is valid for.

    ECDSA: ``s = k^-1 (z + r d) mod n``, so ``z = s k - r d mod n`` for a chosen ``s``.
    """
    coincurve = pytest.importorskip("coincurve", reason="libsecp256k1 bindings missing")
    r = coincurve.PrivateKey(nonce.to_bytes(32, "big")).public_key.point()[0] % N
    z = (s * nonce - r * secret) % N
    return Signature(r, s), z.to_bytes(32, "big")


def test_libsecp256k1_agrees_on_the_low_s_boundary():
    coincurve = pytest.importorskip("coincurve", reason="libsecp256k1 bindings missing")
    key = KEYS["alice"]
    public = coincurve.PublicKey(key.public_key.sec())
    at_half, digest = _digest_signed_with(key.secret, 12345, N // 2)
    assert at_half.is_low_s
    assert public.verify(at_half.der(), digest, hasher=None)
    above_half, digest = _digest_signed_with(key.secret, 12345, N // 2 + 1)
    assert not above_half.is_low_s
    assert not public.verify(above_half.der(), digest, hasher=None)
    # The same (r, n/2 + 1) is valid ECDSA: its low-S twin (r, n/2) verifies on that digest.
    assert public.verify(above_half.normalized().der(), digest, hasher=None)


# --- addresses: a length cap before any decoding --------------------------------------------


def test_parse_address_refuses_an_over_long_address_by_its_length():
    with pytest.raises(EncodingError) as error:
        parse_address(KEYS["alice"].address * 6000)
    assert error.value.field == "address"
    assert "at most 35" in error.value.rule


def test_the_largest_key_hash_gives_an_address_within_the_cap():
    largest = address_of(b"\xff" * 20)
    assert len(largest) <= MAX_ADDRESS_LENGTH
    assert parse_address(largest) == b"\xff" * 20
