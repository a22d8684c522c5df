"""Public checks of the confirmations exercise: the learner sees and runs these."""

from exercise import attacker_success, blocks_to_wait, is_settled, stale_blocks

from minichain.chain import Blockchain
from minichain.errors import OutOfRangeError
from minichain.keys import PrivateKey
from minichain.miner import mine_block
from minichain.params import ChainParams
from minichain.wallet import transfer

# Section 11 of the Bitcoin paper prints these for q = 0.1 (copied from the paper).
PAPER_Q_0_1 = {
    0: 1.0000000, 1: 0.2045873, 2: 0.0509779, 3: 0.0131722, 4: 0.0034552, 5: 0.0009137,
    6: 0.0002428, 7: 0.0000647, 8: 0.0000173, 9: 0.0000046, 10: 0.0000012,
}  # fmt: skip

PARAMS = ChainParams.regtest()
PAYER = PrivateKey.from_seed("customer of the shop")
SHOP = PrivateKey.from_seed("the shop")
MINER = PrivateKey.from_seed("a miner")
OTHER_MINER = PrivateKey.from_seed("another miner")


def payment_under(blocks):
    """A chain where the payer paid the shop, with ``blocks`` blocks from the payment's on."""
    chain = Blockchain(PARAMS)
    mine_block(chain, PAYER.address)
    payment = transfer(chain, PAYER, SHOP.address, 10)
    for _ in range(blocks):
        mine_block(chain, MINER.address)
    return chain, payment


def test_attacker_success_reproduces_the_papers_table_for_q_0_1():
    for z, printed in PAPER_Q_0_1.items():
        got = attacker_success(0.1, z)
        assert f"{got:.7f}" == f"{printed:.7f}", f"z={z}: got {got:.7f}, the paper prints {printed}"


def test_attacker_success_is_certain_or_impossible_at_the_edges():
    assert attacker_success(0.0, 3) == 0.0, "without hash power the attacker never catches up"
    assert attacker_success(0.1, 0) == 1.0, "with no block to catch up the attack has succeeded"
    assert attacker_success(0.7, 3) == 1.0, "with half the hash power or more it always succeeds"


def test_attacker_success_refuses_impossible_inputs():
    for q, z, field in ((1.2, 3, "q"), (0.1, -2, "z")):
        try:
            attacker_success(q, z)
        except OutOfRangeError as error:
            assert error.field == field, f"q={q}, z={z}: the error names {error.field!r}"
        else:
            raise AssertionError(f"attacker_success({q}, {z}) must raise OutOfRangeError")


def test_blocks_to_wait_for_a_risk_below_0_1_percent():
    assert blocks_to_wait(0.1, 0.001) == 5, "the paper: q=0.10 needs z=5"
    assert blocks_to_wait(0.3, 0.001) == 24, "the paper: q=0.30 needs z=24"


def test_blocks_to_wait_is_at_least_one_block():
    got = blocks_to_wait(0.0, 0.01)
    assert got == 1, f"without an attacker one block settles the payment, got {got}"


def test_blocks_to_wait_refuses_impossible_inputs():
    for q, risk, field in ((0.6, 0.001, "q"), (0.1, 2.0, "risk")):
        try:
            blocks_to_wait(q, risk)
        except OutOfRangeError as error:
            assert error.field == field, f"q={q}, risk={risk}: the error names {error.field!r}"
        else:
            raise AssertionError(f"blocks_to_wait({q}, {risk}) must raise OutOfRangeError")


def test_is_settled_once_buried_under_enough_blocks():
    chain, payment = payment_under(5)
    assert chain.confirmations(payment.txid) == 5
    assert is_settled(chain, payment.txid, 0.1, 0.001) is True, "5 blocks are enough for q=0.1"


def test_is_settled_not_one_block_too_early():
    chain, payment = payment_under(4)
    assert is_settled(chain, payment.txid, 0.1, 0.001) is False, "4 blocks are not enough"


def test_is_settled_passes_on_a_refusal():
    chain, payment = payment_under(5)
    try:
        is_settled(chain, payment.txid, 0.8, 0.001)
    except OutOfRangeError as error:
        assert error.field == "q", f"the error names {error.field!r}, expected 'q'"
    else:
        raise AssertionError("q=0.8: let blocks_to_wait's OutOfRangeError through")


def test_stale_blocks_after_a_one_block_fork():
    chain = Blockchain(PARAMS)
    rival = Blockchain(PARAMS)
    mine_block(chain, MINER.address)  # this block loses the race...
    for _ in range(2):
        chain.add_block(mine_block(rival, OTHER_MINER.address))  # ...to a branch with more work
    assert len(chain.side_branches()) == 1
    assert stale_blocks(chain) == 1


def test_stale_blocks_of_a_chain_without_forks():
    chain, _ = payment_under(3)
    assert stale_blocks(chain) == 0
