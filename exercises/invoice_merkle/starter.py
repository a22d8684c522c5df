"""A receipt for one e-invoice in a batch: fill in the eight functions marked TODO."""

from minichain.hashing import sha256d
from minichain.merkle import MerkleProof


def invoice_id(invoice: bytes) -> bytes:
    """The invoice's 32-byte id: ``sha256d`` of its text in UTF-8, whatever encoding it came in."""
    # TODO: decode as UTF-8, else as GB18030; sha256d of the text in UTF-8.
    raise NotImplementedError("invoice_id")


def batch_root(invoices: list[bytes]) -> bytes:
    """The Merkle root of the ids of ``invoices`` (Bitcoin's rules)."""
    # TODO: hash pairs of ids level by level until one node is left.
    raise NotImplementedError("batch_root")


def build_receipt(invoices: list[bytes], index: int) -> MerkleProof:
    """The inclusion proof of ``invoices[index]``: its siblings from the leaves up to the root."""
    # TODO: build the levels; on each, record the sibling of the path's node, then go up.
    raise NotImplementedError("build_receipt")


def block_root(txids: list[str]) -> str:
    """The Merkle root of a block's txids, all written as block explorers print them."""
    # TODO: reverse each txid, build the tree, reverse the root and write it as hex.
    raise NotImplementedError("block_root")


def verify_receipt(invoice: bytes, proof: MerkleProof, root: bytes) -> bool:
    """Whether ``proof`` shows that ``invoice`` is in the batch whose root is ``root``."""
    # TODO: hash upwards on the side the index says; an odd last node pairs with itself.
    raise NotImplementedError("verify_receipt")


def same_root_batch(invoices: list[bytes]) -> list[bytes] | None:
    """A longer batch with the same Merkle root (CVE-2012-2459), or ``None`` for 1, 2, 4, 8..."""
    # TODO: find how many invoices the last node of the lowest odd level stands for; copy them.
    raise NotImplementedError("same_root_batch")


def mutated_pair(invoices: list[bytes]) -> tuple[int, int] | None:
    """Where the tree of ``invoices`` has two identical siblings, ``(level, position)``, or None."""
    # TODO: on each level, look for two identical nodes in one pair before copying the odd one.
    raise NotImplementedError("mutated_pair")


def partial_root(
    leaf_count: int, hashes: list[bytes], flags: bytes
) -> tuple[bytes, list[int]] | None:
    """The root and matched leaves of a BIP 37 partial Merkle tree, or None when it is malformed."""
    # TODO: walk the tree depth-first, one flag bit per node; hashes where the walk stops.
    raise NotImplementedError("partial_root")
