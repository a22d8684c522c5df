"""Public checks of the evidence-log exercise: the learner sees and runs these.

Each check's name is its title in English (as words) and its one-line docstring its
title in Simplified Chinese, which a learner reading Chinese sees (exercises/README.md).
"""

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

# Bitcoin's blocks 0 to 11 (January 2009), the 80 raw bytes every node stores, in hex.
BITCOIN_0_TO_11 = [
    bytes.fromhex(text)
    for text in (
        "0100000000000000000000000000000000000000000000000000000000000000000000003ba3edfd"
        "7a7b12b27ac72c3e67768f617fc81bc3888a51323a9fb8aa4b1e5e4a29ab5f49ffff001d1dac2b7c",  # 0
        "010000006fe28c0ab6f1b372c1a6a246ae63f74f931e8365e15a089c68d6190000000000982051fd"
        "1e4ba744bbbe680e1fee14677ba1a3c3540bf7b1cdb606e857233e0e61bc6649ffff001d01e36299",  # 1
        "010000004860eb18bf1b1620e37e9490fc8a427514416fd75159ab86688e9a8300000000d5fdcc54"
        "1e25de1c7a5addedf24858b8bb665c9f36ef744ee42c316022c90f9bb0bc6649ffff001d08d2bd61",  # 2
        "01000000bddd99ccfda39da1b108ce1a5d70038d0a967bacb68b6b63065f626a0000000044f67222"
        "6090d85db9a9f2fbfe5f0f9609b387af7be5b7fbb7a1767c831c9e995dbe6649ffff001d05e0ed6d",  # 3
        "010000004944469562ae1c2c74d9a535e00b6f3e40ffbad4f2fda3895501b582000000007a06ea98"
        "cd40ba2e3288262b28638cec5337c1456aaf5eedc8e9e5a20f062bdf8cc16649ffff001d2bfee0a9",  # 4
        "0100000085144a84488ea88d221c8bd6c059da090e88f8a2c99690ee55dbba4e00000000e11c48fe"
        "cdd9e72510ca84f023370c9a38bf91ac5cae88019bee94d24528526344c36649ffff001d1d03e477",  # 5
        "01000000fc33f596f822a0a1951ffdbf2a897b095636ad871707bf5d3162729b00000000379dfb96"
        "a5ea8c81700ea4ac6b97ae9a9312b2d4301a29580e924ee6761a2520adc46649ffff001d189c4c97",  # 6
        "010000008d778fdc15a2d3fb76b7122a3b5582bea4f21f5a0c693537e7a03130000000003f674005"
        "103b42f984169c7d008370967e91920a6a5d64fd51282f75bc73a68af1c66649ffff001d39a59c86",  # 7
        "010000004494c8cf4154bdcc0720cd4a59d9c9b285e4b146d45f061d2b6c967100000000e3855ed8"
        "86605b6d4a99d5fa2ef2e9b0b164e63df3c4136bebf2d0dac0f1f7a667c86649ffff001d1c4b5666",  # 8
        "01000000c60ddef1b7618ca2348a46e868afc26e3efc68226c78aa47f8488c4000000000c997a5e5"
        "6e104102fa209c6a852dd90660a20b2d9c352423edce25857fcd37047fca6649ffff001d28404f53",  # 9
        "010000000508085c47cc849eb80ea905cc7800a3be674ffc57263cf210c59d8d00000000112ba175"
        "a1e04b14ba9e7ea5f76ab640affeef5ec98173ac9799a852fa39add320cd6649ffff001d1e2de565",  # 10
        "01000000e915d9a478e3adf3186c07c61a22228b10fd87df343c92782ecc052c000000006e06373c"
        "80de397406dc3d19c90d71d230058d28293614ea58d6a57f8f5d32f8b8ce6649ffff001d173807f8",  # 11
    )
]
# What `bitcoin-cli getblockheader` prints for block 0 and block 100,000 (December 2010).
GENESIS_FIELDS = {
    "hash": "000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f",
    "version": 1,
    "merkleroot": "4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b",
    "time": 1231006505,
    "bits": "1d00ffff",
    "nonce": 2083236893,
}
BLOCK_100000_FIELDS = {
    "hash": "000000000003ba27aa200b1cecaad478d2b00432346c3f1f3986da1afd33e506",
    "version": 1,
    "previousblockhash": "000000000002d01c1fccc21636b607dfd930d31d01c3a62104612a1719011250",
    "merkleroot": "f3e94742aca4b5ef85488dc37c06c3282295ffec960994b2c0d5ac2a25a95766",
    "time": 1293623863,
    "bits": "1b04864c",
    "nonce": 274148111,
}

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
    """第一份证据所在的区块没有父区块"""
    header = next_block(None, CAPTURES[0], BLOCK_TIMES[0])
    want = BlockHeader(LOG_VERSION, NO_PARENT, CAPTURES[0].id(), BLOCK_TIMES[0], LOG_BITS, 0)
    assert header == want, f"block 0: got {header}, expected {want}"


