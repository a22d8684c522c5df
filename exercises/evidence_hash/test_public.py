"""Public checks of the court-evidence exercise: the learner sees and runs these.

SHA-256 is judged against NIST's published examples (FIPS 180-4's "abc" and
448-bit messages, whose digests NIST prints) and against OpenSSL's
implementation through :mod:`hashlib`; HMAC against Python's :mod:`hmac`.

Each check's name is its title in English (as words) and its one-line docstring its
title in Simplified Chinese, which a learner reading Chinese sees (exercises/README.md).
"""

import hashlib
import hmac

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

CONTRACT = b"Licence agreement, page 3: the article may not be republished.\n"
CAPTURE = [b"capture started", b"page.html", b"screenshot.png", b"video.mp4", b"capture ended"]

# FIPS 180-4's examples, with the digests NIST publishes for them.
ABC = b"abc"
ABC_DIGEST = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
ABC_BLOCK = "61626380" + "00" * 52 + "0000000000000018"
TWO_BLOCK = b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
TWO_BLOCK_DIGEST = "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"


def chain(records):
    """The links of a capture log, computed with the library's sha256."""
    links, previous = [], bytes(32)
    for record in records:
        previous = sha256(previous + sha256(record))
        links.append(previous)
    return links


def padded(message):
    """The message as FIPS 180-4 pads it, written out here from section 5.1.1."""
    zeros = (55 - len(message)) % 64
    return message + b"\x80" + bytes(zeros) + (8 * len(message)).to_bytes(8, "big")


def words(digest):
    """A 32-byte digest as the eight big-endian words of SHA-256's state."""
    return tuple(int.from_bytes(digest[start : start + 4], "big") for start in range(0, 32, 4))


# --- fingerprint ------------------------------------------------------------------------------


def test_fingerprint_is_the_sha256_hex_of_the_file():
    """指纹是文件 SHA-256 哈希值的十六进制形式"""
    got = fingerprint(CONTRACT)
    want = sha256(CONTRACT).hex()
    assert got == want, f"fingerprint(CONTRACT) returned {got!r}, expected {want!r}"


def test_fingerprint_changes_when_one_byte_changes():
    """文件只改动一个字节，指纹也随之改变"""
    altered = CONTRACT.replace(b"may not", b"may now")
    assert fingerprint(altered) != fingerprint(CONTRACT), "two different files got one fingerprint"


def test_fingerprint_of_pieces_is_the_fingerprint_of_the_whole_file():
    """分段计算的指纹与整个文件的指纹相同"""
    pieces = [CONTRACT[:10], b"", CONTRACT[10:50], CONTRACT[50:]]
    got, want = fingerprint(pieces), sha256(CONTRACT).hex()
    assert got == want, f"the file in 4 pieces gave {got!r}, expected {want!r}"


# --- matches_record ---------------------------------------------------------------------------


def test_matches_record_accepts_the_untouched_file():
    """未经改动的文件与回执相符"""
    recorded = sha256(CONTRACT).hex()
    assert matches_record(CONTRACT, recorded) is True, "the untouched file was not accepted"


def test_matches_record_rejects_a_file_with_one_byte_changed():
    """改动了一个字节的文件与回执不符"""
    recorded = sha256(CONTRACT).hex()
    altered = CONTRACT[:-2] + b"!\n"
    assert matches_record(altered, recorded) is False, "an altered file was accepted"


def test_matches_record_forgives_upper_case_and_spaces():
    """回执用大写字母、前后带空格也能核对"""
    recorded = " " + sha256(CONTRACT).hex().upper() + " "
    assert matches_record(CONTRACT, recorded) is True, "a receipt typed in upper case was refused"


def test_matches_record_reads_grouped_digits():
    """能读懂数字分组书写的回执"""
    digits = sha256(CONTRACT).hex()
    recorded = " ".join(digits[start : start + 8] for start in range(0, 64, 8))
    assert matches_record(CONTRACT, recorded) is True, (
        f"the grouped receipt {recorded!r} was refused"
    )


def test_matches_record_reads_the_algorithm_name():
    """能读懂开头写有算法名称的回执"""
    digits = sha256(CONTRACT).hex()
    for recorded in (f"SHA-256: {digits}", f"sha256:{digits}"):
        got = matches_record(CONTRACT, recorded)
        assert got is True, f"the receipt {recorded[:20]!r}... gave {got!r}, expected True"


def test_matches_record_is_false_for_another_algorithms_name():
    """回执写的是别的算法时返回 False"""
    digits = sha256(CONTRACT).hex()
    for recorded in (f"SM3: {digits}", f"md5:{digits}"):
        got = matches_record(CONTRACT, recorded)
        assert got is False, f"the receipt {recorded[:20]!r}... names another hash, got {got!r}"


def test_matches_record_is_false_for_a_malformed_receipt():
    """格式不对的回执返回 False"""
    for recorded in ("12345", "z" * 64, sha256(CONTRACT).hex()[:-1]):
        got = matches_record(CONTRACT, recorded)
        assert got is False, f"the malformed receipt {recorded!r} gave {got!r}, expected False"


# --- first_tampered ---------------------------------------------------------------------------


