"""SM3 and SM2 (minichain.gm), checked against ground truth nobody here wrote.

* SM3: the two examples of GB/T 32905-2016 (Appendix A) and OpenSSL's SM3
  through hashlib, on many random inputs.
* SM2: the worked signing examples published with the standard, recomputed
  from their private key and nonce; and the OpenSSL 3 command line, both ways:
  OpenSSL signs and minichain verifies, minichain signs and OpenSSL verifies,
  with keys made by either side and with the default and other identifiers.
"""

import hashlib
import os
import random
import shutil
import subprocess

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from minichain import gm
from minichain.errors import (
    EncodingError,
    KeyValidationError,
    OutOfRangeError,
    ValidationError,
    WrongTypeError,
)
from minichain.gm import (
    DEFAULT_UID,
    SM2P256V1,
    SM2Curve,
    SM2PrivateKey,
    SM2PublicKey,
    SM3Hash,
    sm3,
)
from minichain.keys import PrivateKey, decode_der_signature, encode_der_signature

N = SM2P256V1.n
P = SM2P256V1.p

# --- SM3 -------------------------------------------------------------------------------------

# GB/T 32905-2016, Appendix A: example 1 ("abc") and example 2 ("abcd" 16 times, 512 bits).
SM3_EXAMPLES = [
    (b"abc", "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"),
    (b"abcd" * 16, "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732"),
]


def openssl_sm3(data):
    return hashlib.new("sm3", data).digest()


@pytest.mark.parametrize(("message", "digest"), SM3_EXAMPLES)
def test_sm3_gives_the_standards_examples(message, digest):
    assert sm3(message).hex() == digest


@pytest.mark.parametrize(("message", "digest"), SM3_EXAMPLES)
def test_plain_python_sm3_gives_the_standards_examples(message, digest):
    assert SM3Hash(message).hexdigest() == digest


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=600))
def test_plain_python_sm3_agrees_with_openssl(data):
    assert SM3Hash(data).digest() == openssl_sm3(data)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.binary(max_size=150), max_size=6))
def test_plain_python_sm3_fed_in_pieces_agrees_with_openssl(pieces):
    hasher = SM3Hash()
    for piece in pieces:
        hasher.update(piece)
    assert hasher.digest() == openssl_sm3(b"".join(pieces))


@pytest.mark.parametrize("length", [55, 56, 63, 64, 65, 119, 120, 128])
def test_plain_python_sm3_pads_every_boundary_like_openssl(length):
    data = bytes(range(256))[:length]
    assert SM3Hash(data).digest() == openssl_sm3(data)


def test_a_copy_of_an_sm3_state_goes_its_own_way():
    hasher = SM3Hash(b"ab")
    twin = hasher.copy()
    twin.update(b"c")
    assert twin.digest() == sm3(b"abc")
    assert hasher.digest() == sm3(b"ab")


def test_sm3_falls_back_to_plain_python_without_openssl(monkeypatch):
    monkeypatch.setattr(gm, "OPENSSL_SM3", False)
    assert isinstance(gm.new_sm3(), SM3Hash)
    assert sm3(b"abc").hex() == SM3_EXAMPLES[0][1]


def test_sm3_refuses_text():
    with pytest.raises(WrongTypeError, match="^data: .*encode"):
        sm3("abc")
    with pytest.raises(WrongTypeError, match="^data: "):
        SM3Hash().update("abc")


# --- SM2: the published examples ---------------------------------------------------------------

# The signing example on the recommended curve sm2p256v1, as published with it
# (GM/T 0003.5-2012 Annex A): private key, nonce, message and the default ID.
RECOMMENDED_CURVE_EXAMPLE = {
    "secret": 0x3945208F7B2144B13F36E38AC6D39F95889393692860B51A42FB81EF4DF7C5B8,
    "k": 0x59276E27D506861A16680F3AD9C02DCCEF3CC1FA3CDBE4CE6D54B80DEAC1BC21,
    "message": b"message digest",
    "r": 0xF5A03B0648D2C4630EEAC513E1BB81A15944DA3827D5B74143AC7EACEEE720B3,
    "s": 0xB1B6AA29DF212FD8763182BC0D421CA1BB9038FD1F7F42D4840B69C485BBC1AA,
}

