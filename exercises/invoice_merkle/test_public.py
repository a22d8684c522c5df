"""Public checks of the e-invoice exercise: the learner sees and runs these.

Roots, proofs and mutations are judged against ``minichain.merkle``; partial
trees against the Merkle roots in real Bitcoin block headers (each header's
hash meets its own proof-of-work, so the data cannot hold a typo).

Each check's name is its title in English (as words) and its one-line docstring its
title in Simplified Chinese, which a learner reading Chinese sees (exercises/README.md).
"""

from exercise import (
    batch_root,
    block_root,
    build_receipt,
    invoice_id,
    mutated_pair,
    partial_root,
    same_root_batch,
    verify_receipt,
)

from minichain.hashing import from_display_hex, sha256d
from minichain.header import BlockHeader
from minichain.merkle import (
    MerkleProof,
    find_mutation,
    merkle_levels,
    merkle_proof,
    merkle_root,
    verify_proof,
)
from minichain.pow import meets_target

BATCH = [
    f"发票 44031800{n:04d}; 销售方 深圳前海科技; amount {100 + 7 * n}.00 CNY".encode()
    for n in range(6)
]

# Bitcoin block 100000: its header's Merkle root and its four txids, as explorers print them.
BLOCK_100000_ROOT = "f3e94742aca4b5ef85488dc37c06c3282295ffec960994b2c0d5ac2a25a95766"
BLOCK_100000_TXIDS = [
    "8c14f0db3df150123e6f3dbbf30f8b955a8249b62ac1d1ff16284aefa3d06d87",
    "fff2525b8931402dd09222c50775608f75787bd2b87e56995a7bdd30f79702c4",
    "6359f0868171b1d194cbee1af2f16ea598ae8fad666d9b012c8ed2b79a236ec4",
    "e9a66845e05d5abc0ad04ec80f774a7e585c6e8db975962d069a522137b80c1d",
]

# A real testnet3 "merkleblock" message (BIP 37), as a node sent it: the 80-byte header,
# the block's transaction count (3519), 10 hashes and the flag bytes b55635; it proves
# that the block's last transaction is in the block.
MERKLEBLOCK = bytes.fromhex(
    "00000020df3b053dc46f162a9b00c7f0d5124e2676d47bbe7c5d0793a500000000000000ef445fef2ed495"
    "c275892206ca533e7411907971013ab83e3b47bd0d692d14d4dc7c835b67d8001ac157e670bf0d00000aba"
    "412a0d1480e370173072c9562becffe87aa661c1e4a6dbc305d38ec5dc088a7cf92e6458aca7b32edae818"
    "f9c2c98c37e06bf72ae0ce80649a38655ee1e27d34d9421d940b16732f24b94023e9d572a7f9ab8023434a"
    "4feb532d2adfc8c2c2158785d1bd04eb99df2e86c54bc13e139862897217400def5d72c280222c4cbaee72"
    "61831e1550dbb8fa82853e9fe506fc5fda3f7b919d8fe74b6282f92763cef8e625f977af7c8619c32a369b"
    "832bc2d051ecd9c73c51e76370ceabd4f25097c256597fa898d404ed53425de608ac6bfe426f6e2bb457f1"
    "c554866eb69dcb8d6bf6f880e9a59b3cd053e6c7060eeacaacf4dac6697dac20e4bd3f38a2ea2543d1ab79"
    "53e3430790a9f81e1c67f5b58c825acf46bd02848384eebe9af917274cdfbb1a28a5d58a23a17977def0de"
    "10d644258d9c54f886d47d293a411cb6226103b55635"
)


def ids_of(invoices):
    return [sha256d(invoice) for invoice in invoices]


def root_of(invoices):
    return merkle_root(ids_of(invoices))


def parse_merkleblock(raw):
    """The header, transaction count, hashes and flags of a BIP 37 merkleblock message."""
    header = BlockHeader.parse(raw[:80])
    count, hash_count = int.from_bytes(raw[80:84], "little"), raw[84]
    hashes = [raw[85 + 32 * n : 117 + 32 * n] for n in range(hash_count)]
    flag_bytes = raw[85 + 32 * hash_count]
    flags = raw[86 + 32 * hash_count : 86 + 32 * hash_count + flag_bytes]
    return header, count, hashes, flags


