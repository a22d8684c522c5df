# source_sha256: 20ec4db36d4a49379485ca2e86ffb5b2e6e0da8040d9a371be67af94146b59c9
"""法定人数的一般规则：2q > n + f 时 q 是安全的，q <= n - f 时 q 具有活性。"""

# --8<-- [start:rule]
print(" n |  f | 安全下限 | 活性上限 | n - f | 2f + 1")
for n in (4, 5, 6, 7, 10, 27):
    f = (n - 1) // 3  # n 个成员最多能容忍的拜占庭成员数（3f + 1 <= n）
    smallest_safe = (n + f) // 2 + 1  # 满足 2q > n + f 的最小 q
    largest_live = n - f  # 诚实成员总能单独凑齐的最大 q
    assert smallest_safe <= n - f <= largest_live  # n - f 总是既安全又有活性
    pbft = 2 * f + 1  # 讲 PBFT 的教材给出的法定人数，是针对 n = 3f + 1 写的
    verdict = "安全" if 2 * pbft > n + f else "不安全"
    row = f"{n:>2} | {f:>2} | {smallest_safe:>8} | {largest_live:>8} | {n - f:>5}"
    print(f"{row} | {pbft} {verdict}")
# --8<-- [end:rule]
