"""Hidden checks of the evidence-log exercise: only the grader runs these."""

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

START = 1_600_000_000
CAPTURES = [
    Evidence(f"file-{number}.bin", sha256(bytes([number]) * 100), START + 7 * number)
    for number in range(6)
]
BLOCK_TIMES = [START + 3600 * (height + 1) for height in range(len(CAPTURES))]


def build_log(captures, times, prev_hash=NO_PARENT):
    log = []
    for evidence, time in zip(captures, times):
        header = BlockHeader(LOG_VERSION, prev_hash, evidence.id(), time, LOG_BITS, 0)
        log.append((header, evidence))
        prev_hash = header.hash()
    return log, prev_hash


def test_next_block_links_to_the_previous_header_over_three_blocks():
    headers = [None]
    for evidence, time in zip(CAPTURES[:3], BLOCK_TIMES):
        headers.append(next_block(headers[-1], evidence, time))
    log, tip = build_log(CAPTURES[:3], BLOCK_TIMES)
    assert headers[1:] == [header for header, _ in log]
    assert headers[-1].hash() == tip


def test_next_block_links_to_the_previous_header_keeping_the_time_given():
    header = next_block(None, CAPTURES[0], 1_234_567_890)
    assert header.timestamp == 1_234_567_890
    assert (header.version, header.bits, header.nonce) == (LOG_VERSION, LOG_BITS, 0)


def test_first_tampered_height_finds_a_changed_header_time():
    log, tip = build_log(CAPTURES, BLOCK_TIMES)
    header, evidence = log[3]
    log[3] = (replace(header, timestamp=header.timestamp - 86_400), evidence)
    assert first_tampered_height(log, tip) == 3


def test_first_tampered_height_finds_a_changed_header_link():
    log, tip = build_log(CAPTURES, BLOCK_TIMES)
    header, evidence = log[4]
    log[4] = (replace(header, prev_hash=sha256(b"another block")), evidence)
    assert first_tampered_height(log, tip) == 4


def test_first_tampered_height_keeps_walking_down_past_a_swap_to_the_lowest():
    log, tip = build_log(CAPTURES, BLOCK_TIMES)
    for height in (4, 1):
        header, evidence = log[height]
        log[height] = (header, replace(evidence, captured_at=evidence.captured_at - 1))
    assert first_tampered_height(log, tip) == 1


def test_first_tampered_height_finds_a_changed_header_and_stops_there():
    log, tip = build_log(CAPTURES, BLOCK_TIMES)
    header, evidence = log[1]
    log[1] = (header, replace(evidence, file_name="other.bin"))
    header, evidence = log[3]
    log[3] = (replace(header, nonce=1), evidence)
    assert first_tampered_height(log, tip) == 3


def test_first_tampered_height_finds_a_changed_header_at_a_rewritten_tip():
    log, tip = build_log(CAPTURES, BLOCK_TIMES)
    forged = replace(CAPTURES[2], file_name="forged.bin")
    rewritten, _ = build_log([forged, *CAPTURES[3:]], BLOCK_TIMES[2:], prev_hash=log[1][0].hash())
    assert first_tampered_height(log[:2] + rewritten, tip) == len(CAPTURES) - 1


def test_first_tampered_height_finds_a_changed_header_against_another_tip():
    log, _ = build_log(CAPTURES, BLOCK_TIMES)
    assert first_tampered_height(log, sha256(b"not this log")) == len(CAPTURES) - 1


def test_first_tampered_height_of_an_untouched_log_is_none_even_empty():
    assert first_tampered_height([], NO_PARENT) is None


def test_backdated_heights_allows_a_capture_at_exactly_the_block_time_anywhere():
    on_time = replace(CAPTURES[0], captured_at=BLOCK_TIMES[0])
    log, _ = build_log([on_time], BLOCK_TIMES)
    assert backdated_heights(log) == []


def test_backdated_heights_finds_evidence_captured_after_its_block_all_in_order():
    late = [replace(capture, captured_at=time + 1) for capture, time in zip(CAPTURES, BLOCK_TIMES)]
    captures = [late[0], CAPTURES[1], late[2], CAPTURES[3], CAPTURES[4], late[5]]
    log, _ = build_log(captures, BLOCK_TIMES)
    assert backdated_heights(log) == [0, 2, 5]


def test_backdated_heights_of_an_honest_log_is_empty_even_an_empty_log():
    assert backdated_heights([]) == []
