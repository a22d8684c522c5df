"""The general quorum rule: q is safe when 2q > n + f and live when q <= n - f."""

# --8<-- [start:rule]
print(" n |  f | safe from | live up to | n - f | 2f + 1")
for n in (4, 5, 6, 7, 10, 27):
    f = (n - 1) // 3  # the most Byzantine members n can tolerate (3f + 1 <= n)
    smallest_safe = (n + f) // 2 + 1  # the least q with 2q > n + f
    largest_live = n - f  # the most q the honest members can always reach alone
    assert smallest_safe <= n - f <= largest_live  # n - f is always both
    pbft = 2 * f + 1  # the quorum PBFT texts give, written for n = 3f + 1
    verdict = "safe" if 2 * pbft > n + f else "UNSAFE"
    row = f"{n:>2} | {f:>2} | {smallest_safe:>9} | {largest_live:>10} | {n - f:>5}"
    print(f"{row} | {pbft} {verdict}")
# --8<-- [end:rule]