def test_next_block_links_to_the_previous_header():
    """新区块链接到前一个区块头"""
    first = next_block(None, CAPTURES[0], BLOCK_TIMES[0])
    second = next_block(first, CAPTURES[1], BLOCK_TIMES[1])
    assert second.prev_hash == first.hash(), "prev_hash must be the previous header's hash()"
    assert second.merkle_root == CAPTURES[1].id(), "merkle_root must be the evidence's id()"
    assert second.timestamp == BLOCK_TIMES[1], "timestamp must be the block's time"


def test_first_tampered_height_of_an_untouched_log_is_none():
    """未经篡改的日志返回 None"""
    log, tip = build_log(CAPTURES, BLOCK_TIMES)
    got = first_tampered_height(log, tip)
    assert got is None, f"an untouched log was reported tampered at height {got}"


def test_first_tampered_height_finds_swapped_evidence():
    """找出被调包的证据"""
    log, tip = build_log(CAPTURES, BLOCK_TIMES)
    header, evidence = log[2]
    log[2] = (header, replace(evidence, file_hash=sha256(b"an edited screenshot")))
    got = first_tampered_height(log, tip)
    assert got == 2, f"the evidence of block 2 was swapped, got {got!r}"


def test_first_tampered_height_finds_a_header_rewritten_to_hide_a_swap():
    """找出为掩盖调包而改写的区块头"""
    log, tip = build_log(CAPTURES, BLOCK_TIMES)
    header, evidence = log[1]
    forged = replace(evidence, file_hash=sha256(b"<html>another article</html>"))
    log[1] = (replace(header, merkle_root=forged.id()), forged)
    got = first_tampered_height(log, tip)
    assert got == 1, f"block 1 was rewritten to match swapped evidence, got {got!r}"


def test_first_tampered_height_keeps_walking_down_past_a_swap():
    """发现调包后继续向下检查"""
    log, tip = build_log(CAPTURES, BLOCK_TIMES)
    for height in (3, 1):
        header, evidence = log[height]
        log[height] = (header, replace(evidence, file_hash=sha256(b"swapped")))
    got = first_tampered_height(log, tip)
    assert got == 1, f"the evidence of blocks 3 and 1 was swapped: keep walking down, got {got!r}"


def test_first_tampered_height_finds_a_changed_header():
    """找出被改动的区块头"""
    log, tip = build_log(CAPTURES, BLOCK_TIMES)
    header, evidence = log[2]
    log[2] = (replace(header, version=LOG_VERSION + 1), evidence)
    got = first_tampered_height(log, tip)
    assert got == 2, f"the header of block 2 was changed, got {got!r}"


def test_backdated_heights_of_an_honest_log_is_empty():
    """诚实的日志中没有倒签时间的证据"""
    log, _ = build_log(CAPTURES, BLOCK_TIMES)
    got = backdated_heights(log)
    assert got == [], f"every capture came before its block, got {got!r}"


def test_backdated_heights_finds_evidence_captured_after_its_block():
    """找出采集时间晚于所在区块的证据"""
    late = Evidence("screenshot.png", sha256(b"taken a day later"), BLOCK_TIMES[2] + 86_400)
    log, _ = build_log([*CAPTURES[:2], late, CAPTURES[3]], BLOCK_TIMES)
    got = backdated_heights(log)
    assert got == [2], f"block 2 anchors a capture made a day after the block, got {got!r}"


