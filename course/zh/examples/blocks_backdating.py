# source_sha256: 5e3b6da8d7fd02783ec0506dcb9d07d80911fa06f5288b6c288fdc3b1023f01e
"""倒签：证据声称的取证时间，晚于锚定它的那个区块的生成时间。"""

import runpy
from datetime import datetime, timezone
from pathlib import Path

from minichain.hashing import sha256
from minichain.header import BlockHeader

# 日志的记录格式和常量都取自练习本身：从练习的 starter 文件载入。
STARTER = Path(__file__).resolve().parents[3] / "exercises" / "evidence_log" / "starter.py"
rules = runpy.run_path(str(STARTER))
Evidence, LOG_VERSION, LOG_BITS, NO_PARENT = (
    rules[name] for name in ("Evidence", "LOG_VERSION", "LOG_BITS", "NO_PARENT")
)


def utc(seconds: int) -> str:
    """把 Unix 时间写成人读的形式。"""
    return datetime.fromtimestamp(seconds, timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


# --8<-- [start:backdate]
# 日志保管人在 1 月 7 日生成一个区块，却给它标上 1 月 3 日的时间，
# 再把取证工具在 1 月 7 日截取的一张截图放进去。
late_capture = Evidence("screenshot.png", sha256(b"PNG pixels"), 1_578_391_200)
block = BlockHeader(LOG_VERSION, NO_PARENT, late_capture.id(), 1_578_042_000, LOG_BITS, 0)

print("取证时间：", utc(late_capture.captured_at))
print("区块时间：", utc(block.timestamp))
print("是否倒签：", late_capture.captured_at > block.timestamp)
# --8<-- [end:backdate]
