"""From the 4-byte bits field to a 256-bit target, and what a block costs on average."""

# --8<-- [start:bits]
from minichain.pow import bits_to_target, block_work

bits = 0x1D00FFFF  # the bits of Bitcoin's genesis block
exponent, mantissa = bits >> 24, bits & 0xFFFFFF
print(f"bits {bits:#010x}: exponent {exponent:#x} = {exponent}, mantissa {mantissa:#08x}")
target = bits_to_target(bits)
print("target = mantissa * 256 ** (exponent - 3):", target == mantissa * 256 ** (exponent - 3))
print(f"target = {target:064x}")
print("a hash wins with probability (target + 1) / 2**256 =", (target + 1) / 2**256)
print(f"expected hashes = 2**256 // (target + 1) = {block_work(bits):,}")
# --8<-- [end:bits]

# --8<-- [start:table]
EXAMPLES = [
    ("Bitcoin regtest (tests)", 0x207FFFFF),
    ("minichain classroom", 0x1F00FFFF),
    ("Bitcoin, January 2009", 0x1D00FFFF),
    ("Bitcoin, December 2010", 0x1B04864C),
    ("Bitcoin, May 2011", 0x1A44B9F2),
]
print()
print(f"{'difficulty of':25} {'bits':>10} {'zero bits':>9} {'expected hashes':>25}")
for name, bits in EXAMPLES:
    zero_bits = 256 - bits_to_target(bits).bit_length()  # leading zeros every winner has
    print(f"{name:25} {bits:#010x} {zero_bits:>9} {block_work(bits):>25,}")
# --8<-- [end:table]
