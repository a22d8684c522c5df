# source_sha256: 5447654c83195870f2d19e6f233d3e86987ab12c9140e2b9820424674edf37eb
"""minichain 算出的一个真实比特币区块的默克尔根，与它区块头中的根一致。"""

# --8<-- [start:block]
from minichain.hashing import from_display_hex
from minichain.merkle import merkle_levels, merkle_root

# 高度为 100,000 的区块（2010-12-29 挖出）含四笔交易。区块浏览器显示的哈希值
# 是字节倒序的；from_display_hex 把它们转回内部的字节顺序。
TXIDS = [
    "8c14f0db3df150123e6f3dbbf30f8b955a8249b62ac1d1ff16284aefa3d06d87",
    "fff2525b8931402dd09222c50775608f75787bd2b87e56995a7bdd30f79702c4",
    "6359f0868171b1d194cbee1af2f16ea598ae8fad666d9b012c8ed2b79a236ec4",
    "e9a66845e05d5abc0ad04ec80f774a7e585c6e8db975962d069a522137b80c1d",
]
HEADER_ROOT = "f3e94742aca4b5ef85488dc37c06c3282295ffec960994b2c0d5ac2a25a95766"

leaves = [from_display_hex(txid) for txid in TXIDS]
for depth, level in enumerate(merkle_levels(leaves)):
    print(f"第 {depth} 层：", " ".join(node[::-1].hex()[:8] for node in level))

root = merkle_root(leaves)
print("默克尔根：", root[::-1].hex())
print("与区块头中的根一致：", root == from_display_hex(HEADER_ROOT))
# --8<-- [end:block]
