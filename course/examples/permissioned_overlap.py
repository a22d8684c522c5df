"""Why 19 of 27: two quorums always share an honest city, and 8 silent cities cannot block one."""

from itertools import combinations

from minichain.consensus import ValidatorSet, seeded_keys

# --8<-- [start:overlap]
cities = ValidatorSet.from_keys(seeded_keys(f"city {i}" for i in range(27)))
n, f = cities.n, cities.f
print(f"n = {n}, f = {f}, quorum n - f = {cities.quorum}")
print("quorum | overlap | honest in it | two final blocks | final with 8 silent")
for quorum in (17, 18, 19, 20):
    overlap = 2 * quorum - n  # A and B share at least |A| + |B| - n members
    honest = max(overlap - f, 0)  # at most f of the shared members are faulty
    unsafe = "possible" if honest == 0 else "impossible"
    live = "yes" if n - f >= quorum else "no"
    print(f"{quorum:>6} | {overlap:>7} | {honest:>12} | {unsafe:>16} | {live:>19}")
# --8<-- [end:overlap]

# --8<-- [start:brute_force]
# The overlap formula, checked the slow way on a consortium of 7 (f = 2, quorum 5):
# every pair of 5-member groups shares at least 2 * 5 - 7 = 3 members.
seven = range(7)
smallest = min(len(set(a) & set(b)) for a in combinations(seven, 5) for b in combinations(seven, 5))
print("smallest overlap of two quorums of 5 out of 7:", smallest)
# --8<-- [end:brute_force]
