"""Hidden checks of the proof-of-work exercise: only the grader runs these."""

import random

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
    """换一个目标值，挖出的区块头同样满足目标值"""
    root = sha256d(b"hidden evidence")
    header = anchor(FORK_POINT, root, 1_600_000_000, 0x1F03FFFF)
    assert meets_target(header) and header.bits == 0x1F03FFFF and header.merkle_root == root
    assert header == mine(BlockHeader(1, FORK_POINT, root, 1_600_000_000, 0x1F03FFFF, 0))


def test_work_to_rewrite_past_the_tip_is_zero_for_three_easy_blocks():
    """三个低难度区块的链，高度等于链长时工作量为零"""
    headers = branch([EASY] * 3, "tip")
    assert work_to_rewrite(headers, 3) == 0


def test_work_to_rewrite_adds_each_blocks_own_work_for_real_blocks():
    """比特币真实区块 100000 与 125552 的工作量"""
    target_100000 = 0x04864C * 256 ** (0x1B - 3)  # bits 0x1b04864c
    target_125552 = 0x44B9F2 * 256 ** (0x1A - 3)  # bits 0x1a44b9f2
    want = 2**256 // (target_100000 + 1) + 2**256 // (target_125552 + 1)
    assert work_to_rewrite([BLOCK_100000, BLOCK_125552], 0) == want
    assert work_to_rewrite([BLOCK_100000, BLOCK_125552], 1) == 2**256 // (target_125552 + 1)


def test_forgery_overtakes_not_on_a_tie_of_one_hard_and_128_easy_blocks():
    """一个高难度区块与 128 个低难度区块工作量相等，不切换"""
    honest = branch([MEDIUM], "honest")  # 256 expected hashes
    forged = branch([EASY] * 128, "forged")  # 128 x 2
    assert forgery_overtakes(honest, forged) is False


def test_forgery_overtakes_with_more_work_by_one_block_more_alike():
    """难度相同时多一个区块的伪造分支胜出"""
    assert forgery_overtakes(branch([MEDIUM] * 3, "honest"), branch([MEDIUM] * 4, "forged"))


def test_forgery_overtakes_not_when_a_header_misses_its_target_at_the_tip():
    """最后一个区块头不满足目标值时不算数"""
    forged = branch([MEDIUM] * 3, "forged")
    last = forged[-1]
    failing = next(n for n in range(last.nonce + 1, 2**32) if not meets_target(last.with_nonce(n)))
    forged[-1] = last.with_nonce(failing)
    assert forgery_overtakes(branch([EASY], "honest"), forged) is False


def test_forgery_overtakes_not_when_headers_do_not_link_at_all():
    """互不相连的区块头不算数"""
    loose = [branch([MEDIUM], f"loose {n}", parent=sha256d(bytes([n])))[0] for n in range(3)]
    assert forgery_overtakes(branch([EASY], "honest"), loose) is False


def test_forgery_overtakes_not_on_a_tie_or_less_with_an_empty_branch():
    """空的伪造分支不能胜出"""
    assert forgery_overtakes(branch([EASY], "honest"), []) is False


def refused(action, error_class):
    try:
        action()
    except error_class as error:
        return error.field
    return None


def outcome(function, value):
    """What ``function(value)`` returns, or the class and field of the error it raises."""
    try:
        return function(value)
    except (TargetError, OutOfRangeError) as error:
        return type(error).__name__, error.field


def test_bits_to_target_of_bitcoins_first_blocks_and_later_ones():
    """比特币后来各区块的难度位对应的目标值"""
    for bits in (0x1B04864C, 0x1A44B9F2, 0x1D00D86A, 0x207FFFFF, 0x1C0168FD):
        assert bits_to_target(bits) == library.bits_to_target(bits), f"{bits:#010x}"
    assert bits_to_target(0x1B04864C) == 0x04864C * 256 ** (0x1B - 3)


