"""Hidden checks of the court-evidence exercise: only the grader runs these."""

from exercise import fingerprint, first_tampered, matches_record

from minichain.hashing import sha256


def chain(records):
    links, previous = [], bytes(32)
    for record in records:
        previous = sha256(previous + sha256(record))
        links.append(previous)
    return links


def test_fingerprint_is_the_sha256_hex_of_the_file_even_when_empty():
    assert fingerprint(b"") == sha256(b"").hex()


def test_fingerprint_is_the_sha256_hex_of_the_file_of_binary_data():
    data = bytes(range(256)) * 40
    assert fingerprint(data) == sha256(data).hex()


def test_matches_record_forgives_upper_case_and_spaces_around_a_newline():
    assert matches_record(b"evidence", "  " + sha256(b"evidence").hex().upper() + "\n") is True


def test_matches_record_is_false_for_a_malformed_receipt_or_an_empty_one():
    assert matches_record(b"evidence", "not a hash") is False
    assert matches_record(b"evidence", "") is False


def test_first_tampered_finds_the_edited_entry_when_it_is_the_first():
    records = [b"a", b"b", b"c"]
    links = chain(records)
    assert first_tampered([b"A", b"b", b"c"], links) == 0


def test_first_tampered_counts_a_missing_or_extra_entry_as_tampered_when_the_last_is_deleted():
    records = [b"a", b"b", b"c"]
    assert first_tampered(records[:2], chain(records)) == 2


def test_first_tampered_counts_a_missing_or_extra_entry_as_tampered_when_one_is_appended():
    records = [b"a", b"b"]
    assert first_tampered([*records, b"c"], chain(records)) == 2


def test_first_tampered_finds_nothing_in_an_untouched_log_even_an_empty_one():
    assert first_tampered([], []) is None
