"""The double-spend race of the Bitcoin paper, section 11: its printed tables, and a simulation.

The tables below are copied from the paper (Nakamoto 2008, "Bitcoin: A
Peer-to-Peer Electronic Cash System", section 11), not computed here.
"""

import math
from decimal import Decimal, localcontext
from fractions import Fraction
from math import comb

import pytest

from minichain.errors import OutOfRangeError, WrongTypeError
from minichain.nakamoto import (
    attacker_success_probability,
    catch_up_probability,
    confirmations_needed,
    exact_attacker_success_probability,
)
from minichain.sim import estimate_double_spend

PAPER_Q_0_1 = {
    0: 1.0000000, 1: 0.2045873, 2: 0.0509779, 3: 0.0131722, 4: 0.0034552, 5: 0.0009137,
    6: 0.0002428, 7: 0.0000647, 8: 0.0000173, 9: 0.0000046, 10: 0.0000012,
}  # fmt: skip
PAPER_Q_0_3 = {
    0: 1.0000000, 5: 0.1773523, 10: 0.0416605, 15: 0.0101008, 20: 0.0024804, 25: 0.0006132,
    30: 0.0001522, 35: 0.0000379, 40: 0.0000095, 45: 0.0000024, 50: 0.0000006,
}  # fmt: skip
PAPER_Z_FOR_P_BELOW_0_001 = {
    0.10: 5, 0.15: 8, 0.20: 11, 0.25: 15, 0.30: 24, 0.35: 41, 0.40: 89, 0.45: 340,
}  # fmt: skip


@pytest.mark.parametrize(("z", "printed"), PAPER_Q_0_1.items())
def test_reproduces_the_papers_table_for_q_0_1(z, printed):
    assert f"{attacker_success_probability(0.1, z):.7f}" == f"{printed:.7f}"


@pytest.mark.parametrize(("z", "printed"), PAPER_Q_0_3.items())
def test_reproduces_the_papers_table_for_q_0_3(z, printed):
    assert f"{attacker_success_probability(0.3, z):.7f}" == f"{printed:.7f}"


@pytest.mark.parametrize(("q", "z"), PAPER_Z_FOR_P_BELOW_0_001.items())
def test_finds_the_papers_confirmations_for_risk_below_0_001(q, z):
    assert confirmations_needed(q, risk=0.001) == z


def test_the_exact_risk_asks_for_more_confirmations_than_the_paper():
    needed = confirmations_needed(0.1, risk=0.001, exact=True)
    assert needed == 6
    assert exact_attacker_success_probability(0.1, needed) < 0.001
    assert exact_attacker_success_probability(0.1, needed - 1) >= 0.001


def test_an_attacker_with_half_the_hash_power_always_wins():
    assert attacker_success_probability(0.5, 100) == 1.0
    assert exact_attacker_success_probability(0.6, 100) == 1.0
    assert catch_up_probability(0.5, 30) == 1.0


def test_catching_up_is_the_gamblers_ruin():
    assert catch_up_probability(0.25, 3) == pytest.approx((0.25 / 0.75) ** 3)
    assert catch_up_probability(0.25, 0) == 1.0


def exact_by_summing_the_walk(q: Fraction, z: int, horizon: int = 400) -> Fraction:
    """The same race by brute force: walk every step of the block race, in exact fractions."""
    p = 1 - q
    total = Fraction(0)
    for k in range(z + horizon):  # attacker blocks by the time the honest side has z
        chance_k = comb(k + z - 1, k) * p**z * q**k
        total += chance_k * (1 if k >= z else (q / p) ** (z - k))
    return total


@pytest.mark.parametrize(("q", "z"), [(0.1, 1), (0.1, 6), (0.3, 2), (0.3, 5)])
def test_exact_probability_agrees_with_a_brute_force_sum(q, z):
    brute = exact_by_summing_the_walk(Fraction(q).limit_denominator(1000), z)
    assert exact_attacker_success_probability(q, z) == pytest.approx(float(brute), rel=1e-9)


@pytest.mark.parametrize(("q", "z"), [(0.1, 30), (0.1, 60), (0.3, 120)])
def test_a_tiny_exact_risk_is_computed_to_full_precision(q, z):
    # Deep z makes the risk far smaller than a float's rounding of 1 - (sum of failures).
    brute = exact_by_summing_the_walk(Fraction(q).limit_denominator(1000), z, horizon=600)
    assert exact_attacker_success_probability(q, z) == pytest.approx(float(brute), rel=1e-9)


