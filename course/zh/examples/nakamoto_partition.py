# source_sha256: 9570df76bbd268cae9cee733c7588d4d8881f9d384ee1fc7600c2c5a5c7a0f08
"""网络一分为二，两边各收到一笔付款，最后由一次链重组了结。"""

# --8<-- [start:setup]
from minichain.chain import Blockchain
from minichain.keys import PrivateKey
from minichain.miner import mine_block
from minichain.sim import Network, sim_params
from minichain.tx import OutPoint, Transaction, TxIn, TxOut, sign

params = sim_params()  # 比特币的 10 分钟出块间隔，工作量证明则廉价到足以模拟
payer = PrivateKey.from_seed("payer")
merchant = PrivateKey.from_seed("merchant")
first = mine_block(Blockchain(params), payer.address)  # 区块 1 付给付款人一枚币
coin = OutPoint(first.transactions[0].txid, 0)


def spend_coin_to(address: str) -> Transaction:
    """付款人的那一枚币，整枚付给 ``address``。"""
    unsigned = Transaction((TxIn(coin),), (TxOut.coin(address, params.block_reward),))
    return sign(unsigned, payer, params.name)


net = Network(params, seed=3, latency=2)
for name, share in (("shanghai", 0.35), ("hangzhou", 0.25), ("nanjing", 0.25), ("hefei", 0.15)):
    net.add_node(name, share).chain.add_block(first)
# --8<-- [end:setup]

# --8<-- [start:split]
net.partition(["shanghai", "hangzhou"], ["nanjing", "hefei"])  # 算力 60% | 40%
payment = spend_coin_to(merchant.address)
refund = spend_coin_to(payer.address)  # 同一枚币，又花了一次
net.submit("nanjing", payment)  # 商户这一边只听到了付款
net.submit("shanghai", refund)  # 另一边只听到了退款
net.run(until=net.now + 4 * 3600)  # 两边隔绝四小时
nanjing = net.node("nanjing").chain
print("恢复连通之前：", net.tips())
print("  南京节点上付款的确认数：", nanjing.confirmations(payment.txid))
# --8<-- [end:split]

# --8<-- [start:heal]
seen = len(net.trace)
net.heal()
net.run(stop=Network.agreed)
for event in net.trace[seen:]:
    print(event)
print("恢复连通之后：", net.tips())
print("  南京节点上付款的确认数：", nanjing.confirmations(payment.txid))
print("  南京节点上退款的确认数：", nanjing.confirmations(refund.txid))
stale = {entry.hash for branch in nanjing.side_branches() for entry in branch}
print("  南京节点放弃的区块数：", len(stale))
# --8<-- [end:heal]
