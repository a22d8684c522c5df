# source_sha256: b716e8883b90f13046e704f61554f26b170b521c9b705ab391b7e62e2ef25860
"""一份由四个区块组成的存证日志，以及三种都会被哈希值暴露的篡改方式。"""

import runpy
from dataclasses import replace
from pathlib import Path

from minichain.hashing import sha256
from minichain.header import BlockHeader

# 日志的记录格式和常量都取自练习本身：从练习的 starter 文件载入。
STARTER = Path(__file__).resolve().parents[3] / "exercises" / "evidence_log" / "starter.py"
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
    block_time = NINE_AM + 600 * (height + 1)  # 每 10 分钟一个区块
    header = BlockHeader(LOG_VERSION, prev_hash, evidence.id(), block_time, LOG_BITS, 0)
    log.append((header, evidence))
    prev_hash = header.hash()  # 下一个区块将指明这一个

for height, (header, evidence) in enumerate(log):
    print(height, evidence.file_name.ljust(19), "前块哈希", header.prev_hash.hex()[:8], end=" ")
    print("本块哈希", header.hash().hex()[:8])
tip_hash = log[-1][0].hash()  # 公布在法院的链上
print("公布的链头：", tip_hash.hex()[:8])
# --8<-- [end:build]

# --8<-- [start:swap]
header2, evidence2 = log[2]
swapped = replace(evidence2, file_hash=sha256(b"an edited screenshot"))
print("调换证据 2：它的 ID 与区块 2 的 merkle_root 相符吗？", swapped.id() == header2.merkle_root)
# --8<-- [end:swap]

# --8<-- [start:rewrite]
forged_header2 = replace(header2, merkle_root=swapped.id())  # 在区块 2 自身里掩盖这次调换
header3 = log[3][0]
print("改写区块 2：区块 3 还指向它吗？", header3.prev_hash == forged_header2.hash())
# --8<-- [end:rewrite]

# --8<-- [start:tip]
forged_header3 = replace(header3, prev_hash=forged_header2.hash())  # 于是连区块 3 也改写
print("改写区块 2 和 3：链头还是公布的那一个吗？", forged_header3.hash() == tip_hash)
# --8<-- [end:tip]
