"""Public checks of the diploma exercise: the learner sees and runs these."""

import json

from exercise import check_diploma, diploma_bytes, sign_diploma

from minichain.keys import PrivateKey, Signature

UNIVERSITY = PrivateKey.from_seed("minichain university registry")
DIPLOMA = {
    "student": "Li Hua",
    "degree": "Bachelor of Engineering",
    "major": "Computer Science",
    "grade": "first class",
    "awarded": "2020-06-30",
}


def canonical(diploma):
    text = json.dumps(diploma, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return text.encode("utf-8")


def test_diploma_bytes_are_sorted_compact_json():
    got, want = diploma_bytes(DIPLOMA), canonical(DIPLOMA)
    assert got == want, f"got {got!r}, expected {want!r}"


def test_diploma_bytes_do_not_depend_on_field_order():
    reordered = dict(reversed(list(DIPLOMA.items())))
    assert diploma_bytes(reordered) == diploma_bytes(DIPLOMA), "field order changed the bytes"


def test_sign_diploma_gives_a_signature_the_university_key_verifies():
    signature = Signature.parse_der(sign_diploma(UNIVERSITY, DIPLOMA))
    assert UNIVERSITY.public_key.verify(canonical(DIPLOMA), signature), (
        "the signature does not verify against the diploma's canonical bytes"
    )


def test_sign_diploma_is_minichains_deterministic_signature():
    want = UNIVERSITY.sign(canonical(DIPLOMA)).der()
    assert sign_diploma(UNIVERSITY, DIPLOMA) == want, "expected the DER of university.sign(...)"


def test_check_diploma_accepts_the_genuine_diploma():
    signature = UNIVERSITY.sign(canonical(DIPLOMA)).der()
    key = UNIVERSITY.public_key.sec()
    assert check_diploma(DIPLOMA, signature, key) is True, "the genuine diploma was refused"


def test_check_diploma_refuses_an_edited_grade():
    signature = UNIVERSITY.sign(canonical(DIPLOMA)).der()
    edited = {**DIPLOMA, "grade": "distinction"}
    key = UNIVERSITY.public_key.sec()
    assert check_diploma(edited, signature, key) is False, "an edited diploma was accepted"
