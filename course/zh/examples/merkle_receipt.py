# source_sha256: 7d4563d1f04966dcffbde76ac809a561035561aabdf130171b89bbecdec111df
"""用一个根锚定一批电子发票，并为其中一张开出回执。"""

# --8<-- [start:receipt]
from minichain.hashing import sha256d
from minichain.merkle import merkle_levels, merkle_proof, merkle_root, verify_proof

invoices = [f"invoice 44031800{n:04d}; amount {100 + 7 * n}.00 CNY".encode() for n in range(5)]
ids = [sha256d(invoice) for invoice in invoices]  # 叶子

print("每层节点数：", [len(level) for level in merkle_levels(ids)])
root = merkle_root(ids)
print("默克尔根（已锚定在区块中）：", root.hex()[:16], "...")

# 发票 2 的回执：它的位置、这一批的大小，以及每层一个兄弟节点。
receipt = merkle_proof(ids, 2)
print(f"回执：位置 {receipt.index}，共 {receipt.leaf_count} 片叶子，", end="")
print(f"{len(receipt.siblings)} 个兄弟节点")
for level, sibling in enumerate(receipt.siblings):
    print(f"  第 {level} 层的兄弟节点：{sibling.hex()[:16]} ...")

# 财务部门只需要发票、回执和根，别的什么都不需要。
print("发票 2 在这一批中：", verify_proof(sha256d(invoices[2]), receipt, root))
altered = invoices[2].replace(b"114.00", b"914.00")
print("篡改后的发票 2 在这一批中：", verify_proof(sha256d(altered), receipt, root))
# --8<-- [end:receipt]