# The worked example of GB/T 32918.2 (Annex A.2 of the 2010 OSCCA text, also in
# draft-shen-sm2-ecdsa-02), computed on its own 256-bit example curve, not sm2p256v1.
EXAMPLE_CURVE = SM2Curve(
    name="the example curve of GB/T 32918.2 Annex A",
    p=0x8542D69E4C044F18E8B92435BF6FF7DE457283915C45517D722EDB8B08F1DFC3,
    a=0x787968B4FA32C3FD2417842E73BBFEFF2F3C848B6831D7E0EC65228B3937E498,
    b=0x63E4C6D3B23B0C849CF84241484BFE48F61D59A5B16BA06E6E12D1DA27C5249A,
    gx=0x421DEBD61B62EAB6746434EBC3CC315E32220B3BADD50BDC4C4E6C147FEDD43D,
    gy=0x0680512BCBB42C07D47349D2153B70C4E5D7FDFCBFA36EA1A85841B9E46E09A2,
    n=0x8542D69E4C044F18E8B92435BF6FF7DD297720630485628D5AE74EE7C32E79B7,
)
EXAMPLE_UID = b"ALICE123@YAHOO.COM"
EXAMPLE_SECRET = 0x128B2FA8BD433C6C068C8D803DFF79792A519A55171B1B650C23661D15897263
EXAMPLE_PUBLIC = (
    0x0AE4C7798AA0F119471BEE11825BE46202BB79E2A5844495E97C04FF4DF2548A,
    0x7C0240F88F1CD4E16352A73C17B7F16F07353E53A176D684A9FE0C6BB798E857,
)
EXAMPLE_Z = "f4a38489e32b45b6f876e3ac2168ca392362dc8f23459c1d1146fc3dbfb7bc9a"
EXAMPLE_K = 0x6CB28D99385C175C94F94E934817663FC176D925DD72B727260DBAAE1FB2F96F
EXAMPLE_R = 0x40F1EC59F793D9F49E09DCEF49130D4194F79FB1EED2CAA55BACDB49C4E755D1
EXAMPLE_S = 0x6FC6DAC32C5D5CF10C77DFB20F7C2EB667A457872FB09EC56327A67EC7DEEBE7


def test_signing_reproduces_the_example_on_the_recommended_curve():
    example = RECOMMENDED_CURVE_EXAMPLE
    key = SM2PrivateKey(example["secret"])
    signature = key.sign(example["message"], k=example["k"])
    assert signature == encode_der_signature(example["r"], example["s"])
    assert key.public_key.verify(example["message"], signature)


def test_signing_reproduces_the_standards_worked_example():
    key = SM2PrivateKey(EXAMPLE_SECRET, EXAMPLE_CURVE)
    assert (key.public_key.x, key.public_key.y) == EXAMPLE_PUBLIC
    assert key.public_key.identity_hash(EXAMPLE_UID).hex() == EXAMPLE_Z
    signature = key.sign(b"message digest", uid=EXAMPLE_UID, k=EXAMPLE_K)
    assert signature == encode_der_signature(EXAMPLE_R, EXAMPLE_S)
    assert key.public_key.verify(b"message digest", signature, uid=EXAMPLE_UID)
    assert not key.public_key.verify(b"message digest", signature)


# --- SM2: the rules ------------------------------------------------------------------------------

ALICE = SM2PrivateKey.from_seed("alice")
BOB = SM2PrivateKey.from_seed("bob")


def test_a_signature_verifies_with_its_key_message_and_identifier_only():
    signature = ALICE.sign(b"invoice 1")
    assert ALICE.public_key.verify(b"invoice 1", signature)
    assert not ALICE.public_key.verify(b"invoice 2", signature)
    assert not BOB.public_key.verify(b"invoice 1", signature)
    assert not ALICE.public_key.verify(b"invoice 1", signature, uid=b"alice@example.cn")


def test_the_identifier_is_part_of_what_is_signed():
    signature = ALICE.sign(b"invoice 1", uid=b"alice@example.cn")
    assert ALICE.public_key.verify(b"invoice 1", signature, uid=b"alice@example.cn")
    assert not ALICE.public_key.verify(b"invoice 1", signature)


