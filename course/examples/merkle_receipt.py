"""Anchor a batch of e-invoices with one root and hand out a receipt for one of them."""

# --8<-- [start:receipt]
from minichain.hashing import sha256d
from minichain.merkle import merkle_levels, merkle_proof, merkle_root, verify_proof

invoices = [f"invoice 44031800{n:04d}; amount {100 + 7 * n}.00 CNY".encode() for n in range(5)]
ids = [sha256d(invoice) for invoice in invoices]  # the leaves

print("nodes per level:", [len(level) for level in merkle_levels(ids)])
root = merkle_root(ids)
print("root, anchored in a block:", root.hex()[:16], "...")

# The receipt for invoice 2: its position, the batch size and one sibling per level.
receipt = merkle_proof(ids, 2)
print(f"receipt: index {receipt.index} of {receipt.leaf_count} leaves,", end=" ")
print(f"{len(receipt.siblings)} siblings")
for level, sibling in enumerate(receipt.siblings):
    print(f"  sibling at level {level}: {sibling.hex()[:16]} ...")

# The finance office needs the invoice, the receipt and the root: nothing else.
print("invoice 2 is in the batch:", verify_proof(sha256d(invoices[2]), receipt, root))
altered = invoices[2].replace(b"114.00", b"914.00")
print("altered invoice 2 is in the batch:", verify_proof(sha256d(altered), receipt, root))
# --8<-- [end:receipt]
