"""minichain: a small blockchain, exact enough to verify real Bitcoin data.

Read the teaching modules in this order; each one imports only those above it:

1. :mod:`minichain.errors`: how the library refuses bad input.
2. :mod:`minichain.hashing`: SHA-256 and double SHA-256.
3. :mod:`minichain.base58`: Base58Check, the text form of addresses.
4. :mod:`minichain.merkle`: Merkle roots, inclusion proofs, CVE-2012-2459.
5. :mod:`minichain.keys`: secp256k1 keys, ECDSA signatures, addresses.
6. :mod:`minichain.gm`: SM3 and SM2, China's national algorithms, a second suite.
7. :mod:`minichain.block`: the 80-byte Bitcoin block header.
8. :mod:`minichain.pow`: targets, difficulty, retargeting and mining.
9. :mod:`minichain.tx`: transactions of coins and documents, signed for one chain.
10. :mod:`minichain.params`: the constants that define a chain, with presets.
11. :mod:`minichain.verify`: signature checking with caches and two backends.
12. :mod:`minichain.headers`: header rules, chainwork and the most-work tip.
13. :mod:`minichain.ledger`: blocks, the UTXO set, and the rules that connect them.
14. :mod:`minichain.mempool`: valid transactions waiting for a block.
15. :mod:`minichain.store`: the chain on disk, crash-safe, in SQLite.
16. :mod:`minichain.chain`: the node: fork choice by work, reorgs, mining, payments.
17. :mod:`minichain.consensus`: permissioned consensus: validators, signed votes, quorums, evidence.
18. :mod:`minichain.consortium`: a consortium chain's node, and every member's nodes in one process.
19. :mod:`minichain.standards`: canonical encodings and the shared test vectors.

The tooling (the ``minichain`` command) lives in :mod:`minichain.cli`, on top.
"""

__version__ = "0.1.0"

TEACHING_MODULES = (
    "minichain.errors",
    "minichain.hashing",
    "minichain.base58",
    "minichain.merkle",
    "minichain.keys",
    "minichain.gm",
    "minichain.block",
    "minichain.pow",
    "minichain.tx",
    "minichain.params",
    "minichain.verify",
    "minichain.headers",
    "minichain.ledger",
    "minichain.mempool",
    "minichain.store",
    "minichain.chain",
    "minichain.locator",
    "minichain.nakamoto",
    "minichain.consensus",
    "minichain.consortium",
    "minichain.sim",
    "minichain.standards",
)
"""The library in reading order: each module may import only modules listed before it."""
