"""Public checks of the proof-of-work exercise: the learner sees and runs these."""

from exercise import anchor, forgery_overtakes, work_to_rewrite

from minichain.hashing import sha256d
from minichain.header import BlockHeader
from minichain.pow import bits_to_target, block_work, meets_target, mine

# Bitcoin's first six block headers (heights 0 to 5, January 2009), as every node stores them.
BITCOIN_BLOCKS_0_TO_5 = [
    BlockHeader.from_hex(part1 + part2)
    for part1, part2 in [
        (
            "0100000000000000000000000000000000000000000000000000000000000000000000003ba3edfd",
            "7a7b12b27ac72c3e67768f617fc81bc3888a51323a9fb8aa4b1e5e4a29ab5f49ffff001d1dac2b7c",
        ),
        (
            "010000006fe28c0ab6f1b372c1a6a246ae63f74f931e8365e15a089c68d6190000000000982051fd",
            "1e4ba744bbbe680e1fee14677ba1a3c3540bf7b1cdb606e857233e0e61bc6649ffff001d01e36299",
        ),
        (
            "010000004860eb18bf1b1620e37e9490fc8a427514416fd75159ab86688e9a8300000000d5fdcc54",
            "1e25de1c7a5addedf24858b8bb665c9f36ef744ee42c316022c90f9bb0bc6649ffff001d08d2bd61",
        ),
        (
            "01000000bddd99ccfda39da1b108ce1a5d70038d0a967bacb68b6b63065f626a0000000044f67222",
            "6090d85db9a9f2fbfe5f0f9609b387af7be5b7fbb7a1767c831c9e995dbe6649ffff001d05e0ed6d",
        ),
        (
            "010000004944469562ae1c2c74d9a535e00b6f3e40ffbad4f2fda3895501b582000000007a06ea98",
            "cd40ba2e3288262b28638cec5337c1456aaf5eedc8e9e5a20f062bdf8cc16649ffff001d2bfee0a9",
        ),
        (
            "0100000085144a84488ea88d221c8bd6c059da090e88f8a2c99690ee55dbba4e00000000e11c48fe",
            "cdd9e72510ca84f023370c9a38bf91ac5cae88019bee94d24528526344c36649ffff001d1d03e477",
        ),
    ]
]
# `bitcoin-cli getblockheader` reports chainwork 0x100010001 for block 0: the work of one block
# at bits 0x1d00ffff, the difficulty of all of Bitcoin's first 32,256 blocks.
ONE_BITCOIN_BLOCK_IN_2009 = 0x100010001

EASY, MEDIUM = 0x207FFFFF, 0x2000FFFF  # about 2 and 256 hashes a block: instant to mine
FORK_POINT = sha256d(b"the last block both branches share")


def branch(bits_of_each_block, label):
    """Mined headers, each linked to the one before, starting after FORK_POINT."""
    headers, parent = [], FORK_POINT
    for position, bits in enumerate(bits_of_each_block):
        root = sha256d(f"{label} {position}".encode())
        header = mine(BlockHeader(1, parent, root, 1_600_000_000 + 600 * position, bits, 0))
        headers.append(header)
        parent = header.hash()
    return headers


EVIDENCE_ROOT = sha256d(b"captured web pages, source code and server logs")
PREVIOUS = sha256d(b"the block before the anchor")


def test_anchor_meets_its_own_target():
    header = anchor(PREVIOUS, EVIDENCE_ROOT, 1_530_000_000, 0x1F0FFFFF)
    assert meets_target(header), f"hash {header.hash_hex()} is above the target of bits 0x1f0fffff"


def test_anchor_keeps_the_link_the_root_the_time_and_the_bits():
    header = anchor(PREVIOUS, EVIDENCE_ROOT, 1_530_000_000, 0x1F0FFFFF)
    assert header.version == 1, "the version must be 1"
    assert header.prev_hash == PREVIOUS, "prev_hash must name the block before"
    assert header.merkle_root == EVIDENCE_ROOT, "merkle_root must be the evidence root"
    assert (header.timestamp, header.bits) == (1_530_000_000, 0x1F0FFFFF), (
        f"timestamp and bits must be kept: got {header.timestamp} and {header.bits:#010x}"
    )


def test_anchor_finds_the_smallest_winning_nonce():
    header = anchor(PREVIOUS, EVIDENCE_ROOT, 1_530_000_000, 0x1F0FFFFF)
    target = bits_to_target(0x1F0FFFFF)
    for nonce in range(header.nonce):
        tried = header.with_nonce(nonce)
        assert int.from_bytes(tried.hash(), "little") > target, f"nonce {nonce} already wins"


def test_work_to_rewrite_all_of_bitcoins_first_six_blocks():
    got = work_to_rewrite(BITCOIN_BLOCKS_0_TO_5, 0)
    want = 6 * ONE_BITCOIN_BLOCK_IN_2009  # Bitcoin Core's chainwork of block 5: 0x600060006
    assert got == want, f"got {got}, expected {want}"


def test_work_to_rewrite_from_block_4():
    got = work_to_rewrite(BITCOIN_BLOCKS_0_TO_5, 4)
    assert got == 2 * ONE_BITCOIN_BLOCK_IN_2009, f"blocks 4 and 5: got {got}"


def test_work_to_rewrite_past_the_tip_is_zero():
    got = work_to_rewrite(BITCOIN_BLOCKS_0_TO_5, 6)
    assert got == 0, f"nothing to rewrite after the tip, got {got}"


def test_work_to_rewrite_adds_each_blocks_own_work():
    headers = branch([MEDIUM, EASY, MEDIUM], "mixed")
    got = work_to_rewrite(headers, 1)
    want = block_work(EASY) + block_work(MEDIUM)
    assert got == want, f"blocks 1 and 2 of different difficulty: got {got}, expected {want}"


def test_forgery_overtakes_with_fewer_but_harder_blocks():
    honest = branch([EASY] * 5, "honest")
    forged = branch([MEDIUM], "forged")
    assert forgery_overtakes(honest, forged) is True, "256 expected hashes beat 5 x 2"


def test_forgery_overtakes_not_with_more_but_easier_blocks():
    honest = branch([MEDIUM] * 2, "honest")
    forged = branch([EASY] * 10, "forged")
    assert forgery_overtakes(honest, forged) is False, "10 easy blocks do not beat 2 x 256"


def test_forgery_overtakes_with_more_work():
    honest = branch([EASY] * 2, "honest")
    forged = branch([EASY] * 3, "forged")
    assert forgery_overtakes(honest, forged) is True, "3 x 2 expected hashes beat 2 x 2"


def test_forgery_overtakes_not_on_a_tie():
    honest = branch([MEDIUM], "honest")
    forged = branch([MEDIUM], "forged")
    assert forgery_overtakes(honest, forged) is False, "with equal work the node keeps its branch"


def test_forgery_overtakes_not_when_a_header_misses_its_target():
    forged = branch([MEDIUM] * 2, "forged")
    last = forged[-1]
    failing = next(n for n in range(last.nonce + 1, 2**32) if not meets_target(last.with_nonce(n)))
    forged[-1] = last.with_nonce(failing)
    honest = branch([EASY], "honest")
    assert forgery_overtakes(honest, forged) is False, "a header above its target was counted"


def test_forgery_overtakes_not_when_headers_do_not_link():
    forged = branch([MEDIUM], "first") + branch([MEDIUM], "second")  # both start at FORK_POINT
    honest = branch([EASY], "honest")
    assert forgery_overtakes(honest, forged) is False, "headers that do not link were counted"
