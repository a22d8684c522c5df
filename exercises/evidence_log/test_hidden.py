"""Hidden checks of the evidence-log exercise: only the grader runs these.

Each check's name is its title in English (as words) and its one-line docstring its
title in Simplified Chinese, shown only where a failing hidden check's name is shown
(exercises/README.md).
"""

import random
from dataclasses import replace

from exercise import (
    LOG_BITS,
    LOG_VERSION,
    NO_PARENT,
    Evidence,
    backdated_heights,
    first_bad_header,
    first_tampered_height,
    header_bytes,
    header_fields,
    next_block,
)

from minichain.errors import EncodingError, OutOfRangeError, ProofOfWorkError, TargetError
from minichain.hashing import sha256, sha256d
from minichain.header import BlockHeader
from minichain.headers import BlockEntry, median_time_past
from minichain.pow import BITCOIN_POW_LIMIT, REGTEST_POW_LIMIT, mine, validate_pow

# Bitcoin's blocks 180 to 197 (January 2009), raw, in hex.
BITCOIN_180_TO_197 = [
    bytes.fromhex(text)
    for text in (
        "0100000070e12562bd8d2d8b2c1d298fbaa3bc4f005b4c41692850276b5aabc0000000004f1d6988"
        "f3aed27c24bcdd92ed9296afb0d58073f77da34caa8cc83718fe8cbd3cda6a49ffff001d13bfb72f",  # 180
        "01000000f2c8a8d2af43a9cd05142654e56f41d159ce0274d9cabe15a20eefb500000000366c2a09"
        "15f05db4b450c050ce7165acd55f823fee51430a8c993e0bdbb192ede5dc6a49ffff001d192d3f2f",  # 181
        "01000000e5c6af65c46bd826723a83c1c29d9efa189320458dc5298a0c8655dc0000000030c2a0d3"
        "4bfb4a10d35e8166e0f5a37bce02fc1b85ff983739a191197f010f2f40df6a49ffff001d2ce7ac9e",  # 182
        "010000005dad27b228dac0272b484c390c32d95aaa38e75ba9f74ffc1178485400000000292571e0"
        "3a414e493790a4bc212dac24d5d6cd5655cbefb4404dd8513b9825df6ee46a49ffff001d13fdd3c0",  # 183
        "010000008898a2630f7fe0b924cf5b986c8a8da2b2959a2d6faf8b033f516ef400000000bf20f3ca"
        "28996db0f2f884ef15a03ff53ba6ad5669ed4e14c861d5dd56a16172e5e76a49ffff001d2e11190a",  # 184
        "0100000046240a842144b1583595716102ffc02afede6696ee0f763c4e2f86ff00000000eedc47af"
        "fffe3a58b9e90e1b82013b695a1ee4db3b40f0a5cf00e092cb41df315aea6a49ffff001d1b7d5c80",  # 185
        "01000000ef73923157421b892f07214e80eebf6b0a9503f8e6673bf6f38d4be2000000002f7c7b0c"
        "58bd33eef2b77ffd707cc44cdaa2524af9606d29cd03649d3491cb21b5ea6a49ffff001db033dd00",  # 186
        "01000000bed482ccb42bf5c20d00a5bb9f7d688e97b94c622a7f42f3aaf23f8b000000001cafcb3e"
        "4cad2b4eed7fb7fcb7e49887d740d66082eb45981194c532b58d475258ee6a49ffff001d1bc0e232",  # 187
        "010000005d496e62546b36558c139bd429d277bd00f3ec379888169115e2cdb200000000375bd2a0"
        "ab09dd7911c8bedf47834babd51a929d7226d8cd1908f47c0a496d3aa9ef6a49ffff001d197c3bd9",  # 188
        "0100000093f117e1d73ee60eb67360d3be4243c14e5f40b8cba7f389b30d949a000000005e6f2b29"
        "966c399124c09a17e7922e17491bdc20d877a05ec5193c5965696c5fa5f06a49ffff001d26aab366",  # 189
        "010000007829db45b94dc80ce11ec51d05710cbeacaac839c3560cc1cc0db38b00000000352f966d"
        "224cbdbe797d75831458c63e93019acd98e2f704f47171d9b54c7503ddf16a49ffff001d05d324e3",  # 190
        "0100000035158869187e847cda0d32280015060f87141c57f4d63f2c59c3317d00000000b1ad99b3"
        "de17d2b87f6234843deb5a49454bc889498d24e3cac05052c15000ebfef16a49ffff001d25bbd0b0",  # 191
        "01000000ab3249dbb0ec7a1ecf9383cfcf20e89acebc9124313f3f4f61f30b5200000000bd444a22"
        "5b8474cc205ab13fcad732afd5967fb54814696b638f07d4a63d29165cf86a49ffff001d1f9afafd",  # 192
        "01000000360bc1a14a967fd75d7ff6fbf412f40e25efb6ed5ddc174f10a6350a000000006459a7a1"
        "8e345d1297ad46328d519f5321607f4f68842eea6338443c2c0e47107ff96a49ffff001d1b1cc7ee",  # 193
        "0100000096960b9108d868524f9e5dc8445420694699b4964a9143c5becc3c83000000002914dd36"
        "68b3b9a3b8be41abd4b19891326376ff0bbf6cb267586d43f5d1eda704fb6a49ffff001d35fdbf82",  # 194
        "01000000e73ec9fc17a74e1bf3cc13b864f43aebb3cc38688ead29beb70b689500000000df44c7db"
        "330d4f72049206aec20ba3ba0bc40fe8ef869f6424f20ee13d3e204969006b49ffff001d31626c7b",  # 195
        "01000000fec8cfb1d8ec7924ec65f74c4e3cff4cbb43f6ec639c5c9dae97b968000000002192402c"
        "287b8d63b6f417d5285e42405727c06d7f217251c8328c2821353c3f9e036b49ffff001d32f91830",  # 196
        "0100000010e3bf77a047b400f882ebc26190c347074a6b5a7aee8fd67761209100000000cb2d57f5"
        "24b9dbcc51a990a86fc9c07943066324a6cf4c2ae873b4698d23987a90086b49ffff001d25e04f95",  # 197
    )
]
# The last block of Bitcoin's first difficulty period and the first block at the new target.
BITCOIN_32255_32256 = {
    32255: "0100000049c1daab3b6536ff1b2633c3a316a6e06ec287676cdeec4ca7baae6b00000000ac10b36b"
    "8f354b3353207de15940a5edbc05bb8364af75b4b5409e7823f2b48923ec3a4bffff001dbd5fa412",
    32256: "010000004b0360d834a330ec7833e30e1f523ee05a0793361e29a73421964f980000000027b64a02"
    "0af294e903feed93768705336a20090612a043f47af462a2f5e5b564f8ee3a4b6ad8001dd3a43707",
}
BLOCK_125552_FIELDS = {  # the Bitcoin wiki's "Block hashing algorithm" example
    "hash": "00000000000000001e8d6829a8a21adc5d38d0a473b144b6765798e61f98bd1d",
    "version": 1,
    "previousblockhash": "00000000000008a3a41b85b8b29ad444def299fee21793cd8b9e567eab02cd81",
    "merkleroot": "2b12fcf1b09288fcaff797d71e950e71ae42b91e8bdb2304758dfcffc2b620e3",
    "time": 1305998791,
    "bits": "1a44b9f2",
    "nonce": 2504433986,
}
TESTNET_VERSION_BITS_FIELDS = {  # a testnet3 block of 2017 signalling with version bits
    "hash": "0000000000000451fa80fcdb243b84c35eaae215a85a8faa880559e8239e6f20",
    "version": 0x20000000,
    "previousblockhash": "000000000000010466f487e7d9c7557fda40b79852b00bee762505f5175f4cd0",
    "merkleroot": "4297fb95a0168b959d1469410c7527da5d6243d99699e7d041b7f3916ba93301",
    "time": 1504242100,
    "bits": "1a06ca16",
    "nonce": 3633478730,
}

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
    """连续三个区块都链接到前一个区块头"""
    headers = [None]
    for evidence, time in zip(CAPTURES[:3], BLOCK_TIMES):
        headers.append(next_block(headers[-1], evidence, time))
    log, tip = build_log(CAPTURES[:3], BLOCK_TIMES)
    assert headers[1:] == [header for header, _ in log]
    assert headers[-1].hash() == tip


