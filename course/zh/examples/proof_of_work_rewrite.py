# source_sha256: 8d338e5e505fee3f02d7424b0b1795622a52cbd288539c828ded15851d9602ff
"""一条链的工作量，以及改写锚定点之后的区块要付出的代价。"""

from minichain.header import BlockHeader
from minichain.headers import HeaderChain
from minichain.params import ChainParams
from minichain.pow import block_work

# 比特币第 1 至第 5 个区块，挖出于 2009 年 1 月 9 日（第 0 个区块由 ChainParams.bitcoin() 给出）。
BLOCKS_1_TO_5 = [
    "010000006fe28c0ab6f1b372c1a6a246ae63f74f931e8365e15a089c68d6190000000000982051fd"
    "1e4ba744bbbe680e1fee14677ba1a3c3540bf7b1cdb606e857233e0e61bc6649ffff001d01e36299",
    "010000004860eb18bf1b1620e37e9490fc8a427514416fd75159ab86688e9a8300000000d5fdcc54"
    "1e25de1c7a5addedf24858b8bb665c9f36ef744ee42c316022c90f9bb0bc6649ffff001d08d2bd61",
    "01000000bddd99ccfda39da1b108ce1a5d70038d0a967bacb68b6b63065f626a0000000044f67222"
    "6090d85db9a9f2fbfe5f0f9609b387af7be5b7fbb7a1767c831c9e995dbe6649ffff001d05e0ed6d",
    "010000004944469562ae1c2c74d9a535e00b6f3e40ffbad4f2fda3895501b582000000007a06ea98"
    "cd40ba2e3288262b28638cec5337c1456aaf5eedc8e9e5a20f062bdf8cc16649ffff001d2bfee0a9",
    "0100000085144a84488ea88d221c8bd6c059da090e88f8a2c99690ee55dbba4e00000000e11c48fe"
    "cdd9e72510ca84f023370c9a38bf91ac5cae88019bee94d24528526344c36649ffff001d1d03e477",
]

# --8<-- [start:chainwork]
node = HeaderChain(ChainParams.bitcoin())  # 检查链接、难度位和工作量证明
print(f"区块 0：累计工作量 {node.genesis.chainwork:#x}")
for raw in BLOCKS_1_TO_5:
    entry = node.add(BlockHeader.from_hex(raw))
    print(f"区块 {entry.height}：累计工作量 {entry.chainwork:#x} = {entry.chainwork:,} 次哈希")
# --8<-- [end:chainwork]

# --8<-- [start:rewrite]
per_block = block_work(0x1A44B9F2)  # 2011 年 5 月比特币的一个区块
network = per_block / 600  # 全网平均每 600 秒找到一个区块
print()
print(f"一个区块：{per_block:.3e} 次哈希；全网每秒大约算 {network:.2e} 次哈希")
for on_top in (0, 5, 143, 1007):
    work = (1 + on_top) * per_block  # 锚定区块，以及其上的每一个区块
    hours = work / network / 3600
    print(f"锚定区块 + {on_top:>4} 个区块：{work:.2e} 次哈希 = 全网 {hours:>6.1f} 小时的工作量")
# --8<-- [end:rewrite]

# --8<-- [start:most_work]
print()
easy, hard = 0x2000FFFF, 0x1F00FFFF
print(f"难度位为 {easy:#010x} 的十个区块：{10 * block_work(easy):,} 次哈希")
print(f"难度位为 {hard:#010x} 的一个区块：{block_work(hard):,} 次哈希  <- 节点跟随的分支")
# --8<-- [end:most_work]
