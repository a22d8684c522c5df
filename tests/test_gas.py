"""Metering: a call stops at the same point on every member."""

import pytest

from minichain.code_rules import gas_bounds
from minichain.contract_base import Contract
from minichain.errors import (
    OutOfGasError,
)
from minichain.execution import run_call
from minichain.gas import Meter, code_cost
from tests.contract_fixtures import (
    ALICE,
    Counter,
    consortium,
)

# --- metering --------------------------------------------------------------------------


def test_call_past_its_budget_fails_with_out_of_gas():
    with pytest.raises(OutOfGasError, match="gas: the call needed more than its budget of 500"):
        run_call(Counter, {}, ALICE.address, "spin", {"rounds": 10_000}, gas=500)


def test_call_within_its_budget_succeeds():
    assert run_call(Counter, {}, ALICE.address, "spin", {"rounds": 10}, gas=500)[0] == 10


def test_out_of_gas_cannot_be_swallowed_by_the_contract():
    with pytest.raises(OutOfGasError):
        run_call(Counter, {}, ALICE.address, "spin_and_swallow", {"rounds": 10_000}, gas=500)


def test_out_of_gas_stops_at_the_same_step_on_every_member():
    chain = consortium(gas=2_000)
    tx = chain.call(ALICE, "counter", "spin", rounds=100_000)
    chain.run_height()
    receipts = {name: node.receipt(tx.txid) for name, node in chain.nodes.items()}
    assert {r.gas_used for r in receipts.values()} == {2_000}
    assert all(not r.ok and r.error.startswith("OutOfGasError") for r in receipts.values())


def straight(self):
    first = 1
    second = first + 1
    return second


def test_code_without_a_loop_costs_its_lines_and_a_loop_costs_nothing_up_front():
    lines = {line for *_, line in straight.__code__.co_lines() if line is not None}
    assert code_cost(straight.__code__) == len(lines) >= 3  # 3.11 adds the def line (RESUME)
    assert code_cost(Counter.spin.__code__) == 0


class Recursive(Contract):
    """Recursion without a loop: each call is charged when it starts."""

    name = "recursive"

    def down(self, depth):
        return self._down(depth)

    def _down(self, depth):
        if depth == 0:
            return 0
        return 1 + self._down(depth - 1)


def test_recursion_without_a_loop_still_runs_out_of_gas():
    assert run_call(Recursive, {}, ALICE.address, "down", {"depth": 10}, gas=500)[0] == 10
    with pytest.raises(OutOfGasError):
        run_call(Recursive, {}, ALICE.address, "down", {"depth": 400}, gas=500)


def spins(rounds):
    count = 0
    for _ in range(rounds):
        count += 1
    return count


class Delegating(Contract):
    """Straight-line methods, one of which calls a helper that loops."""

    name = "delegating"

    def plain(self):
        return self._twice(2)

    def _twice(self, value):
        return value * 2

    def looping(self, rounds):
        return spins(rounds)


def test_straight_line_methods_are_charged_their_bound_before_they_run():
    bounds = gas_bounds(Delegating)
    assert bounds["plain"] == code_cost(Delegating.plain.__code__) + bounds["_twice"]
    assert bounds["looping"] is None  # it calls a helper with a loop: metered line by line
    assert run_call(Delegating, {}, ALICE.address, "plain", {}, gas=bounds["plain"])[0] == 4
    with pytest.raises(OutOfGasError):
        run_call(Delegating, {}, ALICE.address, "plain", {}, gas=bounds["plain"] - 1)
    with pytest.raises(OutOfGasError):
        run_call(Delegating, {}, ALICE.address, "looping", {"rounds": 10**9}, gas=1_000)


def test_meter_counts_state_access():
    meter = Meter(100)
    meter.charge(60)
    with pytest.raises(BaseException):  # noqa: B017 - the meter's own stop signal
        meter.charge(41)
    assert meter.exhausted
