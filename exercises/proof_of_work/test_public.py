"""Public checks of the proof-of-work exercise: the learner sees and runs these."""

from exercise import (
    anchor,
    bits_to_target,
    first_wrong_bits,
    forgery_overtakes,
    network_hashrate,
    next_bits,
    target_to_bits,
    work_to_rewrite,
)

from minichain import pow as library
from minichain.errors import OutOfRangeError, TargetError
from minichain.hashing import sha256d
from minichain.header import BlockHeader
from minichain.headers import BlockEntry, expected_bits
from minichain.params import ChainParams
from minichain.pow import block_work, meets_target, mine

# Bitcoin Core's own cases for compact bits (src/test/arith_uint256_tests.cpp, bignum_SetCompact):
# bits, the target SetCompact makes of them, and the bits GetCompact makes of that target.
CORE_COMPACT = [
    (0x00000000, 0x0, 0x00000000),
    (0x00123456, 0x0, 0x00000000),
    (0x01003456, 0x0, 0x00000000),
    (0x02000056, 0x0, 0x00000000),
    (0x03000000, 0x0, 0x00000000),
    (0x04000000, 0x0, 0x00000000),
    (0x01123456, 0x12, 0x01120000),
    (0x02123456, 0x1234, 0x02123400),
    (0x03123456, 0x123456, 0x03123456),
    (0x04123456, 0x12345600, 0x04123456),
    (0x05009234, 0x92340000, 0x05009234),
    (0x20123456, 0x123456 << 232, 0x20123456),
]
# The same file: a set sign bit on a zero target is no error (fNegative is false) ...
CORE_ZERO_WITH_SIGN = [0x00923456, 0x01803456, 0x02800056, 0x03800000, 0x04800000]
# ... on any other target it is (fNegative), and 0xff123456 overflows 256 bits (fOverflow).
CORE_NEGATIVE = [0x04923456, 0x01FEDCBA]
CORE_OVERFLOW = [0xFF123456]

# Bitcoin Core's retarget cases (src/test/pow_tests.cpp), real main-network blocks: the bits of
# the period's last block, the times of its first and last block, and the bits Core computes.
CORE_RETARGETS = {
    "get_next_work (blocks 30240..32255)": (0x1D00FFFF, 1261130161, 1262152739, 0x1D00D86A),
    "get_next_work_pow_limit (blocks 0..2015)": (0x1D00FFFF, 1231006505, 1233061996, 0x1D00FFFF),
    "get_next_work_lower_limit_actual (66528..68543)": (
        0x1C05A3F4,
        1279008237,
        1279297671,
        0x1C0168FD,
    ),
    "get_next_work_upper_limit_actual": (0x1C387F6F, 1263163443, 1269211443, 0x1D00E1FD),
}
# The real headers of blocks 30240 (the first of Bitcoin's first retarget period), 32255 (the
# last) and 32256 (the first block at the new difficulty).
BITCOIN_RETARGET = {
    30240: BlockHeader.from_hex(
        "01000000e6bf7fd7f7790a63786faa878d0dc7fd8f2ff365732e45862c66075100000000700d342f"
        "65c7b6834dffb615358a1897016f0448913372190cbe3d27a4b53355b1512b4bffff001dbfb02519"
    ),
    32255: BlockHeader.from_hex(
        "0100000049c1daab3b6536ff1b2633c3a316a6e06ec287676cdeec4ca7baae6b00000000ac10b36b"
        "8f354b3353207de15940a5edbc05bb8364af75b4b5409e7823f2b48923ec3a4bffff001dbd5fa412"
    ),
    32256: BlockHeader.from_hex(
        "010000004b0360d834a330ec7833e30e1f523ee05a0793361e29a73421964f980000000027b64a02"
        "0af294e903feed93768705336a20090612a043f47af462a2f5e5b564f8ee3a4b6ad8001dd3a43707"
    ),
}

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
    """挖出的区块头满足它自己难度位的目标值"""
    header = anchor(PREVIOUS, EVIDENCE_ROOT, 1_530_000_000, 0x1F0FFFFF)
    assert meets_target(header), f"hash {header.hash_hex()} is above the target of bits 0x1f0fffff"


