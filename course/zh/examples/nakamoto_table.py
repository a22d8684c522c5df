# source_sha256: d55ae325432aab97b5c813f91320de0398e1dd1e0e67343d6887247d5f1bdd57
"""比特币白皮书第 11 节的攻击概率表，由计算得出，旁边是精确的风险。"""

from minichain.nakamoto import (
    attacker_success_probability,
    confirmations_needed,
    exact_attacker_success_probability,
)

# --8<-- [start:table]
for q, depths in ((0.1, range(0, 11)), (0.3, range(0, 51, 5))):
    print(f"q={q}   z   白皮书（泊松）    精确（Rosenfeld）")
    for z in depths:
        paper = attacker_success_probability(q, z)
        exact = exact_attacker_success_probability(q, z)
        print(f"      {z:3d}   {paper:.7f}         {exact:.7f}")
# --8<-- [end:table]

# --8<-- [start:needed]
print("风险低于 0.1%：   q    白皮书 z    精确 z   小时（按精确 z、每 10 分钟一个区块）")
for q in (0.10, 0.15, 0.20, 0.25, 0.30, 0.35, 0.40, 0.45):
    paper = confirmations_needed(q, risk=0.001)
    exact = confirmations_needed(q, risk=0.001, exact=True)
    print(f"                  {q:.2f}  {paper:7d}   {exact:7d}   {exact / 6:5.1f}")
# --8<-- [end:needed]