def test_next_block_links_to_the_previous_header_keeping_the_time_given():
    """链接到前一个区块头，并保留给定的时间"""
    header = next_block(None, CAPTURES[0], 1_234_567_890)
    assert header.timestamp == 1_234_567_890
    assert (header.version, header.bits, header.nonce) == (LOG_VERSION, LOG_BITS, 0)


def test_first_tampered_height_finds_a_changed_header_time():
    """找出时间被改动的区块头"""
    log, tip = build_log(CAPTURES, BLOCK_TIMES)
    header, evidence = log[3]
    log[3] = (replace(header, timestamp=header.timestamp - 86_400), evidence)
    assert first_tampered_height(log, tip) == 3


def test_first_tampered_height_finds_a_changed_header_link():
    """找出链接被改动的区块头"""
    log, tip = build_log(CAPTURES, BLOCK_TIMES)
    header, evidence = log[4]
    log[4] = (replace(header, prev_hash=sha256(b"another block")), evidence)
    assert first_tampered_height(log, tip) == 4


def test_first_tampered_height_keeps_walking_down_past_a_swap_to_the_lowest():
    """发现调包后继续向下，返回最低的高度"""
    log, tip = build_log(CAPTURES, BLOCK_TIMES)
    for height in (4, 1):
        header, evidence = log[height]
        log[height] = (header, replace(evidence, captured_at=evidence.captured_at - 1))
    assert first_tampered_height(log, tip) == 1


