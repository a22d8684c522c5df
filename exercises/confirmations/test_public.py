"""Public checks of the confirmations exercise: the learner sees and runs these."""

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
from minichain.errors import (
    BlockError,
    DoubleSpendError,
    MissingInputError,
    OutOfRangeError,
)
from minichain.keys import PrivateKey
from minichain.miner import mine_block
from minichain.params import ChainParams
from minichain.pow import block_work
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
    """q = 0.1 时与白皮书表格在小数点后 7 位一致"""
    for z, printed in PAPER_Q_0_1.items():
        got = attacker_success(0.1, z)
        assert f"{got:.7f}" == f"{printed:.7f}", f"z={z}: got {got:.7f}, the paper prints {printed}"


def test_attacker_success_is_certain_or_impossible_at_the_edges():
    """边界情况：没有算力必败，无需追赶或算力过半必胜"""
    assert attacker_success(0.0, 3) == 0.0, "without hash power the attacker never catches up"
    assert attacker_success(0.1, 0) == 1.0, "with no block to catch up the attack has succeeded"
    assert attacker_success(0.7, 3) == 1.0, "with half the hash power or more it always succeeds"


def test_attacker_success_refuses_impossible_inputs():
    """q 超出 [0, 1] 或 z 为负时抛出指明字段的 OutOfRangeError"""
    for q, z, field in ((1.2, 3, "q"), (0.1, -2, "z")):
        try:
            attacker_success(q, z)
        except OutOfRangeError as error:
            assert error.field == field, f"q={q}, z={z}: the error names {error.field!r}"
        else:
            raise AssertionError(f"attacker_success({q}, {z}) must raise OutOfRangeError")


def test_blocks_to_wait_for_a_risk_below_0_1_percent():
    """风险低于 0.1% 时要等待的区块数与白皮书一致"""
    assert blocks_to_wait(0.1, 0.001) == 5, "the paper: q=0.10 needs z=5"
    assert blocks_to_wait(0.3, 0.001) == 24, "the paper: q=0.30 needs z=24"


def test_blocks_to_wait_is_at_least_one_block():
    """没有攻击者时也至少要等一个区块"""
    got = blocks_to_wait(0.0, 0.01)
    assert got == 1, f"without an attacker one block settles the payment, got {got}"


def test_blocks_to_wait_refuses_impossible_inputs():
    """q 或 risk 超出范围时抛出指明字段的 OutOfRangeError"""
    for q, risk, field in ((0.6, 0.001, "q"), (0.1, 2.0, "risk")):
        try:
            blocks_to_wait(q, risk)
        except OutOfRangeError as error:
            assert error.field == field, f"q={q}, risk={risk}: the error names {error.field!r}"
        else:
            raise AssertionError(f"blocks_to_wait({q}, {risk}) must raise OutOfRangeError")


def test_is_settled_once_buried_under_enough_blocks():
    """确认数足够时交易已结算"""
    chain, payment = payment_under(5)
    assert chain.confirmations(payment.txid) == 5
    assert is_settled(chain, payment.txid, 0.1, 0.001) is True, "5 blocks are enough for q=0.1"


def test_is_settled_not_one_block_too_early():
    """少一个确认也不算结算"""
    chain, payment = payment_under(4)
    assert is_settled(chain, payment.txid, 0.1, 0.001) is False, "4 blocks are not enough"


def test_is_settled_not_in_the_mempool_nor_after_a_reorg():
    """仍在内存池中或链重组后落到侧链上的交易未结算"""
    chain = Blockchain(PARAMS)
    mine_block(chain, PAYER.address)
    rival = Blockchain(PARAMS)
    rival.add_block(chain.tip)  # knows the payer's coin, never hears of the payment
    payment = transfer(chain, PAYER, SHOP.address, 10)
    assert is_settled(chain, payment.txid, 0.0, 0.5) is False, "in the mempool: 0 confirmations"
    mine_block(chain, MINER.address)
    assert is_settled(chain, payment.txid, 0.0, 0.5) is True, "no attacker: one block settles it"
    for _ in range(2):
        chain.add_block(mine_block(rival, OTHER_MINER.address))  # more work, without the payment
    assert chain.confirmations(payment.txid) == 0
    got = is_settled(chain, payment.txid, 0.0, 0.5)
    assert got is False, "after the reorg the payment's block is on a side branch: 0 confirmations"


