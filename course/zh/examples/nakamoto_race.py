# source_sha256: 7512f1dcfc4f8934751e03b4174d0c7529129542be710e5463fb60b001ef8a9a
"""用真实的区块跑一遍双花竞赛，与预测它的公式相对照。"""

# --8<-- [start:race]
from minichain.nakamoto import attacker_success_probability, exact_attacker_success_probability
from minichain.sim import estimate_double_spend

q, z = 0.3, 2  # 攻击者拥有 30% 的算力；商户等待 2 个区块
paper = attacker_success_probability(q, z)
exact = exact_attacker_success_probability(q, z)
print(f"公式，白皮书（泊松）：{paper:.4f}")
print(f"公式，精确：        {exact:.4f}")

# 白皮书的假设：在商户接受付款之前，诚实区块严格按平均间隔出现。
regular = estimate_double_spend(q, z, trials=150, seed=1, model="nakamoto")
print("模拟，诚实区块定时出现：", regular)
print("  白皮书的公式落在它的区间内：", regular.contains(paper))
# 现实：每个矿工的区块都随机出现。
random = estimate_double_spend(q, z, trials=150, seed=1, model="poisson")
print("模拟，诚实区块随机出现：", random)
print("  精确公式落在它的区间内：", random.contains(exact))
# --8<-- [end:race]
