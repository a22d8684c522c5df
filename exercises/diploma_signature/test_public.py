"""Public checks of the diploma exercise: the learner sees and runs these."""

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


def canonical(diploma):
    """The university's own serialiser, used to play its side below."""
    text = json.dumps(diploma, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return text.encode("utf-8")


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


def test_diploma_bytes_are_sorted_compact_json():
    want = (
        b'{"awarded":"2020-06-30","degree":"Bachelor of Engineering","grade":"first class",'
        b'"major":"Computer Science","student":"Li Hua"}'
    )
    got = diploma_bytes(DIPLOMA)
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


def test_check_diploma_refuses_a_signature_by_someone_else():
    impostor = PrivateKey.from_seed("not the university")
    signature = impostor.sign(canonical(DIPLOMA)).der()
    key = UNIVERSITY.public_key.sec()
    assert check_diploma(DIPLOMA, signature, key) is False, "another key's signature was accepted"


def test_check_diploma_is_false_for_garbled_input():
    signature = UNIVERSITY.sign(canonical(DIPLOMA)).der()
    key = UNIVERSITY.public_key.sec()
    assert check_diploma(DIPLOMA, signature[:-3], key) is False, "a cut signature was accepted"
    assert check_diploma(DIPLOMA, signature, key[:-1]) is False, "a cut key was accepted"


def test_check_receipt_accepts_a_genuine_certificate():
    certificates, _ = issue(CLASS_OF_2020, NEW_KEY, JUL_2020)
    got = reason(check_receipt, certificates[2])
    assert got == "accepted", f"a genuine certificate gave {got}"


def test_check_receipt_reports_an_edited_grade_as_tampered():
    certificates, _ = issue(CLASS_OF_2020, NEW_KEY, JUL_2020)
    genuine = certificates[1]
    edited = replace(genuine, diploma={**genuine.diploma, "grade": "distinction"})
    got = reason(check_receipt, edited)
    assert got == "TamperedDiploma", f"an edited grade gave {got}"


def test_check_receipt_reports_a_proof_moved_to_another_position_as_bad_proof():
    certificates, _ = issue(CLASS_OF_2020, NEW_KEY, JUL_2020)
    genuine = certificates[1]
    moved = MerkleProof(index=0, leaf_count=5, siblings=genuine.proof.siblings)
    got = reason(check_receipt, replace(genuine, proof=moved))
    assert got == "BadProof", f"a proof for another position gave {got}"


def test_verify_diploma_accepts_a_genuine_diploma_and_returns_its_anchor():
    certificates, anchors = issue(CLASS_OF_2020, NEW_KEY, JUL_2020)
    got = verify_diploma(certificates[3], anchors, ISSUER_KEYS, {})
    assert got == anchors[certificates[3].root], f"expected the class's anchor, got {got!r}"


def test_verify_diploma_reports_tampering_first():
    certificates, anchors = issue(CLASS_OF_2020, NEW_KEY, JUL_2020)
    genuine = certificates[0]
    edited = replace(genuine, diploma={**genuine.diploma, "degree": "Doctor of Philosophy"})
    got = reason(verify_diploma, edited, anchors, ISSUER_KEYS, {})
    assert got == "TamperedDiploma", f"an edited degree gave {got}"


def test_verify_diploma_reports_a_root_that_was_never_anchored():
    certificates, _ = issue(CLASS_OF_2020, NEW_KEY, JUL_2020)
    got = reason(verify_diploma, certificates[0], {}, ISSUER_KEYS, {})
    assert got == "RootNotOnChain", f"a class that was never anchored gave {got}"


def test_verify_diploma_reports_a_root_signed_with_a_retired_key():
    certificates, anchors = issue(CLASS_OF_2020, OLD_KEY, JUL_2021)
    got = reason(verify_diploma, certificates[0], anchors, ISSUER_KEYS, {})
    assert got == "KeyNotValidAtTime", f"the 2016 key, used after it was retired, gave {got}"


def test_verify_diploma_reports_a_revoked_diploma():
    certificates, anchors = issue(CLASS_OF_2020, NEW_KEY, JUL_2020)
    revoked = {"2020-0004": "degree withdrawn after a plagiarism finding"}
    assert reason(verify_diploma, certificates[3], anchors, ISSUER_KEYS, revoked) == "accepted"
    got = reason(verify_diploma, certificates[4], anchors, ISSUER_KEYS, revoked)
    assert got == "RevokedDiploma", f"diploma 2020-0004 is revoked, but got {got}"
