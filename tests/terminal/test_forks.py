"""The fork tree and the timeline draw what the chain and the simulator decided."""

import io

from rich.console import Console

from minichain.block import short_hex
from minichain.chain import Blockchain
from minichain.keys import PrivateKey
from minichain.params import ChainParams
from minichain.sim import Event, short_id
from minichain.terminal.chains import chain_table
from minichain.terminal.forks import fork_facts, fork_tree, timeline

PARAMS = ChainParams.regtest()
ALICE, BOB = PrivateKey.from_seed("fork Alice"), PrivateKey.from_seed("fork Bob")
NAMES = {ALICE.address: "Alice", BOB.address: "Bob"}


def text(renderable) -> str:
    console = Console(width=160, color_system=None, record=True, file=io.StringIO())
    console.print(renderable)
    return console.export_text()


def forked(alice_blocks: int, bob_blocks: int, before: int = 0) -> Blockchain:
    """A node that mined ``before`` shared blocks, then Alice's branch, then heard Bob's."""
    node, other = Blockchain(PARAMS), Blockchain(PARAMS)
    for _ in range(before):
        other.add_block(node.mine(ALICE.address))
    for _ in range(alice_blocks):
        node.mine(ALICE.address)
    for _ in range(bob_blocks):
        node.add_block(other.mine(BOB.address))
    return node


def test_side_branch_hangs_off_its_fork_point_and_the_tip_is_marked():
    chain = forked(alice_blocks=2, bob_blocks=1)
    drawn = text(fork_tree(chain, names=NAMES))
    (branch,) = chain.side_branches()
    assert (
        f"active chain to tip 2 {short_id(chain.tip_entry.hash)}, 1 side branch, 1 stale block"
        in drawn
    )
    assert f"2 {short_id(chain.tip_entry.hash)}  Alice  ◀ active tip (most work)" in drawn
    lines = drawn.splitlines()
    genesis = next(i for i, line in enumerate(lines) if "genesis" in line)
    assert "side branch, 1 block (less work: stale)" in lines[genesis + 1]
    assert f"1 {short_id(branch[0].hash)}  Bob" in lines[genesis + 2]


def test_a_reorg_moves_the_old_branch_aside():
    chain = forked(alice_blocks=1, bob_blocks=2)
    drawn = text(fork_tree(chain, names=NAMES))
    assert "◀ active tip" in drawn and drawn.count("Bob") == 2
    assert "side branch, 1 block (less work: stale)" in drawn
    assert fork_facts(chain).stale == 1 and fork_facts(chain).height == 2


def test_long_stretches_without_a_fork_fold_into_one_line():
    chain = forked(alice_blocks=2, bob_blocks=1, before=20)
    drawn = text(fork_tree(chain, names=NAMES, context=1, tail=2))
    assert "┆ 18 blocks without a fork" in drawn
    assert "20 " in drawn and "21 " in drawn  # the fork point and its neighbour stay


def test_chain_table_says_side_branches_not_side_branchs():
    chain = forked(alice_blocks=2, bob_blocks=1)
    chain.add_block(Blockchain(PARAMS).mine(PrivateKey.from_seed("fork Carol").address))
    drawn = text(chain_table(chain))
    assert "on 2 side branches" in drawn and "branchs" not in drawn


def sharing_a_block() -> tuple[Blockchain, bytes]:
    """Alice's node at height 3 that heard Bob's block 1 and two rival blocks 2 on top of it.

    Its two side branches both start with Bob's block 1; returns the node and that block's hash.
    """
    node, bobs, rivals = Blockchain(PARAMS), Blockchain(PARAMS), Blockchain(PARAMS)
    for _ in range(3):
        node.mine(ALICE.address)
    shared = bobs.mine(BOB.address)
    rivals.add_block(shared)
    for block in (shared, bobs.mine(BOB.address), rivals.mine(ALICE.address)):
        node.add_block(block)
    assert len(node.side_branches()) == 2
    return node, shared.hash


def test_a_block_two_side_branches_share_is_one_stale_block_drawn_once():
    chain, shared = sharing_a_block()
    drawn = text(fork_tree(chain, names=NAMES))
    assert fork_facts(chain).stale == 3
    assert "2 side branches, 3 stale blocks" in drawn
    assert drawn.count(short_id(shared)) == 1


def test_chain_table_lists_a_block_two_side_branches_share_once():
    chain, shared = sharing_a_block()
    drawn = text(chain_table(chain))
    assert "4 blocks on the active chain, 3 on 2 side branches" in drawn
    assert drawn.count(short_hex(shared)) == 1


def test_timeline_gives_each_node_a_lane_and_shouts_reorgs():
    trace = [
        Event(10.0, "a", "mined", "block 1 aaaaaaaa on 00000000"),
        Event(11.0, "b", "mined", "block 1 bbbbbbbb on 00000000"),
        Event(12.0, "", "partition", "links cut between a | b (and the rest)"),
        Event(20.0, "b", "reorg", "tip 2 cccccccc replaces 1 bbbbbbbb"),
        Event(21.0, "b", "received", "noise nobody asked for"),
    ]
    drawn = text(timeline(trace, ["a", "b"]))
    header = next(line for line in drawn.splitlines() if line.startswith("┃"))
    assert [cell.strip() for cell in header.split("┃")[1:5]] == ["time", "a", "b", "network"]
    assert "REORG tip 2 cccccccc replaces 1 bbbbbbbb" in drawn
    assert "1 aaaaaaaa on 00000000" in drawn
    assert "PARTITION" in drawn and "noise" not in drawn


def test_timeline_of_many_nodes_names_the_node_and_counts_what_it_skips():
    trace = [Event(float(t), f"n{t}", "mined", f"block {t} x on y") for t in range(10)]
    drawn = text(timeline(trace, [f"n{t}" for t in range(10)], last=3))
    assert "7 earlier events not shown" in " ".join(drawn.split())
    assert "n9" in drawn and "n6 " not in drawn