def partial_tree(ids, wanted):
    """The sender's side of BIP 37: the hashes and flag bytes proving the leaves ``wanted``."""
    levels, bits, hashes = merkle_levels(ids), [], []

    def build(level, position):
        first, last = position << level, min((position + 1) << level, len(ids))
        holds_a_match = any(index in wanted for index in range(first, last))
        bits.append(int(holds_a_match))
        if level == 0 or not holds_a_match:
            hashes.append(levels[level][position])
            return
        build(level - 1, 2 * position)
        if 2 * position + 1 < len(levels[level - 1]):
            build(level - 1, 2 * position + 1)

    build(len(levels) - 1, 0)
    flags = bytes(
        sum(bit << shift for shift, bit in enumerate(bits[start : start + 8]))
        for start in range(0, len(bits), 8)
    )
    return hashes, flags


# --- invoice_id -------------------------------------------------------------------------------


def test_invoice_id_is_the_double_sha256_of_the_invoice():
    """发票 ID 是发票的双重 SHA-256 哈希值"""
    got, want = invoice_id(BATCH[0]), sha256d(BATCH[0])
    assert got == want, f"invoice_id returned {got.hex()}, expected {want.hex()}"


def test_invoice_id_is_the_same_for_a_gb18030_copy():
    """GB 18030 编码的副本与原发票的 ID 相同"""
    text = BATCH[1].decode("utf-8")
    got, want = invoice_id(text.encode("gb18030")), sha256d(BATCH[1])
    assert got == want, "the GB18030 copy of an invoice got another id than its UTF-8 original"


# --- batch_root -------------------------------------------------------------------------------


def test_batch_root_of_four_invoices_matches_minichain():
    """四张发票的默克尔根与 minichain 算出的相同"""
    want = merkle_root([sha256d(invoice) for invoice in BATCH[:4]])
    got = batch_root(BATCH[:4])
    assert got == want, f"root of 4 invoices: got {got.hex()}, expected {want.hex()}"


def test_batch_root_of_an_odd_batch_pairs_the_last_id_with_itself():
    """发票为奇数张时，最后一个 ID 与自身配对"""
    want = merkle_root([sha256d(invoice) for invoice in BATCH[:5]])
    got = batch_root(BATCH[:5])
    assert got == want, f"root of 5 invoices: got {got.hex()}, expected {want.hex()}"


def test_batch_root_of_a_single_invoice_is_its_id():
    """只有一张发票时，默克尔根就是它的 ID"""
    got, want = batch_root(BATCH[2:3]), sha256d(BATCH[2])
    assert got == want, f"root of 1 invoice: got {got.hex()}, expected its id {want.hex()}"


# --- block_root -------------------------------------------------------------------------------


def test_block_root_of_block_100000_is_its_headers_root():
    """区块 100000 的根等于其区块头中的默克尔根"""
    got = block_root(BLOCK_100000_TXIDS)
    assert got == BLOCK_100000_ROOT, f"got {got}, expected the header's {BLOCK_100000_ROOT}"


def test_block_root_of_an_odd_block_matches_minichain():
    """交易为奇数笔的区块，根与 minichain 算出的相同"""
    txids = BLOCK_100000_TXIDS[:3]
    want = merkle_root([from_display_hex(txid) for txid in txids])[::-1].hex()
    got = block_root(txids)
    assert got == want, f"3 txids: got {got}, expected {want}"


# --- build_receipt ----------------------------------------------------------------------------


def test_build_receipt_matches_minichains_proof():
    """包含证明与 minichain 构建的默克尔证明相同"""
    ids = ids_of(BATCH[:5])
    for index in range(5):
        got, want = build_receipt(BATCH[:5], index), merkle_proof(ids, index)
        assert got == want, f"invoice {index} of 5: got {got}, expected {want}"


def test_build_receipt_of_the_odd_last_invoice_has_itself_as_sibling():
    """落单的最后一张发票以自身为兄弟节点"""
    got = build_receipt(BATCH[:5], 4)
    assert got.siblings[0] == sha256d(BATCH[4]), "the odd last id is paired with itself"


