"""A receipt for one e-invoice in a batch: fill in the four functions marked TODO."""

from minichain.hashing import sha256d
from minichain.merkle import MerkleProof


def invoice_id(invoice: bytes) -> bytes:
    """The invoice's 32-byte id: ``sha256d`` of its bytes."""
    # TODO: return the double SHA-256 of the invoice.
    raise NotImplementedError("invoice_id")


def batch_root(invoices: list[bytes]) -> bytes:
    """The Merkle root of the ids of ``invoices`` (Bitcoin's rules)."""
    # TODO: hash pairs of ids level by level until one node is left.
    raise NotImplementedError("batch_root")


def verify_receipt(invoice: bytes, proof: MerkleProof, root: bytes) -> bool:
    """Whether ``proof`` shows that ``invoice`` is in the batch whose root is ``root``."""
    # TODO: hash upwards from the invoice's id with each sibling, on the side the index says.
    raise NotImplementedError("verify_receipt")


def same_root_batch(invoices: list[bytes]) -> list[bytes] | None:
    """A longer batch with the same Merkle root (CVE-2012-2459), or ``None`` for 1, 2, 4, 8..."""
    # TODO: find how many invoices the last node of the lowest odd level stands for; copy them.
    raise NotImplementedError("same_root_batch")
