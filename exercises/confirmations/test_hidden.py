"""Hidden checks of the confirmations exercise: only the grader runs these."""

import random

from exercise import (
    ToyBlock,
    ToyTx,
    Undo,
    attacker_success,
    blocks_to_wait,
    connect,
    disconnect,
    follow,
    is_settled,
)

from minichain.chain import Blockchain
from minichain.errors import BlockError, DoubleSpendError, MissingInputError, OutOfRangeError
from minichain.keys import PrivateKey
from minichain.miner import mine_block
from minichain.nakamoto import attacker_success_probability, confirmations_needed
from minichain.params import ChainParams
from minichain.pow import block_work
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
    """q = 0.3 时与白皮书表格一致"""
    for z, printed in PAPER_Q_0_3.items():
        assert f"{attacker_success(0.3, z):.7f}" == f"{printed:.7f}", f"z={z}"


def test_attacker_success_reproduces_the_papers_table_for_q_0_1_and_the_library():
    """其他 q 和 z 的结果与 minichain 一致"""
    for q in (0.01, 0.05, 0.2, 0.25, 0.4, 0.49):
        for z in (1, 2, 3, 6, 12, 30):
            want = attacker_success_probability(q, z)
            assert close(attacker_success(q, z), want), (q, z)


def test_attacker_success_reproduces_the_papers_table_for_q_0_1_and_for_340_blocks():
    """q = 0.45、z = 340 时也能算出，且低于 0.001"""
    got = attacker_success(0.45, 340)
    assert close(got, attacker_success_probability(0.45, 340)) and got < 0.001


def test_attacker_success_is_certain_or_impossible_at_the_edges_without_hash_power():
    """没有算力的攻击者永远追不上"""
    assert attacker_success(0.0, 1) == 0.0
    assert attacker_success(0.0, 6) == 0.0


def test_attacker_success_is_certain_or_impossible_at_the_edges_without_blocks():
    """无需追赶任何区块时攻击已经成功"""
    assert attacker_success(0.0, 0) == 1.0
    assert attacker_success(0.2, 0) == 1.0


def test_attacker_success_is_certain_or_impossible_at_the_edges_from_half():
    """拥有一半或更多算力时攻击总会成功"""
    for q in (0.5, 0.6, 1.0):
        assert attacker_success(q, 10) == 1.0, f"q={q}"


def test_attacker_success_refuses_impossible_inputs_a_share_outside_0_to_1():
    """算力份额超出 [0, 1] 时抛出 OutOfRangeError"""
    for q in (-0.1, 1.5):
        error = refusal(lambda q=q: attacker_success(q, 3))
        assert error is not None and error.field == "q", f"q={q}: {error!r}"


def test_attacker_success_refuses_impossible_inputs_a_negative_depth():
    """确认数为负时抛出 OutOfRangeError"""
    error = refusal(lambda: attacker_success(0.1, -1))
    assert error is not None and error.field == "z", repr(error)


# --- blocks_to_wait ----------------------------------------------------------------------


def test_blocks_to_wait_for_a_risk_below_0_1_percent_in_the_papers_whole_table():
    """与白皮书最后一张表逐项一致"""
    for q, z in PAPER_Z_FOR_RISK_0_001.items():
        assert blocks_to_wait(q, 0.001) == z, f"q={q}"


def test_blocks_to_wait_for_a_risk_below_0_1_percent_or_another_risk():
    """其他风险下的区块数与 minichain 一致"""
    for q in (0.05, 0.2, 0.33):
        for risk in (0.5, 0.05, 1e-4, 1e-6):
            assert blocks_to_wait(q, risk) == confirmations_needed(q, risk), (q, risk)


def test_blocks_to_wait_is_at_least_one_block_without_an_attacker():
    """没有攻击者、风险为 0.1% 时等一个区块"""
    assert blocks_to_wait(0.0, 0.001) == 1


def test_blocks_to_wait_is_at_least_one_block_with_a_risk_of_one():
    """风险为 1 时也要等一个区块"""
    assert blocks_to_wait(0.1, 1.0) == 1  # with no block the attack is certain: 1 is not below 1


def test_blocks_to_wait_refuses_impossible_inputs_from_half_the_hash_power():
    """算力份额达到一半或为负时抛出 OutOfRangeError"""
    for q in (0.5, 0.7, -0.2):
        error = refusal(lambda q=q: blocks_to_wait(q, 0.001))
        assert error is not None and error.field == "q", f"q={q}: {error!r}"


def test_blocks_to_wait_refuses_impossible_inputs_a_risk_outside_0_to_1():
    """risk 为 0、为负或大于 1 时抛出 OutOfRangeError"""
    for risk in (0.0, -0.01, 1.5):
        error = refusal(lambda risk=risk: blocks_to_wait(0.1, risk))
        assert error is not None and error.field == "risk", f"risk={risk}: {error!r}"


# --- is_settled ------------------------------------------------------------------------------


