# source_sha256: 10d5effab724e3de51a67bbd864d6124f03a8c143bfa9d54f3f8ef3d35b7f829
"""回执有多长？树的每一层一个 32 字节的哈希值。"""

# --8<-- [start:sizes]
from minichain.merkle import tree_depth

for count in (5, 44_000, 1_000_000):
    depth = tree_depth(count)
    print(
        f"{count:>9,} 张发票：回执含 {depth:>2} 个哈希值 = {32 * depth:>3} 字节；",
        f"全部发票 ID = {32 * count:>10,} 字节",
    )
# --8<-- [end:sizes]
