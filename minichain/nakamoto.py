"""How many confirmations are enough: the double-spend race of the Bitcoin paper.

A merchant is paid, waits until the payment is buried under ``z`` blocks and
hands over the goods. Meanwhile the payer, who controls a share ``q`` of all
hash power, secretly mines a branch where the coins went back to himself. If
that branch ever catches up with the honest chain, he publishes it, every node
switches to it (fork choice follows the most work), and the payment is gone.

Section 11 of the Bitcoin paper (Nakamoto 2008, "Calculations") works out the
chance of that. Honest blocks arrive with probability ``p = 1 - q`` and the
attacker's with ``q``, so the gap between the two branches is a random walk.

1. *Catching up from behind* is the gambler's ruin: from ``d`` blocks behind
   the attacker ever draws level with probability ``(q/p) ** d`` (and surely,
   if ``q >= p``).
2. *Progress while the merchant waits*: the paper assumes the honest network
   took exactly the expected time for its ``z`` blocks, so the attacker's
   blocks in that time are Poisson with mean ``lambda = z * q / p``.

Multiplying and summing over the attacker's progress ``k`` gives
:func:`attacker_success_probability`, which reproduces the paper's printed
tables to all seven decimals (``tests/test_nakamoto.py`` checks every row).

Assumption 2 is an approximation: the honest blocks are random too, so the
attacker's progress really follows a negative binomial distribution.
:func:`exact_attacker_success_probability` uses it (Rosenfeld 2014, "Analysis
of hashrate-based double spending"; Grunspan and Perez-Marco 2017, "Double
spend races"). The exact risk is higher: for ``q = 0.1`` and ``z = 6`` it is
0.00059 instead of the paper's 0.00024. The simulator (:mod:`minichain.sim`)
measures both by running the race with real blocks.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator

from minichain.errors import (
    OutOfRangeError,
    WrongTypeError,
    describe_type,
    require_int,
    require_real,
)

__all__ = [
    "attacker_success_probability",
    "catch_up_probability",
    "confirmations_needed",
    "exact_attacker_success_probability",
]


def _ties(ties_win: object) -> bool:
    """``ties_win`` checked: whether a branch that draws level already wins."""
    if not isinstance(ties_win, bool):
        raise WrongTypeError(
            "ties_win",
            "must be True or False, got {ties_win_type}",
            ties_win_type=describe_type(ties_win),
        )
    return ties_win


def _share(q: object) -> float:
    """``q``, the attacker's share of the hash power, as a float in [0, 1]."""
    return require_real(q, "q", 0.0, 1.0)


# --8<-- [start:catch_up]
def catch_up_probability(q: float, deficit: int) -> float:
    """Chance an attacker with share ``q`` ever draws level from ``deficit`` blocks behind.

    The gambler's ruin with unlimited credit (Bitcoin paper, section 11):
    ``(q/p) ** deficit`` when ``q < p``, else 1.

    Raises:
        OutOfRangeError: ``q`` outside [0, 1] or a negative ``deficit``.
    """
    q = _share(q)
    deficit = require_int(deficit, "deficit", 0, 2**31)
    p = 1.0 - q
    if q >= p:
        return 1.0
    return (q / p) ** deficit
    # --8<-- [end:catch_up]


def attacker_success_probability(q: float, z: int, *, ties_win: bool = True) -> float:
    """The paper's chance that an attacker with share ``q`` undoes a payment ``z`` blocks deep.

    Section 11 of the Bitcoin paper, with its Poisson approximation::

        P = 1 - sum(k = 0..z) of  Poisson(k; z*q/p) * (1 - (q/p) ** (z - k))

    ``attacker_success_probability(0.1, 5)`` is 0.0009137, as printed there.

    The paper's attacker wins as soon as his branch *draws level* (``k = z``
    counts as caught up). Nodes that keep the branch they saw first on a tie
    (Bitcoin Core's ``CBlockIndexWorkComparator``) do not switch to a branch of
    equal work, so there he must get one block *ahead*: ``ties_win=False``
    counts that, which replaces ``z - k`` by ``z - k + 1`` in the formula.

    Raises:
        OutOfRangeError: ``q`` outside [0, 1] or ``z`` negative.
        WrongTypeError: ``ties_win`` is not a bool.
    """
    q, z = _share(q), require_int(z, "z", 0, 2**31)
    ties_win = _ties(ties_win)
    if q >= 0.5:
        return 1.0
    expected = z * q / (1.0 - q)  # the attacker's mean progress while the merchant waits

    def poisson() -> Iterator[float]:
        chance = math.exp(-expected)  # k = 0; each next term multiplies by expected / k
        for k in itertools.count():
            yield chance
            chance *= expected / (k + 1)

    return _race(q, z, poisson(), ties_win)


