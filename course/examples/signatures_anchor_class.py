"""A university anchors a whole graduating class: one Merkle root, one signature."""

# --8<-- [start:issue]
import json

from minichain.hashing import sha256d
from minichain.keys import PrivateKey, PublicKey, Signature
from minichain.merkle import merkle_proof, merkle_root, verify_proof


def canonical(diploma: dict[str, str]) -> bytes:
    """Sorted keys, no spaces, UTF-8: the same fields always give the same bytes."""
    text = json.dumps(diploma, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return text.encode("utf-8")


key_2020 = PrivateKey.from_seed("university registry key 2020")
names = ["Li Hua", "Wang Fang", "Zhang Wei", "Chen Jing"]
diplomas = [
    {"id": f"2020-{n:04d}", "student": name, "degree": "Bachelor of Engineering"}
    for n, name in enumerate(names)
]
leaves = [sha256d(canonical(diploma)) for diploma in diplomas]  # the target hashes
root = merkle_root(leaves)
anchor_signature = key_2020.sign(root).der()  # the university signs one root for the class
BLOCK_TIME = 1_593_561_600  # 2020-07-01 00:00 UTC: the block that records the anchor
chain = {root: (anchor_signature, BLOCK_TIME)}
print("class of", len(diplomas), "-> root", root.hex()[:16], "...")
print("anchored:", len(anchor_signature), "bytes of signature, block time", BLOCK_TIME)

# What Wang Fang receives: her diploma, its target hash, the proof and the root.
proof = merkle_proof(leaves, 1)
print("certificate:", canonical(diplomas[1]).decode())
print("  target hash", leaves[1].hex()[:16], "... proof of", len(proof.siblings), "siblings")
# --8<-- [end:issue]

# --8<-- [start:employer]
# The employer recomputes the target hash from the diploma as presented ...
print("untouched:", sha256d(canonical(diplomas[1])) == leaves[1])
print("edited:", sha256d(canonical({**diplomas[1], "degree": "PhD"})) == leaves[1])
# ... follows the proof up to the root ...
print("proof leads to the root:", verify_proof(leaves[1], proof, root))
# ... finds the root on chain and checks its signature with a key the university published.
signature, block_time = chain[root]
published = PublicKey.parse(key_2020.public_key.sec())
print("root signed by the 2020 key:", published.verify(root, Signature.parse_der(signature)))
# --8<-- [end:employer]
