# source_sha256: 9b78c364326181ab0263646d0d4d59fc93213e1042cbe0123ae783ff7dd132e4
"""27 个城市的联盟改用国密算法：SM2 签名，SM3 杂凑。"""

# --8<-- [start:suite]
import tempfile
from pathlib import Path

from minichain.chain import Blockchain
from minichain.consensus import seeded_keys, vote_digest
from minichain.consortium import YANGTZE_RIVER_DELTA_CITIES, Consortium
from minichain.errors import MinichainError
from minichain.gm import sm3
from minichain.keys import PrivateKey
from minichain.params import ChainParams
from minichain.suite import GM
from minichain.wallet import transfer

params = ChainParams.regtest(name="yrd-gm", suite="gm")  # 国密算法套件
keys = seeded_keys(YANGTZE_RIVER_DELTA_CITIES, GM)  # 谁都算得出来的 SM2 密钥：仅限教学使用
delta = Consortium(keys, params)
print(params.suite)
print("上海的地址：" + keys["Shanghai"].address)
print("上海的 SM2 公钥：" + keys["Shanghai"].public_key.sec().hex()[:24] + "...")
# --8<-- [end:suite]

# --8<-- [start:height]
for event in delta.run_height():
    print(event)
hefei = delta.nodes["Hefei"]
block = hefei.tip
print(f"区块哈希 = SM3(80 字节的区块头)：{block.hash == sm3(block.header.serialize())}")
print(
    "coinbase 交易的 txid = SM3(交易的字节)：",
    block.transactions[0].txid == sm3(block.transactions[0].raw),
    sep="",
)
final = hefei.certificates[1]
vote = final.votes[0]
digest = vote_digest(params.name, 1, vote.block_hash, GM)  # SM3(标签, 链, 高度, 区块)
signer = keys[vote.validator].public_key
print(f"{vote.validator} 的投票是一个有效的 SM2 签名：{signer.verify(digest, vote.signature)}")
final.verify(delta.validators, params.name)  # 除非 19 个成员的 SM2 投票都验证通过，否则抛出异常
print(f"由 {len(final.votes)} 张 SM2 投票组成的证书：高度 1 已最终确认")
# --8<-- [end:height]

# --8<-- [start:refused]
bitcoin_key = PrivateKey.from_seed("Shanghai")  # secp256k1，第 4 课
try:
    transfer(hefei.chain, keys["Shanghai"], bitcoin_key.address, 1)
except MinichainError as error:
    print(f"{type(error).__name__}: {error}")
with tempfile.TemporaryDirectory() as folder:
    path = Path(folder) / "yrd-gm.chain"
    with Blockchain.open(path, params):
        pass  # 一个国密套件的链文件
    try:
        Blockchain.open(path, ChainParams.regtest(name="yrd-gm"))  # 比特币的算法套件
    except MinichainError as error:
        print(f"{type(error).__name__}: {error.rule}")
# --8<-- [end:refused]
