"""Gas: how a contract call is metered, so that it stops at the same point on every member.

A wall-clock timeout would stop a long call at different points on
different machines, and the members would disagree about its writes. Gas
counts work instead: each line of contract code executed costs one unit,
each state read :data:`READ_COST` and each write :data:`WRITE_COST`. A call
that spends more than its budget fails with
:class:`~minichain.errors.OutOfGasError` at the same line everywhere. The
EVM (and so FISCO BCOS's Solidity contracts) prices each instruction in its
own interpreter (Ethereum Yellow Paper, appendix G); minichain counts Python
lines with :func:`sys.settrace`, or charges a loop-free function its line
count up front (:func:`code_cost`) and runs it untraced.
"""

from __future__ import annotations

import dis
from collections.abc import Mapping
from types import CodeType, FrameType
from typing import Any

from minichain.errors import GasExhausted, require_int

DEFAULT_GAS = 20_000
"""Gas a call may use: one unit per line executed, plus :data:`READ_COST` / :data:`WRITE_COST`."""
READ_COST = 5
"""Gas a state read costs (a key looked up in the block's state)."""
WRITE_COST = 20
"""Gas a state write or deletion costs (it changes what the state root covers)."""

_JUMPS = frozenset(dis.hasjrel) | frozenset(dis.hasjabs)


class Meter:
    """Counts a call's gas: one unit per line executed, more for state access.

    Args:
        budget: the gas the call may use.
    """

    __slots__ = ("budget", "used", "exhausted")

    def __init__(self, budget: int) -> None:
        ok = type(budget) is int and 1 <= budget <= 10**9  # one is made for every call
        self.budget = budget if ok else require_int(budget, "gas", 1, 10**9)
        self.used = 0
        self.exhausted = False

    def charge(self, amount: int) -> None:
        """Spend ``amount`` gas; past the budget the call stops here, on every member alike."""
        self.used += amount
        if self.used > self.budget:
            self.exhausted = True
            raise GasExhausted

    def tracer(self, costs: Mapping[CodeType, int]) -> Any:
        """A ``sys.settrace`` hook that charges the contract's own code (see :func:`code_costs`).

        A function without a loop is charged its cost when it is called, and runs
        untraced; a function with a loop is charged one unit per line it executes.
        The library code a contract calls (its state) charges :data:`READ_COST`
        and :data:`WRITE_COST` instead.
        """
        budget = self.budget

        def line(frame: FrameType, event: str, arg: object) -> Any:
            if event == "line":
                self.used += 1
                if self.used > budget:
                    self.exhausted = True
                    raise GasExhausted
            return line

        def call(frame: FrameType, event: str, arg: object) -> Any:
            cost = costs.get(frame.f_code)
            if cost is None:
                return None  # not the contract's code
            if cost == 0:
                return line  # it loops: count its lines as they run
            self.charge(cost)
            return None

        return call


def code_cost(code: CodeType) -> int:
    """What calling ``code`` costs up front: its number of lines, or 0 if it loops.

    Code without a backward jump runs each of its lines at most once per call,
    so its line count bounds its work and is charged at once. Code with a loop
    (or a comprehension's own code) is charged line by line as it runs instead.
    """
    for op in dis.get_instructions(code):
        if op.opname == "FOR_ITER":
            return 0
        target = op.argval
        if op.opcode in _JUMPS and isinstance(target, int) and target <= op.offset:
            return 0
    return max(1, len({line for *_, line in code.co_lines() if line is not None}))