def test_is_settled_passes_on_a_refusal():
    """blocks_to_wait 的 OutOfRangeError 传给调用者"""
    chain, payment = payment_under(5)
    try:
        is_settled(chain, payment.txid, 0.8, 0.001)
    except OutOfRangeError as error:
        assert error.field == "q", f"the error names {error.field!r}, expected 'q'"
    else:
        raise AssertionError("q=0.8: let blocks_to_wait's OutOfRangeError through")


def refused(action, error_class):
    """The field named by the ``error_class`` that ``action()`` raises, or None."""
    try:
        action()
    except error_class as error:
        return error.field
    return None


def tx(spends, creates):
    return ToyTx(tuple(spends), tuple(creates))


def block(name, parent, *txs, work=1):
    return ToyBlock(name, parent, work, tuple(txs))


def test_connect_spends_and_creates_coins():
    """连接区块：花掉的币移除，新建的币加入，并给出撤销数据"""
    coins = frozenset({"a:0", "b:0"})
    got = connect(coins, block("B1", "G", tx([], ["cb1:0"]), tx(["a:0"], ["c:0", "c:1"])))
    want = (
        frozenset({"b:0", "cb1:0", "c:0", "c:1"}),
        Undo(frozenset({"a:0"}), frozenset({"cb1:0", "c:0", "c:1"})),
    )
    assert got == want, f"got {got}"


def test_connect_lets_a_transaction_spend_a_coin_made_earlier_in_the_block():
    """可以花费同一区块中更早创建的币，它不进撤销数据"""
    coins = frozenset({"a:0"})
    got = connect(coins, block("B1", "G", tx(["a:0"], ["c:0"]), tx(["c:0"], ["d:0"])))
    want = (frozenset({"d:0"}), Undo(frozenset({"a:0"}), frozenset({"d:0"})))
    assert got == want, f"c:0 is made and spent inside the block: nothing to undo, got {got}"


def test_connect_refuses_a_missing_coin():
    """花费不存在的币时抛出 MissingInputError"""
    action = lambda: connect(frozenset({"a:0"}), block("B1", "G", tx(["z:9"], ["c:0"])))  # noqa: E731
    assert refused(action, MissingInputError) == "spends", "z:9 is no coin: MissingInputError"


def test_connect_refuses_a_double_spend_inside_the_block():
    """同一区块内的双花抛出 DoubleSpendError"""
    double = block("B1", "G", tx(["a:0"], ["c:0"]), tx(["a:0"], ["d:0"]))
    field = refused(lambda: connect(frozenset({"a:0"}), double), DoubleSpendError)
    assert field == "spends", "a:0 is spent twice in one block: DoubleSpendError"


def test_disconnect_takes_a_block_back():
    """断开区块后币集合恢复为区块之前的样子"""
    coins = frozenset({"a:0", "b:0"})
    after, undo = connect(coins, block("B1", "G", tx(["a:0"], ["c:0"]), tx(["c:0"], ["d:0"])))
    got = disconnect(after, undo)
    assert got == coins, f"disconnect must give back the coins before the block, got {got}"


def test_disconnect_refuses_a_block_whose_coins_were_spent_since():
    """区块创建的币已被后面的区块花掉时抛出 BlockError"""
    undo = Undo(frozenset({"a:0"}), frozenset({"c:0"}))
    field = refused(lambda: disconnect(frozenset({"b:0"}), undo), BlockError)
    assert field == "created", "c:0 was spent by a later block: disconnect that one first"


def test_disconnect_refuses_a_block_that_is_not_connected():
    """未被连接的区块不能断开，抛出 BlockError"""
    undo = Undo(frozenset({"a:0"}), frozenset({"c:0"}))
    field = refused(lambda: disconnect(frozenset({"a:0", "c:0"}), undo), BlockError)
    assert field == "spent", "a:0 is unspent already: the block is not connected"


GENESIS_COINS = frozenset({"g:0"})


def test_follow_extends_the_chain():
    """新区块延长活跃链"""
    blocks = [block("B1", "G", tx(["g:0"], ["x:0"])), block("B2", "B1", tx([], ["y:0"]))]
    got = follow("G", GENESIS_COINS, blocks)
    assert got == (["G", "B1", "B2"], frozenset({"x:0", "y:0"})), f"got {got}"


