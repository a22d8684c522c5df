"""Check Bitcoin's first block with minichain: hash, link and proof-of-work."""

# --8<-- [start:genesis]
from minichain.header import BlockHeader
from minichain.pow import BITCOIN_POW_LIMIT, bits_to_target, meets_target

# The 80 bytes of Bitcoin's genesis header, mined by Satoshi Nakamoto on 2009-01-03.
GENESIS = BlockHeader.from_hex(
    "01000000"  # version 1
    "0000000000000000000000000000000000000000000000000000000000000000"  # no previous block
    "3ba3edfd7a7b12b27ac72c3e67768f617fc81bc3888a51323a9fb8aa4b1e5e4a"  # Merkle root
    "29ab5f49"  # timestamp 1231006505
    "ffff001d"  # bits 0x1d00ffff
    "1dac2b7c"  # nonce 2083236893
)

print("block hash:", GENESIS.hash_hex())
print("timestamp: ", GENESIS.timestamp)
print("target:    ", f"{bits_to_target(GENESIS.bits):064x}")
print("valid proof-of-work:", meets_target(GENESIS, pow_limit=BITCOIN_POW_LIMIT))

# Change one bit of the nonce and the work is gone.
tampered = GENESIS.with_nonce(GENESIS.nonce ^ 1)
print("tampered hash:", tampered.hash_hex())
print("tampered valid:", meets_target(tampered, pow_limit=BITCOIN_POW_LIMIT))
# --8<-- [end:genesis]
