"""How long is a receipt? One 32-byte hash per level of the tree."""

# --8<-- [start:sizes]
from minichain.merkle import tree_depth

for count in (5, 44_000, 1_000_000):
    depth = tree_depth(count)
    print(
        f"{count:>9,} invoices: receipt of {depth:>2} hashes = {32 * depth:>3} bytes;",
        f"all ids = {32 * count:>10,} bytes",
    )
# --8<-- [end:sizes]
