"""Real Bitcoin main-network data used as ground truth.

Each header below is self-certifying: its fields hash to the block hash every
block explorer shows, and that hash meets the header's own proof-of-work, so a
typo in any field would make the tests fail rather than pass.
"""

from minichain.hashing import from_display_hex
from minichain.header import BlockHeader

GENESIS_HEX = (
    "0100000000000000000000000000000000000000000000000000000000000000"
    "000000003ba3edfd7a7b12b27ac72c3e67768f617fc81bc3888a51323a9fb8aa"
    "4b1e5e4a29ab5f49ffff001d1dac2b7c"
)
GENESIS_HASH = "000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f"
GENESIS_COINBASE_TXID = "4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b"
GENESIS_CHAINWORK = 0x100010001  # `bitcoin-cli getblockheader` "chainwork" of block 0

BLOCK_100000 = BlockHeader(
    version=1,
    prev_hash=from_display_hex("000000000002d01c1fccc21636b607dfd930d31d01c3a62104612a1719011250"),
    merkle_root=from_display_hex(
        "f3e94742aca4b5ef85488dc37c06c3282295ffec960994b2c0d5ac2a25a95766"
    ),
    timestamp=1293623863,
    bits=0x1B04864C,
    nonce=274148111,
)
BLOCK_100000_HASH = "000000000003ba27aa200b1cecaad478d2b00432346c3f1f3986da1afd33e506"
BLOCK_100000_TXIDS = [
    "8c14f0db3df150123e6f3dbbf30f8b955a8249b62ac1d1ff16284aefa3d06d87",
    "fff2525b8931402dd09222c50775608f75787bd2b87e56995a7bdd30f79702c4",
    "6359f0868171b1d194cbee1af2f16ea598ae8fad666d9b012c8ed2b79a236ec4",
    "e9a66845e05d5abc0ad04ec80f774a7e585c6e8db975962d069a522137b80c1d",
]

# Block 125552, the example worked through on the Bitcoin wiki's "Block hashing algorithm" page.
BLOCK_125552 = BlockHeader(
    version=1,
    prev_hash=from_display_hex("00000000000008a3a41b85b8b29ad444def299fee21793cd8b9e567eab02cd81"),
    merkle_root=from_display_hex(
        "2b12fcf1b09288fcaff797d71e950e71ae42b91e8bdb2304758dfcffc2b620e3"
    ),
    timestamp=1305998791,
    bits=0x1A44B9F2,
    nonce=2504433986,
)
BLOCK_125552_HASH = "00000000000000001e8d6829a8a21adc5d38d0a473b144b6765798e61f98bd1d"

# A testnet3 block with 11 transactions: levels of 11, 6, 3, 2 and 1 nodes, so the
# odd-last-node rule is applied on two levels (the example used in "Programming Bitcoin").
TESTNET_11_TX_BLOCK = BlockHeader(
    version=0x20000000,
    prev_hash=from_display_hex("000000000000010466f487e7d9c7557fda40b79852b00bee762505f5175f4cd0"),
    merkle_root=from_display_hex(
        "4297fb95a0168b959d1469410c7527da5d6243d99699e7d041b7f3916ba93301"
    ),
    timestamp=1504242100,
    bits=0x1A06CA16,
    nonce=0xD8927C4A,
)
TESTNET_11_TX_BLOCK_HASH = "0000000000000451fa80fcdb243b84c35eaae215a85a8faa880559e8239e6f20"
TESTNET_11_TX_BLOCK_TXIDS = [
    "42f6f52f17620653dcc909e58bb352e0bd4bd1381e2955d19c00959a22122b2e",
    "94c3af34b9667bf787e1c6a0a009201589755d01d02fe2877cc69b929d2418d4",
    "959428d7c48113cb9149d0566bde3d46e98cf028053c522b8fa8f735241aa953",
    "a9f27b99d5d108dede755710d4a1ffa2c74af70b4ca71726fa57d68454e609a2",
    "62af110031e29de1efcad103b3ad4bec7bdcf6cb9c9f4afdd586981795516577",
    "766900590ece194667e9da2984018057512887110bf54fe0aa800157aec796ba",
    "e8270fb475763bc8d855cfe45ed98060988c1bdcad2ffc8364f783c98999a208",
    "921b8cfd3e14bf41f028f0a3aa88c813d5039a2b1bceb12208535b0b43a5d09e",
    "15535864799652347cec66cba473f6d8291541238e58b2e03b046bc53cfe1321",
    "1c8af7c502971e67096456eac9cd5407aacf62190fc54188995666a30faf99f0",
    "3311f8acc57e8a3e9b68e2945fb4f53c07b0fa4668a7e5cda6255c21558c774d",
]
