"""CVE-2012-2459: two different lists of leaves with one Merkle root, and how to spot it."""

# --8<-- [start:mutation]
from minichain.hashing import sha256d
from minichain.merkle import find_mutation, merkle_root

invoices = [f"invoice {n}".encode() for n in range(1, 7)]  # invoices 1 to 6
forged = invoices + invoices[4:]  # 1 2 3 4 5 6 5 6: invoices 5 and 6 twice

honest_ids = [sha256d(invoice) for invoice in invoices]
forged_ids = [sha256d(invoice) for invoice in forged]
print("honest batch:", len(invoices), "invoices; forged batch:", len(forged), "invoices")
print("same root:", merkle_root(honest_ids) == merkle_root(forged_ids))

# Detection: in the forged tree two real siblings are identical.
print("honest batch mutated at:", find_mutation(honest_ids))
print("forged batch mutated at:", find_mutation(forged_ids))
# --8<-- [end:mutation]