def test_anchor_keeps_the_link_the_root_the_time_and_the_bits():
    """区块头保留版本号、前一区块哈希、证据的默克尔根、时间戳和难度位"""
    header = anchor(PREVIOUS, EVIDENCE_ROOT, 1_530_000_000, 0x1F0FFFFF)
    assert header.version == 1, "the version must be 1"
    assert header.prev_hash == PREVIOUS, "prev_hash must name the block before"
    assert header.merkle_root == EVIDENCE_ROOT, "merkle_root must be the evidence root"
    assert (header.timestamp, header.bits) == (1_530_000_000, 0x1F0FFFFF), (
        f"timestamp and bits must be kept: got {header.timestamp} and {header.bits:#010x}"
    )


def test_anchor_finds_the_smallest_winning_nonce():
    """找到的是满足目标值的最小随机数"""
    header = anchor(PREVIOUS, EVIDENCE_ROOT, 1_530_000_000, 0x1F0FFFFF)
    target = bits_to_target(0x1F0FFFFF)
    for nonce in range(header.nonce):
        tried = header.with_nonce(nonce)
        assert int.from_bytes(tried.hash(), "little") > target, f"nonce {nonce} already wins"


def test_work_to_rewrite_all_of_bitcoins_first_six_blocks():
    """改写比特币前六个区块所需的工作量"""
    got = work_to_rewrite(BITCOIN_BLOCKS_0_TO_5, 0)
    want = 6 * ONE_BITCOIN_BLOCK_IN_2009  # Bitcoin Core's chainwork of block 5: 0x600060006
    assert got == want, f"got {got}, expected {want}"


def test_work_to_rewrite_from_block_4():
    """从区块 4 起改写，只重做区块 4 和 5 的工作量"""
    got = work_to_rewrite(BITCOIN_BLOCKS_0_TO_5, 4)
    assert got == 2 * ONE_BITCOIN_BLOCK_IN_2009, f"blocks 4 and 5: got {got}"


def test_work_to_rewrite_past_the_tip_is_zero():
    """高度等于链长时没有要重做的工作量"""
    got = work_to_rewrite(BITCOIN_BLOCKS_0_TO_5, 6)
    assert got == 0, f"nothing to rewrite after the tip, got {got}"


def test_work_to_rewrite_adds_each_blocks_own_work():
    """按各区块自己的难度位累加工作量"""
    headers = branch([MEDIUM, EASY, MEDIUM], "mixed")
    got = work_to_rewrite(headers, 1)
    want = block_work(EASY) + block_work(MEDIUM)
    assert got == want, f"blocks 1 and 2 of different difficulty: got {got}, expected {want}"


def test_forgery_overtakes_with_fewer_but_harder_blocks():
    """区块更少但难度更高的伪造分支胜出"""
    honest = branch([EASY] * 5, "honest")
    forged = branch([MEDIUM], "forged")
    assert forgery_overtakes(honest, forged) is True, "256 expected hashes beat 5 x 2"


def test_forgery_overtakes_not_with_more_but_easier_blocks():
    """区块更多但难度更低的伪造分支不能胜出"""
    honest = branch([MEDIUM] * 2, "honest")
    forged = branch([EASY] * 10, "forged")
    assert forgery_overtakes(honest, forged) is False, "10 easy blocks do not beat 2 x 256"


def test_forgery_overtakes_with_more_work():
    """难度相同、工作量更多的伪造分支胜出"""
    honest = branch([EASY] * 2, "honest")
    forged = branch([EASY] * 3, "forged")
    assert forgery_overtakes(honest, forged) is True, "3 x 2 expected hashes beat 2 x 2"


def test_forgery_overtakes_not_on_a_tie():
    """工作量相等时节点保留原来的分支"""
    honest = branch([MEDIUM], "honest")
    forged = branch([MEDIUM], "forged")
    assert forgery_overtakes(honest, forged) is False, "with equal work the node keeps its branch"


def test_forgery_overtakes_not_when_a_header_misses_its_target():
    """有区块头的哈希不满足目标值时，伪造分支不算数"""
    forged = branch([MEDIUM] * 2, "forged")
    last = forged[-1]
    failing = next(n for n in range(last.nonce + 1, 2**32) if not meets_target(last.with_nonce(n)))
    forged[-1] = last.with_nonce(failing)
    honest = branch([EASY], "honest")
    assert forgery_overtakes(honest, forged) is False, "a header above its target was counted"


def test_forgery_overtakes_not_when_headers_do_not_link():
    """伪造的区块头首尾不相连时不算数"""
    forged = branch([MEDIUM], "first") + branch([MEDIUM], "second")  # both start at FORK_POINT
    honest = branch([EASY], "honest")
    assert forgery_overtakes(honest, forged) is False, "headers that do not link were counted"


def refused(action, error_class):
    """The field named by the ``error_class`` that ``action()`` raises, or None."""
    try:
        action()
    except error_class as error:
        return error.field
    return None