def test_backdated_heights_allows_a_capture_at_exactly_the_block_time():
    """采集时间恰好等于区块时间的不算倒签"""
    on_time = replace(CAPTURES[0], captured_at=BLOCK_TIMES[0])
    log, _ = build_log([on_time, *CAPTURES[1:]], BLOCK_TIMES)
    got = backdated_heights(log)
    assert got == [], f"a capture at exactly its block's time is not back-dated, got {got!r}"


def without_hash(fields):
    """The fields ``header_bytes`` reads: all but the hash, which the bytes determine."""
    return {name: value for name, value in fields.items() if name != "hash"}


def refused(action, error_class):
    """The field named by the ``error_class`` that ``action()`` raises, or None."""
    try:
        action()
    except error_class as error:
        return error.field
    return None


def test_header_bytes_of_bitcoins_first_block():
    """比特币创世区块的区块头字节正确"""
    raw = header_bytes(GENESIS_FIELDS)  # its "hash" key is not part of the header: ignore it
    assert raw == BITCOIN_0_TO_11[0], f"got {raw.hex()}"


def test_header_bytes_reverses_the_hashes_explorers_print():
    """把区块浏览器打印的哈希值倒序写入"""
    raw = header_bytes(without_hash(BLOCK_100000_FIELDS))
    assert len(raw) == 80, f"a header is 80 bytes, got {len(raw)}"
    got = sha256d(raw)[::-1].hex()
    assert got == BLOCK_100000_FIELDS["hash"], f"these bytes hash to {got}, not block 100,000"


def test_header_bytes_writes_a_signed_version():
    """版本号按有符号数写入"""
    fields = {**without_hash(BLOCK_100000_FIELDS), "version": -2}
    want = BlockHeader(
        -2,
        bytes.fromhex(fields["previousblockhash"])[::-1],
        bytes.fromhex(fields["merkleroot"])[::-1],
        fields["time"],
        0x1B04864C,
        fields["nonce"],
    ).serialize()
    got = header_bytes(fields)
    assert got == want, f"version -2 is 0xfffffffe as a signed 32-bit integer, got {got[:4].hex()}"


def test_header_bytes_refuses_numbers_out_of_range():
    """拒绝超出范围的数"""
    good = without_hash(BLOCK_100000_FIELDS)
    for name, value in (("version", 2**31), ("time", -1), ("nonce", 2**32), ("bits", "1d00ffff00")):
        field = refused(
            lambda name=name, value=value: header_bytes({**good, name: value}), OutOfRangeError
        )
        assert field == name, f"{name}={value!r}: expected OutOfRangeError naming {name!r}"


def test_header_bytes_refuses_hashes_that_are_not_32_bytes_of_hex():
    """拒绝不是 32 字节十六进制的哈希值"""
    good = without_hash(BLOCK_100000_FIELDS)
    for name, value in (("merkleroot", "f3e9"), ("previousblockhash", "zz" * 32), ("bits", "1d0g")):
        field = refused(
            lambda name=name, value=value: header_bytes({**good, name: value}), EncodingError
        )
        assert field == name, f"{name}={value!r}: expected EncodingError naming {name!r}"


def test_header_fields_of_block_100000():
    """正确读出区块 100000 的区块头字段"""
    raw = header_bytes(without_hash(BLOCK_100000_FIELDS))
    got = header_fields(raw)
    assert got == BLOCK_100000_FIELDS, f"got {got}"


def test_header_fields_of_the_first_block_name_no_block_before():
    """创世区块的字段中没有前一个区块的哈希值"""
    got = header_fields(BITCOIN_0_TO_11[0])
    assert got == GENESIS_FIELDS, f"got {got}"


def test_header_fields_reads_a_signed_version():
    """版本号按有符号数读出"""
    raw = BlockHeader(-2, bytes(32), sha256(b"root"), 0, 0x207FFFFF, 7).serialize()
    got = header_fields(raw)["version"]
    assert got == -2, f"bytes fe ff ff ff are version -2, got {got}"


def test_header_fields_refuses_a_header_that_is_not_80_bytes():
    """拒绝长度不是 80 字节的区块头"""
    field = refused(lambda: header_fields(BITCOIN_0_TO_11[1][:79]), EncodingError)
    assert field == "header", "79 bytes: expected EncodingError naming 'header'"


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


