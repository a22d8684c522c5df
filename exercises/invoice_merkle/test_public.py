"""Public checks of the e-invoice exercise: the learner sees and runs these."""

from exercise import batch_root, invoice_id, verify_receipt

from minichain.hashing import sha256d
from minichain.merkle import merkle_proof, merkle_root

BATCH = [
    f"invoice 44031800{n:04d}; issuer 91440300MA5ERFG61X; amount {100 + 7 * n}.00 CNY".encode()
    for n in range(5)
]


def test_invoice_id_is_the_double_sha256_of_the_invoice():
    got, want = invoice_id(BATCH[0]), sha256d(BATCH[0])
    assert got == want, f"invoice_id returned {got.hex()}, expected {want.hex()}"


def test_batch_root_of_four_invoices_matches_minichain():
    want = merkle_root([sha256d(invoice) for invoice in BATCH[:4]])
    got = batch_root(BATCH[:4])
    assert got == want, f"root of 4 invoices: got {got.hex()}, expected {want.hex()}"


def test_batch_root_of_an_odd_batch_pairs_the_last_id_with_itself():
    want = merkle_root([sha256d(invoice) for invoice in BATCH])
    got = batch_root(BATCH)
    assert got == want, f"root of 5 invoices: got {got.hex()}, expected {want.hex()}"


def test_verify_receipt_accepts_every_invoice_of_the_batch():
    ids = [sha256d(invoice) for invoice in BATCH]
    root = merkle_root(ids)
    for index, invoice in enumerate(BATCH):
        proof = merkle_proof(ids, index)
        assert verify_receipt(invoice, proof, root) is True, f"invoice {index} was refused"


def test_verify_receipt_refuses_an_altered_invoice():
    ids = [sha256d(invoice) for invoice in BATCH]
    altered = BATCH[2].replace(b"114.00", b"914.00")
    assert verify_receipt(altered, merkle_proof(ids, 2), merkle_root(ids)) is False, (
        "an invoice whose amount was changed was accepted"
    )