def test_first_tampered_height_finds_a_changed_header_and_stops_there():
    """找到被改动的区块头就此停下"""
    log, tip = build_log(CAPTURES, BLOCK_TIMES)
    header, evidence = log[1]
    log[1] = (header, replace(evidence, file_name="other.bin"))
    header, evidence = log[3]
    log[3] = (replace(header, nonce=1), evidence)
    assert first_tampered_height(log, tip) == 3


def test_first_tampered_height_finds_a_changed_header_at_a_rewritten_tip():
    """上层被整段改写时，在最新区块处发现"""
    log, tip = build_log(CAPTURES, BLOCK_TIMES)
    forged = replace(CAPTURES[2], file_name="forged.bin")
    rewritten, _ = build_log([forged, *CAPTURES[3:]], BLOCK_TIMES[2:], prev_hash=log[1][0].hash())
    assert first_tampered_height(log[:2] + rewritten, tip) == len(CAPTURES) - 1


def test_first_tampered_height_finds_a_changed_header_against_another_tip():
    """公布的最新哈希值不符时，返回最新区块的高度"""
    log, _ = build_log(CAPTURES, BLOCK_TIMES)
    assert first_tampered_height(log, sha256(b"not this log")) == len(CAPTURES) - 1


def test_first_tampered_height_of_an_untouched_log_is_none_even_empty():
    """空日志也返回 None"""
    assert first_tampered_height([], NO_PARENT) is None


def test_backdated_heights_allows_a_capture_at_exactly_the_block_time_anywhere():
    """任何高度上，采集时间等于区块时间都不算倒签"""
    on_time = replace(CAPTURES[0], captured_at=BLOCK_TIMES[0])
    log, _ = build_log([on_time], BLOCK_TIMES)
    assert backdated_heights(log) == []


def test_backdated_heights_finds_evidence_captured_after_its_block_all_in_order():
    """按高度从低到高列出所有倒签时间的区块"""
    late = [replace(capture, captured_at=time + 1) for capture, time in zip(CAPTURES, BLOCK_TIMES)]
    captures = [late[0], CAPTURES[1], late[2], CAPTURES[3], CAPTURES[4], late[5]]
    log, _ = build_log(captures, BLOCK_TIMES)
    assert backdated_heights(log) == [0, 2, 5]


def test_backdated_heights_of_an_honest_log_is_empty_even_an_empty_log():
    """空日志中也没有倒签时间的证据"""
    assert backdated_heights([]) == []


def without_hash(fields):
    return {name: value for name, value in fields.items() if name != "hash"}


