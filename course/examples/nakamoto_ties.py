"""The paper counts a tie as the attacker's win; nodes that keep the first-seen branch do not."""

# --8<-- [start:ties]
from minichain.nakamoto import attacker_success_probability

print(" q    z  | tie wins (paper) | first seen wins")
for q in (0.1, 0.3):
    for z in (1, 2, 6):
        paper = attacker_success_probability(q, z)
        first_seen = attacker_success_probability(q, z, ties_win=False)
        print(f"{q:.1f} {z:>3}  | {paper:>16.6f} | {first_seen:>15.6f}")
# --8<-- [end:ties]
