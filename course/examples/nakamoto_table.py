"""The attack table of the Bitcoin paper (section 11), computed, next to the exact risk."""

from minichain.nakamoto import (
    attacker_success_probability,
    confirmations_needed,
    exact_attacker_success_probability,
)

# --8<-- [start:table]
for q, depths in ((0.1, range(0, 11)), (0.3, range(0, 51, 5))):
    print(f"q={q}   z   paper (Poisson)   exact (Rosenfeld)")
    for z in depths:
        paper = attacker_success_probability(q, z)
        exact = exact_attacker_success_probability(q, z)
        print(f"      {z:3d}   {paper:.7f}         {exact:.7f}")
# --8<-- [end:table]

# --8<-- [start:needed]
print("risk below 0.1%:  q     paper z   exact z   hours (exact z, 10-minute blocks)")
for q in (0.10, 0.15, 0.20, 0.25, 0.30, 0.35, 0.40, 0.45):
    paper = confirmations_needed(q, risk=0.001)
    exact = confirmations_needed(q, risk=0.001, exact=True)
    print(f"                  {q:.2f}  {paper:7d}   {exact:7d}   {exact / 6:5.1f}")
# --8<-- [end:needed]