def refused(action, error_class):
    try:
        action()
    except error_class as error:
        return error.field
    return None


def library_bytes(fields):
    """minichain's own serialisation of ``fields``."""
    return BlockHeader(
        fields["version"],
        bytes.fromhex(fields.get("previousblockhash", "00" * 32))[::-1],
        bytes.fromhex(fields["merkleroot"])[::-1],
        fields["time"],
        int(fields["bits"], 16),
        fields["nonce"],
    ).serialize()


def test_header_bytes_reverses_the_hashes_explorers_print_for_block_125552():
    """区块 125552 的哈希值也倒序写入"""
    raw = header_bytes(without_hash(BLOCK_125552_FIELDS))
    assert sha256d(raw)[::-1].hex() == BLOCK_125552_FIELDS["hash"]
    assert raw == library_bytes(BLOCK_125552_FIELDS)


def test_header_bytes_reverses_the_hashes_explorers_print_with_version_bits():
    """使用版本位的区块，哈希值也倒序写入"""
    raw = header_bytes(without_hash(TESTNET_VERSION_BITS_FIELDS))
    assert sha256d(raw)[::-1].hex() == TESTNET_VERSION_BITS_FIELDS["hash"]


def test_header_bytes_of_bitcoins_first_block_and_its_neighbours():
    """创世区块之后若干区块的区块头字节也正确"""
    for raw in BITCOIN_180_TO_197[:4]:
        header = BlockHeader.parse(raw)
        fields = {
            "version": header.version,
            "previousblockhash": header.prev_hash[::-1].hex(),
            "merkleroot": header.merkle_root[::-1].hex(),
            "time": header.timestamp,
            "bits": f"{header.bits:08x}",
            "nonce": header.nonce,
        }
        assert header_bytes(fields) == raw


def test_header_bytes_writes_a_signed_version_at_the_extremes():
    """版本号取极值时按有符号数写入"""
    for version in (-(2**31), 2**31 - 1, 0):
        fields = {**without_hash(BLOCK_125552_FIELDS), "version": version}
        assert header_bytes(fields) == library_bytes(fields), version


def test_header_bytes_refuses_numbers_out_of_range_just_past_the_edges():
    """拒绝刚好超出范围的数"""
    good = without_hash(BLOCK_125552_FIELDS)
    for name, value in (("version", -(2**31) - 1), ("time", 2**32), ("nonce", -1)):
        assert (
            refused(
                lambda name=name, value=value: header_bytes({**good, name: value}), OutOfRangeError
            )
            == name
        )


def test_header_bytes_refuses_hashes_that_are_not_32_bytes_of_hex_by_one_byte():
    """拒绝多一个或少一个字节的哈希值"""
    good = without_hash(BLOCK_125552_FIELDS)
    for name, value in (("merkleroot", "00" * 33), ("previousblockhash", "00" * 31)):
        assert (
            refused(
                lambda name=name, value=value: header_bytes({**good, name: value}), EncodingError
            )
            == name
        )


def test_header_fields_of_block_100000_or_block_125552():
    """正确读出区块 125552 的区块头字段"""
    assert header_fields(library_bytes(BLOCK_125552_FIELDS)) == BLOCK_125552_FIELDS


def test_header_fields_of_block_100000_or_a_version_bits_block():
    """正确读出使用版本位的区块的区块头字段"""
    raw = library_bytes(TESTNET_VERSION_BITS_FIELDS)
    assert header_fields(raw) == TESTNET_VERSION_BITS_FIELDS


def test_header_fields_reads_a_signed_version_at_the_extremes():
    """版本号取极值时按有符号数读出"""
    for version in (-(2**31), 2**31 - 1):
        raw = BlockHeader(version, sha256(b"p"), sha256(b"m"), 5, 0x1D00FFFF, 9).serialize()
        assert header_fields(raw)["version"] == version


def test_header_fields_refuses_a_header_that_is_not_80_bytes_too_long_or_empty():
    """拒绝过长或为空的区块头"""
    for raw in (BITCOIN_180_TO_197[0] + b"\x00", b""):
        assert refused(lambda raw=raw: header_fields(raw), EncodingError) == "header", len(raw)


