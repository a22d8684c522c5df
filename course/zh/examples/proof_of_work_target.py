# source_sha256: e9da034e3ea8845838a4af5ef0555e64f8a8609e291a44acc5f12435b10cf9bd
"""从 4 字节的难度位字段到 256 位的目标值，以及一个区块平均要花多少次哈希。"""

# --8<-- [start:bits]
from minichain.pow import bits_to_target, block_work

bits = 0x1D00FFFF  # 比特币创世区块的难度位
exponent, mantissa = bits >> 24, bits & 0xFFFFFF
print(f"难度位 {bits:#010x}：指数 {exponent:#x} = {exponent}，尾数 {mantissa:#08x}")
target = bits_to_target(bits)
print("target = mantissa * 256 ** (exponent - 3)：", target == mantissa * 256 ** (exponent - 3))
print(f"目标值 = {target:064x}")
print("一次哈希中奖的概率 = (target + 1) / 2**256 =", (target + 1) / 2**256)
print(f"预期哈希次数 = 2**256 // (target + 1) = {block_work(bits):,}")
# --8<-- [end:bits]

# --8<-- [start:table]
EXAMPLES = [
    ("测试用的比特币 regtest", 0x207FFFFF),
    ("课堂上用的 minichain 链", 0x1F00FFFF),
    ("比特币，2009 年 1 月", 0x1D00FFFF),
    ("比特币，2010 年 12 月", 0x1B04864C),
    ("比特币，2011 年 5 月", 0x1A44B9F2),
]
print()
print(f"{'难度取自':21} {'难度位':>7} {'前导零位':>5} {'预期哈希次数':>19}")
for name, bits in EXAMPLES:
    zero_bits = 256 - bits_to_target(bits).bit_length()  # 每个中奖哈希都有的前导零位
    print(f"{name:19} {bits:#010x} {zero_bits:>9} {block_work(bits):>25,}")
# --8<-- [end:table]
