# source_sha256: 667783401a19f452570adeeba1b59164478f44ca974c63a733b4457f9e9fd86f
"""最终确认就是最终确认：观察者凭证书跟上链，与之竞争的最终区块被拒绝。"""

from minichain.consensus import CommitCertificate, Vote, seeded_keys
from minichain.consortium import YANGTZE_RIVER_DELTA_CITIES, Consortium, PermissionedChain
from minichain.errors import AuthorityError
from minichain.miner import build_block
from minichain.nakamoto import attacker_success_probability
from minichain.params import ChainParams

CITIES = YANGTZE_RIVER_DELTA_CITIES  # 上海在前，其后是江苏、浙江、安徽的城市
keys = seeded_keys(CITIES)
params = ChainParams.regtest(name="yrd-consortium")
delta = Consortium(keys, params)
members = delta.validators

# --8<-- [start:observer]
delta.run_height()  # 27 个城市让区块 1 获得最终确认
shanghai = delta.nodes["Shanghai"]
certificate, block = shanghai.certificates[1], shanghai.chain.block_at(1)

# 观察者（法院、审计人员）不持有密钥，也没有看到任何一张投票。
# 有区块和它的证书就够了。
observer = PermissionedChain(params, members)
print(observer.receive_certificate(certificate, block), "-> 最终确认高度", observer.final_height)
# --8<-- [end:observer]


# --8<-- [start:conflict]
def refused(action) -> str:
    try:
        action()
    except AuthorityError as error:
        return f"{type(error).__name__}: {error.field}: {error.rule}"
    return "已接受"


# 从盐城到宣城的 19 个城市又为一个与之竞争的区块 1 签了名。
rival_node = PermissionedChain(params, members)  # 一个仍停在高度 0 的节点
rival = build_block(rival_node.chain, keys["Hefei"].address, [], note=b"rival")
signers = CITIES[8:]
votes = tuple(Vote.signed(keys[c], c, params.name, 1, rival.hash) for c in signers)
rival_certificate = CommitCertificate(1, rival.hash, votes)
print(refused(lambda: observer.receive_certificate(rival_certificate, rival)))
# --8<-- [end:conflict]

# --8<-- [start:nakamoto]
# 第 7 课的链从来不说“最终”：拥有 10% 算力的攻击者仍有这样的概率撤销一笔付款，
# 不管商家等多少个区块。
for confirmations in (1, 6, 12):
    chance = attacker_success_probability(0.1, confirmations)
    print(f"{confirmations:>2} 次确认：{chance:.10f}")
# --8<-- [end:nakamoto]
