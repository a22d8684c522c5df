"""Hidden checks of the e-invoice exercise: only the grader runs these."""

from exercise import batch_root, invoice_id, same_root_batch, verify_receipt

from minichain.hashing import sha256d
from minichain.merkle import MerkleProof, find_mutation, merkle_proof, merkle_root

INVOICES = [f"hidden invoice {n}".encode() for n in range(16)]


def test_invoice_id_is_the_double_sha256_of_the_invoice_even_empty():
    assert invoice_id(b"") == sha256d(b"")


def test_batch_root_of_a_single_invoice_is_its_id_for_another_invoice():
    assert batch_root(INVOICES[:1]) == sha256d(INVOICES[0])


def test_batch_root_of_an_odd_batch_pairs_the_last_id_with_itself_at_sizes_to_11():
    for size in range(1, 12):
        ids = [sha256d(invoice) for invoice in INVOICES[:size]]
        assert batch_root(INVOICES[:size]) == merkle_root(ids)


def test_verify_receipt_accepts_every_invoice_of_the_batch_in_odd_batches():
    for size in (3, 7, 11):
        ids = [sha256d(invoice) for invoice in INVOICES[:size]]
        root = merkle_root(ids)
        for index in range(size):
            assert verify_receipt(INVOICES[index], merkle_proof(ids, index), root)


def test_verify_receipt_refuses_a_proof_for_another_position_in_a_batch_of_8():
    ids = [sha256d(invoice) for invoice in INVOICES[:8]]
    proof = merkle_proof(ids, 2)
    moved = MerkleProof(index=3, leaf_count=8, siblings=proof.siblings)
    assert verify_receipt(INVOICES[2], moved, merkle_root(ids)) is False


def test_verify_receipt_refuses_a_root_of_another_batch_of_four():
    ids = [sha256d(invoice) for invoice in INVOICES[:4]]
    other = merkle_root([sha256d(invoice) for invoice in INVOICES[4:8]])
    assert verify_receipt(INVOICES[1], merkle_proof(ids, 1), other) is False


def test_same_root_batch_of_four_invoices_is_none_nor_for_any_power_of_two():
    for size in range(1, 17):
        forged = same_root_batch(INVOICES[:size])
        assert (forged is None) == (size in (1, 2, 4, 8, 16))


def test_same_root_batch_of_five_invoices_is_longer_with_the_same_root_at_other_sizes():
    for size in (3, 5, 6, 7, 9, 10, 11, 12, 13, 14, 15):
        batch = INVOICES[:size]
        forged = same_root_batch(batch)
        assert forged is not None and len(forged) > size
        ids = [sha256d(invoice) for invoice in forged]
        assert merkle_root(ids) == merkle_root([sha256d(invoice) for invoice in batch])
        assert find_mutation(ids) is not None


def test_same_root_batch_leaves_the_batch_it_is_given_alone_of_twelve():
    batch = list(INVOICES[:12])
    same_root_batch(batch)
    assert batch == INVOICES[:12]
