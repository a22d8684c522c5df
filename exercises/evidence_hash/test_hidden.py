"""Hidden checks of the court-evidence exercise: only the grader runs these.

Each check's name is its title in English (as words) and its one-line docstring its
title in Simplified Chinese, shown only where a failing hidden check's name is shown
(exercises/README.md).
"""

import hashlib
import hmac
from random import Random

from exercise import (
    BROKEN,
    H0,
    MISSING,
    NOT_ANCHORED,
    audit_log,
    birthday_collision,
    extend_seal,
    fingerprint,
    first_tampered,
    hmac_seal,
    matches_record,
    pad_blocks,
    sha256_compress,
    sha256_digest,
)

from minichain.hashing import sha256

RANDOM = Random(180_4)
EMPTY_DIGEST = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
# FIPS 180-4's 896-bit example (SHA-512's two-block message), with the SHA-256 digest NIST lists.
LONG = (
    b"abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmno"
    b"ijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu"
)
LONG_DIGEST = "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"


def chain(records):
    links, previous = [], bytes(32)
    for record in records:
        previous = sha256(previous + sha256(record))
        links.append(previous)
    return links


def padded(message):
    zeros = (55 - len(message)) % 64
    return message + b"\x80" + bytes(zeros) + (8 * len(message)).to_bytes(8, "big")


def words(digest):
    return tuple(int.from_bytes(digest[start : start + 4], "big") for start in range(0, 32, 4))


def test_fingerprint_is_the_sha256_hex_of_the_file_even_when_empty():
    """空文件的指纹也是其 SHA-256 哈希值"""
    assert fingerprint(b"") == sha256(b"").hex()


def test_fingerprint_is_the_sha256_hex_of_the_file_of_binary_data():
    """二进制文件的指纹是其 SHA-256 哈希值"""
    data = bytes(range(256)) * 40
    assert fingerprint(data) == sha256(data).hex()


def test_fingerprint_of_pieces_is_the_fingerprint_of_the_whole_file_byte_by_byte():
    """逐字节分段计算的指纹与整个文件的相同"""
    data = RANDOM.randbytes(300)
    assert fingerprint([data[index : index + 1] for index in range(300)]) == sha256(data).hex()


def test_fingerprint_of_pieces_is_the_fingerprint_of_the_whole_file_of_no_pieces():
    """没有任何分段时，指纹就是空文件的指纹"""
    assert fingerprint([]) == sha256(b"").hex()


def test_matches_record_forgives_upper_case_and_spaces_around_a_newline():
    """回执为大写、带空格和换行时也能核对"""
    assert matches_record(b"evidence", "  " + sha256(b"evidence").hex().upper() + "\n") is True


def test_matches_record_is_false_for_a_malformed_receipt_or_an_empty_one():
    """格式不对或为空的回执返回 False"""
    assert matches_record(b"evidence", "not a hash") is False
    assert matches_record(b"evidence", "") is False
    assert matches_record(b"evidence", "sha256:") is False


def test_matches_record_reads_grouped_digits_in_upper_case_groups_of_four():
    """能读懂大写、每四位一组的回执"""
    digits = sha256(b"evidence").hex().upper()
    grouped = " ".join(digits[start : start + 4] for start in range(0, 64, 4))
    assert matches_record(b"evidence", grouped) is True


def test_matches_record_reads_the_algorithm_name_in_capitals_with_groups():
    """能读懂大写算法名称加分组数字的回执"""
    digits = sha256(b"evidence").hex()
    grouped = " ".join(digits[start : start + 16] for start in range(0, 64, 16))
    assert matches_record(b"evidence", "  SHA256: " + grouped) is True


def test_matches_record_is_false_for_another_algorithms_name_sha1():
    """回执写的是 SHA-1 时返回 False"""
    assert matches_record(b"evidence", "SHA-1: " + sha256(b"evidence").hex()) is False


def test_first_tampered_finds_the_edited_entry_when_it_is_the_first():
    """被改动的是第一条记录时也能找出"""
    records = [b"a", b"b", b"c"]
    links = chain(records)
    assert first_tampered([b"A", b"b", b"c"], links) == 0


