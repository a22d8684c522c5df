"""A receipt for one e-invoice in a batch: the reference solution."""

from minichain.hashing import sha256d
from minichain.merkle import MerkleProof


def invoice_id(invoice: bytes) -> bytes:
    """The invoice's 32-byte id: ``sha256d`` of its bytes."""
    ### BEGIN SOLUTION
    return sha256d(invoice)
    ### END SOLUTION


def batch_root(invoices: list[bytes]) -> bytes:
    """The Merkle root of the ids of ``invoices`` (Bitcoin's rules)."""
    ### BEGIN SOLUTION
    level = [invoice_id(invoice) for invoice in invoices]
    while len(level) > 1:
        if len(level) % 2:
            level = level + [level[-1]]
        level = [sha256d(level[i] + level[i + 1]) for i in range(0, len(level), 2)]
    return level[0]
    ### END SOLUTION


def verify_receipt(invoice: bytes, proof: MerkleProof, root: bytes) -> bool:
    """Whether ``proof`` shows that ``invoice`` is in the batch whose root is ``root``."""
    ### BEGIN SOLUTION
    node = invoice_id(invoice)
    position = proof.index
    for sibling in proof.siblings:
        node = sha256d(sibling + node) if position % 2 else sha256d(node + sibling)
        position //= 2
    return node == root
    ### END SOLUTION


def same_root_batch(invoices: list[bytes]) -> list[bytes] | None:
    """A longer batch with the same Merkle root (CVE-2012-2459), or ``None`` for 1, 2, 4, 8..."""
    ### BEGIN SOLUTION
    size = 1
    while len(invoices) % (2 * size) == 0:
        size *= 2
    if size == len(invoices):
        return None
    return invoices + invoices[-size:]
    ### END SOLUTION