def test_bits_to_target_matches_bitcoin_cores_set_compact_against_minichain_at_random():
    """随机难度位的结果与 minichain 一致"""
    chooser = random.Random(256)
    for _trial in range(400):
        size = chooser.choice(
            [0, 1, 2, 3, 4, 5, 0x1D, 0x20, 0x21, 0x22, 0x23, chooser.randrange(256)]
        )
        bits = size << 24 | chooser.randrange(2**24)
        assert outcome(bits_to_target, bits) == outcome(library.bits_to_target, bits), f"{bits:#x}"


def test_bits_to_target_ignores_the_sign_of_a_zero_target_at_any_exponent():
    """任何长度下目标值为零时都不管符号位"""
    for bits in (0x00800000, 0x02800000, 0x03800000, 0x20800000):
        assert bits_to_target(bits) == 0, f"{bits:#010x}"


def test_bits_to_target_refuses_a_negative_target_with_a_large_exponent():
    """长度较大时负目标值同样抛出 TargetError"""
    for bits in (0x1D80FFFF, 0x20FFFFFF):
        assert refused(lambda bits=bits: bits_to_target(bits), TargetError) == "bits"


def test_bits_to_target_refuses_a_target_of_more_than_256_bits_just_past_the_edge():
    """刚好超出 256 位时抛出 TargetError，恰在边界内的照常换算"""
    for bits in (0x21010000, 0x22000100, 0x23000001):
        assert refused(lambda bits=bits: bits_to_target(bits), TargetError) == "bits", hex(bits)
    assert bits_to_target(0x2100FFFF) == 0xFFFF << 240
    assert bits_to_target(0x22000001) == 1 << 248


def test_bits_to_target_refuses_bits_out_of_range_far_away():
    """远超 32 位的难度位抛出 OutOfRangeError"""
    assert refused(lambda: bits_to_target(2**40), OutOfRangeError) == "bits"


def test_target_to_bits_matches_bitcoin_cores_get_compact_against_minichain_at_random():
    """随机目标值的结果与 minichain 一致"""
    chooser = random.Random(32)
    for _trial in range(400):
        target = chooser.randrange(2 ** chooser.randrange(1, 257))
        assert target_to_bits(target) == library.target_to_bits(target), f"{target:#x}"


def test_target_to_bits_never_sets_the_sign_bit_at_any_length():
    """任何长度下尾数都不置位符号位"""
    for target in (0x8000, 0x800000, 0x80 << 200, 0xFF << 248):
        assert target_to_bits(target) == library.target_to_bits(target), f"{target:#x}"


def test_target_to_bits_keeps_three_bytes_of_digits_of_real_targets():
    """比特币真实区块的目标值换算回原来的难度位"""
    for bits in (0x1B04864C, 0x1A44B9F2, 0x1D00D86A):
        assert target_to_bits(library.bits_to_target(bits)) == bits


def test_target_to_bits_refuses_targets_out_of_range_far_away():
    """远超范围的目标值抛出 OutOfRangeError"""
    for target in (-(2**300), 2**300):
        assert refused(lambda t=target: target_to_bits(t), OutOfRangeError) == "target"


def test_anchor_gives_up_after_max_tries_of_zero():
    """max_tries 为 0 时返回 None"""
    assert anchor(FORK_POINT, sha256d(b"none"), 1_600_000_000, 0x207FFFFF, max_tries=0) is None


def test_anchor_refuses_bits_no_hash_can_meet_or_no_target_at_all():
    """目标值为零、为负或超出 256 位的其他难度位抛出 TargetError"""
    for bits in (0x00923456, 0x01003456, 0x23000001, 0x1D80FFFF):
        field = refused(lambda bits=bits: anchor(FORK_POINT, FORK_POINT, 0, bits), TargetError)
        assert field == "bits", hex(bits)


def test_work_to_rewrite_refuses_a_height_off_the_chain_of_no_blocks():
    """空链：高度 0 的工作量为零，高度 1 抛出 OutOfRangeError"""
    assert work_to_rewrite([], 0) == 0
    assert refused(lambda: work_to_rewrite([], 1), OutOfRangeError) == "height"