def test_bits_to_target_of_bitcoins_first_blocks():
    """比特币早期区块的难度位 0x1d00ffff 对应的目标值"""
    got = bits_to_target(0x1D00FFFF)
    assert got == 0xFFFF << 208, f"bits 0x1d00ffff: 0x00ffff * 256**(0x1d - 3), got {got:#x}"


def test_bits_to_target_matches_bitcoin_cores_set_compact():
    """与比特币核心的 SetCompact 结果一致"""
    for bits, target, _ in CORE_COMPACT:
        got = bits_to_target(bits)
        assert got == target, f"bits {bits:#010x}: got {got:#x}, Bitcoin Core makes {target:#x}"


def test_bits_to_target_ignores_the_sign_of_a_zero_target():
    """目标值为零时不管符号位"""
    for bits in CORE_ZERO_WITH_SIGN:
        got = bits_to_target(bits)
        assert got == 0, f"bits {bits:#010x}: the mantissa's digits are shifted out, got {got:#x}"


def test_bits_to_target_refuses_a_negative_target():
    """符号位被置位的负目标值抛出 TargetError"""
    for bits in CORE_NEGATIVE:
        field = refused(lambda bits=bits: bits_to_target(bits), TargetError)
        assert field == "bits", f"bits {bits:#010x} set the sign bit: expected TargetError"


def test_bits_to_target_refuses_a_target_of_more_than_256_bits():
    """超出 256 位的目标值抛出 TargetError"""
    for bits in CORE_OVERFLOW:
        field = refused(lambda bits=bits: bits_to_target(bits), TargetError)
        assert field == "bits", f"bits {bits:#010x} overflow 256 bits: expected TargetError"


def test_bits_to_target_refuses_bits_out_of_range():
    """难度位超出 32 位范围时抛出 OutOfRangeError"""
    for bits in (-1, 2**32):
        field = refused(lambda bits=bits: bits_to_target(bits), OutOfRangeError)
        assert field == "bits", f"bits={bits}: expected OutOfRangeError naming 'bits'"


def test_target_to_bits_matches_bitcoin_cores_get_compact():
    """与比特币核心的 GetCompact 结果一致"""
    for _, target, bits in CORE_COMPACT:
        got = target_to_bits(target)
        assert got == bits, f"target {target:#x}: got {got:#010x}, Bitcoin Core makes {bits:#010x}"


def test_target_to_bits_never_sets_the_sign_bit():
    """尾数绝不置位符号位：0x80 写成 0x02008000"""
    got = target_to_bits(0x80)
    assert got == 0x02008000, f"0x80 as 0x01800000 would be negative: got {got:#010x}"


def test_target_to_bits_keeps_three_bytes_of_digits():
    """只保留目标值最高的三个字节"""
    target = 0x123456789ABC
    got = target_to_bits(target)
    assert got == 0x06123456, f"6 bytes long, digits 12 34 56 kept, got {got:#010x}"


def test_target_to_bits_refuses_targets_out_of_range():
    """目标值超出 0 .. 2**256 - 1 时抛出 OutOfRangeError"""
    for target in (-1, 2**256):
        field = refused(lambda target=target: target_to_bits(target), OutOfRangeError)
        assert field == "target", f"target={target}: expected OutOfRangeError naming 'target'"


def test_anchor_gives_up_after_max_tries():
    """试满 max_tries 个随机数仍无结果时返回 None"""
    header = anchor(PREVIOUS, EVIDENCE_ROOT, 1_530_000_000, 0x1D00FFFF, max_tries=300)
    assert header is None, "at Bitcoin's easiest target 300 tries almost never win"
    want = mine(BlockHeader(1, PREVIOUS, EVIDENCE_ROOT, 1_530_000_000, 0x1F0FFFFF, 0))
    got = anchor(PREVIOUS, EVIDENCE_ROOT, 1_530_000_000, 0x1F0FFFFF, max_tries=want.nonce + 1)
    assert got == want, f"nonce {want.nonce} is try number {want.nonce + 1}: got {got}"


def test_anchor_refuses_bits_no_hash_can_meet():
    """目标值为零、为负或超出 256 位时抛出 TargetError"""
    for bits in (0x03000000, 0x04923456, 0xFF123456):  # zero, negative, more than 256 bits
        field = refused(lambda bits=bits: anchor(PREVIOUS, EVIDENCE_ROOT, 0, bits), TargetError)
        assert field == "bits", f"bits {bits:#010x}: no hash can meet it, expected TargetError"


