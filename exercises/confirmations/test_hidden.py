"""Hidden checks of the confirmations exercise: only the grader runs these."""

from exercise import attacker_success, blocks_to_wait, is_settled, stale_blocks

from minichain.chain import Blockchain
from minichain.errors import OutOfRangeError
from minichain.keys import PrivateKey
from minichain.miner import mine_block
from minichain.nakamoto import attacker_success_probability, confirmations_needed
from minichain.params import ChainParams
from minichain.sim import Network
from minichain.wallet import transfer

# Copied from section 11 of the Bitcoin paper.
PAPER_Q_0_3 = {
    0: 1.0000000, 5: 0.1773523, 10: 0.0416605, 15: 0.0101008, 20: 0.0024804, 25: 0.0006132,
    30: 0.0001522, 35: 0.0000379, 40: 0.0000095, 45: 0.0000024, 50: 0.0000006,
}  # fmt: skip
PAPER_Z_FOR_RISK_0_001 = {
    0.10: 5, 0.15: 8, 0.20: 11, 0.25: 15, 0.30: 24, 0.35: 41, 0.40: 89, 0.45: 340,
}  # fmt: skip

PARAMS = ChainParams.regtest()
PAYER = PrivateKey.from_seed("hidden payer")
SHOP = PrivateKey.from_seed("hidden shop")
MINER = PrivateKey.from_seed("hidden miner")
RIVAL = PrivateKey.from_seed("hidden rival miner")
THIRD = PrivateKey.from_seed("hidden third miner")


def refusal(action):
    """The ``OutOfRangeError`` that ``action()`` raises, or None."""
    try:
        action()
    except OutOfRangeError as error:
        return error
    return None


def copy_of(chain):
    """A second node holding every block of ``chain``'s active chain."""
    other = Blockchain(chain.params)
    for block in list(chain)[1:]:
        other.add_block(block)
    return other


def paid_chain():
    chain = Blockchain(PARAMS)
    mine_block(chain, PAYER.address)
    return chain, transfer(chain, PAYER, SHOP.address, 10)


def close(a, b):
    return abs(a - b) <= 1e-12 + 1e-9 * abs(b)


# --- attacker_success ----------------------------------------------------------------


def test_attacker_success_reproduces_the_papers_table_for_q_0_1_and_for_q_0_3():
    for z, printed in PAPER_Q_0_3.items():
        assert f"{attacker_success(0.3, z):.7f}" == f"{printed:.7f}", f"z={z}"


def test_attacker_success_reproduces_the_papers_table_for_q_0_1_and_the_library():
    for q in (0.01, 0.05, 0.2, 0.25, 0.4, 0.49):
        for z in (1, 2, 3, 6, 12, 30):
            want = attacker_success_probability(q, z)
            assert close(attacker_success(q, z), want), (q, z)


def test_attacker_success_reproduces_the_papers_table_for_q_0_1_and_for_340_blocks():
    got = attacker_success(0.45, 340)
    assert close(got, attacker_success_probability(0.45, 340)) and got < 0.001


def test_attacker_success_is_certain_or_impossible_at_the_edges_without_hash_power():
    assert attacker_success(0.0, 1) == 0.0
    assert attacker_success(0.0, 6) == 0.0


def test_attacker_success_is_certain_or_impossible_at_the_edges_without_blocks():
    assert attacker_success(0.0, 0) == 1.0
    assert attacker_success(0.2, 0) == 1.0


def test_attacker_success_is_certain_or_impossible_at_the_edges_from_half():
    for q in (0.5, 0.6, 1.0):
        assert attacker_success(q, 10) == 1.0, f"q={q}"


def test_attacker_success_refuses_impossible_inputs_a_share_outside_0_to_1():
    for q in (-0.1, 1.5):
        error = refusal(lambda q=q: attacker_success(q, 3))
        assert error is not None and error.field == "q", f"q={q}: {error!r}"


def test_attacker_success_refuses_impossible_inputs_a_negative_depth():
    error = refusal(lambda: attacker_success(0.1, -1))
    assert error is not None and error.field == "z", repr(error)


# --- blocks_to_wait ----------------------------------------------------------------------


def test_blocks_to_wait_for_a_risk_below_0_1_percent_in_the_papers_whole_table():
    for q, z in PAPER_Z_FOR_RISK_0_001.items():
        assert blocks_to_wait(q, 0.001) == z, f"q={q}"


