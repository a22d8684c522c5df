"""A fork and its resolution, replayed exactly from a seed."""

# --8<-- [start:fork]
from minichain.sim import Network

net = Network(seed=11, latency=120)  # two minutes per message, ten-minute blocks
for name, share in (("beijing", 0.4), ("hangzhou", 0.35), ("guangzhou", 0.25)):
    net.add_node(name, share)

net.run(stop=lambda network: len(network.reorgs()) >= 1)  # until a node switches branch
net.run(stop=lambda network: network.agreed())  # and until everyone agrees again
for event in net.trace[-7:]:
    print(event)
print("tips:", net.tips())
# --8<-- [end:fork]
