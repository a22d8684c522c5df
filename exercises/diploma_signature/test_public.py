"""Public checks of the diploma exercise: the learner sees and runs these.

The curve arithmetic is judged against python-ecdsa (the `ecdsa` package that
minichain.keys builds on, written by others) and minichain's keys; ECDSA
verification also against signatures that OpenSSL made (OPENSSL_SIGNATURES
below: made with OpenSSL 4.0 through the `cryptography` package, which does not
normalise s, so some are high-S).
"""

import hashlib
import json
import unicodedata
from dataclasses import replace

from ecdsa import SECP256k1, SigningKey
from ecdsa.rfc6979 import generate_k
from exercise import (
    Anchor,
    Certificate,
    DiplomaRejected,
    G,
    IssuerKey,
    N,
    P,
    check_diploma,
    check_receipt,
    diploma_bytes,
    ecdsa_verify,
    point_add,
    recover_secret,
    scalar_multiply,
    sign_diploma,
    verify_diploma,
)

from minichain.hashing import sha256d
from minichain.keys import PrivateKey, Signature
from minichain.merkle import MerkleProof, merkle_proof, merkle_root

UNIVERSITY = PrivateKey.from_seed("minichain university registry")
DIPLOMA = {
    "student": "Li Hua",
    "degree": "Bachelor of Engineering",
    "major": "Computer Science",
    "grade": "first class",
    "awarded": "2020-06-30",
}
GENERATOR = SECP256k1.generator


