"""Hidden checks of the proof-of-work exercise: only the grader runs these."""

from exercise import anchor, forgery_overtakes, work_to_rewrite

from minichain.hashing import sha256d
from minichain.header import BlockHeader
from minichain.pow import meets_target, mine

# Real Bitcoin headers: block 100,000 (December 2010) and block 125,552 (May 2011).
BLOCK_100000 = BlockHeader.from_hex(
    "0100000050120119172a610421a6c3011dd330d9df07b63616c2cc1f1cd00200000000006657a925"
    "2aacd5c0b2940996ecff952228c3067cc38d4885efb5a4ac4247e9f337221b4d4c86041b0f2b5710"
)
BLOCK_125552 = BlockHeader.from_hex(
    "0100000081cd02ab7e569e8bcd9317e2fe99f2de44d49ab2b8851ba4a308000000000000e320b6c2"
    "fffc8d750423db8b1eb942ae710e951ed797f7affc8892b0f1fc122bc7f5d74df2b9441a42a14695"
)
EASY, MEDIUM = 0x207FFFFF, 0x2000FFFF
FORK_POINT = sha256d(b"hidden fork point")


def branch(bits_of_each_block, label, parent=FORK_POINT):
    headers = []
    for position, bits in enumerate(bits_of_each_block):
        root = sha256d(f"{label} {position}".encode())
        header = mine(BlockHeader(1, parent, root, 1_700_000_000 + 600 * position, bits, 0))
        headers.append(header)
        parent = header.hash()
    return headers


def test_anchor_meets_its_own_target_at_another_target():
    root = sha256d(b"hidden evidence")
    header = anchor(FORK_POINT, root, 1_600_000_000, 0x1F03FFFF)
    assert meets_target(header) and header.bits == 0x1F03FFFF and header.merkle_root == root
    assert header == mine(BlockHeader(1, FORK_POINT, root, 1_600_000_000, 0x1F03FFFF, 0))


def test_work_to_rewrite_past_the_tip_is_zero_for_three_easy_blocks():
    headers = branch([EASY] * 3, "tip")
    assert work_to_rewrite(headers, 3) == 0


def test_work_to_rewrite_adds_each_blocks_own_work_for_real_blocks():
    target_100000 = 0x04864C * 256 ** (0x1B - 3)  # bits 0x1b04864c
    target_125552 = 0x44B9F2 * 256 ** (0x1A - 3)  # bits 0x1a44b9f2
    want = 2**256 // (target_100000 + 1) + 2**256 // (target_125552 + 1)
    assert work_to_rewrite([BLOCK_100000, BLOCK_125552], 0) == want
    assert work_to_rewrite([BLOCK_100000, BLOCK_125552], 1) == 2**256 // (target_125552 + 1)


def test_forgery_overtakes_not_on_a_tie_of_one_hard_and_128_easy_blocks():
    honest = branch([MEDIUM], "honest")  # 256 expected hashes
    forged = branch([EASY] * 128, "forged")  # 128 x 2
    assert forgery_overtakes(honest, forged) is False


def test_forgery_overtakes_with_more_work_by_one_block_more_alike():
    assert forgery_overtakes(branch([MEDIUM] * 3, "honest"), branch([MEDIUM] * 4, "forged"))


def test_forgery_overtakes_not_when_a_header_misses_its_target_at_the_tip():
    forged = branch([MEDIUM] * 3, "forged")
    last = forged[-1]
    failing = next(n for n in range(last.nonce + 1, 2**32) if not meets_target(last.with_nonce(n)))
    forged[-1] = last.with_nonce(failing)
    assert forgery_overtakes(branch([EASY], "honest"), forged) is False


def test_forgery_overtakes_not_when_headers_do_not_link_at_all():
    loose = [branch([MEDIUM], f"loose {n}", parent=sha256d(bytes([n])))[0] for n in range(3)]
    assert forgery_overtakes(branch([EASY], "honest"), loose) is False


def test_forgery_overtakes_not_on_a_tie_or_less_with_an_empty_branch():
    assert forgery_overtakes(branch([EASY], "honest"), []) is False
