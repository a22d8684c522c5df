"""An evidence log of four blocks, and three ways to tamper with it that the hashes give away."""

import runpy
from dataclasses import replace
from pathlib import Path

from minichain.hashing import sha256
from minichain.header import BlockHeader

# The log's record format and constants are the exercise's own: load them from its starter file.
STARTER = Path(__file__).resolve().parents[2] / "exercises" / "evidence_log" / "starter.py"
rules = runpy.run_path(str(STARTER))
Evidence, LOG_VERSION, LOG_BITS, NO_PARENT = (
    rules[name] for name in ("Evidence", "LOG_VERSION", "LOG_BITS", "NO_PARENT")
)
NINE_AM = 1_578_387_600  # 2020-01-07 09:00:00 UTC

# --8<-- [start:build]
captures = [
    Evidence("capture-started.log", sha256(b"session 7 opened"), NINE_AM),
    Evidence("page.html", sha256(b"<html>the article</html>"), NINE_AM + 30),
    Evidence("screenshot.png", sha256(b"PNG pixels of the page"), NINE_AM + 45),
    Evidence("capture-ended.log", sha256(b"session 7 closed"), NINE_AM + 60),
]

log = []
prev_hash = NO_PARENT
for height, evidence in enumerate(captures):
    block_time = NINE_AM + 600 * (height + 1)  # one block every 10 minutes
    header = BlockHeader(LOG_VERSION, prev_hash, evidence.id(), block_time, LOG_BITS, 0)
    log.append((header, evidence))
    prev_hash = header.hash()  # the next block will name this one

for height, (header, evidence) in enumerate(log):
    print(height, evidence.file_name.ljust(19), "prev", header.prev_hash.hex()[:8], end=" ")
    print("hash", header.hash().hex()[:8])
tip_hash = log[-1][0].hash()  # published on the court's chain
print("published tip:", tip_hash.hex()[:8])
# --8<-- [end:build]

# --8<-- [start:swap]
header2, evidence2 = log[2]
swapped = replace(evidence2, file_hash=sha256(b"an edited screenshot"))
print("swap evidence 2: its id matches block 2's merkle_root?", swapped.id() == header2.merkle_root)
# --8<-- [end:swap]

# --8<-- [start:rewrite]
forged_header2 = replace(header2, merkle_root=swapped.id())  # hide the swap in block 2 itself
header3 = log[3][0]
print("rewrite block 2: block 3 still names it?", header3.prev_hash == forged_header2.hash())
# --8<-- [end:rewrite]

# --8<-- [start:tip]
forged_header3 = replace(header3, prev_hash=forged_header2.hash())  # so rewrite block 3 too
print("rewrite blocks 2 and 3: tip still the published one?", forged_header3.hash() == tip_hash)
# --8<-- [end:tip]
