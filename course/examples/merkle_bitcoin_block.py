"""The Merkle root of a real Bitcoin block, computed by minichain, matches its header."""

# --8<-- [start:block]
from minichain.hashing import from_display_hex
from minichain.merkle import merkle_levels, merkle_root

# Block 100,000 (mined 2010-12-29) holds four transactions. Explorers print
# hashes byte-reversed; from_display_hex turns them back into internal order.
TXIDS = [
    "8c14f0db3df150123e6f3dbbf30f8b955a8249b62ac1d1ff16284aefa3d06d87",
    "fff2525b8931402dd09222c50775608f75787bd2b87e56995a7bdd30f79702c4",
    "6359f0868171b1d194cbee1af2f16ea598ae8fad666d9b012c8ed2b79a236ec4",
    "e9a66845e05d5abc0ad04ec80f774a7e585c6e8db975962d069a522137b80c1d",
]
HEADER_ROOT = "f3e94742aca4b5ef85488dc37c06c3282295ffec960994b2c0d5ac2a25a95766"

leaves = [from_display_hex(txid) for txid in TXIDS]
for depth, level in enumerate(merkle_levels(leaves)):
    print(f"level {depth}:", " ".join(node[::-1].hex()[:8] for node in level))

root = merkle_root(leaves)
print("root:", root[::-1].hex())
print("matches the block header:", root == from_display_hex(HEADER_ROOT))
# --8<-- [end:block]