def test_work_to_rewrite_refuses_a_height_off_the_chain():
    """高度不在链上时抛出 OutOfRangeError"""
    for height in (-1, 7):
        field = refused(lambda h=height: work_to_rewrite(BITCOIN_BLOCKS_0_TO_5, h), OutOfRangeError)
        assert field == "height", f"height {height} of 6 blocks: expected OutOfRangeError"


def test_forgery_overtakes_not_with_bits_that_are_no_target():
    """难度位给不出有效目标值的伪造区块不算数"""
    forged = branch([MEDIUM, MEDIUM], "forged")
    bad = BlockHeader(1, forged[-1].hash(), sha256d(b"x"), 1_600_001_200, 0x04923456, 0)
    honest = branch([EASY], "honest")
    assert forgery_overtakes(honest, [*forged, bad]) is False, "negative bits were counted"


def test_network_hashrate_of_bitcoins_first_blocks():
    """比特币前几个区块的全网哈希速度"""
    got = network_hashrate(BITCOIN_BLOCKS_0_TO_5)
    times = [header.timestamp for header in BITCOIN_BLOCKS_0_TO_5]
    want = 5 * ONE_BITCOIN_BLOCK_IN_2009 // (max(times) - min(times))
    assert got == want, f"5 blocks' work over {max(times) - min(times)} s: got {got}, want {want}"


def test_network_hashrate_spans_the_earliest_to_the_latest_time():
    """时间跨度从最早的时间戳算到最晚的时间戳"""
    headers = branch([EASY, MEDIUM, MEDIUM], "clock")
    times = [2_000, 1_400, 2_600]  # the second block claims a time before the first
    headers = [BlockHeader(1, bytes(32), bytes(32), t, h.bits, 0) for h, t in zip(headers, times)]
    got = network_hashrate(headers)
    assert got == 2 * block_work(MEDIUM) // 1_200, f"got {got}"


def test_network_hashrate_refuses_too_few_headers_or_no_time():
    """区块头少于两个或时间跨度为零时抛出 OutOfRangeError"""
    for headers in (BITCOIN_BLOCKS_0_TO_5[:1], [BITCOIN_BLOCKS_0_TO_5[1]] * 3):
        field = refused(lambda headers=headers: network_hashrate(headers), OutOfRangeError)
        assert field == "headers", f"{len(headers)} header(s): expected OutOfRangeError"


def period(first_time, last_time, last_bits, length=2016):
    """``length`` headers whose first and last carry these times; next_bits reads only those."""
    middle = BlockHeader(1, bytes(32), bytes(32), first_time, last_bits, 0)
    last = BlockHeader(1, bytes(32), bytes(32), last_time, last_bits, 0)
    return [middle] * (length - 1) + [last]


def test_next_bits_matches_bitcoin_cores_pow_tests():
    """与比特币核心 pow_tests.cpp 的难度调整结果一致"""
    for name, (bits, first_time, last_time, want) in CORE_RETARGETS.items():
        got = next_bits(period(first_time, last_time, bits))
        assert got == want, f"{name}: got {got:#010x}, Bitcoin Core computes {want:#010x}"


def test_next_bits_of_bitcoins_first_retarget():
    """比特币在区块 32,256 的第一次难度调整"""
    headers = period(0, 0, 0x1D00FFFF)
    headers[0], headers[-1] = BITCOIN_RETARGET[30240], BITCOIN_RETARGET[32255]
    got = next_bits(headers)
    want = BITCOIN_RETARGET[32256].bits
    assert got == want, f"block 32256 carries {want:#010x}, got {got:#010x}"


def test_next_bits_keeps_the_bits_inside_a_period():
    """周期之内难度位保持不变"""
    headers = period(1_000, 1_000_000, 0x1C05A3F4, length=2015)
    got = next_bits(headers)
    assert got == 0x1C05A3F4, f"height 2015 is inside the first period, got {got:#010x}"


def test_next_bits_changes_by_at_most_a_factor_of_4():
    """出块过快时，目标值最多缩小到原来的四分之一"""
    quick = next_bits(period(0, 1, 0x1C05A3F4))  # two weeks of blocks in one second
    assert quick == 0x1C0168FD, f"a quarter of the target at most, got {quick:#010x}"


def test_next_bits_never_easier_than_the_pow_limit():
    """目标值绝不高于 pow_limit"""
    got = next_bits(period(0, 10 * 2016 * 600, 0x1D00FFFF))
    assert got == 0x1D00FFFF, f"already at the pow limit, got {got:#010x}"


