"""What a block of calls commits to: the state root and the receipts root."""

import hashlib

from minichain.commitments import EMPTY_ROOT, Receipt, receipts_root, state_root
from minichain.suite import GM
from tests.contract_fixtures import openssl_sm3, sm3_tree


def test_state_root_covers_every_entry_sorted():
    assert state_root({}) == EMPTY_ROOT
    one = state_root({"a/x": b"1", "a/y": b"2"})
    assert one == state_root({"a/y": b"2", "a/x": b"1"})
    assert one != state_root({"a/x": b"1", "a/y": b"3"})


def test_a_receipt_leaf_is_the_digest_of_its_canonical_json_in_the_chains_suite():
    receipt = Receipt(bytes([7]) * 32, "counter", "add", "Mcaller", True, {"total": 4}, "", 12)
    spelled = f'["{"07" * 32}","counter","add","Mcaller",true,{{"total":4}},"",12]'.encode()
    assert receipt.leaf() == hashlib.sha256(spelled).digest()
    assert receipt.leaf(GM) == openssl_sm3(spelled)
    assert receipts_root([receipt, receipt], GM) == sm3_tree([openssl_sm3(spelled)] * 2)
    assert receipts_root([]) == receipts_root([], GM) == EMPTY_ROOT


def test_the_state_root_of_a_gm_chain_is_an_sm3_tree_of_sm3_leaves():
    state = {"a/y": b"[2]", "a/x": b"1", "b/z": b'"z"'}
    leaves = [
        openssl_sm3(len(key).to_bytes(4, "little") + key.encode() + state[key])
        for key in sorted(state)
    ]
    assert state_root(state, GM) == sm3_tree(leaves) != state_root(state)