def test_first_tampered_counts_a_missing_or_extra_entry_as_tampered_when_the_last_is_deleted():
    """最后一条记录被删除时算作被篡改"""
    records = [b"a", b"b", b"c"]
    assert first_tampered(records[:2], chain(records)) == 2


def test_first_tampered_counts_a_missing_or_extra_entry_as_tampered_when_one_is_appended():
    """多出一条记录时算作被篡改"""
    records = [b"a", b"b"]
    assert first_tampered([*records, b"c"], chain(records)) == 2


def test_first_tampered_finds_nothing_in_an_untouched_log_even_an_empty_one():
    """空日志中也没有被篡改的记录"""
    assert first_tampered([], []) is None


LOG = [f"hidden capture entry {number}".encode() for number in range(12)]


def test_audit_log_finds_nothing_in_an_intact_anchored_log_without_anchors_or_empty():
    """没有锚定值或为空的完好日志也通过审计"""
    assert audit_log(LOG, chain(LOG), {}) is None
    assert audit_log([], [], {}) is None


def test_audit_log_reports_an_edited_record_as_a_broken_link_at_entry_0():
    """记录 0 被改动时报告链接值断开"""
    links = chain(LOG)
    assert audit_log([b"forged", *LOG[1:]], links, {5: links[5]}) == (0, BROKEN)


def test_audit_log_reports_an_edited_link_as_a_broken_link_of_the_last_entry():
    """最后一条的链接值被改动时报告链接值断开"""
    links = chain(LOG)
    links[11] = bytes(32)
    assert audit_log(LOG, links, {3: links[3]}) == (11, BROKEN)


def test_audit_log_reports_a_rewritten_log_at_the_first_anchor_that_differs_anchored_often():
    """锚定频繁时，重写的日志在第一个不符的锚定值处被发现"""
    links = chain(LOG)
    anchors = {index: links[index] for index in range(0, 12, 3)}
    rewritten = [*LOG[:4], b"edited", *LOG[5:]]
    assert audit_log(rewritten, chain(rewritten), anchors) == (6, NOT_ANCHORED)


def test_audit_log_checks_the_anchor_before_the_link_at_entry_0():
    """记录 0 也先核对锚定值，再核对链接值"""
    links = chain(LOG)
    anchors = {0: links[0]}
    assert audit_log([b"forged", *LOG[1:]], chain([b"forged", *LOG[1:]]), anchors) == (
        0,
        NOT_ANCHORED,
    )


def test_audit_log_reports_a_missing_entry_when_a_link_is_missing():
    """缺少链接值时报告记录缺失"""
    links = chain(LOG)
    assert audit_log(LOG, links[:7], {}) == (7, MISSING)
    assert audit_log(LOG[:9], links[:9], {10: links[10]}) == (9, MISSING)


