# source_sha256: bde5f7357d14ac268af32862526ac74ce22643847ba5a51c03342baf5a7a007f
"""区块成为孤块有多频繁：区块传播得越慢，分叉就越多。"""

# --8<-- [start:stale]
from minichain.sim import Network

print("   延迟     找到的区块       最终链上的区块    孤块         最长孤块分支")
for latency in (2, 30, 120):
    net = Network(seed=5, latency=latency)
    for name, share in (("beijing", 0.4), ("hangzhou", 0.35), ("guangzhou", 0.25)):
        net.add_node(name, share)
    net.run(blocks=300)
    net.run(stop=Network.agreed)  # 等最后一次分叉了结
    chain = net.node("beijing").chain
    stale = net.blocks_found - chain.height  # 找到的全部区块，减去留在链上的
    longest = max((len(branch) for branch in chain.side_branches()), default=0)
    print(
        f"{latency:5d} s   {net.blocks_found:12d}   {chain.height:18d}   {stale:5d}   {longest:20d}"
    )
# --8<-- [end:stale]
