# source_sha256: 06147102c47467f1fef431b0b9866d6b7ff9ada01daa7dad6ff7d618bb819084
"""一所高校锚定一整届毕业生：一个默克尔根，一个数字签名。"""

# --8<-- [start:issue]
import json

from minichain.hashing import sha256d
from minichain.keys import PrivateKey, PublicKey, Signature
from minichain.merkle import merkle_proof, merkle_root, verify_proof


def canonical(diploma: dict[str, str]) -> bytes:
    """键按顺序排列、不留空格、UTF-8 编码：同样的字段总是得到同样的字节。"""
    text = json.dumps(diploma, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return text.encode("utf-8")


key_2020 = PrivateKey.from_seed("university registry key 2020")
names = ["Li Hua", "Wang Fang", "Zhang Wei", "Chen Jing"]
diplomas = [
    {"id": f"2020-{n:04d}", "student": name, "degree": "Bachelor of Engineering"}
    for n, name in enumerate(names)
]
leaves = [sha256d(canonical(diploma)) for diploma in diplomas]  # 目标哈希
root = merkle_root(leaves)
anchor_signature = key_2020.sign(root).der()  # 高校为整届毕业生只对一个根签名
BLOCK_TIME = 1_593_561_600  # 2020-07-01 00:00 UTC：记录这次锚定的区块
chain = {root: (anchor_signature, BLOCK_TIME)}
print("一届", len(diplomas), "份证书 -> 根", root.hex()[:16], "...")
print("已锚定：签名", len(anchor_signature), "字节，区块时间", BLOCK_TIME)

# 王芳（Wang Fang）拿到的是：她的学历证书、证书的目标哈希、默克尔证明和根。
proof = merkle_proof(leaves, 1)
print("凭证：", canonical(diplomas[1]).decode())
print("  目标哈希", leaves[1].hex()[:16], "... 证明含", len(proof.siblings), "个兄弟节点")
# --8<-- [end:issue]

# --8<-- [start:employer]
# 用人单位根据出示的学历证书重新计算目标哈希……
print("未改动：", sha256d(canonical(diplomas[1])) == leaves[1])
print("改动过：", sha256d(canonical({**diplomas[1], "degree": "PhD"})) == leaves[1])
# ……沿着证明一路算到根……
print("证明通向这个根：", verify_proof(leaves[1], proof, root))
# ……在链上找到这个根，再用该校公布的公钥验证根上的签名。
signature, block_time = chain[root]
published = PublicKey.parse(key_2020.public_key.sec())
print("根由 2020 年的私钥签名：", published.verify(root, Signature.parse_der(signature)))
# --8<-- [end:employer]
