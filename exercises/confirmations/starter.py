"""How many blocks to wait: fill in the four functions marked TODO."""

import math

from minichain.chain import Blockchain
from minichain.errors import OutOfRangeError


def attacker_success(q: float, z: int) -> float:
    """The paper's chance that an attacker with share ``q`` undoes a payment ``z`` blocks deep."""
    # TODO: check q and z, return 1.0 when q >= p, else 1 - the sum over k = 0..z.
    raise NotImplementedError("attacker_success")


def blocks_to_wait(q: float, risk: float) -> int:
    """The smallest ``z`` for which ``attacker_success(q, z)`` is below ``risk``."""
    # TODO: check q and risk, then try z = 0, 1, 2, ... until the risk is below the limit.
    raise NotImplementedError("blocks_to_wait")


def is_settled(chain: Blockchain, txid: bytes, q: float, risk: float) -> bool:
    """Whether ``txid`` has enough confirmations on ``chain`` for an attacker of share ``q``."""
    # TODO: compare the transaction's confirmations with the blocks to wait.
    raise NotImplementedError("is_settled")


def stale_blocks(chain: Blockchain) -> int:
    """How many known blocks are off ``chain``'s active chain, each counted once."""
    # TODO: collect the hashes of the entries of every side branch.
    raise NotImplementedError("stale_blocks")