def test_build_receipt_of_a_single_invoice_has_no_siblings():
    """只有一张发票时，证明中没有兄弟节点"""
    got = build_receipt(BATCH[:1], 0)
    assert got == MerkleProof(index=0, leaf_count=1, siblings=()), f"got {got}"


# --- verify_receipt ---------------------------------------------------------------------------


def test_verify_receipt_accepts_every_invoice_of_the_batch():
    """这批发票中的每一张都能通过核验"""
    ids = [sha256d(invoice) for invoice in BATCH[:5]]
    root = merkle_root(ids)
    for index, invoice in enumerate(BATCH[:5]):
        proof = merkle_proof(ids, index)
        assert verify_receipt(invoice, proof, root) is True, f"invoice {index} was refused"


def test_verify_receipt_refuses_an_altered_invoice():
    """拒绝被改动过的发票"""
    ids = [sha256d(invoice) for invoice in BATCH[:5]]
    altered = BATCH[2].replace(b"114.00", b"914.00")
    assert verify_receipt(altered, merkle_proof(ids, 2), merkle_root(ids)) is False, (
        "an invoice whose amount was changed was accepted"
    )


def test_verify_receipt_refuses_a_proof_for_another_position():
    """拒绝针对另一个位置的证明"""
    ids = [sha256d(invoice) for invoice in BATCH[:5]]
    proof = merkle_proof(ids, 0)
    moved = MerkleProof(index=1, leaf_count=5, siblings=proof.siblings)
    assert verify_receipt(BATCH[0], moved, merkle_root(ids)) is False, (
        "a proof of position 0 was accepted for position 1"
    )


def test_verify_receipt_refuses_a_root_of_another_batch():
    """拒绝另一批发票的默克尔根"""
    ids = [sha256d(invoice) for invoice in BATCH[:3]]
    other = merkle_root([sha256d(invoice) for invoice in BATCH[3:6]])
    assert verify_receipt(BATCH[0], merkle_proof(ids, 0), other) is False, (
        "a receipt was accepted against the root of another batch"
    )


def test_verify_receipt_refuses_an_odd_last_node_paired_with_another():
    """拒绝把落单的最后一个节点与别的节点配对"""
    # A receipt claiming that BATCH[2] is the last of a batch of 3, paired with another id:
    # no batch of 3 has such a tree, whatever root it comes with.
    node, other = sha256d(BATCH[2]), sha256d(b"an invoice the bureau never saw")
    forged = MerkleProof(index=2, leaf_count=3, siblings=(other, sha256d(BATCH[0] + BATCH[1])))
    root = sha256d(forged.siblings[1] + sha256d(node + other))
    assert verify_proof(node, forged, root) is False  # minichain.merkle refuses it too
    assert verify_receipt(BATCH[2], forged, root) is False, (
        "the odd last node of a level was accepted with a sibling other than itself"
    )


# --- same_root_batch --------------------------------------------------------------------------


def test_same_root_batch_of_five_invoices_is_longer_with_the_same_root():
    """五张发票可伪造成更长、默克尔根相同的一批"""
    forged = same_root_batch(BATCH[:5])
    assert forged is not None, "5 is not a power of two: a forgery exists"
    assert len(forged) > 5, f"expected more than 5 invoices, got {len(forged)}"
    assert root_of(forged) == root_of(BATCH[:5]), "the forged batch has another root"


def test_same_root_batch_of_six_invoices_copies_a_subtree_of_two():
    """六张发票时复制一棵含两张发票的子树"""
    forged = same_root_batch(BATCH)
    assert forged is not None, "6 is not a power of two: a forgery exists"
    assert len(forged) > 6, f"expected more than 6 invoices, got {len(forged)}"
    assert root_of(forged) == root_of(BATCH), "the forged batch has another root"
    ids = [sha256d(invoice) for invoice in forged]
    assert find_mutation(ids) is not None, "minichain.merkle.find_mutation should spot it"


def test_same_root_batch_of_four_invoices_is_none():
    """四张发票无法伪造，返回 None"""
    assert same_root_batch(BATCH[:4]) is None, "4 is a power of two: no level has an odd node"