def test_default_nonces_are_deterministic_and_differ_per_message_and_identifier():
    assert ALICE.sign(b"a") == ALICE.sign(b"a")
    assert ALICE.sign(b"a") != ALICE.sign(b"b")
    assert ALICE.sign(b"a") != ALICE.sign(b"a", uid=b"other")


def test_a_seeded_rng_gives_random_looking_nonces_that_verify():
    rng = random.Random(7)
    first, second = ALICE.sign(b"a", rng=rng), ALICE.sign(b"a", rng=rng)
    assert first != second
    assert ALICE.public_key.verify(b"a", first) and ALICE.public_key.verify(b"a", second)


def test_from_seed_and_generate_with_a_seed_are_reproducible():
    assert SM2PrivateKey.from_seed("alice") == ALICE
    assert SM2PrivateKey.from_seed(b"alice") == ALICE
    assert SM2PrivateKey.generate(random.Random(1)) == SM2PrivateKey.generate(random.Random(1))
    assert SM2PrivateKey.generate() != SM2PrivateKey.generate()


def test_a_private_key_never_prints_its_secret():
    assert f"{ALICE.secret:x}" not in repr(ALICE)
    assert "<hidden>" in repr(ALICE)


@pytest.mark.parametrize("compressed", [False, True])
def test_sec_round_trips(compressed):
    for seed in ("alice", "bob", "carol", "dave"):
        public = SM2PrivateKey.from_seed(seed).public_key
        encoded = public.sec(compressed=compressed)
        assert len(encoded) == (33 if compressed else 65)
        assert SM2PublicKey.parse(encoded) == public


def test_sec_is_uncompressed_by_default():
    assert ALICE.public_key.sec()[0] == 0x04


@settings(max_examples=25, deadline=None)
@given(st.integers(min_value=1, max_value=N - 2), st.binary(max_size=100), st.binary(max_size=40))
def test_every_signature_verifies(secret, message, uid):
    key = SM2PrivateKey(secret)
    assert key.public_key.verify(message, key.sign(message, uid=uid), uid=uid)


# verify returns False for well-formed signatures that break a rule of GB/T 32918.2, 7.1.
@pytest.mark.parametrize(
    ("r", "s"),
    [(0, 1), (1, 0), (N, 1), (1, N), (2**256 - 1, 1), (5, N - 5)],
    ids=["r=0", "s=0", "r=n", "s=n", "r>n", "r+s=n"],
)
def test_verify_returns_false_for_scalars_the_standard_refuses(r, s):
    assert not ALICE.public_key.verify(b"a", encode_der_signature(r, s))


def test_a_precomputed_key_verifies_exactly_as_a_plain_one():
    key = SM2PrivateKey.from_seed("dave")
    plain = key.public_key
    fast = SM2PublicKey.parse(plain.sec()).precompute()
    assert fast == plain
    for n in range(5):
        message = f"invoice {n}".encode()
        signature = key.sign(message)
        assert plain.verify(message, signature) and fast.verify(message, signature)
        assert not fast.verify(message + b"!", signature)
        assert not fast.verify(message, SM2PrivateKey.from_seed("eve").sign(message))


def test_verify_returns_false_for_a_changed_signature():
    r, s = decode_der_signature(ALICE.sign(b"a"))
    assert not ALICE.public_key.verify(b"a", encode_der_signature(r, s + 1))
    assert not ALICE.public_key.verify(b"a", encode_der_signature(r, N - s))


# --- SM2: bad input gets a named error ------------------------------------------------------------


@pytest.mark.parametrize("secret", [0, -1, N - 1, N, N + 1])
def test_a_secret_outside_1_to_n_minus_2_is_refused(secret):
    with pytest.raises(KeyValidationError, match="^secret: .*n-2"):
        SM2PrivateKey(secret)


@pytest.mark.parametrize("secret", [True, "1", 1.0])
def test_a_secret_of_the_wrong_type_is_refused(secret):
    with pytest.raises(WrongTypeError, match="^secret: "):
        SM2PrivateKey(secret)


def test_generate_refuses_something_that_is_not_a_random_generator():
    with pytest.raises(WrongTypeError, match="^rng: "):
        SM2PrivateKey.generate(rng=42)