def exact_attacker_success_probability(q: float, z: int, *, ties_win: bool = True) -> float:
    """The same race without the paper's approximation: honest blocks are random too.

    While the honest network finds its ``z`` blocks, the attacker finds ``k``
    with the negative binomial probability ``C(k + z - 1, k) * p**z * q**k``;
    the rest is as in :func:`attacker_success_probability` (catching up means
    drawing level, as in the paper, unless ``ties_win=False``). Rosenfeld
    (2014) and Grunspan and Perez-Marco (2017) derive it; it is what
    :mod:`minichain.sim` measures when every miner's blocks arrive at random.

    Raises:
        OutOfRangeError: ``q`` outside [0, 1] or ``z`` negative.
        WrongTypeError: ``ties_win`` is not a bool.
    """
    q, z = _share(q), require_int(z, "z", 0, 2**31)
    ties_win = _ties(ties_win)
    if q >= 0.5:
        return 1.0

    def negative_binomial() -> Iterator[float]:
        chance = (1.0 - q) ** z  # k = 0; each next term multiplies by q * (k + z) / (k + 1)
        for k in itertools.count():
            yield chance
            chance *= q * (k + z) / (k + 1)

    return _race(q, z, negative_binomial(), ties_win)


def _race(q: float, z: int, progress: Iterator[float], ties_win: bool = True) -> float:
    """The attacker's chance: with ``k`` blocks when the merchant accepts (chance from
    ``progress``) he wins outright if ``k >= z``, else he must draw level from ``z - k`` behind.
    With ``ties_win=False`` a level branch is not enough: he needs ``k > z``, or to
    climb from ``z - k`` behind to one block ahead.

    The paper writes this as 1 minus the chance of failure. Here the chances of
    success are added instead: every term is positive, so a risk of 1e-20 comes
    out as 1e-20 and not as the rounding noise (or a negative number) left
    when two nearly equal numbers are subtracted.
    """
    needed = z if ties_win else z + 1  # the blocks he must have to win at once
    total = 0.0
    for k, chance in enumerate(progress):
        if k < needed:
            total += chance * catch_up_probability(q, needed - k)
            continue
        # k >= z is past the mean (z*q/p), so the tail's terms only shrink from here.
        total += chance
        if chance <= total * 1e-17:
            break
    return total


def confirmations_needed(
    q: float, risk: float = 0.001, limit: int = 100_000, *, exact: bool = False
) -> int:
    """The smallest ``z`` for which :func:`attacker_success_probability` is below ``risk``.

    The paper's last table: for ``risk = 0.001``, ``q = 0.10`` needs 5 blocks,
    ``q = 0.45`` needs 340. With ``exact=True`` the risk is
    :func:`exact_attacker_success_probability` instead, which asks for more
    blocks (6 for ``q = 0.10``).

    Raises:
        OutOfRangeError: ``q`` outside [0, 0.5), ``risk`` outside (0, 1], or
            no ``z`` up to ``limit`` is safe enough.
    """
    q = _share(q)
    if q >= 0.5:
        raise OutOfRangeError(
            "q", "{q} is at least half the hash power: no number of blocks is safe", q=q
        )
    risk = require_real(risk, "risk", 0.0, 1.0)
    if risk == 0.0:
        raise OutOfRangeError("risk", "must be above 0: no number of blocks makes the risk 0")
    limit = require_int(limit, "limit", 0, 2**31)
    chance = exact_attacker_success_probability if exact else attacker_success_probability
    for z in range(limit + 1):
        if chance(q, z) < risk:
            return z
    raise OutOfRangeError(
        "limit",
        "no z up to {limit} brings the risk below {risk} for q={q}",
        limit=limit,
        risk=risk,
        q=q,
    )
