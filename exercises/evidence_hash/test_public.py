"""Public checks of the court-evidence exercise: the learner sees and runs these."""

from exercise import fingerprint, first_tampered, matches_record

from minichain.hashing import sha256

CONTRACT = b"Licence agreement, page 3: the article may not be republished.\n"


def chain(records):
    """The links of a capture log, computed with the library's sha256."""
    links, previous = [], bytes(32)
    for record in records:
        previous = sha256(previous + sha256(record))
        links.append(previous)
    return links


def test_fingerprint_is_the_sha256_hex_of_the_file():
    got = fingerprint(CONTRACT)
    want = sha256(CONTRACT).hex()
    assert got == want, f"fingerprint(CONTRACT) returned {got!r}, expected {want!r}"


def test_fingerprint_changes_when_one_byte_changes():
    altered = CONTRACT.replace(b"may not", b"may now")
    assert fingerprint(altered) != fingerprint(CONTRACT), "two different files got one fingerprint"


def test_matches_record_accepts_the_untouched_file():
    recorded = sha256(CONTRACT).hex()
    assert matches_record(CONTRACT, recorded) is True, "the untouched file was not accepted"


def test_matches_record_rejects_a_file_with_one_byte_changed():
    recorded = sha256(CONTRACT).hex()
    altered = CONTRACT[:-2] + b"!\n"
    assert matches_record(altered, recorded) is False, "an altered file was accepted"


def test_matches_record_forgives_upper_case_and_spaces():
    recorded = " " + sha256(CONTRACT).hex().upper() + " "
    assert matches_record(CONTRACT, recorded) is True, "a receipt typed in upper case was refused"


def test_matches_record_is_false_for_a_malformed_receipt():
    for recorded in ("12345", "z" * 64):
        got = matches_record(CONTRACT, recorded)
        assert got is False, f"the malformed receipt {recorded!r} gave {got!r}, expected False"


def test_first_tampered_finds_nothing_in_an_untouched_log():
    records = [b"capture started", b"page.html", b"screenshot.png", b"capture ended"]
    got = first_tampered(records, chain(records))
    assert got is None, f"an untouched log was reported tampered at index {got}"


def test_first_tampered_finds_the_edited_entry():
    records = [b"capture started", b"page.html", b"screenshot.png", b"capture ended"]
    links = chain(records)
    records[2] = b"screenshot-edited.png"
    got = first_tampered(records, links)
    assert got == 2, f"entry 2 was edited, got {got!r}"


def test_first_tampered_counts_a_missing_or_extra_entry_as_tampered():
    records = [b"capture started", b"page.html", b"screenshot.png", b"capture ended"]
    links = chain(records)
    got = first_tampered(records[:3], links)
    assert got == 3, f"the last entry was deleted, got {got!r}, expected 3"