@pytest.mark.parametrize("length", [0, 32, 64, 66])
def test_sec_of_a_wrong_length_is_refused(length):
    with pytest.raises(EncodingError, match=f"^sec: .*got {length}"):
        SM2PublicKey.parse(b"\x04" * length)


def test_sec_with_a_wrong_prefix_is_refused():
    encoded = ALICE.public_key.sec()
    with pytest.raises(EncodingError, match="^sec: .*0x05"):
        SM2PublicKey.parse(b"\x05" + encoded[1:])
    with pytest.raises(EncodingError, match="^sec: .*0x04"):
        SM2PublicKey.parse(b"\x04" + encoded[1:33])


def test_a_point_off_the_curve_is_refused():
    encoded = bytearray(ALICE.public_key.sec())
    encoded[-1] ^= 1
    with pytest.raises(KeyValidationError, match="^sec: .*not a point on sm2p256v1"):
        SM2PublicKey.parse(bytes(encoded))
    with pytest.raises(KeyValidationError, match="^public_key: .*sm2p256v1"):
        SM2PublicKey(ALICE.public_key.x, ALICE.public_key.y + 1)


def test_a_secp256k1_key_is_not_an_sm2_key():
    bitcoin_style = PrivateKey.from_seed("alice").public_key.sec(compressed=False)
    with pytest.raises(KeyValidationError, match="^sec: .*sm2p256v1"):
        SM2PublicKey.parse(bitcoin_style)


def test_coordinates_beyond_the_field_are_refused():
    with pytest.raises(KeyValidationError, match="^sec: .*field prime"):
        SM2PublicKey.parse(b"\x04" + P.to_bytes(32, "big") + bytes(32))
    with pytest.raises(KeyValidationError, match="^sec: .*field prime"):
        SM2PublicKey.parse(b"\x02" + P.to_bytes(32, "big"))
    with pytest.raises(OutOfRangeError, match="^x: "):
        SM2PublicKey(P, 0)


