"""The network simulator: reproducible forks, reorgs, partitions, losses and withheld blocks."""

import pytest

from minichain.errors import OutOfRangeError, SimulationError, WrongTypeError
from minichain.sim import Event, Network, estimate_double_spend


def small_network(seed=7, **options):
    net = Network(seed=seed, **options)
    for name, share in (("beijing", 0.4), ("hangzhou", 0.35), ("guangzhou", 0.25)):
        net.add_node(name, share)
    return net


def trace_lines(net):
    return [str(event) for event in net.trace]


def test_same_seed_gives_the_same_event_trace():
    first, second = small_network(seed=3, latency=30), small_network(seed=3, latency=30)
    first.run(blocks=40)
    second.run(blocks=40)
    assert trace_lines(first) == trace_lines(second)
    assert first.tips() == second.tips()


def test_another_seed_gives_another_history():
    first, second = small_network(seed=3), small_network(seed=4)
    first.run(blocks=10)
    second.run(blocks=10)
    assert trace_lines(first) != trace_lines(second)


def test_every_node_validates_every_block_into_its_own_chain():
    net = small_network()
    net.run(blocks=25)
    net.run(stop=Network.agreed)
    chains = [node.chain for node in net.nodes.values()]
    assert len({id(chain) for chain in chains}) == 3
    assert {chain.tip_entry.hash for chain in chains} == {chains[0].tip_entry.hash}
    assert all(chain.height >= 20 for chain in chains)


def test_slow_links_make_forks_that_a_reorg_resolves():
    net = small_network(seed=11, latency=120)  # two minutes of delay on ten-minute blocks
    net.run(blocks=60)
    net.run(stop=Network.agreed)
    reorgs = net.reorgs()
    assert reorgs, "with two-minute links some blocks must be found on stale tips"
    assert all("replaces" in event.detail for event in reorgs)


def test_blocks_are_found_once_per_interval_on_average():
    net = small_network(seed=5, latency=0.5)
    net.run(blocks=400)
    mined = [event.time for event in net.trace if event.kind == "mined"]
    average = (mined[-1] - mined[0]) / (len(mined) - 1)
    assert 540 < average < 660  # 600 s expected; 400 exponential gaps vary by about 5%


def test_partition_grows_two_branches_and_healing_keeps_the_heavier():
    net = Network(seed=2, latency=1)
    for name, share in (("a1", 0.35), ("a2", 0.35), ("b1", 0.15), ("b2", 0.15)):
        net.add_node(name, share)
    net.partition(["a1", "a2"], ["b1", "b2"])
    net.run(blocks=30)
    a_tip, b_tip = net.node("a1").chain.tip_entry, net.node("b1").chain.tip_entry
    assert a_tip.hash != b_tip.hash
    assert a_tip.chainwork > b_tip.chainwork
    net.heal()
    net.run(stop=Network.agreed)
    assert net.node("b2").chain.tip_entry.chainwork >= a_tip.chainwork
    minority_reorgs = [e for e in net.reorgs() if e.node in ("b1", "b2")]
    assert minority_reorgs
    assert any(event.kind == "catch-up" for event in net.trace)


def test_a_reorg_completed_by_blocks_fetched_in_catch_up_is_traced_with_its_depth():
    # After the heal the minority nodes first hear of the majority's newest block,
    # an orphan to them; the heavier branch is only complete once the blocks they
    # asked for arrive, and the switch happens while those orphans are connected.
    net = Network(seed=3, latency=2)
    for name, share in (("a1", 0.35), ("a2", 0.25), ("b1", 0.25), ("b2", 0.15)):
        net.add_node(name, share)
    net.run(blocks=3)
    net.partition(["a1", "a2"], ["b1", "b2"])
    net.run(until=net.now + 3600)
    net.heal()
    net.run(stop=Network.agreed)
    for name in ("b1", "b2"):
        (stale,) = net.node(name).chain.side_branches()  # the branch it mined while cut off
        traced = [event.detail for event in net.reorgs() if event.node == name]
        assert traced and traced[-1].endswith(f"{len(stale)} blocks undone"), traced


def test_lost_blocks_are_fetched_when_a_child_arrives():
    net = small_network(seed=9, loss=0.3)
    net.run(blocks=30)
    net.run(stop=Network.agreed)
    assert any(event.kind == "catch-up" for event in net.trace)


def test_a_withholding_node_publishes_only_when_told():
    net = Network(seed=1, latency=1)
    net.add_node("honest", 0.6)
    secret = net.add_node("secret", 0.4, withhold=True)
    net.run(stop=lambda n: len(secret.private) >= 3)
    honest_chain = net.node("honest").chain
    assert all(block.hash not in honest_chain.entries for block in secret.private)
    count = net.release("secret")
    assert count >= 3 and not secret.private
    net.run(until=net.now + 5)
    assert any(event.kind == "release" for event in net.trace)


def test_trace_lines_read_as_a_timeline():
    event = Event(612.25, "hangzhou", "mined", "block 3 0a1b2c3d on 99887766")
    assert str(event) == "     612.2s  hangzhou   mined     block 3 0a1b2c3d on 99887766"


def test_run_needs_a_limit():
    with pytest.raises(SimulationError) as caught:
        small_network().run()
    assert caught.value.field == "run"


def test_run_without_miners_says_so():
    net = Network()
    net.add_node("idle")
    with pytest.raises(SimulationError, match="hash_share"):
        net.run(blocks=1)


def test_rejects_a_second_node_with_the_same_name():
    net = small_network()
    with pytest.raises(SimulationError, match="already exists"):
        net.add_node("beijing", 0.1)


def test_rejects_unknown_node_names():
    with pytest.raises(SimulationError) as caught:
        small_network().partition(["beijing"], ["shanghai"])
    assert caught.value.field == "node"


@pytest.mark.parametrize(
    ("options", "error"),
    [
        ({"latency": -1}, OutOfRangeError),
        ({"loss": 1.0}, OutOfRangeError),
        ({"jitter": "fast"}, WrongTypeError),
        ({"seed": -5}, OutOfRangeError),
    ],
)
def test_rejects_impossible_network_settings(options, error):
    with pytest.raises(error):
        Network(**options)


def test_rejects_a_share_above_one():
    with pytest.raises(OutOfRangeError) as caught:
        Network().add_node("greedy", 1.5)
    assert caught.value.field == "hash_share"


def test_a_slow_link_delivers_a_block_after_its_own_latency():
    net = Network(seed=1, latency=1)
    net.add_node("miner", 1.0)
    net.add_node("far")
    net.link("miner", "far", latency=100)
    net.run(blocks=1)
    found = net.now
    net.run(until=found + 99)
    assert net.node("far").chain.height == 0
    net.run(until=found + 101)
    assert net.node("far").chain.height == 1


def test_traced_deliveries_show_arrivals_and_losses():
    net = small_network(seed=4, loss=0.5, trace_deliveries=True)
    net.run(blocks=10)
    kinds = {event.kind for event in net.trace}
    assert {"received", "lost"} <= kinds


def test_estimate_tells_progress_after_every_trial_and_counts_the_same():
    seen = []
    with_progress = estimate_double_spend(0.3, 1, trials=5, seed=3, progress=seen.append)
    assert seen == [1, 2, 3, 4, 5]
    assert with_progress == estimate_double_spend(0.3, 1, trials=5, seed=3)


def test_estimate_refuses_a_progress_that_cannot_be_called():
    with pytest.raises(WrongTypeError, match="progress"):
        estimate_double_spend(0.3, 1, trials=5, progress=5)
