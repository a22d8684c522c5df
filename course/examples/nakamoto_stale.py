"""How often blocks go stale: the slower blocks spread, the more forks."""

# --8<-- [start:stale]
from minichain.sim import Network

print("latency   blocks found   on the final chain   stale   longest stale branch")
for latency in (2, 30, 120):
    net = Network(seed=5, latency=latency)
    for name, share in (("beijing", 0.4), ("hangzhou", 0.35), ("guangzhou", 0.25)):
        net.add_node(name, share)
    net.run(blocks=300)
    net.run(stop=Network.agreed)  # let the last fork settle
    chain = net.node("beijing").chain
    stale = net.blocks_found - chain.height  # every block found, minus those that stayed
    longest = max((len(branch) for branch in chain.side_branches()), default=0)
    print(
        f"{latency:5d} s   {net.blocks_found:12d}   {chain.height:18d}   {stale:5d}   {longest:20d}"
    )
# --8<-- [end:stale]
