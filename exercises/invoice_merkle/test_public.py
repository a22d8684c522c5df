"""Public checks of the e-invoice exercise: the learner sees and runs these."""

from exercise import batch_root, invoice_id, same_root_batch, verify_receipt

from minichain.hashing import sha256d
from minichain.merkle import MerkleProof, find_mutation, merkle_proof, merkle_root

BATCH = [
    f"invoice 44031800{n:04d}; issuer 91440300MA5ERFG61X; amount {100 + 7 * n}.00 CNY".encode()
    for n in range(6)
]


def root_of(invoices):
    return merkle_root([sha256d(invoice) for invoice in invoices])


def test_invoice_id_is_the_double_sha256_of_the_invoice():
    got, want = invoice_id(BATCH[0]), sha256d(BATCH[0])
    assert got == want, f"invoice_id returned {got.hex()}, expected {want.hex()}"


def test_batch_root_of_four_invoices_matches_minichain():
    want = merkle_root([sha256d(invoice) for invoice in BATCH[:4]])
    got = batch_root(BATCH[:4])
    assert got == want, f"root of 4 invoices: got {got.hex()}, expected {want.hex()}"


def test_batch_root_of_an_odd_batch_pairs_the_last_id_with_itself():
    want = merkle_root([sha256d(invoice) for invoice in BATCH[:5]])
    got = batch_root(BATCH[:5])
    assert got == want, f"root of 5 invoices: got {got.hex()}, expected {want.hex()}"


def test_batch_root_of_a_single_invoice_is_its_id():
    got, want = batch_root(BATCH[2:3]), sha256d(BATCH[2])
    assert got == want, f"root of 1 invoice: got {got.hex()}, expected its id {want.hex()}"


def test_verify_receipt_accepts_every_invoice_of_the_batch():
    ids = [sha256d(invoice) for invoice in BATCH[:5]]
    root = merkle_root(ids)
    for index, invoice in enumerate(BATCH[:5]):
        proof = merkle_proof(ids, index)
        assert verify_receipt(invoice, proof, root) is True, f"invoice {index} was refused"


def test_verify_receipt_refuses_an_altered_invoice():
    ids = [sha256d(invoice) for invoice in BATCH[:5]]
    altered = BATCH[2].replace(b"114.00", b"914.00")
    assert verify_receipt(altered, merkle_proof(ids, 2), merkle_root(ids)) is False, (
        "an invoice whose amount was changed was accepted"
    )


def test_verify_receipt_refuses_a_proof_for_another_position():
    ids = [sha256d(invoice) for invoice in BATCH[:5]]
    proof = merkle_proof(ids, 0)
    moved = MerkleProof(index=1, leaf_count=5, siblings=proof.siblings)
    assert verify_receipt(BATCH[0], moved, merkle_root(ids)) is False, (
        "a proof of position 0 was accepted for position 1"
    )


def test_verify_receipt_refuses_a_root_of_another_batch():
    ids = [sha256d(invoice) for invoice in BATCH[:3]]
    other = merkle_root([sha256d(invoice) for invoice in BATCH[3:6]])
    assert verify_receipt(BATCH[0], merkle_proof(ids, 0), other) is False, (
        "a receipt was accepted against the root of another batch"
    )


def test_same_root_batch_of_five_invoices_is_longer_with_the_same_root():
    forged = same_root_batch(BATCH[:5])
    assert forged is not None, "5 is not a power of two: a forgery exists"
    assert len(forged) > 5, f"expected more than 5 invoices, got {len(forged)}"
    assert root_of(forged) == root_of(BATCH[:5]), "the forged batch has another root"


def test_same_root_batch_of_six_invoices_copies_a_subtree_of_two():
    forged = same_root_batch(BATCH)
    assert forged is not None, "6 is not a power of two: a forgery exists"
    assert len(forged) > 6, f"expected more than 6 invoices, got {len(forged)}"
    assert root_of(forged) == root_of(BATCH), "the forged batch has another root"
    ids = [sha256d(invoice) for invoice in forged]
    assert find_mutation(ids) is not None, "minichain.merkle.find_mutation should spot it"


def test_same_root_batch_of_four_invoices_is_none():
    assert same_root_batch(BATCH[:4]) is None, "4 is a power of two: no level has an odd node"


def test_same_root_batch_leaves_the_batch_it_is_given_alone():
    batch = list(BATCH[:5])
    same_root_batch(batch)
    assert batch == BATCH[:5], "same_root_batch changed the list it was given: build a new one"
