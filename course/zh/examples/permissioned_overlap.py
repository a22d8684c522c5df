# source_sha256: f272944ac29dc386a48ae67fad08064661a0f1260e4a10fb97572bfd574b7898
"""为什么是 27 个中的 19 个：两个法定人数总有一个共同的诚实城市，8 个城市沉默也挡不住确认。"""

from itertools import combinations

from minichain.consensus import ValidatorSet, seeded_keys

# --8<-- [start:overlap]
cities = ValidatorSet.from_keys(seeded_keys(f"city {i}" for i in range(27)))
n, f = cities.n, cities.f
print(f"n = {n}，f = {f}，法定人数 n - f = {cities.quorum}")
print("法定人数 | 重叠 | 其中诚实 | 两个区块同时确认 | 8 个沉默时仍能确认")
for quorum in (17, 18, 19, 20):
    overlap = 2 * quorum - n  # A 与 B 至少有 |A| + |B| - n 个共同成员
    honest = max(overlap - f, 0)  # 共同成员中至多 f 个是出错的
    unsafe = "可能" if honest == 0 else "不会"
    live = "是" if n - f >= quorum else "否"
    print(f"{quorum:>8} | {overlap:>4} | {honest:>8} | {unsafe:>14} | {live:>17}")
# --8<-- [end:overlap]

# --8<-- [start:brute_force]
# 在 7 个成员的联盟上（f = 2，法定人数 5）用笨办法核对重叠公式：
# 任意两组 5 个成员至少有 2 * 5 - 7 = 3 个共同成员。
seven = range(7)
smallest = min(len(set(a) & set(b)) for a in combinations(seven, 5) for b in combinations(seven, 5))
print("7 个成员中任取两组 5 个，最小重叠为", smallest)
# --8<-- [end:brute_force]