def papers_formula_in_decimals(q: str, z: int) -> Decimal:
    """The paper's sum, 1 - sum(Poisson(k) * (1 - (q/p)^(z-k))), with 60 significant digits."""
    with localcontext() as context:
        context.prec = 60
        share = Decimal(q)
        ratio = share / (1 - share)
        mean = z * ratio
        poisson, failure = (-mean).exp(), Decimal(0)
        for k in range(z):
            failure += poisson * (1 - ratio ** (z - k))
            poisson = poisson * mean / (k + 1)
        return 1 - failure


@pytest.mark.parametrize(("q", "z"), [("0.1", 30), ("0.1", 50), ("0.3", 100)])
def test_a_tiny_paper_risk_is_computed_to_full_precision_and_never_negative(q, z):
    assert attacker_success_probability(float(q), z) == pytest.approx(
        float(papers_formula_in_decimals(q, z)), rel=1e-9
    )


def test_the_risk_falls_with_every_block_and_stays_above_zero():
    for chance in (attacker_success_probability, exact_attacker_success_probability):
        for q in (0.1, 0.3, 0.45):
            risks = [chance(q, z) for z in range(200)]
            assert all(later < earlier for earlier, later in zip(risks[1:], risks[2:]))
            assert risks[-1] > 0


def test_the_paper_underestimates_the_risk_of_six_confirmations():
    # Rosenfeld (2014) gives 0.0591% for q = 10% and 6 confirmations.
    assert f"{exact_attacker_success_probability(0.1, 6):.4%}" == "0.0591%"
    assert attacker_success_probability(0.1, 6) < exact_attacker_success_probability(0.1, 6)


def test_the_paper_counts_a_tie_as_the_attackers_win():
    # By hand for q = 0.1, z = 1: lam = 1/9; with k = 0 he is one block behind, with
    # k = 1 level. The paper's attacker wins from level at once; under a first-seen rule
    # he must still get one block ahead, (q/p) ** (z - k + 1).
    q, p, lam = Fraction(1, 10), Fraction(9, 10), 1 / 9
    paper = 1 - math.exp(-lam) * (1 - q / p)
    first_seen = 1 - math.exp(-lam) * ((1 - (q / p) ** 2) + lam * (1 - q / p))
    assert attacker_success_probability(0.1, 1) == pytest.approx(float(paper), rel=1e-12)
    assert attacker_success_probability(0.1, 1, ties_win=False) == pytest.approx(
        float(first_seen), rel=1e-12
    )


@pytest.mark.parametrize("z", [0, 1, 2, 6, 24])
def test_without_the_tie_the_attacker_wins_less_often(z):
    for chance in (attacker_success_probability, exact_attacker_success_probability):
        assert 0 < chance(0.3, z, ties_win=False) < chance(0.3, z)


def test_ties_win_must_be_a_bool():
    with pytest.raises(WrongTypeError) as caught:
        attacker_success_probability(0.1, 2, ties_win=1)  # type: ignore[arg-type]
    assert caught.value.field == "ties_win"


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda: attacker_success_probability(1.5, 3), "q"),
        (lambda: attacker_success_probability(-0.1, 3), "q"),
        (lambda: attacker_success_probability(float("nan"), 3), "q"),
        (lambda: attacker_success_probability(0.1, -1), "z"),
        (lambda: confirmations_needed(0.5), "q"),
        (lambda: confirmations_needed(0.1, risk=0), "risk"),
        (lambda: confirmations_needed(0.45, limit=10), "limit"),
        (lambda: catch_up_probability(0.1, -2), "deficit"),
    ],
)
def test_rejects_impossible_arguments_naming_the_field(call, field):
    with pytest.raises(OutOfRangeError) as caught:
        call()
    assert caught.value.field == field


@pytest.mark.parametrize("bad", [True, "0.1", None])
def test_rejects_a_share_that_is_not_a_number(bad):
    with pytest.raises(WrongTypeError):
        attacker_success_probability(bad, 2)


# --- the same race, run with real blocks in the simulator -------------------------

TRIALS = 400


@pytest.mark.parametrize("z", [1, 3])
def test_simulated_race_under_the_papers_assumption_matches_its_formula(z):
    estimate = estimate_double_spend(0.3, z, trials=TRIALS, seed=1000 * z, model="nakamoto")
    assert estimate.contains(attacker_success_probability(0.3, z)), str(estimate)


@pytest.mark.parametrize("z", [1, 3])
def test_simulated_race_with_random_honest_blocks_matches_the_exact_formula(z):
    estimate = estimate_double_spend(0.3, z, trials=TRIALS, seed=2000 * z, model="poisson")
    assert estimate.contains(exact_attacker_success_probability(0.3, z)), str(estimate)


def test_a_payment_without_confirmations_is_always_reversed():
    assert estimate_double_spend(0.2, 0, trials=20).probability == 1.0
