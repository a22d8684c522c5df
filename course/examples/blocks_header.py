"""One block of the evidence log: a real 80-byte header that commits to one piece of evidence."""

import runpy
from pathlib import Path

from minichain.errors import MinichainError
from minichain.hashing import sha256
from minichain.header import BlockHeader

# The log's record format and constants are the exercise's own: load them from its starter file.
STARTER = Path(__file__).resolve().parents[2] / "exercises" / "evidence_log" / "starter.py"
rules = runpy.run_path(str(STARTER))
Evidence, LOG_VERSION, LOG_BITS, NO_PARENT = (
    rules[name] for name in ("Evidence", "LOG_VERSION", "LOG_BITS", "NO_PARENT")
)

# --8<-- [start:evidence]
page = Evidence(
    file_name="page.html",
    file_hash=sha256(b"<html>the article, republished without permission</html>"),
    captured_at=1_578_387_600,  # 2020-01-07 09:00:00 UTC
)
print(page.serialize().decode())
print("id:", page.id().hex())
# --8<-- [end:evidence]

# --8<-- [start:header]
block0 = BlockHeader(
    version=LOG_VERSION,
    prev_hash=NO_PARENT,  # block 0 has no block before it
    merkle_root=page.id(),  # the block commits to the evidence
    timestamp=1_578_388_200,  # 2020-01-07 09:10:00 UTC, when the block was made
    bits=LOG_BITS,
    nonce=0,
)
raw = block0.serialize()
print(len(raw), "bytes")
print("version    ", raw[0:4].hex())
print("prev_hash  ", raw[4:36].hex())
print("merkle_root", raw[36:68].hex())
print("timestamp  ", raw[68:72].hex(), "=", int.from_bytes(raw[68:72], "little"))
print("bits       ", raw[72:76].hex())
print("nonce      ", raw[76:80].hex())
print("block hash ", block0.hash().hex())
# --8<-- [end:header]

# --8<-- [start:refused]
try:
    BlockHeader(LOG_VERSION, b"too short", page.id(), 1_578_388_200, LOG_BITS, 0)
except MinichainError as error:
    print("refused:", error)
# --8<-- [end:refused]
