"""Back-dating: evidence that claims it was captured after the block that anchors it was made."""

import runpy
from datetime import datetime, timezone
from pathlib import Path

from minichain.hashing import sha256
from minichain.header import BlockHeader

# The log's record format and constants are the exercise's own: load them from its starter file.
STARTER = Path(__file__).resolve().parents[2] / "exercises" / "evidence_log" / "starter.py"
rules = runpy.run_path(str(STARTER))
Evidence, LOG_VERSION, LOG_BITS, NO_PARENT = (
    rules[name] for name in ("Evidence", "LOG_VERSION", "LOG_BITS", "NO_PARENT")
)


def utc(seconds: int) -> str:
    """A Unix time as people read it."""
    return datetime.fromtimestamp(seconds, timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


# --8<-- [start:backdate]
# The log keeper makes a block on 7 January, but stamps it 3 January, and puts
# into it a screenshot that the capture tool took on 7 January.
late_capture = Evidence("screenshot.png", sha256(b"PNG pixels"), 1_578_391_200)
block = BlockHeader(LOG_VERSION, NO_PARENT, late_capture.id(), 1_578_042_000, LOG_BITS, 0)

print("captured at:", utc(late_capture.captured_at))
print("block time: ", utc(block.timestamp))
print("back-dated: ", late_capture.captured_at > block.timestamp)
# --8<-- [end:backdate]
