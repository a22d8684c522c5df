# source_sha256: 47aeec8c17928ca39936fb28690e1bd82b7a76f28ff3dbeab67e8b80ab0a03ae
"""CVE-2012-2459：两份不同的叶子列表共用一个默克尔根，以及如何识破。"""

# --8<-- [start:mutation]
from minichain.hashing import sha256d
from minichain.merkle import find_mutation, merkle_root

invoices = [f"invoice {n}".encode() for n in range(1, 7)]  # 发票 1 至 6
forged = invoices + invoices[4:]  # 1 2 3 4 5 6 5 6：发票 5 和 6 各出现两次

honest_ids = [sha256d(invoice) for invoice in invoices]
forged_ids = [sha256d(invoice) for invoice in forged]
print("诚实的一批：", len(invoices), "张发票；伪造的一批：", len(forged), "张发票")
print("根相同：", merkle_root(honest_ids) == merkle_root(forged_ids))

# 检测：伪造的树里有两个真实的兄弟节点完全相同。
print("诚实的一批，变异位置：", find_mutation(honest_ids))
print("伪造的一批，变异位置：", find_mutation(forged_ids))
# --8<-- [end:mutation]