def test_same_root_batch_leaves_the_batch_it_is_given_alone():
    """不改动传入的那批发票"""
    batch = list(BATCH[:5])
    same_root_batch(batch)
    assert batch == BATCH[:5], "same_root_batch changed the list it was given: build a new one"


# --- mutated_pair -----------------------------------------------------------------------------


def test_mutated_pair_finds_the_copied_subtree_where_minichain_does():
    """与 minichain 在同一位置找出被复制的子树"""
    forged = BATCH + BATCH[4:]  # the forgery of same_root_batch for 6 invoices
    mutation = find_mutation(ids_of(forged))
    got = mutated_pair(forged)
    assert got == (mutation.level, mutation.position), f"got {got}, expected {mutation}"


def test_mutated_pair_finds_an_invoice_listed_twice_side_by_side():
    """找出相邻列出两次的同一张发票"""
    batch = [BATCH[0], BATCH[1], BATCH[2], BATCH[2]]
    got = mutated_pair(batch)
    assert got == (0, 2), f"invoices 2 and 3 are one invoice: got {got}, expected (0, 2)"


def test_mutated_pair_is_none_for_an_honest_batch():
    """诚实的一批发票返回 None"""
    for size in (1, 4, 5, 6):
        got = mutated_pair(BATCH[:size])
        assert got is None, f"an honest batch of {size} gave {got}: the rules' own copy is no pair"


# --- partial_root -----------------------------------------------------------------------------


def test_partial_root_of_a_real_testnet_merkleblock_is_its_headers_root():
    """真实测试网 merkleblock 的根等于其区块头中的默克尔根"""
    header, count, hashes, flags = parse_merkleblock(MERKLEBLOCK)
    assert meets_target(header), "the header's hash must meet its proof-of-work"
    got = partial_root(count, hashes, flags)
    assert got is not None, "a real merkleblock was refused"
    root, matched = got
    assert root == header.merkle_root, f"got root {root.hex()}, expected the header's"
    assert matched == [3518], f"the message proves transaction 3518, got {matched}"


def test_partial_root_of_block_100000_matches_its_header():
    """区块 100000 的部分默克尔树与其区块头相符"""
    txids = [from_display_hex(txid) for txid in BLOCK_100000_TXIDS]
    hashes, flags = partial_tree(txids, {2})
    got = partial_root(4, hashes, flags)
    assert got == (from_display_hex(BLOCK_100000_ROOT), [2]), f"got {got}"


def test_partial_root_finds_every_matched_leaf_of_an_odd_tree():
    """在叶子为奇数个的树中找出每一个匹配的叶子"""
    ids = ids_of(BATCH[:5])
    hashes, flags = partial_tree(ids, {0, 3, 4})
    got = partial_root(5, hashes, flags)
    assert got == (merkle_root(ids), [0, 3, 4]), f"got {got}"


def test_partial_root_is_none_when_hashes_are_missing_or_left_over():
    """哈希值缺少或有剩余时返回 None"""
    ids = ids_of(BATCH)
    hashes, flags = partial_tree(ids, {1})
    assert partial_root(6, hashes[:-1], flags) is None, "a hash was missing"
    assert partial_root(6, [*hashes, ids[0]], flags) is None, "a hash was left over"


def test_partial_root_is_none_when_flag_bytes_are_missing_or_left_over():
    """标志字节缺少或有剩余时返回 None"""
    ids = ids_of(BATCH)
    hashes, flags = partial_tree(ids, {1})
    assert partial_root(6, hashes, flags + b"\x00") is None, "a whole flag byte was left over"
    assert partial_root(6, hashes, flags[:-1]) is None, "the flag bits ran out"


def test_partial_root_is_none_for_an_empty_tree():
    """空树返回 None"""
    assert partial_root(0, [], b"") is None, "a tree of 0 leaves has no root"


def test_partial_root_is_none_for_identical_siblings():
    """两个兄弟节点相同时返回 None"""
    ids = ids_of(BATCH[:3])
    hashes, flags = partial_tree([ids[0], ids[1], ids[2], ids[2]], {3})
    assert partial_root(4, hashes, flags) is None, "two identical siblings (CVE-2012-2459)"
