"""Hidden checks of the diploma exercise: only the grader runs these."""

import json

from exercise import check_diploma, diploma_bytes, sign_diploma

from minichain.keys import PrivateKey

UNIVERSITY = PrivateKey.from_seed("hidden university")
FORGER = PrivateKey.from_seed("diploma mill")
DIPLOMA = {"student": "王小明", "degree": "硕士", "awarded": "2019-07-01"}


def test_diploma_bytes_keep_chinese_characters_as_utf8():
    assert diploma_bytes(DIPLOMA) == json.dumps(
        DIPLOMA, sort_keys=True, separators=(",", ":"), ensure_ascii=False
    ).encode("utf-8")


def test_sign_diploma_differs_for_another_diploma():
    other = {**DIPLOMA, "student": "王小红"}
    assert sign_diploma(UNIVERSITY, DIPLOMA) != sign_diploma(UNIVERSITY, other)


def test_check_diploma_refuses_a_signature_by_another_key():
    forged = FORGER.sign(diploma_bytes(DIPLOMA)).der()
    assert check_diploma(DIPLOMA, forged, UNIVERSITY.public_key.sec()) is False


def test_check_diploma_refuses_garbled_signature_bytes():
    assert check_diploma(DIPLOMA, b"\x30\x01\x00", UNIVERSITY.public_key.sec()) is False
    assert check_diploma(DIPLOMA, b"", UNIVERSITY.public_key.sec()) is False


def test_check_diploma_refuses_a_malformed_key():
    signature = UNIVERSITY.sign(diploma_bytes(DIPLOMA)).der()
    assert check_diploma(DIPLOMA, signature, b"\x02" + bytes(31)) is False


def test_check_diploma_accepts_an_uncompressed_key():
    signature = UNIVERSITY.sign(diploma_bytes(DIPLOMA)).der()
    assert check_diploma(DIPLOMA, signature, UNIVERSITY.public_key.sec(compressed=False)) is True
