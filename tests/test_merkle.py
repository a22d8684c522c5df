import hashlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from minichain.errors import EncodingError, MerkleError, OutOfRangeError, WrongTypeError
from minichain.hashing import from_display_hex
from minichain.merkle import (
    MerkleMutation,
    MerkleProof,
    find_mutation,
    merkle_levels,
    merkle_proof,
    merkle_root,
    proof_from_levels,
    tree_depth,
    verify_proof,
)
from tests.bitcoin_data import (
    BLOCK_100000,
    BLOCK_100000_TXIDS,
    GENESIS_COINBASE_TXID,
    TESTNET_11_TX_BLOCK,
    TESTNET_11_TX_BLOCK_TXIDS,
)


def leaf(n: int) -> bytes:
    return hashlib.sha256(n.to_bytes(4, "big")).digest()


def hash_pair(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(hashlib.sha256(left + right).digest()).digest()


def test_root_of_block_100000_transactions_matches_its_header():
    txids = [from_display_hex(txid) for txid in BLOCK_100000_TXIDS]
    assert merkle_root(txids) == BLOCK_100000.merkle_root


def test_root_of_an_eleven_transaction_block_matches_its_header():
    txids = [from_display_hex(txid) for txid in TESTNET_11_TX_BLOCK_TXIDS]
    assert merkle_root(txids) == TESTNET_11_TX_BLOCK.merkle_root


def test_every_transaction_of_a_real_block_has_a_valid_proof():
    txids = [from_display_hex(txid) for txid in TESTNET_11_TX_BLOCK_TXIDS]
    for index, txid in enumerate(txids):
        proof = merkle_proof(txids, index)
        assert verify_proof(txid, proof, TESTNET_11_TX_BLOCK.merkle_root)


def test_single_leaf_is_its_own_root():
    coinbase = from_display_hex(GENESIS_COINBASE_TXID)
    assert merkle_root([coinbase]) == coinbase


def test_parent_is_double_sha256_of_left_then_right():
    assert merkle_root([leaf(0), leaf(1)]) == hash_pair(leaf(0), leaf(1))


def test_odd_level_pairs_its_last_node_with_itself():
    a, b, c = leaf(0), leaf(1), leaf(2)
    assert merkle_root([a, b, c]) == hash_pair(hash_pair(a, b), hash_pair(c, c))


def test_levels_end_with_the_root():
    levels = merkle_levels([leaf(n) for n in range(5)])
    assert [len(level) for level in levels] == [5, 3, 2, 1]
    assert levels[-1] == [merkle_root([leaf(n) for n in range(5)])]


@pytest.mark.parametrize(("count", "depth"), [(1, 0), (2, 1), (3, 2), (4, 2), (5, 3), (1024, 10)])
def test_proof_length_is_the_tree_depth(count, depth):
    assert tree_depth(count) == depth


def test_every_proof_verifies_for_every_index_of_trees_up_to_300_leaves():
    leaves = [leaf(n) for n in range(300)]
    for count in range(1, 301):
        levels = merkle_levels(leaves[:count])
        root = levels[-1][0]
        for index in range(count):
            proof = proof_from_levels(levels, index)
            assert verify_proof(leaves[index], proof, root), (count, index)


def test_merkle_proof_agrees_with_proof_from_levels():
    leaves = [leaf(n) for n in range(7)]
    assert merkle_proof(leaves, 6) == proof_from_levels(merkle_levels(leaves), 6)


def test_proof_of_one_leaf_does_not_prove_another():
    leaves = [leaf(n) for n in range(8)]
    proof = merkle_proof(leaves, 3)
    assert not verify_proof(leaves[4], proof, merkle_root(leaves))


def test_proof_at_a_different_index_fails():
    leaves = [leaf(n) for n in range(8)]
    proof = merkle_proof(leaves, 3)
    moved = MerkleProof(index=2, leaf_count=8, siblings=proof.siblings)
    assert not verify_proof(leaves[3], moved, merkle_root(leaves))


def flip_bit(data: bytes, bit: int) -> bytes:
    changed = bytearray(data)
    changed[bit // 8] ^= 1 << (bit % 8)
    return bytes(changed)


@settings(max_examples=300, deadline=None)
@given(
    count=st.integers(1, 300),
    data=st.data(),
)
def test_flipping_any_bit_of_leaf_sibling_or_root_breaks_the_proof(count, data):
    leaves = [leaf(n) for n in range(count)]
    index = data.draw(st.integers(0, count - 1))
    proof, root = merkle_proof(leaves, index), merkle_root(leaves)
    target = data.draw(st.sampled_from(["leaf", "root"] + (["sibling"] if proof.siblings else [])))
    bit = data.draw(st.integers(0, 255))
    if target == "leaf":
        assert not verify_proof(flip_bit(leaves[index], bit), proof, root)
    elif target == "root":
        assert not verify_proof(leaves[index], proof, flip_bit(root, bit))
    else:
        level = data.draw(st.integers(0, len(proof.siblings) - 1))
        siblings = list(proof.siblings)
        siblings[level] = flip_bit(siblings[level], bit)
        forged = MerkleProof(proof.index, proof.leaf_count, tuple(siblings))
        assert not verify_proof(leaves[index], forged, root)


def test_odd_last_node_must_be_paired_with_itself():
    a, b, c, x = leaf(0), leaf(1), leaf(2), leaf(99)
    # A forger proves c with a made-up sibling x and the root that this path gives.
    forged_root = hash_pair(hash_pair(a, b), hash_pair(c, x))
    forged = MerkleProof(index=2, leaf_count=3, siblings=(x, hash_pair(a, b)))
    assert not verify_proof(c, forged, forged_root)


def test_cve_2012_2459_a_duplicated_tail_gives_the_same_root():
    a, b, c = leaf(0), leaf(1), leaf(2)
    assert merkle_root([a, b, c]) == merkle_root([a, b, c, c])


def test_find_mutation_reports_the_duplicated_pair():
    a, b, c = leaf(0), leaf(1), leaf(2)
    assert find_mutation([a, b, c, c]) == MerkleMutation(level=0, position=2)


def test_find_mutation_reports_duplication_on_a_higher_level():
    six = [leaf(n) for n in range(6)]
    eight = six + six[4:6]
    assert merkle_root(six) == merkle_root(eight)
    assert find_mutation(eight) == MerkleMutation(level=1, position=2)


def test_odd_last_copy_made_by_the_rules_is_not_a_mutation():
    assert find_mutation([leaf(n) for n in range(5)]) is None


def test_real_block_is_not_mutated():
    assert find_mutation([from_display_hex(txid) for txid in BLOCK_100000_TXIDS]) is None


def test_rejects_empty_leaf_list():
    with pytest.raises(MerkleError, match="leaves: .*at least one leaf"):
        merkle_root([])


def test_rejects_leaf_of_wrong_length_and_names_its_position():
    with pytest.raises(EncodingError, match=r"leaves\[1\]: must be 32 bytes, got 31"):
        merkle_root([leaf(0), leaf(1)[:31]])


def test_rejects_text_leaf():
    with pytest.raises(WrongTypeError, match=r"leaves\[0\]: must be bytes, got str"):
        merkle_root(["a" * 32])


def test_rejects_a_single_bytes_value_instead_of_a_list():
    with pytest.raises(WrongTypeError, match="leaves: must be a list"):
        merkle_root(leaf(0))


def test_rejects_non_iterable_leaves():
    with pytest.raises(WrongTypeError, match="leaves: must be a list"):
        merkle_root(42)


def test_proof_index_must_be_inside_the_tree():
    with pytest.raises(OutOfRangeError, match="index: must be between 0 and 3, got 4"):
        merkle_proof([leaf(n) for n in range(4)], 4)


def test_proof_must_have_one_sibling_per_level():
    with pytest.raises(MerkleError, match="siblings: a tree of 4 leaves needs 2 siblings, got 1"):
        MerkleProof(index=0, leaf_count=4, siblings=(leaf(1),))


def test_proof_siblings_must_be_32_bytes():
    with pytest.raises(EncodingError, match=r"siblings\[1\]: must be 32 bytes"):
        MerkleProof(index=0, leaf_count=4, siblings=(leaf(1), b"short"))


def test_proof_siblings_must_be_a_sequence_of_hashes():
    with pytest.raises(WrongTypeError, match="siblings: must be a tuple"):
        MerkleProof(index=0, leaf_count=2, siblings=leaf(1))


def test_verify_rejects_something_that_is_not_a_proof():
    with pytest.raises(WrongTypeError, match="proof: must be a MerkleProof"):
        verify_proof(leaf(0), [leaf(1)], leaf(2))


def test_verify_rejects_short_root():
    proof = merkle_proof([leaf(0), leaf(1)], 0)
    with pytest.raises(EncodingError, match="root: must be 32 bytes"):
        verify_proof(leaf(0), proof, b"\0" * 20)


def test_accepts_bytearray_leaves_like_bytes():
    assert merkle_root([bytearray(leaf(0)), leaf(1)]) == merkle_root([leaf(0), leaf(1)])
