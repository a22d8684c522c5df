"""A chain writer for the crash tests in tests/test_store.py: it runs until it is killed.

Usage: ``python tests/crash_writer.py PATH PAYMENTS``

Opens (or creates) the regtest chain file PATH and mines blocks on it in a
tight loop. Once the chain has a block, every new block first gets PAYMENTS
signed payments of 1 coin from alice to bob. After ``mine()`` returns, the
block is on disk, and only then the writer prints ``<hash hex> <height>``
(internal byte order) and flushes, so every line the parent reads names a
block the file must still hold after a ``kill -9``.
"""

from __future__ import annotations

import sys

from minichain.chain import Blockchain
from minichain.keys import PrivateKey
from minichain.miner import mine_block
from minichain.params import ChainParams
from minichain.wallet import transfer

ALICE = PrivateKey.from_seed("alice")
BOB = PrivateKey.from_seed("bob")


def main(path: str, payments: int) -> None:
    with Blockchain.open(path, ChainParams.regtest()) as chain:
        while True:
            if chain.height >= 1:
                for _ in range(payments):
                    transfer(chain, ALICE, BOB.address, 1)
            block = mine_block(chain, ALICE.address)
            print(block.hash.hex(), chain.height, flush=True)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
