"""A network split in two, a payment made on each side, and the reorg that settles it."""

# --8<-- [start:setup]
from minichain.chain import Blockchain
from minichain.keys import PrivateKey
from minichain.miner import mine_block
from minichain.sim import Network, sim_params
from minichain.tx import OutPoint, Transaction, TxIn, TxOut, sign

params = sim_params()  # Bitcoin's 10-minute blocks, with proof-of-work cheap enough to simulate
payer = PrivateKey.from_seed("payer")
merchant = PrivateKey.from_seed("merchant")
first = mine_block(Blockchain(params), payer.address)  # block 1 pays the payer one coin
coin = OutPoint(first.transactions[0].txid, 0)


def spend_coin_to(address: str) -> Transaction:
    """The payer's one coin, sent whole to ``address``."""
    unsigned = Transaction((TxIn(coin),), (TxOut.coin(address, params.block_reward),))
    return sign(unsigned, payer, params.name)


net = Network(params, seed=3, latency=2)
for name, share in (("shanghai", 0.35), ("hangzhou", 0.25), ("nanjing", 0.25), ("hefei", 0.15)):
    net.add_node(name, share).chain.add_block(first)
# --8<-- [end:setup]

# --8<-- [start:split]
net.partition(["shanghai", "hangzhou"], ["nanjing", "hefei"])  # 60% | 40% of the hash power
payment = spend_coin_to(merchant.address)
refund = spend_coin_to(payer.address)  # the same coin, spent again
net.submit("nanjing", payment)  # the merchant's side hears only of the payment
net.submit("shanghai", refund)  # the other side hears only of the refund
net.run(until=net.now + 4 * 3600)  # four hours apart
nanjing = net.node("nanjing").chain
print("before the heal:", net.tips())
print("  payment confirmations at nanjing:", nanjing.confirmations(payment.txid))
# --8<-- [end:split]

# --8<-- [start:heal]
seen = len(net.trace)
net.heal()
net.run(stop=Network.agreed)
for event in net.trace[seen:]:
    print(event)
print("after the heal:", net.tips())
print("  payment confirmations at nanjing:", nanjing.confirmations(payment.txid))
print("  refund confirmations at nanjing: ", nanjing.confirmations(refund.txid))
stale = {entry.hash for branch in nanjing.side_branches() for entry in branch}
print("  blocks nanjing gave up:", len(stale))
# --8<-- [end:heal]
