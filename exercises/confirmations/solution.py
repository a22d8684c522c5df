"""How many blocks to wait: the reference solution."""

import math

from minichain.chain import Blockchain
from minichain.errors import OutOfRangeError


def attacker_success(q: float, z: int) -> float:
    """The paper's chance that an attacker with share ``q`` undoes a payment ``z`` blocks deep."""
    ### BEGIN SOLUTION
    if not 0 <= q <= 1:
        raise OutOfRangeError("q", f"must be between 0 and 1, got {q}")
    if z < 0:
        raise OutOfRangeError("z", f"must be 0 or more, got {z}")
    p = 1 - q
    if q >= p:
        return 1.0
    lam = z * q / p
    term = math.exp(-lam)  # poisson(0)
    total = 0.0
    for k in range(z + 1):
        total += term * (1 - (q / p) ** (z - k))
        term *= lam / (k + 1)  # poisson(k + 1) from poisson(k)
    return 1 - total
    ### END SOLUTION


def blocks_to_wait(q: float, risk: float) -> int:
    """The smallest ``z`` for which ``attacker_success(q, z)`` is below ``risk``."""
    ### BEGIN SOLUTION
    if not 0 <= q < 0.5:
        raise OutOfRangeError("q", f"must be at least 0 and below 0.5, got {q}")
    if not 0 < risk <= 1:
        raise OutOfRangeError("risk", f"must be above 0 and at most 1, got {risk}")
    z = 0
    while attacker_success(q, z) >= risk:
        z += 1
    return z
    ### END SOLUTION


def is_settled(chain: Blockchain, txid: bytes, q: float, risk: float) -> bool:
    """Whether ``txid`` has enough confirmations on ``chain`` for an attacker of share ``q``."""
    ### BEGIN SOLUTION
    return chain.confirmations(txid) >= blocks_to_wait(q, risk)
    ### END SOLUTION


def stale_blocks(chain: Blockchain) -> int:
    """How many known blocks are off ``chain``'s active chain, each counted once."""
    ### BEGIN SOLUTION
    return len({entry.hash for branch in chain.side_branches() for entry in branch})
    ### END SOLUTION
