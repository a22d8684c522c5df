"""Hidden checks of the court-evidence exercise: only the grader runs these."""

from exercise import fingerprint, first_tampered, matches_record

from minichain.hashing import sha256


def chain(records):
    links, previous = [], bytes(32)
    for record in records:
        previous = sha256(previous + sha256(record))
        links.append(previous)
    return links


def test_fingerprint_of_an_empty_file():
    assert fingerprint(b"") == sha256(b"").hex()


def test_fingerprint_of_binary_data():
    data = bytes(range(256)) * 40
    assert fingerprint(data) == sha256(data).hex()


def test_matches_record_accepts_upper_case_hex_with_spaces():
    assert matches_record(b"evidence", "  " + sha256(b"evidence").hex().upper() + "\n") is True


def test_matches_record_is_false_for_a_malformed_receipt():
    assert matches_record(b"evidence", "not a hash") is False
    assert matches_record(b"evidence", "") is False


def test_first_tampered_finds_an_edit_of_the_first_entry():
    records = [b"a", b"b", b"c"]
    links = chain(records)
    assert first_tampered([b"A", b"b", b"c"], links) == 0


def test_first_tampered_reports_a_deleted_last_entry():
    records = [b"a", b"b", b"c"]
    assert first_tampered(records[:2], chain(records)) == 2


def test_first_tampered_reports_an_appended_entry():
    records = [b"a", b"b"]
    assert first_tampered([*records, b"c"], chain(records)) == 2


def test_first_tampered_of_an_empty_log():
    assert first_tampered([], []) is None
