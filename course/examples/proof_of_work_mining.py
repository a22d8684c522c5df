"""Mining: try nonces until the header's hash is at most the target; checking takes one hash."""

from dataclasses import replace

from minichain.hashing import sha256d
from minichain.header import BlockHeader
from minichain.pow import block_work, meets_target, mine

# --8<-- [start:mine]
evidence_root = sha256d(b"captured web pages, source code and server logs")
previous = sha256d(b"the block before")
for bits in (0x2000FFFF, 0x1F0FFFFF, 0x1F00FFFF):  # each target 16 or 256 times smaller
    header = BlockHeader(1, previous, evidence_root, 1_530_000_000, bits, 0)
    found = mine(header)  # tries nonce 0, 1, 2, ... and returns the first winner
    print(
        f"bits {bits:#010x}: expected {block_work(bits):>6,} tries, "
        f"this time {found.nonce + 1:>6,}; hash {found.hash_hex()[:24]}..."
    )
# --8<-- [end:mine]

# --8<-- [start:check]
print("the last one is valid:", meets_target(found))
edited = replace(found, merkle_root=sha256d(b"edited evidence"))  # same nonce, other evidence
print("with edited evidence: ", meets_target(edited), edited.hash_hex()[:24] + "...")
# --8<-- [end:check]