def test_forgery_overtakes_not_with_bits_that_are_no_target_even_zero():
    """难度位给出目标值 0 的伪造区块不算数"""
    forged = branch([MEDIUM], "forged")
    zero = BlockHeader(1, forged[-1].hash(), sha256d(b"z"), 1_700_000_600, 0x03000000, 0)
    assert forgery_overtakes(branch([EASY], "honest"), [*forged, zero]) is False


def test_network_hashrate_of_bitcoins_first_blocks_and_of_2011():
    """2011 年比特币两个区块之间的全网哈希速度"""
    got = network_hashrate([BLOCK_100000, BLOCK_125552])
    want = block_work(BLOCK_125552.bits) // (BLOCK_125552.timestamp - BLOCK_100000.timestamp)
    assert got == want


def test_network_hashrate_spans_the_earliest_to_the_latest_time_at_random():
    """随机时间戳下也从最早算到最晚"""
    chooser = random.Random(600)
    for _trial in range(20):
        count = chooser.randrange(2, 9)
        headers = [
            BlockHeader(1, bytes(32), bytes(32), chooser.randrange(1000, 9000), bits, 0)
            for bits in chooser.choices([EASY, MEDIUM, 0x1F00FFFF, 0x1D00FFFF], k=count)
        ]
        times = [header.timestamp for header in headers]
        if max(times) == min(times):
            continue
        want = sum(block_work(header.bits) for header in headers[1:]) // (max(times) - min(times))
        assert network_hashrate(headers) == want


def test_network_hashrate_refuses_too_few_headers_or_no_time_even_none():
    """没有区块头时抛出 OutOfRangeError"""
    assert refused(lambda: network_hashrate([]), OutOfRangeError) == "headers"


def period(first_time, last_time, last_bits, length=2016):
    middle = BlockHeader(1, bytes(32), bytes(32), first_time, last_bits, 0)
    last = BlockHeader(1, bytes(32), bytes(32), last_time, last_bits, 0)
    return [middle] * (length - 1) + [last]


def test_next_bits_matches_bitcoin_cores_pow_tests_against_minichain_at_random():
    # Only interval * spacing counts: 20 blocks of 60,480 s expect Bitcoin's two weeks too,
    # so short periods (quick to send) give what retarget computes for Bitcoin's 2,016 blocks.
    """随机周期的难度调整结果与 minichain 一致"""
    chooser = random.Random(2016)
    for _trial in range(40):
        bits = chooser.choice([0x1D00FFFF, 0x1C05A3F4, 0x1B04864C, 0x1A44B9F2, 0x1D00D86A])
        first = chooser.randrange(1_230_000_000, 1_300_000_000)
        last = first + chooser.randrange(-100_000, 6 * 2016 * 600)
        got = next_bits(period(first, last, bits, length=20), interval=20, spacing=60_480)
        assert got == library.retarget(bits, first, last), (hex(bits), first, last)


def test_next_bits_keeps_the_bits_inside_a_period_at_every_height():
    """周期之内每个高度的难度位都保持不变"""
    for length in (1, 2, 100, 2015, 2017):
        assert next_bits(period(0, 10**6, 0x1B04864C, length=length)) == 0x1B04864C, length


def test_next_bits_changes_by_at_most_a_factor_of_4_when_slow():
    """出块过慢时，目标值最多放大到原来的四倍"""
    got = next_bits(period(0, 100 * 2016 * 600, 0x1C05A3F4))
    assert got == library.retarget(0x1C05A3F4, 0, 4 * 2016 * 600)
    assert library.bits_to_target(got) == library.bits_to_target(0x1C05A3F4) * 4


def test_next_bits_never_easier_than_the_pow_limit_of_the_chain():
    """目标值绝不高于链自己的 pow_limit"""
    limit = 2**240 - 1
    got = next_bits(period(0, 400, 0x1F00FFFF, length=10), interval=10, spacing=10, pow_limit=limit)
    assert got == library.target_to_bits(limit)