def canonical(diploma):
    """The university's own serialiser, used to play its side below."""
    normal = {
        unicodedata.normalize("NFC", k): unicodedata.normalize("NFC", v) for k, v in diploma.items()
    }
    text = json.dumps(normal, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return text.encode("utf-8")


def z_of(message):
    """The hash ECDSA signs: SHA-256 of the message, as a number."""
    return int.from_bytes(hashlib.sha256(message).digest(), "big")


def multiple(k):
    """k * G as python-ecdsa computes it, as a plain (x, y), or None for infinity."""
    point = GENERATOR * k
    return None if k % N == 0 else (int(point.x()), int(point.y()))


def point_of(key):
    return (key.public_key.x, key.public_key.y)


OPENSSL_KEYS = {
    "registry 2016": (
        0xFDCE8BEBA6965D7AC071C45CA0BF82B9A58B2B4FC5B733DE1082F3182B6FD62E,
        0xC10C11D5210BC69223F8253D8303ABFF657312C46D79A21318E883287D3C8A5A,
    ),
    "registry 2020": (
        0xEA52A41A2031638CE3C959F5C236978785BADA4EACF482A79B0FED576C6B0C2C,
        0xFA1493CB6593ABBF85D57F09811C0B4F86B8C957681B54F3B498B6713EA1D0BC,
    ),
    "dean's office": (
        0x3E1B25D5C43D26CF43CB20E89118F7BAE89E33B51550B0286186526CBA08EEE3,
        0xE8075118F26971CFB3A700623D2AE27C30D135FF823C2CEB51CDA187F33B2350,
    ),
}
OPENSSL_SIGNATURES = [
    (  # low-S
        "registry 2016",
        b"registry 2016: diploma 0",
        0x824B114AA5E4B4D22C61AB12C262522483F12F60E61CC3AC408260172D8FB4E8,
        0x2ECC47DFE63054140BA06B5562271D0AE8F970C2A6691C9ECB2BD20751A2FC88,
    ),
    (  # high-S
        "registry 2016",
        b"registry 2016: diploma 1",
        0x8B5A56868CDC17FD85BF53C40550E42AB3B5F9902D59EDE9AE5CC81001034E4A,
        0xDCE02B63AA636FD7ED2BAD143B095DD01E4BB51ACED6944187B8050E0D8B9978,
    ),
    (  # low-S
        "registry 2016",
        b"registry 2016: diploma 2",
        0x1FE69ABC38E8535F95D572C7894E462304086A9177529044456691239B61E21C,
        0x75FFFD152924E025E6CD0ABB2C4519BABCB040831E21523463282202221FFFA4,
    ),
    (  # high-S
        "registry 2020",
        b"registry 2020: diploma 0",
        0xC242929B0FC86A162B1E7B206DF38C55D7FD3D19496E7A37F456BD48E7D9E9D0,
        0xB60A59B168BE82BED66DF6454FBE05C72BFE35C87362DC299345CEC902331599,
    ),
    (  # low-S
        "registry 2020",
        b"registry 2020: diploma 1",
        0xE9428D1D899C9D6BA40474C0F9E29E4F84237804ADF52E1F9D07A30BF9029883,
        0x2B1179D1E7233A4B6D385A143160D223DBC7A0D506C2F6A6348FC490FC92EA67,
    ),
    (  # low-S
        "dean's office",
        b"dean's office: diploma 0",
        0x6528D948CE9DA313A5983B9D79A1A051960F7629D32F3EB003EADFF7018615FC,
        0x61C4CABE540F4DDE25895471007ABBDDD6CD557C302E5270E80920160D0B43EF,
    ),
    (  # low-S
        "dean's office",
        b"dean's office: diploma 1",
        0x96AFC08D4FA3AB593834A2F6B005E12722A321500C0C677DCACD85BC16E6E480,
        0x10E3029575216A7D0350AE7E6A4B9464EE7DF43582AEE1A58EE963C7E9E4E15E,
    ),
]


# --- diploma_bytes ----------------------------------------------------------------------------


def test_diploma_bytes_are_sorted_compact_json():
    """规范字节是键按顺序排列的紧凑 JSON"""
    want = (
        b'{"awarded":"2020-06-30","degree":"Bachelor of Engineering","grade":"first class",'
        b'"major":"Computer Science","student":"Li Hua"}'
    )
    got = diploma_bytes(DIPLOMA)
    assert got == want, f"got {got!r}, expected {want!r}"


def test_diploma_bytes_do_not_depend_on_field_order():
    """规范字节与字段顺序无关"""
    reordered = dict(reversed(list(DIPLOMA.items())))
    assert diploma_bytes(reordered) == diploma_bytes(DIPLOMA), "field order changed the bytes"


def test_diploma_bytes_are_the_same_for_composed_and_decomposed_accents():
    """附加符号无论组合还是分解，规范字节都相同（NFC）"""
    name, field = "Nguyễn Thị Lan", "diplôme"
    typed = {
        "student": unicodedata.normalize("NFD", name),
        unicodedata.normalize("NFD", field): "BSc",
    }
    pasted = {
        "student": unicodedata.normalize("NFC", name),
        unicodedata.normalize("NFC", field): "BSc",
    }
    assert typed["student"] != pasted["student"]  # one name, two sequences of code points
    got, want = diploma_bytes(typed), canonical(pasted)
    assert got == want, f"got {got!r}, expected the NFC form {want!r}"


# --- point_add --------------------------------------------------------------------------------


def test_point_add_of_g_and_g_is_2g_as_python_ecdsa_computes():
    """G + G 等于 python-ecdsa 算出的 2G"""
    got = point_add(G, G)
    assert got == multiple(2), f"G + G: got {got}, expected {multiple(2)}"


def test_point_add_of_two_points_matches_python_ecdsa():
    """两个不同点相加，结果与 python-ecdsa 一致"""
    got = point_add(multiple(2), multiple(3))
    assert got == multiple(5), f"2G + 3G: got {got}, expected {multiple(5)}"


def test_point_add_of_a_point_and_its_negation_is_infinity():
    """一个点加它的负点等于无穷远点"""
    negated = (G[0], P - G[1])
    got = point_add(G, negated)
    assert got is None, f"G + (-G): got {got}, expected None (the point at infinity)"


def test_point_add_with_infinity_gives_the_other_point():
    """无穷远点加一个点等于该点，两个方向都一样"""
    assert point_add(None, G) == G, "infinity + G must be G"
    assert point_add(G, None) == G, "G + infinity must be G"


# --- scalar_multiply --------------------------------------------------------------------------


def test_scalar_multiply_matches_python_ecdsa():
    """k * G 的结果与 python-ecdsa 一致"""
    for k in (1, 2, 3, 7, 2**128 + 1, N - 1):
        got = scalar_multiply(k, G)
        assert got == multiple(k), f"{k} * G: got {got}, expected {multiple(k)}"


def test_scalar_multiply_gives_minichains_public_key():
    """私钥乘以 G 得到 minichain 给出的公钥"""
    got = scalar_multiply(UNIVERSITY.secret, G)
    assert got == point_of(UNIVERSITY), "secret * G is not the university's public key"


def test_scalar_multiply_by_n_or_0_is_infinity():
    """乘以 N 或 0、无穷远点的倍数，都是无穷远点"""
    assert scalar_multiply(N, G) is None, "N * G must be the point at infinity"
    assert scalar_multiply(0, G) is None, "0 * G must be the point at infinity"
    assert scalar_multiply(3, None) is None, "3 * infinity must be the point at infinity"


def test_scalar_multiply_takes_k_modulo_n():
    """标量按模 N 计：(N + 5) * G 等于 5 * G"""
    got = scalar_multiply(N + 5, G)
    assert got == multiple(5), f"(N + 5) * G: got {got}, expected 5 * G"


# --- ecdsa_verify -----------------------------------------------------------------------------


def test_ecdsa_verify_accepts_minichains_signatures():
    """接受 minichain 对毕业证书的签名"""
    message = canonical(DIPLOMA)
    signature = UNIVERSITY.sign(message)
    got = ecdsa_verify(point_of(UNIVERSITY), z_of(message), signature.r, signature.s)
    assert got is True, "minichain's signature of the diploma was refused"


def test_ecdsa_verify_accepts_openssls_signatures_even_high_s():
    """接受 OpenSSL 的签名，高 S 值的也接受"""
    for name, message, r, s in OPENSSL_SIGNATURES:
        got = ecdsa_verify(OPENSSL_KEYS[name], z_of(message), r, s)
        high = "high-S " if s > N // 2 else ""
        assert got is True, f"OpenSSL's {high}signature of {message!r} was refused"


def test_ecdsa_verify_refuses_a_wrong_key_or_message():
    """换一把公钥或改动消息，验证失败"""
    name, message, r, s = OPENSSL_SIGNATURES[0]
    other = next(key for other, key in OPENSSL_KEYS.items() if other != name)
    assert ecdsa_verify(other, z_of(message), r, s) is False, "another key was accepted"
    assert ecdsa_verify(OPENSSL_KEYS[name], z_of(message + b"!"), r, s) is False, (
        "a signature was accepted for another message"
    )


def test_ecdsa_verify_refuses_r_or_s_out_of_range():
    """r 或 s 不在 1..N-1 之内时验证失败"""
    name, message, r, s = OPENSSL_SIGNATURES[1]
    key, z = OPENSSL_KEYS[name], z_of(message)
    for bad_r, bad_s in ((0, s), (r, 0), (N, s), (r, N), (r + N, s), (r, s + N)):
        got = ecdsa_verify(key, z, bad_r, bad_s)
        assert got is False, f"r = {bad_r:#x}, s = {bad_s:#x} is out of [1, N-1], got {got}"


def test_ecdsa_verify_refuses_the_point_at_infinity_and_points_off_the_curve():
    """公钥为无穷远点或不在曲线上时验证失败"""
    name, message, r, s = OPENSSL_SIGNATURES[2]
    x, y = OPENSSL_KEYS[name]
    for key in (None, (x, y + 1), (x + P, y)):
        got = ecdsa_verify(key, z_of(message), r, s)
        assert got is False, f"the public key {key} is not a point of the curve, got {got}"


# --- sign_diploma -----------------------------------------------------------------------------


def test_sign_diploma_is_minichains_deterministic_signature():
    """用 RFC 6979 的随机数，签名与 minichain 的逐字节相同"""
    message = canonical(DIPLOMA)
    nonce = int(generate_k(N, UNIVERSITY.secret, hashlib.sha256, hashlib.sha256(message).digest()))
    want = UNIVERSITY.sign(message)
    got = sign_diploma(UNIVERSITY.secret, DIPLOMA, nonce)
    assert got == (want.r, want.s), f"with RFC 6979's nonce, got {got}, expected minichain's"


def test_sign_diploma_gives_a_signature_the_university_key_verifies():
    """签名为低 S 值，能用大学的公钥验证，r 与 python-ecdsa 相同"""
    signing_key = SigningKey.from_secret_exponent(UNIVERSITY.secret, curve=SECP256k1)
    for nonce in (1, 2**255 + 19, N - 1):
        r, s = sign_diploma(UNIVERSITY.secret, DIPLOMA, nonce)
        assert s <= N // 2, f"nonce {nonce:#x}: s is high, return its low-S twin N - s"
        assert UNIVERSITY.public_key.verify(canonical(DIPLOMA), Signature(r, s)), (
            f"nonce {nonce:#x}: minichain refuses the signature"
        )
        digest = hashlib.sha256(canonical(DIPLOMA)).digest()
        ecdsa_r, _ = signing_key.sign_digest(
            digest, k=nonce, sigencode=lambda r, s, n: (int(r), int(s))
        )
        assert r == ecdsa_r, f"nonce {nonce:#x}: r is not python-ecdsa's r"


def test_sign_diploma_refuses_a_nonce_that_is_a_multiple_of_n():
    """随机数为 N 的倍数时抛出 ValueError"""
    for nonce in (0, N):
        try:
            sign_diploma(UNIVERSITY.secret, DIPLOMA, nonce)
        except ValueError:
            continue
        raise AssertionError(f"nonce {nonce:#x} gives no signature: expected a ValueError")


# --- check_diploma ----------------------------------------------------------------------------


def test_check_diploma_accepts_the_genuine_diploma():
    """真实的毕业证书通过核验"""
    signature = UNIVERSITY.sign(canonical(DIPLOMA)).der()
    key = UNIVERSITY.public_key.sec()
    assert check_diploma(DIPLOMA, signature, key) is True, "the genuine diploma was refused"


def test_check_diploma_refuses_an_edited_grade():
    """改过成绩的证书通不过核验"""
    signature = UNIVERSITY.sign(canonical(DIPLOMA)).der()
    edited = {**DIPLOMA, "grade": "distinction"}
    key = UNIVERSITY.public_key.sec()
    assert check_diploma(edited, signature, key) is False, "an edited diploma was accepted"


def test_check_diploma_refuses_a_signature_by_someone_else():
    """别人的私钥所作的签名通不过核验"""
    impostor = PrivateKey.from_seed("not the university")
    signature = impostor.sign(canonical(DIPLOMA)).der()
    key = UNIVERSITY.public_key.sec()
    assert check_diploma(DIPLOMA, signature, key) is False, "another key's signature was accepted"


def test_check_diploma_refuses_a_high_s_signature():
    """拒绝高 S 值的孪生签名"""
    low = UNIVERSITY.sign(canonical(DIPLOMA))
    high = Signature(low.r, N - low.s).der()
    key = UNIVERSITY.public_key.sec()
    assert check_diploma(DIPLOMA, high, key) is False, "the high-S twin was accepted"


def test_check_diploma_is_false_for_garbled_input():
    """截断的签名或公钥字节返回 False"""
    signature = UNIVERSITY.sign(canonical(DIPLOMA)).der()
    key = UNIVERSITY.public_key.sec()
    assert check_diploma(DIPLOMA, signature[:-3], key) is False, "a cut signature was accepted"
    assert check_diploma(DIPLOMA, signature, key[:-1]) is False, "a cut key was accepted"


# --- recover_secret ---------------------------------------------------------------------------

CLUMSY = PrivateKey.from_seed("a registry whose signing device repeats its nonce")
FIRST = {**DIPLOMA, "id": "2020-0001"}
SECOND = {**DIPLOMA, "id": "2020-0002", "student": "Wang Fang"}


def signed_with(nonce, diploma):
    """CLUMSY's signature of ``diploma`` with ``nonce``, made by python-ecdsa, low-S."""
    signing_key = SigningKey.from_secret_exponent(CLUMSY.secret, curve=SECP256k1)
    digest = hashlib.sha256(canonical(diploma)).digest()
    r, s = signing_key.sign_digest(digest, k=nonce, sigencode=lambda r, s, n: (int(r), int(s)))
    return r, min(s, N - s)


def test_recover_secret_from_two_diplomas_signed_with_one_nonce():
    """两份证书用了同一个随机数，由此恢复私钥"""
    (r, s1), (_, s2) = signed_with(0xC0FFEE, FIRST), signed_with(0xC0FFEE, SECOND)
    z1, z2 = z_of(canonical(FIRST)), z_of(canonical(SECOND))
    got = recover_secret(point_of(CLUMSY), z1, z2, r, s1, s2)
    assert got == CLUMSY.secret, "the secret was not recovered"


def test_recover_secret_whatever_the_low_s_rule_flipped():
    """无论低 S 值规则把哪个 s 换成了 N - s，都能恢复私钥"""
    z1, z2 = z_of(canonical(FIRST)), z_of(canonical(SECOND))
    flipped = {}  # whether the low-S rule flipped exactly one of the two s: a nonce for each case
    for nonce in range(2**64, 2**64 + 40):
        (r, s1), (_, s2) = signed_with(nonce, FIRST), signed_with(nonce, SECOND)
        raw = SigningKey.from_secret_exponent(CLUMSY.secret, curve=SECP256k1)
        s1_raw = raw.sign_digest(
            hashlib.sha256(canonical(FIRST)).digest(), k=nonce, sigencode=lambda r, s, n: int(s)
        )
        s2_raw = raw.sign_digest(
            hashlib.sha256(canonical(SECOND)).digest(), k=nonce, sigencode=lambda r, s, n: int(s)
        )
        flipped.setdefault((s1 == s1_raw) != (s2 == s2_raw), (r, s1, s2))
    for one_flipped, (r, s1, s2) in flipped.items():
        got = recover_secret(point_of(CLUMSY), z1, z2, r, s1, s2)
        assert got == CLUMSY.secret, f"one s flipped: {one_flipped}; the secret was not recovered"


def test_recover_secret_is_none_for_two_different_nonces():
    """两个签名的随机数不同时返回 None"""
    (r, s1), (_, s2) = signed_with(1001, FIRST), signed_with(1002, SECOND)
    z1, z2 = z_of(canonical(FIRST)), z_of(canonical(SECOND))
    got = recover_secret(point_of(CLUMSY), z1, z2, r, s1, s2)
    assert got is None, f"two nonces: expected None, got {got}"


# --- check_receipt and verify_diploma ---------------------------------------------------------

JAN_2016, JAN_2020, JUL_2020, JUL_2021 = 1451606400, 1577836800, 1593561600, 1625097600
OLD_KEY = PrivateKey.from_seed("university registry key 2016")
NEW_KEY = PrivateKey.from_seed("university registry key 2020")
ISSUER_KEYS = [
    IssuerKey(OLD_KEY.public_key.sec(), valid_from=JAN_2016, valid_until=JAN_2020),
    IssuerKey(NEW_KEY.public_key.sec(), valid_from=JAN_2020),
]
CLASS_OF_2020 = [
    {**DIPLOMA, "id": f"2020-{number:04d}", "student": name}
    for number, name in enumerate(["Li Hua", "Wang Fang", "Zhang Wei", "Chen Jing", "Liu Yang"])
]


def issue(diplomas, key, block_time):
    """The university's side: a certificate per diploma, and the chain's record of the root."""
    leaves = [sha256d(canonical(diploma)) for diploma in diplomas]
    root = merkle_root(leaves)
    certificates = [
        Certificate(diploma, leaves[index], merkle_proof(leaves, index), root)
        for index, diploma in enumerate(diplomas)
    ]
    return certificates, {root: Anchor(key.sign(root).der(), block_time)}


def reason(check, *args):
    """The name of the DiplomaRejected class that check(*args) raises, or "accepted"."""
    try:
        check(*args)
    except DiplomaRejected as rejection:
        return type(rejection).__name__
    return "accepted"


def test_check_receipt_accepts_a_genuine_certificate():
    """真实证书的回执成立"""
    certificates, _ = issue(CLASS_OF_2020, NEW_KEY, JUL_2020)
    got = reason(check_receipt, certificates[2])
    assert got == "accepted", f"a genuine certificate gave {got}"


def test_check_receipt_reports_an_edited_grade_as_tampered():
    """改过成绩的证书报告为 TamperedDiploma"""
    certificates, _ = issue(CLASS_OF_2020, NEW_KEY, JUL_2020)
    genuine = certificates[1]
    edited = replace(genuine, diploma={**genuine.diploma, "grade": "distinction"})
    got = reason(check_receipt, edited)
    assert got == "TamperedDiploma", f"an edited grade gave {got}"


def test_check_receipt_reports_a_proof_moved_to_another_position_as_bad_proof():
    """挪到另一位置的默克尔证明报告为 BadProof"""
    certificates, _ = issue(CLASS_OF_2020, NEW_KEY, JUL_2020)
    genuine = certificates[1]
    moved = MerkleProof(index=0, leaf_count=5, siblings=genuine.proof.siblings)
    got = reason(check_receipt, replace(genuine, proof=moved))
    assert got == "BadProof", f"a proof for another position gave {got}"


def test_verify_diploma_accepts_a_genuine_diploma_and_returns_its_anchor():
    """真实证书通过完整核验，返回它的锚定记录"""
    certificates, anchors = issue(CLASS_OF_2020, NEW_KEY, JUL_2020)
    got = verify_diploma(certificates[3], anchors, ISSUER_KEYS, {})
    assert got == anchors[certificates[3].root], f"expected the class's anchor, got {got!r}"


def test_verify_diploma_reports_tampering_first():
    """证书被篡改时首先报告 TamperedDiploma"""
    certificates, anchors = issue(CLASS_OF_2020, NEW_KEY, JUL_2020)
    genuine = certificates[0]
    edited = replace(genuine, diploma={**genuine.diploma, "degree": "Doctor of Philosophy"})
    got = reason(verify_diploma, edited, anchors, ISSUER_KEYS, {})
    assert got == "TamperedDiploma", f"an edited degree gave {got}"


def test_verify_diploma_reports_a_root_that_was_never_anchored():
    """从未锚定的默克尔根报告为 RootNotOnChain"""
    certificates, _ = issue(CLASS_OF_2020, NEW_KEY, JUL_2020)
    got = reason(verify_diploma, certificates[0], {}, ISSUER_KEYS, {})
    assert got == "RootNotOnChain", f"a class that was never anchored gave {got}"


def test_verify_diploma_reports_a_root_signed_with_a_retired_key():
    """默克尔根用已停用的密钥签名时报告 KeyNotValidAtTime"""
    certificates, anchors = issue(CLASS_OF_2020, OLD_KEY, JUL_2021)
    got = reason(verify_diploma, certificates[0], anchors, ISSUER_KEYS, {})
    assert got == "KeyNotValidAtTime", f"the 2016 key, used after it was retired, gave {got}"


def test_verify_diploma_reports_a_revoked_diploma():
    """已撤销的证书报告为 RevokedDiploma，同班其他证书照常通过"""
    certificates, anchors = issue(CLASS_OF_2020, NEW_KEY, JUL_2020)
    revoked = {"2020-0004": "degree withdrawn after a plagiarism finding"}
    assert reason(verify_diploma, certificates[3], anchors, ISSUER_KEYS, revoked) == "accepted"
    got = reason(verify_diploma, certificates[4], anchors, ISSUER_KEYS, revoked)
    assert got == "RevokedDiploma", f"diploma 2020-0004 is revoked, but got {got}"