def test_is_settled_not_one_block_too_early_nor_while_in_the_mempool():
    """在内存池中未结算，打包进一个区块后才结算"""
    chain, payment = paid_chain()
    assert is_settled(chain, payment.txid, 0.0, 0.001) is False
    mine_block(chain, MINER.address)
    assert is_settled(chain, payment.txid, 0.0, 0.001) is True  # no attacker: one block


def test_is_settled_not_one_block_too_early_after_a_reorg():
    """已结算的交易在链重组后失去确认"""
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
    """位于深处侧链区块中的交易未结算"""
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
    """算力份额为一半时 OutOfRangeError 传给调用者"""
    chain, payment = paid_chain()
    error = refusal(lambda: is_settled(chain, payment.txid, 0.5, 0.001))
    assert error is not None and error.field == "q", repr(error)


# --- connect, disconnect, follow ------------------------------------------------------------


def refused(action, error_class):
    try:
        action()
    except error_class as error:
        return error.field
    return None


def tx(spends, creates):
    return ToyTx(tuple(spends), tuple(creates))


def block(name, parent, *txs, work=1):
    return ToyBlock(name, parent, work, tuple(txs))


def test_connect_spends_and_creates_coins_of_an_empty_block():
    """空区块不改变币集合，撤销数据为空"""
    coins = frozenset({"a:0"})
    assert connect(coins, block("E", "G")) == (coins, Undo(frozenset(), frozenset()))


def test_connect_spends_and_creates_coins_in_a_long_block():
    """交易较多的区块也正确花费和创建币"""
    coins = frozenset(f"c{n}:0" for n in range(10))
    txs = [tx([f"c{n}:0"], [f"d{n}:0", f"d{n}:1"]) for n in range(0, 10, 2)]
    after, undo = connect(coins, block("B", "G", *txs))
    assert after == frozenset(f"c{n}:0" for n in range(1, 10, 2)) | {
        f"d{n}:{k}" for n in range(0, 10, 2) for k in (0, 1)
    }
    assert undo.spent == frozenset(f"c{n}:0" for n in range(0, 10, 2))
    assert undo.created == frozenset(after - coins)


def test_connect_lets_a_transaction_spend_a_coin_made_earlier_in_the_block_in_a_chain_of_three():
    """区块内三笔交易接连花费前一笔创建的币"""
    txs = [tx(["a:0"], ["b:0"]), tx(["b:0"], ["c:0"]), tx(["c:0"], ["d:0", "d:1"])]
    after, undo = connect(frozenset({"a:0", "z:0"}), block("B", "G", *txs))
    assert after == frozenset({"z:0", "d:0", "d:1"})
    assert undo == Undo(frozenset({"a:0"}), frozenset({"d:0", "d:1"}))


def test_connect_refuses_a_missing_coin_made_later_in_the_block():
    """花费同一区块中稍后才创建的币时抛出 MissingInputError"""
    late = block("B", "G", tx(["c:0"], ["d:0"]), tx(["a:0"], ["c:0"]))
    assert refused(lambda: connect(frozenset({"a:0"}), late), MissingInputError) == "spends"


def test_connect_refuses_a_double_spend_inside_the_block_of_a_coin_made_there():
    """在区块内创建的币被花两次时抛出 DoubleSpendError"""
    double = block("B", "G", tx(["a:0"], ["c:0"]), tx(["c:0"], ["d:0"]), tx(["c:0"], ["e:0"]))
    assert refused(lambda: connect(frozenset({"a:0"}), double), DoubleSpendError) == "spends"


def test_disconnect_takes_a_block_back_after_several():
    """连接多个区块后逐个断开，每一步都恢复原来的币集合"""
    coins = frozenset({"g:0"})
    blocks = [block("B1", "G", tx(["g:0"], ["x:0"])), block("B2", "B1", tx(["x:0"], ["y:0"]))]
    states, undos = [coins], []
    for toy_block in blocks:
        coins, undo = connect(coins, toy_block)
        states.append(coins)
        undos.append(undo)
    for undo in reversed(undos):
        states.pop()
        coins = disconnect(coins, undo)
        assert coins == states[-1]


def test_disconnect_refuses_a_block_whose_coins_were_spent_since_out_of_order():
    """不按从新到旧的顺序断开时抛出 BlockError"""
    coins = frozenset({"g:0"})
    after1, undo1 = connect(coins, block("B1", "G", tx(["g:0"], ["x:0"])))
    after2, _ = connect(after1, block("B2", "B1", tx(["x:0"], ["y:0"])))
    assert refused(lambda: disconnect(after2, undo1), BlockError) == "created"


def test_disconnect_refuses_a_block_that_is_not_connected_twice():
    """同一区块断开两次时抛出 BlockError"""
    coins = frozenset({"g:0"})
    after, undo = connect(coins, block("B1", "G", tx(["g:0"], ["x:0"]), tx([], ["y:0"])))
    before = disconnect(after, undo)
    assert refused(lambda: disconnect(before | undo.created, undo), BlockError) == "spent"


