# source_sha256: 665a5ba1b7b182ffec5608e90ee7f6dcb368fac540bf5fd8036f4f850b3803ec
"""一次分叉及其化解，由种子原样重现。"""

# --8<-- [start:fork]
from minichain.sim import Network

net = Network(seed=11, latency=120)  # 每条消息要传两分钟，每十分钟一个区块
for name, share in (("beijing", 0.4), ("hangzhou", 0.35), ("guangzhou", 0.25)):
    net.add_node(name, share)

net.run(stop=lambda network: len(network.reorgs()) >= 1)  # 直到有节点切换分支
net.run(stop=lambda network: network.agreed())  # 再直到所有节点重新达成一致
for event in net.trace[-7:]:
    print(event)
print("各节点的链头：", net.tips())
# --8<-- [end:fork]
