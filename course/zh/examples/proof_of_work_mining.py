# source_sha256: 4b3b23d163b8bc6312e0f45168eebda9f0792495868ebc4260402376c0d8f9ab
"""挖矿：不断尝试随机数，直到区块头的哈希值不大于目标值；而验证只需算一次哈希。"""

from dataclasses import replace

from minichain.hashing import sha256d
from minichain.header import BlockHeader
from minichain.pow import block_work, meets_target, mine

# --8<-- [start:mine]
evidence_root = sha256d(b"captured web pages, source code and server logs")
previous = sha256d(b"the block before")
for bits in (0x2000FFFF, 0x1F0FFFFF, 0x1F00FFFF):  # 目标值依次缩小为第一个的 1/16 和 1/256
    header = BlockHeader(1, previous, evidence_root, 1_530_000_000, bits, 0)
    found = mine(header)  # 依次尝试随机数 0、1、2……，返回第一个中奖的区块头
    print(
        f"难度位 {bits:#010x}：预期 {block_work(bits):>6,} 次尝试，"
        f"这次用了 {found.nonce + 1:>6,} 次；哈希值 {found.hash_hex()[:24]}..."
    )
# --8<-- [end:mine]

# --8<-- [start:check]
print("最后这个区块头有效：", meets_target(found))
edited = replace(found, merkle_root=sha256d(b"edited evidence"))  # 随机数不变，证据换了
print("改动证据后仍然有效：", meets_target(edited), edited.hash_hex()[:24] + "...")
# --8<-- [end:check]
