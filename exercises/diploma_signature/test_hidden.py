"""Hidden checks of the diploma exercise: only the grader runs these."""

import json
from dataclasses import replace

from exercise import (
    Anchor,
    Certificate,
    DiplomaRejected,
    IssuerKey,
    check_diploma,
    check_receipt,
    diploma_bytes,
    sign_diploma,
    verify_diploma,
)

from minichain.hashing import sha256d
from minichain.keys import PrivateKey
from minichain.merkle import merkle_proof, merkle_root

UNIVERSITY = PrivateKey.from_seed("hidden university")
FORGER = PrivateKey.from_seed("diploma mill")
DIPLOMA = {"student": "王小明", "degree": "硕士", "awarded": "2019-07-01"}

JAN_2016, JUL_2019, JAN_2020, JUL_2021 = 1451606400, 1561939200, 1577836800, 1625097600
KEY_2016 = PrivateKey.from_seed("hidden registry key 2016")
KEY_2020 = PrivateKey.from_seed("hidden registry key 2020")
ISSUER_KEYS = [
    IssuerKey(KEY_2016.public_key.sec(), valid_from=JAN_2016, valid_until=JAN_2020),
    IssuerKey(KEY_2020.public_key.sec(), valid_from=JAN_2020),
]
CLASS = [{**DIPLOMA, "id": f"H-{number}", "student": f"学生{number}"} for number in range(7)]


def canonical(diploma):
    text = json.dumps(diploma, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return text.encode("utf-8")


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


def test_diploma_bytes_are_sorted_compact_json_keeping_chinese_as_utf8():
    assert diploma_bytes(DIPLOMA) == json.dumps(
        DIPLOMA, sort_keys=True, separators=(",", ":"), ensure_ascii=False
    ).encode("utf-8")


def test_sign_diploma_is_minichains_deterministic_signature_of_another_diploma():
    other = {**DIPLOMA, "student": "王小红"}
    assert sign_diploma(UNIVERSITY, DIPLOMA) != sign_diploma(UNIVERSITY, other)


def test_check_diploma_refuses_a_signature_by_someone_else_a_forger():
    forged = FORGER.sign(diploma_bytes(DIPLOMA)).der()
    assert check_diploma(DIPLOMA, forged, UNIVERSITY.public_key.sec()) is False


def test_check_diploma_is_false_for_garbled_input_signature_bytes():
    assert check_diploma(DIPLOMA, b"\x30\x01\x00", UNIVERSITY.public_key.sec()) is False
    assert check_diploma(DIPLOMA, b"", UNIVERSITY.public_key.sec()) is False


def test_check_diploma_is_false_for_garbled_input_a_malformed_key():
    signature = UNIVERSITY.sign(diploma_bytes(DIPLOMA)).der()
    assert check_diploma(DIPLOMA, signature, b"\x02" + bytes(31)) is False


def test_check_diploma_accepts_the_genuine_diploma_with_an_uncompressed_key():
    signature = UNIVERSITY.sign(diploma_bytes(DIPLOMA)).der()
    assert check_diploma(DIPLOMA, signature, UNIVERSITY.public_key.sec(compressed=False)) is True


def test_check_receipt_accepts_a_genuine_certificate_whatever_its_field_order():
    certificates, _ = issue(CLASS, KEY_2020, JUL_2021)
    genuine = certificates[5]
    reordered = replace(genuine, diploma=dict(reversed(list(genuine.diploma.items()))))
    assert reason(check_receipt, reordered) == "accepted"


def test_check_receipt_reports_a_proof_moved_to_another_position_as_bad_proof_or_class():
    certificates, _ = issue(CLASS, KEY_2020, JUL_2021)
    others, _ = issue(CLASS[:4], KEY_2020, JUL_2021)
    genuine = certificates[2]
    borrowed = replace(genuine, proof=others[2].proof)
    assert reason(check_receipt, borrowed) == "BadProof"


def test_verify_diploma_accepts_a_genuine_diploma_and_returns_its_anchor_by_the_old_key():
    certificates, anchors = issue(CLASS, KEY_2016, JUL_2019)
    anchor = verify_diploma(certificates[6], anchors, ISSUER_KEYS, {})
    assert anchor == anchors[certificates[6].root]


def test_verify_diploma_reports_a_root_signed_with_a_retired_key_or_an_unpublished_one():
    certificates, anchors = issue(CLASS, KEY_2020, JUL_2019)
    assert reason(verify_diploma, certificates[0], anchors, ISSUER_KEYS, {}) == "KeyNotValidAtTime"


def test_verify_diploma_reports_a_root_signed_with_a_retired_key_at_its_valid_until():
    certificates, anchors = issue(CLASS, KEY_2016, JAN_2020)
    assert reason(verify_diploma, certificates[0], anchors, ISSUER_KEYS, {}) == "KeyNotValidAtTime"


def test_verify_diploma_reports_a_root_signed_with_a_retired_key_or_a_diploma_mills():
    certificates, anchors = issue(CLASS, FORGER, JUL_2021)
    assert reason(verify_diploma, certificates[1], anchors, ISSUER_KEYS, {}) == "KeyNotValidAtTime"


def test_verify_diploma_reports_a_root_signed_with_a_retired_key_or_for_another_root():
    certificates, anchors = issue(CLASS, KEY_2020, JUL_2021, signed_root=bytes(32))
    assert reason(verify_diploma, certificates[1], anchors, ISSUER_KEYS, {}) == "KeyNotValidAtTime"


def test_verify_diploma_reports_a_root_signed_with_a_retired_key_or_garbled_bytes():
    certificates, anchors = issue(CLASS, KEY_2020, JUL_2021)
    garbled = {root: Anchor(b"\x30\x01\x00", anchor.block_time) for root, anchor in anchors.items()}
    assert reason(verify_diploma, certificates[1], garbled, ISSUER_KEYS, {}) == "KeyNotValidAtTime"


def test_verify_diploma_reports_tampering_first_even_before_revocation():
    certificates, anchors = issue(CLASS, KEY_2020, JUL_2021)
    genuine = certificates[3]
    edited = replace(genuine, diploma={**genuine.diploma, "degree": "博士"})
    revoked = {"H-3": "issued in error"}
    assert reason(verify_diploma, edited, anchors, ISSUER_KEYS, revoked) == "TamperedDiploma"
