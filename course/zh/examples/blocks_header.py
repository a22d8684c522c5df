# source_sha256: c358e8cf30d741361b5e0876d87b1e90a0e8c48b3ebc13955b6fb56623da1412
"""存证日志的一个区块：一个真实的 80 字节区块头，它对一条证据作出承诺。"""

import runpy
from pathlib import Path

from minichain.errors import MinichainError
from minichain.hashing import sha256
from minichain.header import BlockHeader

# 日志的记录格式和常量都取自练习本身：从练习的 starter 文件载入。
STARTER = Path(__file__).resolve().parents[3] / "exercises" / "evidence_log" / "starter.py"
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
print("ID：", page.id().hex())
# --8<-- [end:evidence]

# --8<-- [start:header]
block0 = BlockHeader(
    version=LOG_VERSION,
    prev_hash=NO_PARENT,  # 区块 0 之前没有区块
    merkle_root=page.id(),  # 区块对这条证据作出承诺
    timestamp=1_578_388_200,  # 2020-01-07 09:10:00 UTC，区块生成的时间
    bits=LOG_BITS,
    nonce=0,
)
raw = block0.serialize()
print(len(raw), "个字节")
print("version    ", raw[0:4].hex())
print("prev_hash  ", raw[4:36].hex())
print("merkle_root", raw[36:68].hex())
print("timestamp  ", raw[68:72].hex(), "=", int.from_bytes(raw[68:72], "little"))
print("bits       ", raw[72:76].hex())
print("nonce      ", raw[76:80].hex())
print("区块哈希   ", block0.hash().hex())
# --8<-- [end:header]

# --8<-- [start:refused]
try:
    BlockHeader(LOG_VERSION, b"too short", page.id(), 1_578_388_200, LOG_BITS, 0)
except MinichainError as error:
    print("被拒绝：", error)
# --8<-- [end:refused]
