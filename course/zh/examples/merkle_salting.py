# source_sha256: 1eef1e88d24aa026e8dc021f37816a416b70294e2ecdc79765ec7a32cc8ae688
"""回执里的兄弟节点是其他发票的哈希值，而一张可猜的发票能被反推出来。"""

# --8<-- [start:sibling]
import secrets

from minichain.hashing import sha256d
from minichain.merkle import merkle_proof, merkle_root, verify_proof


def invoice(number: int, amount: int) -> bytes:
    """同一开票方的发票，彼此只差一个逐张递增的号码和金额。"""
    return f"invoice 44031800{number:04d}; amount {amount}.00 CNY".encode()


batch = [invoice(n, amount) for n, amount in enumerate([120, 86, 114, 2380, 45])]
leaves = [sha256d(one) for one in batch]
receipt = merkle_proof(leaves, 2)  # 员工拿到的发票 2 的回执
neighbour = receipt.siblings[0]  # 第 0 层：发票 3 的叶子，那是别人的发票


def amount_of(leaf: bytes, number: int) -> int | None:
    """猜测并验证：为发票 ``number`` 逐一尝试 100,000 元以内的每个金额。"""
    for amount in range(1, 100_001):
        if sha256d(invoice(number, amount)) == leaf:
            return amount
    return None


print("不加盐：从发票 2 的回执读出发票 3 的金额：", amount_of(neighbour, 3))
# --8<-- [end:sibling]

# --8<-- [start:salted]
# 加盐的叶子：每张发票配 16 个随机字节，由发票持有人保管，从不放进树里。
salts = [secrets.token_bytes(16) for _ in batch]
salted_leaves = [sha256d(salt + one) for salt, one in zip(salts, batch)]
root = merkle_root(salted_leaves)
receipt = merkle_proof(salted_leaves, 2)
print("加盐：  发票 3 的金额：", amount_of(receipt.siblings[0], 3))
# 员工交出发票 2 和它的盐值，核验照常进行。
print("发票 2 核验通过：", verify_proof(sha256d(salts[2] + batch[2]), receipt, root))
# --8<-- [end:salted]