def flipped(raw, offset):
    """``raw`` with every bit of the byte at ``offset`` inverted."""
    return raw[:offset] + bytes([raw[offset] ^ 0xFF]) + raw[offset + 1 :]


def test_first_bad_header_of_real_bitcoin_headers_is_none():
    """真实的比特币区块头全部有效"""
    assert first_bad_header(BITCOIN_0_TO_11, 0) is None, "blocks 0 to 11 are Bitcoin's own"
    got = first_bad_header(BITCOIN_0_TO_11[3:], 3)
    assert got is None, f"a run may start anywhere: its first link is not checked, got {got}"


def test_first_bad_header_finds_a_changed_nonce():
    """找出随机数（nonce）被改动的区块头"""
    headers = list(BITCOIN_0_TO_11)
    headers[6] = flipped(headers[6], 79)
    got = first_bad_header(headers, 0)
    assert got == (6, "pow"), f"block 6's nonce was changed: its hash misses the target, got {got}"


def test_first_bad_header_finds_a_missing_block():
    """找出缺失区块之处"""
    headers = BITCOIN_0_TO_11[:4] + BITCOIN_0_TO_11[5:]
    got = first_bad_header(headers, 0)
    assert got == (4, "link"), f"block 4 is missing: block 5 does not link to block 3, got {got}"


def test_first_bad_header_finds_a_header_that_is_not_80_bytes():
    """找出长度不是 80 字节的区块头"""
    headers = list(BITCOIN_0_TO_11)
    headers[2] = headers[2][:79]
    got = first_bad_header(headers, 0)
    assert got == (2, "size"), f"got {got}"


def test_first_bad_header_finds_bits_that_are_no_valid_bitcoin_target():
    """找出不能给出有效目标值的难度位"""
    tip = BlockHeader.parse(BITCOIN_0_TO_11[-1])
    for bits in (0x207FFFFF, 0x04923456, 0x03000000):  # too easy, negative, zero
        header = BlockHeader(1, tip.hash(), sha256(b"a block"), tip.timestamp + 600, bits, 0)
        if bits == 0x207FFFFF:
            header = mine(header)  # it meets its own target, which Bitcoin does not allow
        got = first_bad_header([*BITCOIN_0_TO_11, header.serialize()], 0)
        assert got == (12, "bits"), f"bits {bits:#010x}: got {got}"


def test_first_bad_header_agrees_with_minichain_on_every_flipped_byte():
    """翻转任何一个字节，判断都与 minichain 一致"""
    for offset in range(0, 80, 3):
        headers = list(BITCOIN_0_TO_11)
        headers[offset % 12] = flipped(headers[offset % 12], offset)
        got, want = first_bad_header(headers, 100), minichain_verdict(headers, 100)
        assert got == want, f"byte {offset} of the header at {100 + offset % 12}: {got} != {want}"


def regtest_run(times):
    """Headers mined at regtest's easy bits, each linked to the one before, at these times."""
    raws, parent = [], bytes(32)
    for number, time in enumerate(times):
        header = mine(BlockHeader(1, parent, sha256(bytes([number])), time, 0x207FFFFF, 0))
        raws.append(header.serialize())
        parent = header.hash()
    return raws


def test_first_bad_header_finds_a_time_not_after_the_median_of_the_blocks_before():
    """找出时间不晚于此前区块时间中位数的区块头"""
    # Times may go backwards a little, but never to the median of the last 11 blocks or earlier.
    times = [1000, 1600, 1700, 1650, 2000, 1651]  # the median of the first five is 1650
    got = first_bad_header(regtest_run(times), 0, REGTEST_POW_LIMIT)
    assert got is None, f"1650 and 1651 go back in time, but not to the median, got {got}"
    times[-1] = 1650
    got = first_bad_header(regtest_run(times), 0, REGTEST_POW_LIMIT)
    assert got == (5, "time"), f"1650 is not after the median 1650 of the five before, got {got}"
    times = [5000 + 10 * number for number in range(14)] + [5000 + 10 * 8]
    got = first_bad_header(regtest_run(times), 0, REGTEST_POW_LIMIT)
    assert got == (14, "time"), f"only the last 11 blocks count: their median is 5080, got {got}"