def test_next_bits_follows_the_chains_own_rules_at_the_second_period():
    """在第二个周期结束时按链自己的规则调整难度"""
    headers = period(0, 0, 0x1F00FFFF, length=10) + period(500, 560, 0x1F00FFFF, length=10)
    got = next_bits(headers, interval=10, spacing=10, pow_limit=2**255)
    assert got == library.retarget(0x1F00FFFF, 500, 560, interval=10, spacing=10, pow_limit=2**255)


def test_next_bits_refuses_impossible_rules_negative_or_too_large():
    """参数为负或过大时抛出指明字段的 OutOfRangeError"""
    headers = period(0, 100, 0x1F00FFFF, length=10)
    for rules, name in (
        ({"interval": -5}, "interval"),
        ({"spacing": -1}, "spacing"),
        ({"pow_limit": 2**256}, "pow_limit"),
    ):
        assert refused(lambda rules=rules: next_bits(headers, **rules), OutOfRangeError) == name


CLASSROOM = ChainParams.classroom()
CLASSROOM_RULES = {
    "interval": CLASSROOM.retarget_interval,
    "spacing": CLASSROOM.target_spacing,
    "pow_limit": CLASSROOM.pow_limit,
}


def classroom_chain(gaps):
    header = BlockHeader(1, bytes(32), bytes(32), 1_650_000_000, CLASSROOM.genesis_bits, 0)
    entry = BlockEntry(header, header.hash(), 0, 0)
    headers = [header]
    for gap in gaps:
        bits = expected_bits(entry, CLASSROOM)
        header = BlockHeader(1, entry.hash, bytes(32), header.timestamp + gap, bits, 0)
        entry = BlockEntry(header, header.hash(), entry.height + 1, 0, entry)
        headers.append(header)
    return headers


def test_first_wrong_bits_of_a_chain_that_follows_the_rule_is_none_at_random():
    """随机出块间隔的合规链返回 None"""
    chooser = random.Random(10)
    for _trial in range(5):
        headers = classroom_chain([chooser.randrange(1, 60) for _ in range(45)])
        assert first_wrong_bits(headers, **CLASSROOM_RULES) is None


def test_first_wrong_bits_finds_old_bits_kept_at_a_retarget_later():
    """找出第二次难度调整时仍沿用旧难度位的区块"""
    headers = classroom_chain([10] * 10 + [2] * 15)
    late = headers[20]
    headers[20] = BlockHeader(1, bytes(32), bytes(32), late.timestamp, headers[19].bits, 0)
    assert first_wrong_bits(headers, **CLASSROOM_RULES) == 20


def test_first_wrong_bits_finds_bits_changed_inside_a_period_on_bitcoin():
    """按比特币的规则找出周期之内改动了难度位的区块"""
    headers = [BLOCK_100000] * 3 + [BLOCK_125552] + [BLOCK_100000]
    assert first_wrong_bits(headers) == 3


def test_first_wrong_bits_passes_the_rules_on_with_another_interval():
    """另一种调整周期和出块间隔的规则也传给 next_bits"""
    params = ChainParams.classroom(retarget_interval=4, target_spacing=30)
    header = BlockHeader(1, bytes(32), bytes(32), 1_650_000_000, params.genesis_bits, 0)
    entry, headers = BlockEntry(header, header.hash(), 0, 0), [header]
    for gap in [5, 90, 200, 3, 30, 30, 30, 30, 1, 1]:
        bits = expected_bits(entry, params)
        header = BlockHeader(1, entry.hash, bytes(32), header.timestamp + gap, bits, 0)
        entry = BlockEntry(header, header.hash(), entry.height + 1, 0, entry)
        headers.append(header)
    rules = {"interval": 4, "spacing": 30, "pow_limit": params.pow_limit}
    assert first_wrong_bits(headers, **rules) is None
    assert first_wrong_bits(headers, **rules, no_retargeting=True) == next(
        height for height in range(1, len(headers)) if headers[height].bits != headers[0].bits
    )
