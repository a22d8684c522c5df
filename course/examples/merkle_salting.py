"""A receipt's siblings are hashes of other invoices, and a guessable invoice can be recovered."""

# --8<-- [start:sibling]
import secrets

from minichain.hashing import sha256d
from minichain.merkle import merkle_proof, merkle_root, verify_proof


def invoice(number: int, amount: int) -> bytes:
    """The invoices of one issuer differ only in a sequential number and the amount."""
    return f"invoice 44031800{number:04d}; amount {amount}.00 CNY".encode()


batch = [invoice(n, amount) for n, amount in enumerate([120, 86, 114, 2380, 45])]
leaves = [sha256d(one) for one in batch]
receipt = merkle_proof(leaves, 2)  # the employee's receipt for invoice 2
neighbour = receipt.siblings[0]  # level 0: the leaf of invoice 3, someone else's


def amount_of(leaf: bytes, number: int) -> int | None:
    """Guess and check: try every amount up to 100,000 yuan for invoice ``number``."""
    for amount in range(1, 100_001):
        if sha256d(invoice(number, amount)) == leaf:
            return amount
    return None


print("unsalted: invoice 3's amount, read off invoice 2's receipt:", amount_of(neighbour, 3))
# --8<-- [end:sibling]

# --8<-- [start:salted]
# Salted leaves: 16 random bytes per invoice, kept by its holder and never put in the tree.
salts = [secrets.token_bytes(16) for _ in batch]
salted_leaves = [sha256d(salt + one) for salt, one in zip(salts, batch)]
root = merkle_root(salted_leaves)
receipt = merkle_proof(salted_leaves, 2)
print("salted:   invoice 3's amount:", amount_of(receipt.siblings[0], 3))
# The employee hands over invoice 2 with its salt; the check works as before.
print("invoice 2 checks:", verify_proof(sha256d(salts[2] + batch[2]), receipt, root))
# --8<-- [end:salted]