def test_next_bits_follows_the_chains_own_rules():
    """遵循链自己的周期、出块间隔和 no_retargeting"""
    headers = period(0, 10 * 10, 0x1F00FFFF, length=10)
    rules = {"interval": 10, "spacing": 10, "pow_limit": 2**255}
    assert next_bits(headers, **rules) == 0x1F00FFFF, "10 blocks of 10 s took 100 s: no change"
    got = next_bits(headers, **rules, no_retargeting=True)
    assert got == 0x1F00FFFF, f"without retargeting the bits never change, got {got:#010x}"
    faster = period(0, 50, 0x1F00FFFF, length=10)
    assert next_bits(faster, **rules, no_retargeting=True) == 0x1F00FFFF, "no retargeting"
    assert next_bits(faster, **rules) == library.retarget(
        0x1F00FFFF, 0, 50, interval=10, spacing=10, pow_limit=2**255
    ), "half the time: half the target"


def test_next_bits_refuses_impossible_rules():
    """不可能的输入抛出指明字段的 OutOfRangeError"""
    headers = period(0, 100, 0x1F00FFFF, length=10)
    cases = [([], {}, "headers"), (headers, {"interval": 0}, "interval")]
    cases += [(headers, {"spacing": 0}, "spacing"), (headers, {"pow_limit": 0}, "pow_limit")]
    for given, rules, name in cases:
        field = refused(lambda: next_bits(given, **rules), OutOfRangeError)  # noqa: B023
        assert field == name, f"{rules or 'no headers'}: expected OutOfRangeError naming {name!r}"


CLASSROOM = ChainParams.classroom()  # a retarget every 10 blocks of 10 seconds
CLASSROOM_RULES = {
    "interval": CLASSROOM.retarget_interval,
    "spacing": CLASSROOM.target_spacing,
    "pow_limit": CLASSROOM.pow_limit,
}


def classroom_chain(gaps):
    """Headers (not mined: only bits and times matter here) carrying the bits minichain expects."""
    header = BlockHeader(1, bytes(32), bytes(32), 1_600_000_000, CLASSROOM.genesis_bits, 0)
    entry = BlockEntry(header, header.hash(), 0, 0)
    headers = [header]
    for gap in gaps:
        bits = expected_bits(entry, CLASSROOM)
        header = BlockHeader(1, entry.hash, bytes(32), header.timestamp + gap, bits, 0)
        entry = BlockEntry(header, header.hash(), entry.height + 1, 0, entry)
        headers.append(header)
    return headers


def test_first_wrong_bits_of_a_chain_that_follows_the_rule_is_none():
    """每个区块的难度位都符合规则时返回 None"""
    headers = classroom_chain([4] * 12 + [30] * 10 + [1] * 10)
    got = first_wrong_bits(headers, **CLASSROOM_RULES)
    assert got is None, f"these bits are the ones minichain's rule expects, got {got}"


def test_first_wrong_bits_finds_old_bits_kept_at_a_retarget():
    """找出难度调整时仍沿用旧难度位的区块"""
    headers = classroom_chain([4] * 12)
    headers[10] = BlockHeader(1, bytes(32), bytes(32), headers[10].timestamp, headers[9].bits, 0)
    got = first_wrong_bits(headers, **CLASSROOM_RULES)
    assert got == 10, f"blocks came fast: height 10 must carry a harder target, got {got}"


def test_first_wrong_bits_finds_bits_changed_inside_a_period():
    """找出周期之内改动了难度位的区块"""
    headers = classroom_chain([10] * 8)
    headers[5] = BlockHeader(1, bytes(32), bytes(32), headers[5].timestamp, 0x1E0FFFFF, 0)
    got = first_wrong_bits(headers, **CLASSROOM_RULES)
    assert got == 5, f"the difficulty changes only at multiples of 10, got {got}"


def test_first_wrong_bits_passes_the_rules_on():
    """把链的规则（含 no_retargeting）传给 next_bits"""
    headers = classroom_chain([4] * 12)
    same = [BlockHeader(1, bytes(32), bytes(32), h.timestamp, headers[0].bits, 0) for h in headers]
    rules = {**CLASSROOM_RULES, "no_retargeting": True}
    assert first_wrong_bits(same, **rules) is None, "without retargeting the bits never change"
    assert first_wrong_bits(headers, **rules) == 10, "without retargeting height 10 is wrong"
    assert first_wrong_bits(same, **CLASSROOM_RULES) == 10, "with it, height 10 must change"
