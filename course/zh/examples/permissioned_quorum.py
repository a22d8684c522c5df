# source_sha256: 9911cbaa091e89c75d7349842af585a2de8a7dd9f841ef5f5b2be50736e47b4a
"""长三角 27 个城市共同运行一条联盟链：法定人数、沉默的节点和双重签名的城市。"""

# --8<-- [start:cities]
from minichain.consensus import CommitCertificate, Vote, evidence_from_certificates, seeded_keys
from minichain.consortium import YANGTZE_RIVER_DELTA_CITIES, Consortium
from minichain.errors import AuthorityError
from minichain.keys import PrivateKey
from minichain.params import ChainParams

CITIES = YANGTZE_RIVER_DELTA_CITIES  # 上海在前，其后是江苏、浙江、安徽的城市

keys = seeded_keys(CITIES)  # 由城市名推算出的密钥，谁都算得出来：仅限教学使用
params = ChainParams.regtest(name="yrd-consortium")
delta = Consortium(keys, params)
members = delta.validators
print(f"n = {members.n}，f = {members.f}，法定人数 = {members.quorum}")
print(f"高度 1-3 的提议节点：{[members.proposer(h, 0).name for h in (1, 2, 3)]}")
# --8<-- [end:cities]

# --8<-- [start:height]
for event in delta.run_height():
    print(event)
# --8<-- [end:height]

# --8<-- [start:certificate]
shanghai = delta.nodes["Shanghai"]
final = shanghai.certificates[1]
print("签名的城市：" + ", ".join(final.signers))


def check(certificate: CommitCertificate) -> str:
    try:
        certificate.verify(members, params.name)
    except AuthorityError as error:
        return f"{type(error).__name__}: {error.field}: {error.rule}"
    return "已最终确认"


print(check(final))
too_few = CommitCertificate(1, final.block_hash, final.votes[:18])
print(check(too_few))
padded = CommitCertificate(1, final.block_hash, final.votes[:18] + final.votes[:1])
print(check(padded))
beijing = PrivateKey.from_seed("Beijing")
outsider = Vote.signed(beijing, "Beijing", params.name, 1, final.block_hash)
print(check(CommitCertificate(1, final.block_hash, final.votes[:18] + (outsider,))))
# --8<-- [end:certificate]

# --8<-- [start:silent]
for event in delta.run_height(silent=["Wuxi"]):
    print(event)
# --8<-- [end:silent]

# --8<-- [start:equivocation]
for event in delta.run_height(equivocators=["Suzhou"]):
    print(event)
(evidence,) = delta.evidence
evidence.verify(members, params.name)  # 核对证据只需验证节点集合，别的什么都不用
print("针对", evidence.validator, "的证据经核验成立")
# --8<-- [end:equivocation]


# --8<-- [start:accountable]
# 同一高度要有两个区块都获得最终确认，两个区块都签了的城市必须多于 f = 8 个。
# 假设名单中间的 11 个城市两个都签了：这样每个区块都能得到 19 票。
def certify(block_hash: bytes, names: list[str]) -> CommitCertificate:
    votes = [Vote.signed(keys[name], name, params.name, 9, block_hash) for name in names]
    return CommitCertificate(9, block_hash, tuple(votes))


block_a, block_b = bytes(31) + b"\x0a", bytes(31) + b"\x0b"
first, second = certify(block_a, CITIES[:19]), certify(block_b, CITIES[8:])
named = evidence_from_certificates(first, second, members, params.name)
print(f"{len(named)} 个城市两个区块都签了：" + ", ".join(e.validator for e in named))
# --8<-- [end:accountable]