def test_first_tampered_finds_nothing_in_an_untouched_log():
    """未经改动的日志中没有被篡改的记录"""
    records = [b"capture started", b"page.html", b"screenshot.png", b"capture ended"]
    got = first_tampered(records, chain(records))
    assert got is None, f"an untouched log was reported tampered at index {got}"


def test_first_tampered_finds_the_edited_entry():
    """找出被改动的那条记录"""
    records = [b"capture started", b"page.html", b"screenshot.png", b"capture ended"]
    links = chain(records)
    records[2] = b"screenshot-edited.png"
    got = first_tampered(records, links)
    assert got == 2, f"entry 2 was edited, got {got!r}"


def test_first_tampered_counts_a_missing_or_extra_entry_as_tampered():
    """缺少或多出的记录也算被篡改"""
    records = [b"capture started", b"page.html", b"screenshot.png", b"capture ended"]
    links = chain(records)
    got = first_tampered(records[:3], links)
    assert got == 3, f"the last entry was deleted, got {got!r}, expected 3"


# --- audit_log --------------------------------------------------------------------------------


def test_audit_log_finds_nothing_in_an_intact_anchored_log():
    """完好且已锚定的日志通过审计"""
    links = chain(CAPTURE)
    got = audit_log(CAPTURE, links, {1: links[1], 4: links[4]})
    assert got is None, f"an intact log gave {got!r}"


def test_audit_log_reports_an_edited_record_as_a_broken_link():
    """记录被改动时报告链接值断开（BROKEN）"""
    links = chain(CAPTURE)
    edited = [*CAPTURE[:3], b"video-cut.mp4", CAPTURE[4]]
    got = audit_log(edited, links, {1: links[1]})
    assert got == (3, BROKEN), f"record 3 was edited, got {got!r}, expected (3, {BROKEN!r})"


def test_audit_log_reports_an_edited_link_as_a_broken_link():
    """链接值被改动时报告链接值断开（BROKEN）"""
    links = chain(CAPTURE)
    links[2] = sha256(b"forged link")
    got = audit_log(CAPTURE, links, {})
    assert got == (2, BROKEN), f"link 2 was replaced, got {got!r}, expected (2, {BROKEN!r})"


def test_audit_log_reports_a_rewritten_log_at_the_first_anchor_that_differs():
    """整份重写的日志在第一个不符的锚定值处被发现"""
    links = chain(CAPTURE)
    anchors = {1: links[1], 3: links[3]}
    rewritten = [*CAPTURE[:2], b"screenshot-edited.png", *CAPTURE[3:]]
    got = audit_log(rewritten, chain(rewritten), anchors)
    assert got == (3, NOT_ANCHORED), (
        f"entry 2 was edited and every later link recomputed: got {got!r}, "
        f"expected (3, {NOT_ANCHORED!r}), the first anchor that differs"
    )


def test_audit_log_checks_the_anchor_before_the_link():
    """先核对锚定值，再核对链接值"""
    links = chain(CAPTURE)
    anchors = {2: links[2]}
    links[2] = sha256(b"forged link")
    got = audit_log(CAPTURE, links, anchors)
    assert got == (2, NOT_ANCHORED), f"got {got!r}, expected (2, {NOT_ANCHORED!r}): anchor first"


def test_audit_log_reports_a_missing_entry():
    """报告缺失的记录（MISSING）"""
    links = chain(CAPTURE)
    got = audit_log(CAPTURE[:4], links, {})
    assert got == (4, MISSING), f"the last record was deleted, got {got!r}"
    got = audit_log(CAPTURE[:4], links[:4], {4: links[4]})
    assert got == (4, MISSING), f"the anchored entry 4 was deleted, got {got!r}"


# --- pad_blocks -------------------------------------------------------------------------------


def test_pad_blocks_of_abc_is_nists_padded_block():
    """“abc” 填充后正是 NIST 给出的块"""
    got = pad_blocks(ABC)
    assert got == [bytes.fromhex(ABC_BLOCK)], f"got {[block.hex() for block in got]}"


def test_pad_blocks_makes_one_block_up_to_55_bytes_and_two_from_56():
    """55 字节以内填充成一个块，56 字节起成两个块"""
    for size, count in ((0, 1), (55, 1), (56, 2), (63, 2), (64, 2), (119, 2), (120, 3)):
        message = bytes(range(size))
        blocks = pad_blocks(message)
        assert len(blocks) == count, f"{size} bytes gave {len(blocks)} blocks, expected {count}"
        assert all(len(block) == 64 for block in blocks), f"{size} bytes: a block is not 64 bytes"


def test_pad_blocks_ends_with_the_length_in_bits():
    """填充以消息的比特长度结尾"""
    for size in (3, 55, 56, 64, 119):
        message = b"\xff" * size
        got = b"".join(pad_blocks(message))
        want = padded(message)
        assert got == want, f"{size} bytes: got {got.hex()}, expected {want.hex()}"


# --- sha256_compress --------------------------------------------------------------------------


