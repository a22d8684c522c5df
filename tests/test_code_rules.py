"""Which code may run as a contract: determinism checks and the code hash."""

import pytest

from minichain.code_rules import check_deterministic, code_hash
from minichain.contract_base import Contract
from minichain.errors import (
    NondeterminismError,
    WrongTypeError,
)
from minichain.registries import ReceivableRegistry
from tests.contract_fixtures import (
    Counter,
)

# --- deterministic code -------------------------------------------------------------


def contract_with(method):
    """A contract class whose one method is ``method``."""
    return type("Probe", (Contract,), {"name": "probe", "run": method})


def imports(self):
    import time

    return time.time_ns()


def floats(self):
    return 0.1


def divides(self, a):
    return a / 2


def sets(self):
    return sorted({"b", "a"})


def prints(self):
    print("I/O")


def dunders(self):
    return self.__class__


def peeks(self):
    return self.state._base


def remembers(self, seen=[]):  # noqa: B006 - the point: a default that outlives the call
    seen.append(1)
    return len(seen)


@pytest.mark.parametrize(
    ("method", "rule"),
    [
        (imports, "imports time"),
        (floats, "uses a float"),
        (divides, "divides with /"),
        (sets, "builds a set"),
        (prints, "uses print"),
        (dunders, "touches __class__"),
        (peeks, "touches _base, which is not the contract's own"),
        (remembers, "has a default value that is not an int, str or None"),
    ],
)
def test_nondeterministic_code_is_refused(method, rule):
    with pytest.raises(NondeterminismError, match=rule):
        check_deterministic(contract_with(method))


def helper_that_reads_the_clock():
    import time

    return time.time_ns()


def calls_a_helper(self):
    return helper_that_reads_the_clock()


def test_helper_functions_a_contract_calls_are_checked_too():
    with pytest.raises(NondeterminismError, match="helper_that_reads_the_clock: imports time"):
        check_deterministic(contract_with(calls_a_helper))


def test_only_contract_classes_are_checked():
    with pytest.raises(WrongTypeError, match="contract: must be a subclass of Contract"):
        check_deterministic(dict)


def test_code_hash_is_the_code_not_where_it_is_defined():
    twin = type("Counter", (Contract,), dict(vars(Counter)))
    changed = type("Counter", (Contract,), {**vars(Counter), "crash": lambda self: 1})
    assert code_hash(twin) == code_hash(Counter)
    assert code_hash(changed) != code_hash(Counter)


def test_reference_contracts_are_deterministic_code():
    for cls in (Counter, ReceivableRegistry):
        check_deterministic(cls)