def test_follow_keeps_the_first_seen_branch_on_a_tie():
    """工作量相等时保留先看到的分支"""
    blocks = [block("A1", "G", tx(["g:0"], ["a:0"])), block("B1", "G", tx(["g:0"], ["b:0"]))]
    got = follow("G", GENESIS_COINS, blocks)
    assert got == (["G", "A1"], frozenset({"a:0"})), f"equal work: keep A1, seen first; got {got}"


def test_follow_reorganizes_to_more_work_with_undo_data():
    """借助撤销数据链重组到工作量更多的分支"""
    blocks = [
        block("A1", "G", tx(["g:0"], ["shop:0"])),  # the payment to the shop...
        block("A2", "A1", tx([], ["a2:0"])),
        block("B1", "G", tx(["g:0"], ["payer:0"])),  # ...and the attacker's double spend
        block("B2", "B1", tx([], ["b2:0"])),
        block("B3", "B2", tx([], ["b3:0"])),
    ]
    got = follow("G", GENESIS_COINS, blocks)
    want = (["G", "B1", "B2", "B3"], frozenset({"payer:0", "b2:0", "b3:0"}))
    assert got == want, f"B's branch has more work: undo A2 and A1, then connect B; got {got}"


def test_follow_reorganizes_to_more_work_not_more_blocks():
    """链重组看工作量，不看区块数"""
    blocks = [
        block("A1", "G", tx([], ["a1:0"])),
        block("A2", "A1", tx([], ["a2:0"])),
        block("B1", "G", tx([], ["b1:0"]), work=3),
    ]
    got = follow("G", GENESIS_COINS, blocks)
    assert got == (["G", "B1"], frozenset({"g:0", "b1:0"})), f"3 > 1 + 1: got {got}"


def test_follow_ignores_a_block_whose_parent_is_unknown():
    """忽略父区块未知的区块和重复收到的区块"""
    a1 = block("A1", "G", tx([], ["a:0"]))
    blocks = [block("B2", "B1", tx([], ["b2:0"]), work=5), a1, a1]
    got = follow("G", GENESIS_COINS, blocks)
    assert got == (["G", "A1"], frozenset({"g:0", "a:0"})), f"B1 never came, A1 came twice: {got}"


def test_follow_forgets_an_invalid_branch_and_keeps_its_own():
    """遗忘无效区块及其后代，保留自己的链，有效的父区块仍保存"""
    blocks = [
        block("A1", "G", tx(["g:0"], ["a:0"])),
        block("B1", "G", tx([], ["b1:0"])),
        block("B2", "B1", tx(["nothing:0"], ["b2:0"])),  # spends a coin that does not exist
        block("B3", "B2", tx([], ["b3:0"])),  # built on an invalid block: ignored too
    ]
    got = follow("G", GENESIS_COINS, blocks)
    assert got == (["G", "A1"], frozenset({"a:0"})), f"B2 is invalid: keep A1, got {got}"
    blocks.append(block("B2b", "B1", tx([], ["b2b:0"])))  # B1 itself is valid and stays stored
    got = follow("G", GENESIS_COINS, blocks)
    want = (["G", "B1", "B2b"], frozenset({"g:0", "b1:0", "b2b:0"}))
    assert got == want, f"B1 and B2b have more work than A1: got {got}"


def coin(outpoint):
    return f"{outpoint.txid.hex()}:{outpoint.index}"


def toy(chain_block):
    """A minichain block as the toy model sees it."""
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


def test_follow_agrees_with_minichain_after_a_double_spend_reorg():
    """双花引起的链重组之后，链和币与 minichain 一致"""
    node = Blockchain(PARAMS)
    arrived = [mine_block(node, PAYER.address)]
    rival = Blockchain(PARAMS)
    rival.add_block(arrived[0])
    transfer(node, PAYER, SHOP.address, 10)  # the payment, in the node's next block
    arrived += [mine_block(node, MINER.address) for _ in range(2)]
    transfer(rival, PAYER, OTHER_MINER.address, 10)  # the same coin, paid elsewhere
    for _ in range(3):
        found = mine_block(rival, OTHER_MINER.address)
        node.add_block(found)
        arrived.append(found)
    genesis = node.genesis.hash.hex()
    got = follow(genesis, coins_of(Blockchain(PARAMS)), [toy(b) for b in arrived])
    want = ([b.hash.hex() for b in node], coins_of(node))
    assert got == want, "your node and minichain's disagree on the chain or its coins"