def test_blocks_to_wait_for_a_risk_below_0_1_percent_or_another_risk():
    for q in (0.05, 0.2, 0.33):
        for risk in (0.5, 0.05, 1e-4, 1e-6):
            assert blocks_to_wait(q, risk) == confirmations_needed(q, risk), (q, risk)


def test_blocks_to_wait_is_at_least_one_block_without_an_attacker():
    assert blocks_to_wait(0.0, 0.001) == 1


def test_blocks_to_wait_is_at_least_one_block_with_a_risk_of_one():
    assert blocks_to_wait(0.1, 1.0) == 1  # with no block the attack is certain: 1 is not below 1


def test_blocks_to_wait_refuses_impossible_inputs_from_half_the_hash_power():
    for q in (0.5, 0.7, -0.2):
        error = refusal(lambda q=q: blocks_to_wait(q, 0.001))
        assert error is not None and error.field == "q", f"q={q}: {error!r}"


def test_blocks_to_wait_refuses_impossible_inputs_a_risk_outside_0_to_1():
    for risk in (0.0, -0.01, 1.5):
        error = refusal(lambda risk=risk: blocks_to_wait(0.1, risk))
        assert error is not None and error.field == "risk", f"risk={risk}: {error!r}"


# --- is_settled ------------------------------------------------------------------------------


def test_is_settled_not_one_block_too_early_nor_while_in_the_mempool():
    chain, payment = paid_chain()
    assert is_settled(chain, payment.txid, 0.0, 0.001) is False
    mine_block(chain, MINER.address)
    assert is_settled(chain, payment.txid, 0.0, 0.001) is True  # no attacker: one block


def test_is_settled_not_one_block_too_early_after_a_reorg():
    chain, payment = paid_chain()
    rival = copy_of(chain)  # has the payer's coin, never heard of the payment
    for _ in range(6):
        mine_block(chain, MINER.address)
    assert is_settled(chain, payment.txid, 0.1, 0.001) is True
    for _ in range(7):
        chain.add_block(mine_block(rival, RIVAL.address))
    assert chain.confirmations(payment.txid) == 0
    assert is_settled(chain, payment.txid, 0.1, 0.001) is False


def test_is_settled_not_one_block_too_early_deep_in_a_side_branch():
    chain, payment = paid_chain()
    honest = copy_of(chain)
    for _ in range(10):
        mine_block(chain, MINER.address)
    for _ in range(11):
        chain.add_block(mine_block(honest, RIVAL.address))
    assert any(any(entry.height == 2 for entry in branch) for branch in chain.side_branches()), (
        "the payment's block is stale"
    )
    assert is_settled(chain, payment.txid, 0.01, 0.5) is False


def test_is_settled_passes_on_a_refusal_of_half_the_hash_power():
    chain, payment = paid_chain()
    error = refusal(lambda: is_settled(chain, payment.txid, 0.5, 0.001))
    assert error is not None and error.field == "q", repr(error)


# --- stale_blocks ------------------------------------------------------------------------------


def test_stale_blocks_after_a_one_block_fork_counting_shared_blocks_once():
    chain = Blockchain(PARAMS)
    first = Blockchain(PARAMS)
    shared = mine_block(first, RIVAL.address)
    second = copy_of(first)
    ours, theirs = mine_block(first, RIVAL.address), mine_block(second, THIRD.address)
    for _ in range(3):
        mine_block(chain, MINER.address)
    for block in (shared, ours, theirs):
        chain.add_block(block)
    assert sum(len(branch) for branch in chain.side_branches()) == 4
    assert stale_blocks(chain) == 3


def test_stale_blocks_after_a_one_block_fork_or_a_network_split_and_heal():
    net = Network(seed=3, latency=2)
    for name, share in (("a1", 0.35), ("a2", 0.25), ("b1", 0.25), ("b2", 0.15)):
        net.add_node(name, share)
    net.partition(["a1", "a2"], ["b1", "b2"])
    net.run(until=3 * 3600)
    net.heal()
    net.run(stop=Network.agreed)
    for node in net.nodes.values():
        # Each node counts what it knows: a stale block of the other side may never reach it.
        known_off_the_active_chain = len(node.chain.entries) - len(node.chain.main)
        assert stale_blocks(node.chain) == known_off_the_active_chain, node.name
    assert stale_blocks(net.node("b2").chain) >= 5  # the minority's branch, at least


def test_stale_blocks_of_a_chain_without_forks_even_a_fresh_one():
    assert stale_blocks(Blockchain(PARAMS)) == 0
