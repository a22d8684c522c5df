"""Hidden checks of the diploma exercise: only the grader runs these."""

import hashlib
import json
import unicodedata
from dataclasses import replace
from random import Random

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
from minichain.merkle import merkle_proof, merkle_root

RANDOM = Random(2019)
UNIVERSITY = PrivateKey.from_seed("hidden university")
FORGER = PrivateKey.from_seed("diploma mill")
DIPLOMA = {"student": "王小明", "degree": "硕士", "awarded": "2019-07-01"}
GENERATOR = SECP256k1.generator

JAN_2016, JUL_2019, JAN_2020, JUL_2021 = 1451606400, 1561939200, 1577836800, 1625097600
KEY_2016 = PrivateKey.from_seed("hidden registry key 2016")
KEY_2020 = PrivateKey.from_seed("hidden registry key 2020")
ISSUER_KEYS = [
    IssuerKey(KEY_2016.public_key.sec(), valid_from=JAN_2016, valid_until=JAN_2020),
    IssuerKey(KEY_2020.public_key.sec(), valid_from=JAN_2020),
]
CLASS = [{**DIPLOMA, "id": f"H-{number}", "student": f"学生{number}"} for number in range(7)]


def canonical(diploma):
    normal = {
        unicodedata.normalize("NFC", k): unicodedata.normalize("NFC", v) for k, v in diploma.items()
    }
    text = json.dumps(normal, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return text.encode("utf-8")


def z_of(message):
    return int.from_bytes(hashlib.sha256(message).digest(), "big")


def multiple(k):
    point = GENERATOR * k
    return None if k % N == 0 else (int(point.x()), int(point.y()))


def point_of(key):
    return (key.public_key.x, key.public_key.y)


def issue(diplomas, key, block_time, signed_root=None):
    leaves = [sha256d(canonical(diploma)) for diploma in diplomas]
    root = merkle_root(leaves)
    certificates = [
        Certificate(diploma, leaves[index], merkle_proof(leaves, index), root)
        for index, diploma in enumerate(diplomas)
    ]
    signature = key.sign(signed_root or root).der()
    return certificates, {root: Anchor(signature, block_time)}


def reason(check, *args):
    try:
        check(*args)
    except DiplomaRejected as rejection:
        return type(rejection).__name__
    return "accepted"


# Made with OpenSSL 4.0 through the `cryptography` package (s not normalised).
OPENSSL_KEYS = {
    "hidden registry A": (
        0x6582F51E230D11A83B1F835E21FB7A2251ACA6DF5E6B995B12849F4D99EEF241,
        0x8786961E81C921C8EF3F8C567A57B17AC4BD19F9A52F113AD8E1D6386CFEB353,
    ),
    "hidden registry B": (
        0x8423FC06CF8AEE64E744795394B3568AE4AF547A7AE6458BEECA2B0E4BB937D8,
        0x625B314DFE1F967EC28A8E03FBB8BB9076EF75F5F28829EF573B785665281D4C,
    ),
    "hidden registry C": (
        0x94F9141D2660EC2ABC0AAE34D499CE90B4947C55A36D45ECB226775E96BAE511,
        0x3A2DA043C084FEEF2224273456A7F9B5F51B096F74F8128D83A52CB6FA05E5A5,
    ),
}
OPENSSL_SIGNATURES = [
    (  # low-S
        "hidden registry A",
        b"hidden registry A: diploma 0",
        0xE2B44B751D4D8B235C001B90361A69B8010C2D55503A265C9D580EB6B1394622,
        0x3005CA136837D54A2BBDDCF2117BD078EBE8BE5F74436A0A8655268C980535B6,
    ),
    (  # high-S
        "hidden registry A",
        b"hidden registry A: diploma 1",
        0xCEDAE01409864265181AB758F4D174FA9B137AD35055C76FCF1583B10F549964,
        0xEA2E59D80C599AE81EC14CDE6B35C72BFC6510C09CBF7462E40786C5DF2821FF,
    ),
    (  # low-S
        "hidden registry A",
        b"hidden registry A: diploma 2",
        0x13465C75A976B528127649BC84D5C3A35D949555D79A81B8D63F7138C9A19B5B,
        0x72DC4DD14FB9C1F7E09FF474B92823E2054440FF89791483B1F5A82431FC8D06,
    ),
    (  # low-S
        "hidden registry B",
        b"hidden registry B: diploma 0",
        0xC1B1A2566FC300EC3FE02F81D517CB4BC40539C35470C5E19B04A64756DEE7F9,
        0x065BCA1F4E3B7726764EDCA060D5950C81B9E6602ABC945FD977F80C5051AE0C,
    ),
    (  # high-S
        "hidden registry B",
        b"hidden registry B: diploma 1",
        0x90AFCDC2771D5F6F087D99BEB515F1D08CF612C053FC9C33E64856D6829EA68C,
        0x88DA7AE7A6DA1D92882CC7A85533E86D42623337FDE0685FBE59762E2C2FE28F,
    ),
    (  # high-S
        "hidden registry B",
        b"hidden registry B: diploma 2",
        0x872A3A4D31566E9E0241A5EBF98E11561E47A91186ADEA52F3CCA3375FF569EE,
        0xE44C86544F921657F7308B245CE67F0A403542FE9F148F643170C2E0ED5104DF,
    ),
    (  # low-S
        "hidden registry C",
        b"hidden registry C: diploma 0",
        0xD66419A830F5A4A7C3649125D142D610A5669403DE83E550C0BD2DFAA7C74F3E,
        0x59B8987D97C963F8571226CE754085D4BBA428B65727CF6ED9191986FD759A1B,
    ),
    (  # low-S
        "hidden registry C",
        b"hidden registry C: diploma 1",
        0x0A48E9D49B47E70C96CF087225B7AE2D051D2E34712CB0532996A3084844B7A4,
        0x03409C7B0530E8AE41E7A7E4C98E9092C1985A632DBD51147988754076373760,
    ),
    (  # high-S
        "hidden registry C",
        b"hidden registry C: diploma 2",
        0x20982F2694BB2A8E9174F69EDB2FAC37735820D99F65C9B51434FA238A74250A,
        0x9B837AAECBD5D51D98D8A6E640BDCF0A255B88F84A6790E49BBA9EBE51C4CE40,
    ),
]


def test_diploma_bytes_are_sorted_compact_json_keeping_chinese_as_utf8():
    """规范字节是紧凑 JSON，中文保持原样并编码为 UTF-8"""
    assert diploma_bytes(DIPLOMA) == json.dumps(
        DIPLOMA, sort_keys=True, separators=(",", ":"), ensure_ascii=False
    ).encode("utf-8")


def test_diploma_bytes_are_the_same_for_composed_and_decomposed_accents_in_keys_too():
    """键中的附加符号也规范化为组合形式 NFC"""
    decomposed = {unicodedata.normalize("NFD", "prénom"): unicodedata.normalize("NFD", "Zoë")}
    assert diploma_bytes(decomposed) == '{"prénom":"Zoë"}'.encode()


def test_point_add_of_g_and_g_is_2g_as_python_ecdsa_computes_for_other_points():
    """其他点的倍点也与 python-ecdsa 一致"""
    for k in (2, 5, 2**200 + 3):
        point = multiple(k)
        assert point_add(point, point) == multiple(2 * k), k


def test_point_add_of_two_points_matches_python_ecdsa_for_random_points():
    """随机的两个点相加，结果与 python-ecdsa 一致"""
    for _ in range(10):
        a, b = RANDOM.randrange(1, N), RANDOM.randrange(1, N)
        if (a + b) % N and a != b:
            assert point_add(multiple(a), multiple(b)) == multiple(a + b)


def test_point_add_of_a_point_and_its_negation_is_infinity_for_5g():
    """5G 与 7G 各加其负点，都等于无穷远点"""
    x, y = multiple(5)
    assert point_add((x, y), (x, P - y)) is None
    assert point_add(multiple(7), multiple(N - 7)) is None


def test_point_add_with_infinity_gives_the_other_point_even_infinity():
    """无穷远点加无穷远点仍是无穷远点"""
    assert point_add(None, None) is None
    assert point_add(multiple(9), None) == multiple(9)


def test_scalar_multiply_matches_python_ecdsa_for_random_scalars_and_points():
    """随机标量和其他点的倍数与 python-ecdsa 一致"""
    for _ in range(3):
        k = RANDOM.randrange(1, N)
        assert scalar_multiply(k, G) == multiple(k)
    assert scalar_multiply(3, multiple(11)) == multiple(33)


def test_scalar_multiply_gives_minichains_public_key_for_other_keys():
    """其他私钥（含 1 和 N - 1）乘以 G 也得到对应的公钥"""
    for key in (FORGER, KEY_2016, PrivateKey(1), PrivateKey(N - 1)):
        assert scalar_multiply(key.secret, G) == point_of(key)


def test_scalar_multiply_by_n_or_0_is_infinity_for_multiples_of_n_and_of_other_points():
    """2N * G、N 乘以其他点、无穷远点的倍数都是无穷远点"""
    assert scalar_multiply(2 * N, G) is None
    assert scalar_multiply(N, multiple(12345)) is None
    assert scalar_multiply(5, None) is None


def test_scalar_multiply_takes_k_modulo_n_even_negative():
    """标量按模 N 计，负数也是：-1 * G 等于 (N - 1) * G"""
    assert scalar_multiply(-1, G) == multiple(N - 1)
    assert scalar_multiply(3 * N + 2, G) == multiple(2)


def test_ecdsa_verify_accepts_minichains_signatures_of_many_keys():
    """接受 minichain 用多把私钥所作的签名"""
    for seed in range(3):
        key = PrivateKey.from_seed(f"hidden signer {seed}")
        message = f"message {seed}".encode()
        signature = key.sign(message)
        assert ecdsa_verify(point_of(key), z_of(message), signature.r, signature.s) is True, seed


def test_ecdsa_verify_accepts_openssls_signatures_even_high_s_of_other_keys():
    """接受 OpenSSL 用每把密钥所作的签名，含高 S 值"""
    assert any(s > N // 2 for _, _, _, s in OPENSSL_SIGNATURES)
    for name, message, r, s in OPENSSL_SIGNATURES:
        assert ecdsa_verify(OPENSSL_KEYS[name], z_of(message), r, s) is True, message


def test_ecdsa_verify_accepts_openssls_signatures_even_high_s_from_python_ecdsa_too():
    """也接受 python-ecdsa 未作低 S 值处理的签名"""
    for _ in range(3):
        secret = RANDOM.randrange(1, N)
        signing_key = SigningKey.from_secret_exponent(secret, curve=SECP256k1)
        digest = RANDOM.randbytes(32)
        r, s = signing_key.sign_digest(digest, sigencode=lambda r, s, n: (int(r), int(s)))
        assert ecdsa_verify(multiple(secret), int.from_bytes(digest, "big"), r, s) is True


def test_ecdsa_verify_refuses_a_wrong_key_or_message_for_every_openssl_signature():
    """对其他 OpenSSL 签名，换公钥或改消息也验证失败"""
    keys = list(OPENSSL_KEYS.values())
    for name, message, r, s in OPENSSL_SIGNATURES[::4]:
        wrong = keys[(keys.index(OPENSSL_KEYS[name]) + 1) % len(keys)]
        assert ecdsa_verify(wrong, z_of(message), r, s) is False
        assert ecdsa_verify(OPENSSL_KEYS[name], z_of(message) ^ 1, r, s) is False


def test_ecdsa_verify_refuses_r_or_s_out_of_range_negative_or_huge():
    """r 或 s 为负数或远大于 N 时验证失败"""
    name, message, r, s = OPENSSL_SIGNATURES[4]
    key, z = OPENSSL_KEYS[name], z_of(message)
    for bad_r, bad_s in ((-r, s), (r, -s), (r, 2**256 + s), (2**300, s)):
        assert ecdsa_verify(key, z, bad_r, bad_s) is False


def test_ecdsa_verify_refuses_the_point_at_infinity_and_points_off_the_curve_or_past_p():
    """公钥为无穷远点、不在曲线上或坐标超出 P 时验证失败"""
    name, message, r, s = OPENSSL_SIGNATURES[5]
    x, y = OPENSSL_KEYS[name]
    for key in (None, (x + 1, y), (x, y + P), (0, 0)):
        assert ecdsa_verify(key, z_of(message), r, s) is False, key


def test_sign_diploma_is_minichains_deterministic_signature_of_another_diploma():
    """另一份证书的签名也与 minichain 的逐字节相同"""
    for diploma in (DIPLOMA, CLASS[3]):
        message = canonical(diploma)
        digest = hashlib.sha256(message).digest()
        nonce = int(generate_k(N, UNIVERSITY.secret, hashlib.sha256, digest))
        want = UNIVERSITY.sign(message)
        assert sign_diploma(UNIVERSITY.secret, diploma, nonce) == (want.r, want.s)


def test_sign_diploma_gives_a_signature_the_university_key_verifies_for_random_nonces():
    """任取随机数所作的签名都是低 S 值并能通过验证"""
    for _ in range(3):
        r, s = sign_diploma(KEY_2016.secret, DIPLOMA, RANDOM.randrange(1, N))
        assert s <= N // 2
        assert KEY_2016.public_key.verify(canonical(DIPLOMA), Signature(r, s))


def test_sign_diploma_refuses_a_nonce_that_is_a_multiple_of_n_like_2n():
    """随机数为 2N 时同样抛出 ValueError"""
    try:
        sign_diploma(UNIVERSITY.secret, DIPLOMA, 2 * N)
    except ValueError:
        return
    raise AssertionError("expected a ValueError")


def test_check_diploma_refuses_a_signature_by_someone_else_a_forger():
    """伪造者的签名通不过核验"""
    forged = FORGER.sign(diploma_bytes(DIPLOMA)).der()
    assert check_diploma(DIPLOMA, forged, UNIVERSITY.public_key.sec()) is False


def test_check_diploma_refuses_a_high_s_signature_of_another_diploma():
    """拒绝另一份证书的高 S 值签名"""
    low = UNIVERSITY.sign(canonical(CLASS[1]))
    high = Signature(low.r, N - low.s).der()
    assert check_diploma(CLASS[1], high, UNIVERSITY.public_key.sec()) is False


def test_check_diploma_is_false_for_garbled_input_signature_bytes():
    """不是有效 DER 的签名字节返回 False"""
    assert check_diploma(DIPLOMA, b"\x30\x01\x00", UNIVERSITY.public_key.sec()) is False
    assert check_diploma(DIPLOMA, b"", UNIVERSITY.public_key.sec()) is False


def test_check_diploma_is_false_for_garbled_input_a_malformed_key():
    """格式错误的公钥字节返回 False"""
    signature = UNIVERSITY.sign(diploma_bytes(DIPLOMA)).der()
    assert check_diploma(DIPLOMA, signature, b"\x02" + bytes(31)) is False


def test_check_diploma_accepts_the_genuine_diploma_with_an_uncompressed_key():
    """公钥为非压缩格式时，真实证书也通过核验"""
    signature = UNIVERSITY.sign(diploma_bytes(DIPLOMA)).der()
    assert check_diploma(DIPLOMA, signature, UNIVERSITY.public_key.sec(compressed=False)) is True


def test_check_diploma_accepts_the_genuine_diploma_typed_with_decomposed_accents():
    """以分解形式输入附加符号的真实证书也通过核验"""
    diploma = {"student": "José Núñez", "degree": "MSc"}
    signature = UNIVERSITY.sign(canonical(diploma)).der()
    typed = {key: unicodedata.normalize("NFD", value) for key, value in diploma.items()}
    assert check_diploma(typed, signature, UNIVERSITY.public_key.sec()) is True


def signed_with(secret, nonce, diploma):
    signing_key = SigningKey.from_secret_exponent(secret, curve=SECP256k1)
    digest = hashlib.sha256(canonical(diploma)).digest()
    r, s = signing_key.sign_digest(digest, k=nonce, sigencode=lambda r, s, n: (int(r), int(s)))
    return r, min(s, N - s)


def test_recover_secret_from_two_diplomas_signed_with_one_nonce_by_other_keys():
    """其他私钥重复使用随机数时，同样能恢复私钥"""
    for _ in range(3):
        secret, nonce = RANDOM.randrange(1, N), RANDOM.randrange(1, N)
        (r, s1), (_, s2) = (
            signed_with(secret, nonce, CLASS[0]),
            signed_with(secret, nonce, CLASS[1]),
        )
        z1, z2 = z_of(canonical(CLASS[0])), z_of(canonical(CLASS[1]))
        assert recover_secret(multiple(secret), z1, z2, r, s1, s2) == secret


def test_recover_secret_whatever_the_low_s_rule_flipped_in_either_order():
    """两个签名交换顺序后仍能恢复私钥"""
    secret = KEY_2020.secret
    z1, z2 = z_of(canonical(CLASS[2])), z_of(canonical(CLASS[3]))
    for nonce in range(7, 10):
        (r, s1), (_, s2) = (
            signed_with(secret, nonce, CLASS[2]),
            signed_with(secret, nonce, CLASS[3]),
        )
        assert recover_secret(point_of(KEY_2020), z2, z1, r, s2, s1) == secret, nonce


def test_recover_secret_is_none_for_two_different_nonces_or_the_wrong_key():
    """恢复出的私钥与给定公钥不符时返回 None"""
    (r, s1), (_, s2) = (
        signed_with(KEY_2020.secret, 5, CLASS[4]),
        signed_with(KEY_2020.secret, 5, CLASS[5]),
    )
    z1, z2 = z_of(canonical(CLASS[4])), z_of(canonical(CLASS[5]))
    assert recover_secret(point_of(KEY_2016), z1, z2, r, s1, s2) is None


def test_check_receipt_accepts_a_genuine_certificate_whatever_its_field_order():
    """字段顺序打乱的真实证书，回执仍然成立"""
    certificates, _ = issue(CLASS, KEY_2020, JUL_2021)
    genuine = certificates[5]
    reordered = replace(genuine, diploma=dict(reversed(list(genuine.diploma.items()))))
    assert reason(check_receipt, reordered) == "accepted"


def test_check_receipt_reports_a_proof_moved_to_another_position_as_bad_proof_or_class():
    """借用另一批证书的默克尔证明报告为 BadProof"""
    certificates, _ = issue(CLASS, KEY_2020, JUL_2021)
    others, _ = issue(CLASS[:4], KEY_2020, JUL_2021)
    genuine = certificates[2]
    borrowed = replace(genuine, proof=others[2].proof)
    assert reason(check_receipt, borrowed) == "BadProof"


def test_verify_diploma_accepts_a_genuine_diploma_and_returns_its_anchor_by_the_old_key():
    """旧密钥有效期内锚定的真实证书通过核验"""
    certificates, anchors = issue(CLASS, KEY_2016, JUL_2019)
    anchor = verify_diploma(certificates[6], anchors, ISSUER_KEYS, {})
    assert anchor == anchors[certificates[6].root]


def test_verify_diploma_reports_a_root_signed_with_a_retired_key_or_an_unpublished_one():
    """用尚未生效的密钥签名时报告 KeyNotValidAtTime"""
    certificates, anchors = issue(CLASS, KEY_2020, JUL_2019)
    assert reason(verify_diploma, certificates[0], anchors, ISSUER_KEYS, {}) == "KeyNotValidAtTime"


def test_verify_diploma_reports_a_root_signed_with_a_retired_key_at_its_valid_until():
    """在密钥 valid_until 那一刻签名也报告 KeyNotValidAtTime"""
    certificates, anchors = issue(CLASS, KEY_2016, JAN_2020)
    assert reason(verify_diploma, certificates[0], anchors, ISSUER_KEYS, {}) == "KeyNotValidAtTime"


def test_verify_diploma_reports_a_root_signed_with_a_retired_key_or_a_diploma_mills():
    """未公布的密钥（如文凭工厂的）签名时报告 KeyNotValidAtTime"""
    certificates, anchors = issue(CLASS, FORGER, JUL_2021)
    assert reason(verify_diploma, certificates[1], anchors, ISSUER_KEYS, {}) == "KeyNotValidAtTime"


def test_verify_diploma_reports_a_root_signed_with_a_retired_key_or_for_another_root():
    """签名针对的是另一个根时报告 KeyNotValidAtTime"""
    certificates, anchors = issue(CLASS, KEY_2020, JUL_2021, signed_root=bytes(32))
    assert reason(verify_diploma, certificates[1], anchors, ISSUER_KEYS, {}) == "KeyNotValidAtTime"


def test_verify_diploma_reports_a_root_signed_with_a_retired_key_or_garbled_bytes():
    """锚定记录中的签名不是有效 DER 时报告 KeyNotValidAtTime"""
    certificates, anchors = issue(CLASS, KEY_2020, JUL_2021)
    garbled = {root: Anchor(b"\x30\x01\x00", anchor.block_time) for root, anchor in anchors.items()}
    assert reason(verify_diploma, certificates[1], garbled, ISSUER_KEYS, {}) == "KeyNotValidAtTime"


def test_verify_diploma_reports_tampering_first_even_before_revocation():
    """证书既被篡改又已撤销时，先报告 TamperedDiploma"""
    certificates, anchors = issue(CLASS, KEY_2020, JUL_2021)
    genuine = certificates[3]
    edited = replace(genuine, diploma={**genuine.diploma, "degree": "博士"})
    revoked = {"H-3": "issued in error"}
    assert reason(verify_diploma, edited, anchors, ISSUER_KEYS, revoked) == "TamperedDiploma"