def test_pad_blocks_makes_one_block_up_to_55_bytes_and_two_from_56_for_every_length_to_200():
    """200 字节以内的每种长度，填充出的块数都正确"""
    for size in range(201):
        message = RANDOM.randbytes(size)
        blocks = pad_blocks(message)
        assert b"".join(blocks) == padded(message), size
        assert [len(block) for block in blocks] == [64] * ((size + 8) // 64 + 1), size


def test_pad_blocks_of_abc_is_nists_padded_block_for_the_448_bit_message():
    """448 比特的示例消息填充后正是 NIST 给出的块"""
    message = b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
    want = [message + b"\x80" + bytes(7), bytes(56) + (448).to_bytes(8, "big")]
    assert pad_blocks(message) == want


def test_sha256_compress_of_abcs_block_is_nists_digest_for_the_empty_message():
    """压缩空消息的块得到 NIST 给出的哈希值"""
    assert tuple(sha256_compress(H0, padded(b""))) == words(bytes.fromhex(EMPTY_DIGEST))


def test_sha256_compress_chains_two_blocks_as_hashlib_does_for_random_messages():
    """随机消息接连压缩两个块，结果与 hashlib 相同"""
    for size in (56, 80, 119, 120, 180):
        message = RANDOM.randbytes(size)
        data, state = padded(message), H0
        for start in range(0, len(data), 64):
            state = sha256_compress(state, data[start : start + 64])
        assert tuple(state) == words(hashlib.sha256(message).digest()), size


def test_sha256_compress_keeps_every_word_below_2_to_the_32_from_an_all_ones_state():
    """从全 1 的状态出发，每个字仍小于 2 的 32 次方"""
    got = sha256_compress((0xFFFFFFFF,) * 8, b"\xff" * 64)
    assert len(got) == 8 and all(0 <= word < 2**32 for word in got)


def test_sha256_digest_of_nists_examples_the_empty_and_896_bit_messages():
    """空消息和 896 比特示例消息的哈希值正确"""
    assert sha256_digest(b"").hex() == EMPTY_DIGEST
    assert sha256_digest(LONG).hex() == LONG_DIGEST


def test_sha256_digest_matches_hashlib_at_the_padding_edges_for_every_length_to_200():
    """200 字节以内的每种长度都与 hashlib 结果一致"""
    for size in range(201):
        message = RANDOM.randbytes(size)
        assert sha256_digest(message) == hashlib.sha256(message).digest(), size


def test_sha256_digest_matches_hashlib_at_the_padding_edges_of_a_long_file():
    """较长的文件也与 hashlib 结果一致"""
    message = RANDOM.randbytes(5000)
    assert sha256_digest(message) == hashlib.sha256(message).digest()


def test_extend_seal_forges_a_seal_that_verifies_for_secrets_of_every_length_to_70():
    """密钥长 0 至 70 字节时，伪造的封签都能通过核验"""
    for length in range(71):
        secret = RANDOM.randbytes(length)
        record = RANDOM.randbytes(RANDOM.randrange(0, 90))
        suffix = RANDOM.randbytes(RANDOM.randrange(0, 150))
        seal = hashlib.sha256(secret + record).digest()
        forged, forged_seal = extend_seal(seal, length, record, suffix)
        assert forged.startswith(record) and forged.endswith(suffix), length
        assert hashlib.sha256(secret + forged).digest() == forged_seal, length


def test_extend_seal_forged_record_is_the_record_the_glue_and_the_suffix_for_an_empty_record():
    """原记录为空时，伪造的记录仍是填充字节加后缀"""
    secret = b"k" * 64
    seal = hashlib.sha256(secret).digest()
    forged, _ = extend_seal(seal, 64, b"", b"!")
    assert forged == padded(secret)[64:] + b"!"


def test_hmac_seal_matches_pythons_hmac_with_keys_of_many_lengths():
    """各种长度的密钥下都与 Python 的 hmac 结果一致"""
    for length in (0, 1, 32, 63, 64):
        key, record = RANDOM.randbytes(length), RANDOM.randbytes(100)
        assert hmac_seal(key, record) == hmac.new(key, record, hashlib.sha256).digest(), length


def test_hmac_seal_hashes_a_long_key_first_of_65_and_200_bytes():
    """65 字节和 200 字节的密钥都先做一次哈希"""
    for length in (65, 200):
        key = RANDOM.randbytes(length)
        assert hmac_seal(key, b"") == hmac.new(key, b"", hashlib.sha256).digest(), length


def test_birthday_collision_shares_the_first_bits_for_other_widths():
    """换用其他比特数，哈希值的前若干比特仍然相同"""
    for bits in (1, 8, 20, 24):
        first, second = birthday_collision(b"hidden #", bits)
        prefixes = {
            int.from_bytes(sha256(message), "big") >> (256 - bits) for message in (first, second)
        }
        assert first != second and len(prefixes) == 1, bits


def test_birthday_collision_messages_are_different_and_from_the_template_with_another_template():
    """换一个模板，两条消息仍互不相同且由模板生成"""
    first, second = birthday_collision("证据 ".encode(), 10)
    assert first != second
    assert first.startswith("证据 ".encode()) and second.startswith("证据 ".encode())
    int(first[len("证据 ".encode()) :]), int(second[len("证据 ".encode()) :])


def test_birthday_collision_takes_about_the_square_root_of_the_work_at_26_bits():
    """26 比特时，尝试次数约为穷举所需次数的平方根"""
    first, second = birthday_collision(b"deed ", 26)
    assert max(int(first[5:]), int(second[5:])) < 2**17