def minichain_verdict(raw_headers, first_height, pow_limit=BITCOIN_POW_LIMIT):
    """minichain's own answer: BlockHeader.parse, validate_pow, the link, median_time_past."""
    previous = None
    for position, raw in enumerate(raw_headers):
        height = first_height + position
        if len(raw) != 80:
            return height, "size"
        header = BlockHeader.parse(raw)
        try:
            validate_pow(header, pow_limit=pow_limit)
        except TargetError:
            return height, "bits"
        except ProofOfWorkError:
            return height, "pow"
        if previous is not None and header.prev_hash != previous.hash:
            return height, "link"
        if previous is not None and header.timestamp <= median_time_past(previous):
            return height, "time"
        previous = BlockEntry(header, header.hash(), height, 0, previous)
    return None


def test_first_bad_header_of_real_bitcoin_headers_is_none_later_in_2009():
    """2009 年稍晚的真实比特币区块头也全部有效"""
    assert first_bad_header(BITCOIN_180_TO_197, 180) is None
    run = [bytes.fromhex(BITCOIN_32255_32256[height]) for height in (32255, 32256)]
    assert first_bad_header(run, 32255) is None  # 32256 is at the first retarget's new target


def test_first_bad_header_finds_a_missing_block_or_two_swapped():
    """找出缺失的区块或互换了位置的两个区块"""
    headers = list(BITCOIN_180_TO_197)
    headers[7], headers[8] = headers[8], headers[7]
    assert first_bad_header(headers, 180) == (187, "link")


def test_first_bad_header_finds_a_header_that_is_not_80_bytes_at_the_start():
    """找出开头处长度不是 80 字节的区块头"""
    assert first_bad_header([b"\x01" * 81, *BITCOIN_180_TO_197], 180) == (180, "size")


def test_first_bad_header_finds_bits_that_are_no_valid_bitcoin_target_overflowing():
    """找出目标值溢出的难度位"""
    tip = BlockHeader.parse(BITCOIN_180_TO_197[-1])
    for bits in (0xFF123456, 0x01FEDCBA):  # larger than 256 bits, negative
        header = BlockHeader(1, tip.hash(), sha256(b"x"), tip.timestamp + 1, bits, 0)
        assert first_bad_header([*BITCOIN_180_TO_197, header.serialize()], 180) == (198, "bits")


def test_first_bad_header_agrees_with_minichain_on_every_flipped_byte_at_random():
    """随机翻转字节时，判断都与 minichain 一致"""
    chooser = random.Random(2009)
    for _trial in range(60):
        headers = list(BITCOIN_180_TO_197)
        position, offset = chooser.randrange(len(headers)), chooser.randrange(80)
        raw = headers[position]
        headers[position] = raw[:offset] + bytes([chooser.randrange(256)]) + raw[offset + 1 :]
        assert first_bad_header(headers, 180) == minichain_verdict(headers, 180), (position, offset)


def regtest_run(times):
    raws, parent = [], bytes(32)
    for number, time in enumerate(times):
        header = mine(BlockHeader(1, parent, sha256(bytes([number, 7])), time, 0x207FFFFF, 0))
        raws.append(header.serialize())
        parent = header.hash()
    return raws


def test_first_bad_header_finds_a_time_not_after_the_median_of_the_blocks_before_at_random():
    """随机的时间中，找出不晚于此前中位数的区块头"""
    chooser = random.Random(113)
    for _trial in range(30):
        times = [chooser.randrange(10_000, 10_040) for _ in range(chooser.randrange(1, 16))]
        raws = regtest_run(times)
        want = minichain_verdict(raws, 50, REGTEST_POW_LIMIT)
        assert first_bad_header(raws, 50, REGTEST_POW_LIMIT) == want, times


def test_first_bad_header_finds_a_time_not_after_the_median_of_the_blocks_before_of_two():
    """此前只有两个区块时，也找出不晚于中位数的时间"""
    # The median of two times is the later one: sorted(times)[len(times) // 2].
    assert first_bad_header(regtest_run([100, 300, 300]), 0, REGTEST_POW_LIMIT) == (2, "time")
    assert first_bad_header(regtest_run([100, 300, 301]), 0, REGTEST_POW_LIMIT) is None
