"""The network simulator at the issue's scale: 100 nodes, 10,000 blocks, on one core.

Every node runs its own Blockchain and validates every block, so the run
costs about one million block validations. Two figures:

* ``sim_100x10000_cpu_s``: CPU seconds for the whole run (goal under 60).
* ``sim_overhead_ratio``: CPU time per block per node inside the simulator,
  divided by the time of a bare ``Blockchain.add_block`` of the same blocks
  into one fresh chain, measured in the same run. It says how much the event
  queue, the links, the trace and a hundred chains' worth of memory add to the
  validation the nodes must do anyway.
"""

from __future__ import annotations

import gc
import os

from bench.common import cpu_seconds, report
from minichain.chain import Blockchain
from minichain.sim import Network

NODES = 100
BLOCKS = int(os.environ.get("MINICHAIN_BENCH_SIM_BLOCKS", "10000"))


def main() -> None:
    net = Network(seed=1, latency=1.0, jitter=2.0)
    for number in range(NODES):
        net.add_node(f"n{number:03d}", 1 / NODES)
    run_s = cpu_seconds(lambda: net.run(blocks=BLOCKS))
    per_delivery = run_s / (BLOCKS * (NODES - 1))
    node = next(iter(net.nodes.values()))
    blocks = [node.chain.block_at(height) for height in range(1, node.chain.height + 1)]
    fresh = Blockchain(net.params, checker=net.checker)
    gc.disable()  # as Network.run does: the heap now holds the whole network
    try:
        bare_s = cpu_seconds(lambda: [fresh.add_block(block) for block in blocks])
    finally:
        gc.enable()
    scale = NODES * 10_000 / (NODES * BLOCKS)
    report("sim_100x10000_cpu_s", run_s * scale, "goal < 60 s on one core", 1)
    report(
        "sim_overhead_ratio",
        per_delivery / (bare_s / len(blocks)),
        "goal < 2; a profile puts the event queue and links near 10%, the rest is "
        "a hundred chains' memory against one warm chain",
    )
    report("sim_reorgs_per_1000_blocks", 1000 * len(net.reorgs()) / BLOCKS, "information", 1)


if __name__ == "__main__":
    main()