def test_a_compressed_x_with_no_point_is_refused():
    x = next(x for x in range(100) if pow(x**3 - 3 * x + SM2P256V1.b, (P - 1) // 2, P) == P - 1)
    with pytest.raises(KeyValidationError, match="^sec: .*x-coordinate"):
        SM2PublicKey.parse(b"\x02" + x.to_bytes(32, "big"))


GOOD_DER = ALICE.sign(b"a")


@pytest.mark.parametrize(
    ("der", "field", "rule"),
    [
        (b"\x31" + GOOD_DER[1:], "der", "0x30"),
        (GOOD_DER + b"\x00", "der", "sequence length"),
        (GOOD_DER[:1] + bytes([GOOD_DER[1] + 1]) + GOOD_DER[2:] + b"\x00", "der", "after s"),
        (b"\x30\x06\x02\x01\x00\x02\x01\x01"[:7], "der", "8 to 72"),
        (b"\x30\x07\x02\x02\x00\x01\x02\x01\x01", "der.r", "pad"),
        (b"\x30\x06\x02\x01\x81\x02\x01\x01", "der.r", "negative"),
        (b"\x30\x06\x03\x01\x01\x02\x01\x01", "der.r", "0x02"),
        (b"\x30\x06\x02\x01\x01\x02\x00\x01", "der.s", "at least one byte"),
        (b"\x30\x06\x02\x01\x01\x02\x02\x01", "der.s", "past the end"),
    ],
    ids=[
        "tag",
        "length",
        "trailing",
        "short",
        "padded",
        "negative",
        "integer tag",
        "empty",
        "overrun",
    ],
)
def test_verify_refuses_bytes_that_are_not_strict_der(der, field, rule):
    with pytest.raises(EncodingError, match=rf"^{field.replace('.', '[.]')}: .*{rule}"):
        ALICE.public_key.verify(b"a", der)


def test_verify_and_sign_refuse_text():
    with pytest.raises(WrongTypeError, match="^message: "):
        ALICE.public_key.verify("a", GOOD_DER)
    with pytest.raises(WrongTypeError, match="^der: "):
        ALICE.public_key.verify(b"a", GOOD_DER.hex())
    with pytest.raises(WrongTypeError, match="^message: "):
        ALICE.sign("a")
    with pytest.raises(WrongTypeError, match="^uid: "):
        ALICE.sign(b"a", uid="1234567812345678")


def test_an_identifier_longer_than_entl_can_count_is_refused():
    with pytest.raises(EncodingError, match="^uid: .*8191"):
        ALICE.sign(b"a", uid=bytes(8192))
    assert ALICE.public_key.verify(b"a", ALICE.sign(b"a", uid=bytes(8191)), uid=bytes(8191))


@pytest.mark.parametrize("k", [0, N, -3])
def test_a_nonce_outside_1_to_n_minus_1_is_refused(k):
    with pytest.raises(OutOfRangeError, match="^k: "):
        ALICE.sign(b"a", k=k)


def test_a_nonce_and_a_random_generator_together_are_refused():
    with pytest.raises(ValidationError, match="^k: .*not both"):
        ALICE.sign(b"a", k=5, rng=random.Random(1))
    with pytest.raises(WrongTypeError, match="^rng: "):
        ALICE.sign(b"a", rng=5)


def test_a_curve_whose_generator_is_off_it_is_refused():
    with pytest.raises(KeyValidationError, match="^generator: "):
        SM2Curve("broken", SM2P256V1.p, SM2P256V1.a, SM2P256V1.b, 1, 2, SM2P256V1.n)


# --- Interoperability with the OpenSSL 3 command line ------------------------------------------

SM2_OID = bytes.fromhex("06082a811ccf5501822d")  # 1.2.156.10197.1.301, sm2p256v1
EC_PUBLIC_KEY_OID = bytes.fromhex("06072a8648ce3d0201")  # 1.2.840.10045.2.1


def public_key_der(public):
    """SubjectPublicKeyInfo (RFC 5480) of an SM2 key, as OpenSSL writes it."""
    algorithm = b"\x30\x13" + EC_PUBLIC_KEY_OID + SM2_OID
    return b"\x30\x59" + algorithm + b"\x03\x42\x00" + public.sec()


def private_key_der(key):
    """ECPrivateKey (RFC 5915 / SEC 1, C.4) of an SM2 key, as OpenSSL writes it."""
    return (
        b"\x30\x77\x02\x01\x01\x04\x20"
        + key.secret.to_bytes(32, "big")
        + b"\xa0\x0a"
        + SM2_OID
        + b"\xa1\x44\x03\x42\x00"
        + key.public_key.sec()
    )


class OpenSSL:
    """The openssl command line, working in one temporary folder."""

    def __init__(self, folder):
        self.folder = folder
        self.count = 0

    def run(self, *args, check=True):
        done = subprocess.run(["openssl", *args], cwd=self.folder, capture_output=True)
        if check and done.returncode:
            raise AssertionError(f"openssl {' '.join(args)}: {done.stderr.decode()}")
        return done

    def file(self, data):
        self.count += 1
        path = self.folder / f"f{self.count}"
        path.write_bytes(data)
        return path.name

    def generate_key(self):
        name = self.file(b"")
        self.run("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:SM2", "-out", name)
        private = self.run("pkey", "-in", name, "-outform", "DER").stdout
        public = self.run("pkey", "-in", name, "-pubout", "-outform", "DER").stdout
        return name, private, public

    def public_of(self, private_der):
        key = self.file(private_der)
        return self.run("pkey", "-inform", "DER", "-in", key, "-pubout", "-outform", "DER").stdout

    def sign(self, key_file, message, uid, keyform="PEM"):
        return self.run(
            "pkeyutl", "-sign", "-in", self.file(message), "-inkey", key_file,
            "-keyform", keyform, "-rawin", "-digest", "sm3",
            "-pkeyopt", f"hexdistid:{uid.hex()}",
        ).stdout  # fmt: skip

    def verifies(self, public_der, message, signature, uid):
        done = self.run(
            "pkeyutl", "-verify", "-pubin", "-inkey", self.file(public_der), "-keyform", "DER",
            "-in", self.file(message), "-rawin", "-digest", "sm3",
            "-pkeyopt", f"hexdistid:{uid.hex()}", "-sigfile", self.file(signature),
            check=False,
        )  # fmt: skip
        return done.returncode == 0 and b"Verified Successfully" in done.stdout


def require_openssl_with_sm2():
    """Skip (fail in CI) unless the openssl command signs with SM2."""
    reason = None
    if shutil.which("openssl") is None:
        reason = "the openssl command is not installed"
    else:
        probe = subprocess.run(
            ["openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:SM2"],
            capture_output=True,
        )
        if probe.returncode:
            reason = "this openssl has no SM2 (OpenSSL 1.1.1 or newer built with SM2 is needed)"
    if reason:
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the OpenSSL interoperability tests: {reason}")
        pytest.skip(reason)


@pytest.fixture
def openssl(tmp_path):
    require_openssl_with_sm2()
    return OpenSSL(tmp_path)


def test_without_openssl_the_interoperability_tests_skip_but_fail_in_ci(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="not installed"):
        require_openssl_with_sm2()
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI must run"):
        require_openssl_with_sm2()


MESSAGES = [b"", b"message digest", bytes(range(256)), "增值税电子发票 No. 4403".encode()]
UIDS = [DEFAULT_UID, b"ALICE123@YAHOO.COM", b"\x00\xff"]


def test_the_recommended_curve_is_the_one_openssl_calls_sm2(openssl):
    explicit = openssl.run("ecparam", "-name", "SM2", "-param_enc", "explicit", "-text", "-noout")
    digits = "".join(c for c in explicit.stdout.decode() if c in "0123456789abcdef")
    for value in (SM2P256V1.p, SM2P256V1.a, SM2P256V1.b, SM2P256V1.gx, SM2P256V1.gy, SM2P256V1.n):
        assert f"{value:064x}" in digits


def test_openssl_writes_sm2_keys_as_our_helpers_build_them(openssl):
    _, private, public = openssl.generate_key()
    key = SM2PrivateKey(int.from_bytes(private[7:39], "big"))
    assert private == private_key_der(key)
    assert public == public_key_der(key.public_key)


def test_openssl_keys_read_into_minichain_and_minichain_keys_into_openssl(openssl):
    for _ in range(4):
        _, private, public = openssl.generate_key()
        public_key = SM2PublicKey.parse(public[-65:])
        assert SM2PrivateKey(int.from_bytes(private[7:39], "big")).public_key == public_key
    for seed in range(4):
        key = SM2PrivateKey.generate(random.Random(seed))
        assert openssl.public_of(private_key_der(key)) == public_key_der(key.public_key)


@pytest.mark.parametrize("uid", UIDS, ids=["default", "email", "binary"])
def test_openssl_signs_and_minichain_verifies(openssl, uid):
    rng = random.Random(uid)
    for _ in range(3):
        key_file, _, public = openssl.generate_key()
        public_key = SM2PublicKey.parse(public[-65:])
        for message in [*MESSAGES, rng.randbytes(rng.randrange(1, 2000))]:
            signature = openssl.sign(key_file, message, uid)
            assert public_key.verify(message, signature, uid=uid)
            assert not public_key.verify(message + b".", signature, uid=uid)


@pytest.mark.parametrize("uid", UIDS, ids=["default", "email", "binary"])
def test_minichain_signs_and_openssl_verifies(openssl, uid):
    rng = random.Random(uid)
    for _ in range(3):
        key = SM2PrivateKey.generate(rng)
        public = public_key_der(key.public_key)
        for message in [*MESSAGES, rng.randbytes(rng.randrange(1, 2000))]:
            signature = key.sign(message, uid=uid)
            assert openssl.verifies(public, message, signature, uid)
            assert not openssl.verifies(public, message + b".", signature, uid)
        other_uid = uid + b"x"
        assert not openssl.verifies(public, b"m", key.sign(b"m", uid=uid), other_uid)


def test_openssl_signs_with_a_minichain_key(openssl):
    key = SM2PrivateKey.from_seed("carol")
    key_file = openssl.file(private_key_der(key))
    for uid in UIDS:
        signature = openssl.sign(key_file, b"bill of lading", uid, keyform="DER")
        assert key.public_key.verify(b"bill of lading", signature, uid=uid)


def test_openssl_accepts_the_published_example_on_the_recommended_curve(openssl):
    example = RECOMMENDED_CURVE_EXAMPLE
    public = public_key_der(SM2PrivateKey(example["secret"]).public_key)
    signature = encode_der_signature(example["r"], example["s"])
    assert openssl.verifies(public, example["message"], signature, DEFAULT_UID)