GENESIS_COINS = frozenset({"g:0", "g:1"})


def test_follow_extends_the_chain_from_genesis_only():
    """没有收到区块时活跃链只有创世区块"""
    assert follow("G", GENESIS_COINS, []) == (["G"], GENESIS_COINS)


def test_follow_keeps_the_first_seen_branch_on_a_tie_of_work_not_of_blocks():
    """累计工作量相等、区块数不同时保留先看到的分支"""
    blocks = [
        block("A1", "G", tx(["g:0"], ["a:0"]), work=4),
        block("B1", "G", tx([], ["b1:0"])),
        block("B2", "B1", tx([], ["b2:0"]), work=3),
    ]
    assert follow("G", GENESIS_COINS, blocks) == (["G", "A1"], frozenset({"a:0", "g:1"}))


def test_follow_reorganizes_to_more_work_with_undo_data_and_back():
    """链重组到另一分支后又重组回原来的分支"""
    blocks = [
        block("A1", "G", tx(["g:0"], ["a:0"])),
        block("B1", "G", tx(["g:1"], ["b:0"])),
        block("B2", "B1", tx(["b:0"], ["b:1"])),
        block("A2", "A1", tx(["a:0"], ["a:1"])),
        block("A3", "A2", tx(["g:1"], ["a:2"])),
    ]
    got = follow("G", GENESIS_COINS, blocks)
    assert got == (["G", "A1", "A2", "A3"], frozenset({"a:1", "a:2"}))


def test_follow_reorganizes_to_more_work_not_more_blocks_deep_in_the_chain():
    """在链的深处分叉，工作量更多的短分支胜出"""
    blocks = [block("A1", "G", tx([], ["a1:0"]))]
    blocks += [block(f"A{n}", f"A{n - 1}", tx([], [f"a{n}:0"])) for n in range(2, 7)]
    blocks += [block("B3", "A2", tx([], ["b3:0"]), work=5)]
    got = follow("G", GENESIS_COINS, blocks)
    assert got == (["G", "A1", "A2", "B3"], GENESIS_COINS | {"a1:0", "a2:0", "b3:0"})


def test_follow_ignores_a_block_whose_parent_is_unknown_or_seen_twice():
    """父区块从未出现的区块即使工作量大也被忽略，重复的区块只算一次"""
    a1 = block("A1", "G", tx([], ["a:0"]))
    blocks = [a1, block("X", "nowhere", work=9), a1]
    assert follow("G", GENESIS_COINS, blocks) == (["G", "A1"], GENESIS_COINS | {"a:0"})


def test_follow_forgets_an_invalid_branch_and_keeps_its_own_then_takes_a_valid_one():
    """遗忘无效分支后，同一父区块的另一个有效子区块胜出"""
    blocks = [
        block("A1", "G", tx(["g:0"], ["a:0"])),
        block("B1", "G", tx(["g:0"], ["b:0"])),
        block("B2", "B1", tx(["a:0"], ["b:1"])),  # a:0 exists only on A's branch
        block("B3", "B2", work=5),
        block("C2", "B1", tx(["g:1"], ["c:0"])),  # B1 is valid: its other child wins
    ]
    got = follow("G", GENESIS_COINS, blocks)
    assert got == (["G", "B1", "C2"], frozenset({"b:0", "c:0"}))


def coin(outpoint):
    return f"{outpoint.txid.hex()}:{outpoint.index}"


def toy(chain_block):
    txs = tuple(
        ToyTx(
            tuple(coin(tx_in.prevout) for tx_in in t.inputs),
            tuple(f"{t.txid.hex()}:{index}" for index in range(len(t.outputs))),
        )
        for t in chain_block.transactions
    )
    header = chain_block.header
    return ToyBlock(chain_block.hash.hex(), header.prev_hash.hex(), block_work(header.bits), txs)


def coins_of(chain):
    return frozenset(coin(outpoint) for outpoint in chain.utxo.coins)


def test_follow_agrees_with_minichain_after_a_double_spend_reorg_of_random_races():
    """随机的双花竞赛之后，链和币与 minichain 一致"""
    chooser = random.Random(7)
    for _race in range(3):
        node = Blockchain(PARAMS)
        arrived = [mine_block(node, PAYER.address), mine_block(node, MINER.address)]
        rival = copy_of(node)
        transfer(node, PAYER, SHOP.address, 10)
        transfer(rival, PAYER, RIVAL.address, 7)
        honest, attack = [], []
        for _ in range(chooser.randrange(1, 5)):
            honest.append(mine_block(node, MINER.address))
        for _ in range(chooser.randrange(1, 6)):
            attack.append(mine_block(rival, RIVAL.address))
        for found in attack:
            node.add_block(found)
        arrived += honest + attack
        got = follow(
            node.genesis.hash.hex(), coins_of(Blockchain(PARAMS)), [toy(b) for b in arrived]
        )
        assert got == ([b.hash.hex() for b in node], coins_of(node))
