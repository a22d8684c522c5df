"""Public checks of the evidence-log exercise: the learner sees and runs these."""

from dataclasses import replace

from exercise import (
    LOG_BITS,
    LOG_VERSION,
    NO_PARENT,
    Evidence,
    backdated_heights,
    first_tampered_height,
    next_block,
)

from minichain.hashing import sha256
from minichain.header import BlockHeader

START = 1_578_355_200  # 2020-01-07 00:00:00 UTC
CAPTURES = [
    Evidence("capture-started.log", sha256(b"session 7 opened"), START),
    Evidence("page.html", sha256(b"<html>the article</html>"), START + 30),
    Evidence("screenshot.png", sha256(b"\x89PNG pixels"), START + 45),
    Evidence("capture-ended.log", sha256(b"session 7 closed"), START + 60),
]
BLOCK_TIMES = [START + 600 * (height + 1) for height in range(len(CAPTURES))]


def build_log(captures, times):
    """A log built with minichain's BlockHeader, one block per capture; returns it and its tip."""
    log, prev_hash = [], NO_PARENT
    for evidence, time in zip(captures, times):
        header = BlockHeader(LOG_VERSION, prev_hash, evidence.id(), time, LOG_BITS, 0)
        log.append((header, evidence))
        prev_hash = header.hash()
    return log, prev_hash


def test_next_block_of_the_first_evidence_has_no_parent():
    header = next_block(None, CAPTURES[0], BLOCK_TIMES[0])
    want = BlockHeader(LOG_VERSION, NO_PARENT, CAPTURES[0].id(), BLOCK_TIMES[0], LOG_BITS, 0)
    assert header == want, f"block 0: got {header}, expected {want}"


def test_next_block_links_to_the_previous_header():
    first = next_block(None, CAPTURES[0], BLOCK_TIMES[0])
    second = next_block(first, CAPTURES[1], BLOCK_TIMES[1])
    assert second.prev_hash == first.hash(), "prev_hash must be the previous header's hash()"
    assert second.merkle_root == CAPTURES[1].id(), "merkle_root must be the evidence's id()"
    assert second.timestamp == BLOCK_TIMES[1], "timestamp must be the block's time"


def test_first_tampered_height_of_an_untouched_log_is_none():
    log, tip = build_log(CAPTURES, BLOCK_TIMES)
    got = first_tampered_height(log, tip)
    assert got is None, f"an untouched log was reported tampered at height {got}"


def test_first_tampered_height_finds_swapped_evidence():
    log, tip = build_log(CAPTURES, BLOCK_TIMES)
    header, evidence = log[2]
    log[2] = (header, replace(evidence, file_hash=sha256(b"an edited screenshot")))
    got = first_tampered_height(log, tip)
    assert got == 2, f"the evidence of block 2 was swapped, got {got!r}"


def test_first_tampered_height_finds_a_header_rewritten_to_hide_a_swap():
    log, tip = build_log(CAPTURES, BLOCK_TIMES)
    header, evidence = log[1]
    forged = replace(evidence, file_hash=sha256(b"<html>another article</html>"))
    log[1] = (replace(header, merkle_root=forged.id()), forged)
    got = first_tampered_height(log, tip)
    assert got == 1, f"block 1 was rewritten to match swapped evidence, got {got!r}"


def test_first_tampered_height_keeps_walking_down_past_a_swap():
    log, tip = build_log(CAPTURES, BLOCK_TIMES)
    for height in (3, 1):
        header, evidence = log[height]
        log[height] = (header, replace(evidence, file_hash=sha256(b"swapped")))
    got = first_tampered_height(log, tip)
    assert got == 1, f"the evidence of blocks 3 and 1 was swapped: keep walking down, got {got!r}"


def test_first_tampered_height_finds_a_changed_header():
    log, tip = build_log(CAPTURES, BLOCK_TIMES)
    header, evidence = log[2]
    log[2] = (replace(header, version=LOG_VERSION + 1), evidence)
    got = first_tampered_height(log, tip)
    assert got == 2, f"the header of block 2 was changed, got {got!r}"


def test_backdated_heights_of_an_honest_log_is_empty():
    log, _ = build_log(CAPTURES, BLOCK_TIMES)
    got = backdated_heights(log)
    assert got == [], f"every capture came before its block, got {got!r}"


def test_backdated_heights_finds_evidence_captured_after_its_block():
    late = Evidence("screenshot.png", sha256(b"taken a day later"), BLOCK_TIMES[2] + 86_400)
    log, _ = build_log([*CAPTURES[:2], late, CAPTURES[3]], BLOCK_TIMES)
    got = backdated_heights(log)
    assert got == [2], f"block 2 anchors a capture made a day after the block, got {got!r}"


def test_backdated_heights_allows_a_capture_at_exactly_the_block_time():
    on_time = replace(CAPTURES[0], captured_at=BLOCK_TIMES[0])
    log, _ = build_log([on_time, *CAPTURES[1:]], BLOCK_TIMES)
    got = backdated_heights(log)
    assert got == [], f"a capture at exactly its block's time is not back-dated, got {got!r}"
