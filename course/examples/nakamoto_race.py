"""The double-spend race run with real blocks, next to the formulas that predict it."""

# --8<-- [start:race]
from minichain.nakamoto import attacker_success_probability, exact_attacker_success_probability
from minichain.sim import estimate_double_spend

q, z = 0.3, 2  # an attacker with 30% of the hash power; the merchant waits for 2 blocks
paper = attacker_success_probability(q, z)
exact = exact_attacker_success_probability(q, z)
print(f"formula, paper (Poisson): {paper:.4f}")
print(f"formula, exact:           {exact:.4f}")

# The paper's assumption: honest blocks come exactly every 10 minutes until the merchant accepts.
regular = estimate_double_spend(q, z, trials=150, seed=1, model="nakamoto")
print("simulated, regular honest blocks:", regular)
print("  the paper's formula is inside its interval:", regular.contains(paper))
# Reality: every miner's blocks arrive at random.
random = estimate_double_spend(q, z, trials=150, seed=1, model="poisson")
print("simulated, random honest blocks: ", random)
print("  the exact formula is inside its interval:", random.contains(exact))
# --8<-- [end:race]
