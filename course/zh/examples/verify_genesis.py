# source_sha256: a25ebede2ff722f9d3c597cf5e3e2d13b86216fa308e886bddebe0fc195a617b
"""用 minichain 核验比特币的第一个区块：哈希值、链接和工作量证明。"""

# --8<-- [start:genesis]
from minichain.header import BlockHeader
from minichain.pow import BITCOIN_POW_LIMIT, bits_to_target, meets_target

# 比特币创世区块的区块头，共 80 个字节，由中本聪于 2009-01-03 挖出。
GENESIS = BlockHeader.from_hex(
    "01000000"  # 版本号 1
    "0000000000000000000000000000000000000000000000000000000000000000"  # 没有前一个区块
    "3ba3edfd7a7b12b27ac72c3e67768f617fc81bc3888a51323a9fb8aa4b1e5e4a"  # 默克尔根
    "29ab5f49"  # 时间戳 1231006505
    "ffff001d"  # 难度位 0x1d00ffff
    "1dac2b7c"  # 随机数 2083236893
)

print("区块哈希：", GENESIS.hash_hex())
print("时间戳：  ", GENESIS.timestamp)
print("目标值：  ", f"{bits_to_target(GENESIS.bits):064x}")
print("工作量证明有效：", meets_target(GENESIS, pow_limit=BITCOIN_POW_LIMIT))

# 把随机数改动一个比特，工作量就白费了。
tampered = GENESIS.with_nonce(GENESIS.nonce ^ 1)
print("篡改后的哈希：", tampered.hash_hex())
print("篡改后仍有效：", meets_target(tampered, pow_limit=BITCOIN_POW_LIMIT))
# --8<-- [end:genesis]
