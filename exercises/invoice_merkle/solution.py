"""A receipt for one e-invoice in a batch: the reference solution."""

from minichain.hashing import sha256d
from minichain.merkle import MerkleProof


def invoice_id(invoice: bytes) -> bytes:
    """The invoice's 32-byte id: ``sha256d`` of its text in UTF-8, whatever encoding it came in."""
    ### BEGIN SOLUTION
    try:
        text = invoice.decode("utf-8")
    except UnicodeDecodeError:
        text = invoice.decode("gb18030")
    return sha256d(text.encode("utf-8"))
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


def build_receipt(invoices: list[bytes], index: int) -> MerkleProof:
    """The inclusion proof of ``invoices[index]``: its siblings from the leaves up to the root."""
    ### BEGIN SOLUTION
    level = [invoice_id(invoice) for invoice in invoices]
    position, siblings = index, []
    while len(level) > 1:
        if len(level) % 2:
            level = level + [level[-1]]
        siblings.append(level[position ^ 1])
        level = [sha256d(level[i] + level[i + 1]) for i in range(0, len(level), 2)]
        position //= 2
    return MerkleProof(index=index, leaf_count=len(invoices), siblings=tuple(siblings))
    ### END SOLUTION


def block_root(txids: list[str]) -> str:
    """The Merkle root of a block's txids, all written as block explorers print them."""
    ### BEGIN SOLUTION
    level = [bytes.fromhex(txid)[::-1] for txid in txids]
    while len(level) > 1:
        if len(level) % 2:
            level = level + [level[-1]]
        level = [sha256d(level[i] + level[i + 1]) for i in range(0, len(level), 2)]
    return level[0][::-1].hex()
    ### END SOLUTION


def verify_receipt(invoice: bytes, proof: MerkleProof, root: bytes) -> bool:
    """Whether ``proof`` shows that ``invoice`` is in the batch whose root is ``root``."""
    ### BEGIN SOLUTION
    node = invoice_id(invoice)
    position, width = proof.index, proof.leaf_count
    for sibling in proof.siblings:
        if position == width - 1 and width % 2 == 1 and sibling != node:
            return False
        node = sha256d(sibling + node) if position % 2 else sha256d(node + sibling)
        position, width = position // 2, (width + 1) // 2
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


def mutated_pair(invoices: list[bytes]) -> tuple[int, int] | None:
    """Where the tree of ``invoices`` has two identical siblings, ``(level, position)``, or None."""
    ### BEGIN SOLUTION
    level, depth = [invoice_id(invoice) for invoice in invoices], 0
    while len(level) > 1:
        for position in range(0, len(level) - 1, 2):
            if level[position] == level[position + 1]:
                return depth, position
        if len(level) % 2:
            level = level + [level[-1]]
        level = [sha256d(level[i] + level[i + 1]) for i in range(0, len(level), 2)]
        depth += 1
    return None
    ### END SOLUTION


def partial_root(
    leaf_count: int, hashes: list[bytes], flags: bytes
) -> tuple[bytes, list[int]] | None:
    """The root and matched leaves of a BIP 37 partial Merkle tree, or None when it is malformed."""
    ### BEGIN SOLUTION
    if leaf_count < 1:
        return None
    height = (leaf_count - 1).bit_length()
    bits = [flags[i // 8] >> (i % 8) & 1 for i in range(8 * len(flags))]
    bits_used = hashes_used = 0
    matched: list[int] = []

    def walk(level: int, position: int) -> bytes | None:
        nonlocal bits_used, hashes_used
        if bits_used == len(bits):
            return None
        flag = bits[bits_used]
        bits_used += 1
        if level == 0 or not flag:
            if hashes_used == len(hashes):
                return None
            hashes_used += 1
            if level == 0 and flag:
                matched.append(position)
            return hashes[hashes_used - 1]
        left = right = walk(level - 1, 2 * position)
        width_below = (leaf_count + (1 << (level - 1)) - 1) >> (level - 1)
        if 2 * position + 1 < width_below:
            right = walk(level - 1, 2 * position + 1)
            if right == left:
                return None
        if left is None or right is None:
            return None
        return sha256d(left + right)

    root = walk(height, 0)
    if root is None or hashes_used != len(hashes) or (bits_used + 7) // 8 != len(flags):
        return None
    return root, matched
    ### END SOLUTION
