# source_sha256: e8c8f6e3fea26bb1eab082f663c5c093014c0b5f295ea00a9a5832e583fdfd78
"""白皮书把平局算作攻击者获胜；保留先看到的分支的节点却不这样算。"""

# --8<-- [start:ties]
from minichain.nakamoto import attacker_success_probability

print(" q    z  | 白皮书：平局算赢 |  平局时先到先得")
for q in (0.1, 0.3):
    for z in (1, 2, 6):
        paper = attacker_success_probability(q, z)
        first_seen = attacker_success_probability(q, z, ties_win=False)
        print(f"{q:.1f} {z:>3}  | {paper:>16.6f} | {first_seen:>15.6f}")
# --8<-- [end:ties]