def test_sha256_compress_of_abcs_block_is_nists_digest():
    """压缩 “abc” 的块得到 NIST 给出的哈希值"""
    got = sha256_compress(H0, bytes.fromhex(ABC_BLOCK))
    want = words(bytes.fromhex(ABC_DIGEST))
    assert tuple(got) == want, f"got {[hex(word) for word in got]}, expected NIST's {ABC_DIGEST}"


def test_sha256_compress_chains_two_blocks_as_hashlib_does():
    """接连压缩两个块，结果与 hashlib 相同"""
    message = padded(TWO_BLOCK)
    state = sha256_compress(H0, message[:64])
    state = sha256_compress(state, message[64:])
    want = words(hashlib.sha256(TWO_BLOCK).digest())
    assert tuple(state) == want, f"got {[hex(word) for word in state]}, expected {TWO_BLOCK_DIGEST}"


def test_sha256_compress_keeps_every_word_below_2_to_the_32():
    """状态中的每个字都小于 2 的 32 次方"""
    got = sha256_compress(H0, b"\xff" * 64)
    assert len(got) == 8, f"the state has 8 words, got {len(got)}"
    assert all(0 <= word < 2**32 for word in got), f"a word left 32 bits: {got}"


# --- sha256_digest ----------------------------------------------------------------------------


def test_sha256_digest_of_nists_examples():
    """NIST 示例消息的哈希值正确"""
    for message, want in ((ABC, ABC_DIGEST), (TWO_BLOCK, TWO_BLOCK_DIGEST)):
        got = sha256_digest(message).hex()
        assert got == want, f"{message!r}: got {got}, expected NIST's {want}"


def test_sha256_digest_matches_hashlib_at_the_padding_edges():
    """在填充的临界长度上与 hashlib 结果一致"""
    for size in (0, 1, 55, 56, 63, 64, 119, 120):
        message = bytes(range(size))
        got, want = sha256_digest(message), hashlib.sha256(message).digest()
        assert got == want, f"{size} bytes: got {got.hex()}, expected {want.hex()}"


# --- extend_seal ------------------------------------------------------------------------------

SECRET = b"platform sealing key"
RECORD = b"capture 17: page.html, 2018-06-27 10:02"
SUFFIX = b"; verdict: authentic"


def test_extend_seal_forges_a_seal_that_verifies():
    """伪造的封签能通过核验"""
    seal = hashlib.sha256(SECRET + RECORD).digest()
    forged, forged_seal = extend_seal(seal, len(SECRET), RECORD, SUFFIX)
    want = hashlib.sha256(SECRET + forged).digest()
    assert forged_seal == want, "sha256(secret + forged) is not the forged seal"


def test_extend_seal_forged_record_is_the_record_the_glue_and_the_suffix():
    """伪造的记录由原记录、填充字节和后缀依次组成"""
    seal = hashlib.sha256(SECRET + RECORD).digest()
    forged, _ = extend_seal(seal, len(SECRET), RECORD, SUFFIX)
    sealed = SECRET + RECORD
    glue = padded(sealed)[len(sealed) :]
    assert forged == RECORD + glue + SUFFIX, f"expected record + glue + suffix, got {forged!r}"


# --- hmac_seal --------------------------------------------------------------------------------


def test_hmac_seal_matches_pythons_hmac():
    """HMAC 封签与 Python 的 hmac 模块结果一致"""
    got = hmac_seal(SECRET, RECORD)
    want = hmac.new(SECRET, RECORD, hashlib.sha256).digest()
    assert got == want, f"got {got.hex()}, expected {want.hex()}"


def test_hmac_seal_hashes_a_long_key_first():
    """过长的密钥先做一次哈希"""
    key = bytes(range(100))
    got = hmac_seal(key, RECORD)
    want = hmac.new(key, RECORD, hashlib.sha256).digest()
    assert got == want, f"a 100-byte key: got {got.hex()}, expected {want.hex()}"


# --- birthday_collision -----------------------------------------------------------------------


def number_of(message, template):
    """The number a birthday search appended to ``template``."""
    assert message.startswith(template), f"{message!r} does not start with the template"
    return int(message[len(template) :])


def test_birthday_collision_shares_the_first_bits():
    """两条消息的哈希值前若干比特相同"""
    first, second = birthday_collision(b"contract v", 16)
    assert sha256(first)[:2] == sha256(second)[:2], "the two digests differ in their first 16 bits"


def test_birthday_collision_messages_are_different_and_from_the_template():
    """两条消息互不相同，且都由模板生成"""
    first, second = birthday_collision(b"contract v", 12)
    assert first != second, "the two messages are the same message"
    number_of(first, b"contract v"), number_of(second, b"contract v")


def test_birthday_collision_takes_about_the_square_root_of_the_work():
    """尝试次数约为穷举所需次数的平方根"""
    first, second = birthday_collision(b"licence ", 28)
    shared = (
        int.from_bytes(sha256(first), "big") >> 228 == int.from_bytes(sha256(second), "big") >> 228
    )
    assert shared, "the two digests differ in their first 28 bits"
    tries = max(number_of(first, b"licence "), number_of(second, b"licence "))
    assert tries < 2**18, f"{tries} tries for 28 bits: remember every prefix, not just one"
