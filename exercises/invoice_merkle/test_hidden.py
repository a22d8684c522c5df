"""Hidden checks of the e-invoice exercise: only the grader runs these.

Each check's name is its title in English (as words) and its one-line docstring its
title in Simplified Chinese, shown only where a failing hidden check's name is shown
(exercises/README.md).
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
from minichain.merkle import (
    MerkleProof,
    find_mutation,
    merkle_levels,
    merkle_proof,
    merkle_root,
    verify_proof,
)

INVOICES = [f"hidden invoice {n}; 购买方 员工{n}".encode() for n in range(16)]

# A testnet3 block with 11 transactions (levels of 11, 6, 3, 2 and 1 nodes): its header's
# Merkle root and its txids, as explorers print them.
TESTNET_ROOT = "4297fb95a0168b959d1469410c7527da5d6243d99699e7d041b7f3916ba93301"
TESTNET_TXIDS = [
    "42f6f52f17620653dcc909e58bb352e0bd4bd1381e2955d19c00959a22122b2e",
    "94c3af34b9667bf787e1c6a0a009201589755d01d02fe2877cc69b929d2418d4",
    "959428d7c48113cb9149d0566bde3d46e98cf028053c522b8fa8f735241aa953",
    "a9f27b99d5d108dede755710d4a1ffa2c74af70b4ca71726fa57d68454e609a2",
    "62af110031e29de1efcad103b3ad4bec7bdcf6cb9c9f4afdd586981795516577",
    "766900590ece194667e9da2984018057512887110bf54fe0aa800157aec796ba",
    "e8270fb475763bc8d855cfe45ed98060988c1bdcad2ffc8364f783c98999a208",
    "921b8cfd3e14bf41f028f0a3aa88c813d5039a2b1bceb12208535b0b43a5d09e",
    "15535864799652347cec66cba473f6d8291541238e58b2e03b046bc53cfe1321",
    "1c8af7c502971e67096456eac9cd5407aacf62190fc54188995666a30faf99f0",
    "3311f8acc57e8a3e9b68e2945fb4f53c07b0fa4668a7e5cda6255c21558c774d",
]


def ids_of(invoices):
    return [sha256d(invoice) for invoice in invoices]


def partial_tree(ids, wanted):
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


def test_invoice_id_is_the_double_sha256_of_the_invoice_even_empty():
    """空发票的 ID 也是其双重 SHA-256 哈希值"""
    assert invoice_id(b"") == sha256d(b"")


def test_invoice_id_is_the_same_for_a_gb18030_copy_of_another_invoice():
    """另一张发票的 GB 18030 副本 ID 也与原件相同"""
    text = "增值税电子普通发票 No. 12345678, 价税合计 ¥1,024.00"
    assert invoice_id(text.encode("gb18030")) == sha256d(text.encode("utf-8"))
    assert invoice_id(text.encode("utf-8")) == sha256d(text.encode("utf-8"))


def test_batch_root_of_a_single_invoice_is_its_id_for_another_invoice():
    """换一张发票，单张时默克尔根仍是它的 ID"""
    assert batch_root(INVOICES[:1]) == sha256d(INVOICES[0])


def test_batch_root_of_an_odd_batch_pairs_the_last_id_with_itself_at_sizes_to_11():
    """1 至 11 张发票时，落单的 ID 都与自身配对"""
    for size in range(1, 12):
        ids = [sha256d(invoice) for invoice in INVOICES[:size]]
        assert batch_root(INVOICES[:size]) == merkle_root(ids)


def test_block_root_of_block_100000_is_its_headers_root_and_the_testnet_blocks():
    """测试网区块和创世区块的根也等于区块头中的默克尔根"""
    assert block_root(TESTNET_TXIDS) == TESTNET_ROOT
    genesis_coinbase = "4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b"
    assert block_root([genesis_coinbase]) == genesis_coinbase  # the genesis block's root


def test_block_root_of_an_odd_block_matches_minichain_at_sizes_to_10():
    """1 至 10 笔交易的区块，根都与 minichain 相同"""
    for size in range(1, 11):
        txids = TESTNET_TXIDS[:size]
        want = merkle_root([from_display_hex(txid) for txid in txids])[::-1].hex()
        assert block_root(txids) == want, size


def test_build_receipt_matches_minichains_proof_at_sizes_to_16():
    """1 至 16 张发票时，包含证明都与 minichain 相同"""
    for size in range(1, 17):
        ids = ids_of(INVOICES[:size])
        for index in range(size):
            assert build_receipt(INVOICES[:size], index) == merkle_proof(ids, index), (size, index)


def test_build_receipt_of_the_odd_last_invoice_has_itself_as_sibling_in_a_batch_of_11():
    """11 张发票中落单的最后一张以自身为兄弟节点"""
    proof = build_receipt(INVOICES[:11], 10)
    levels = merkle_levels(ids_of(INVOICES[:11]))
    assert proof.siblings[:3] == (levels[0][10], levels[1][4], levels[2][2])


def test_verify_receipt_accepts_every_invoice_of_the_batch_in_odd_batches():
    """奇数张发票的批次中，每一张都能通过核验"""
    for size in (3, 7, 11):
        ids = [sha256d(invoice) for invoice in INVOICES[:size]]
        root = merkle_root(ids)
        for index in range(size):
            assert verify_receipt(INVOICES[index], merkle_proof(ids, index), root)


def test_verify_receipt_refuses_a_proof_for_another_position_in_a_batch_of_8():
    """八张发票时拒绝针对另一个位置的证明"""
    ids = [sha256d(invoice) for invoice in INVOICES[:8]]
    proof = merkle_proof(ids, 2)
    moved = MerkleProof(index=3, leaf_count=8, siblings=proof.siblings)
    assert verify_receipt(INVOICES[2], moved, merkle_root(ids)) is False


def test_verify_receipt_refuses_a_root_of_another_batch_of_four():
    """拒绝另一批四张发票的默克尔根"""
    ids = [sha256d(invoice) for invoice in INVOICES[:4]]
    other = merkle_root([sha256d(invoice) for invoice in INVOICES[4:8]])
    assert verify_receipt(INVOICES[1], merkle_proof(ids, 1), other) is False


def test_verify_receipt_refuses_an_odd_last_node_paired_with_another_on_a_higher_level():
    """较高层上也拒绝把落单节点与别的节点配对"""
    ids = ids_of(INVOICES[:6])  # levels of 6, 3, 2, 1: entry 4 is the odd last node of level 1
    levels = merkle_levels(ids)
    other = sha256d(b"not in the batch")
    parent = sha256d(levels[1][2] + other)
    forged = MerkleProof(index=4, leaf_count=6, siblings=(ids[5], other, levels[2][0]))
    root = sha256d(levels[2][0] + parent)
    assert verify_proof(ids[4], forged, root) is False
    assert verify_receipt(INVOICES[4], forged, root) is False


def test_same_root_batch_of_four_invoices_is_none_nor_for_any_power_of_two():
    """发票张数为 2 的幂时都无法伪造，返回 None"""
    for size in range(1, 17):
        forged = same_root_batch(INVOICES[:size])
        assert (forged is None) == (size in (1, 2, 4, 8, 16))


def test_same_root_batch_of_five_invoices_is_longer_with_the_same_root_at_other_sizes():
    """其他张数时也能伪造成更长、默克尔根相同的一批"""
    for size in (3, 5, 6, 7, 9, 10, 11, 12, 13, 14, 15):
        batch = INVOICES[:size]
        forged = same_root_batch(batch)
        assert forged is not None and len(forged) > size
        ids = [sha256d(invoice) for invoice in forged]
        assert merkle_root(ids) == merkle_root([sha256d(invoice) for invoice in batch])
        assert find_mutation(ids) is not None


def test_same_root_batch_leaves_the_batch_it_is_given_alone_of_twelve():
    """十二张发票时也不改动传入的那批"""
    batch = list(INVOICES[:12])
    same_root_batch(batch)
    assert batch == INVOICES[:12]


def test_mutated_pair_finds_the_copied_subtree_where_minichain_does_at_other_sizes():
    """其他张数时也与 minichain 在同一位置找出子树"""
    for size in (3, 5, 6, 7, 9, 10, 11, 12, 13):
        size_of_copy = size & -size  # the largest power of two dividing size
        forged = INVOICES[:size] + INVOICES[size - size_of_copy : size]
        mutation = find_mutation(ids_of(forged))
        assert mutated_pair(forged) == (mutation.level, mutation.position), size


def test_mutated_pair_finds_an_invoice_listed_twice_side_by_side_at_the_start():
    """找出开头处相邻列出两次的同一张发票"""
    assert mutated_pair([INVOICES[7], INVOICES[7], INVOICES[8]]) == (0, 0)


def test_mutated_pair_is_none_for_an_honest_batch_of_any_size_to_16():
    """1 至 16 张的诚实批次都返回 None"""
    for size in range(1, 17):
        assert mutated_pair(INVOICES[:size]) is None, size


def test_partial_root_of_block_100000_matches_its_header_the_testnet_block_too():
    """测试网区块的部分默克尔树也与其区块头相符"""
    txids = [from_display_hex(txid) for txid in TESTNET_TXIDS]
    for wanted in ({0}, {10}, {5, 6}, set(range(11))):
        hashes, flags = partial_tree(txids, wanted)
        assert partial_root(11, hashes, flags) == (from_display_hex(TESTNET_ROOT), sorted(wanted))


def test_partial_root_finds_every_matched_leaf_of_an_odd_tree_or_none_matched():
    """奇数个叶子的树中，无论匹配几个都能找全"""
    ids = ids_of(INVOICES[:13])
    for wanted in (set(), {12}, {1, 2, 3, 11}):
        hashes, flags = partial_tree(ids, wanted)
        assert partial_root(13, hashes, flags) == (merkle_root(ids), sorted(wanted)), wanted


def test_partial_root_is_none_when_hashes_are_missing_or_left_over_in_a_bigger_tree():
    """更大的树中哈希值缺少或有剩余时返回 None"""
    ids = ids_of(INVOICES[:13])
    hashes, flags = partial_tree(ids, {4, 9})
    assert partial_root(13, hashes[1:], flags) is None
    assert partial_root(13, [*hashes, hashes[0]], flags) is None


def test_partial_root_is_none_when_flag_bytes_are_missing_or_left_over_two_of_them():
    """多出两个标志字节或全部缺少时返回 None"""
    ids = ids_of(INVOICES[:13])
    hashes, flags = partial_tree(ids, {4, 9})
    assert partial_root(13, hashes, flags + b"\x00\x00") is None
    assert partial_root(13, hashes, b"") is None


def test_partial_root_is_none_for_an_empty_tree_even_with_a_hash_and_a_flag():
    """空树即使带有哈希值和标志位也返回 None"""
    assert partial_root(0, [sha256d(b"x")], b"\x01") is None


def test_partial_root_is_none_for_identical_siblings_higher_up():
    """较高层上两个兄弟节点相同时返回 None"""
    ids = ids_of(INVOICES[:6])
    hashes, flags = partial_tree([*ids, ids[4], ids[5]], {7})
    assert partial_root(8, hashes, flags) is None
