"""What a contract is: the :class:`Contract` base class, the :class:`State` and
:class:`Context` a call sees, and :func:`rules_contract` for rules written as one function.

A contract sees its own state, the caller's address, the block's height and
time, and its admin; nothing else. That is what makes it deterministic: a
FISCO BCOS contract likewise sees only its storage, ``msg.sender`` and the
block, and a Fabric chaincode only its world state through the shim's
``GetState``/``PutState`` and the transaction's creator. A call writes into
its own overlay of the state (:class:`State`); the overlay joins the block's
state only if the call returns normally (see :mod:`minichain.execution`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any, ClassVar, NamedTuple

from minichain.errors import ContractRuleError, ContractValueError
from minichain.gas import READ_COST, WRITE_COST, Meter
from minichain.plain import CANONICAL_JSON, check_plain, is_plain
from minichain.tx import check_identifier

MAX_VALUE_SIZE = 4_096
"""Largest canonical JSON of one state value, in bytes."""


class State:
    """One contract's key/value state as a call sees it.

    Reads see the committed state and the writes made so far in this block;
    writes go to the call's own overlay. Values are plain data, stored as
    canonical JSON, so a read always returns a fresh copy.
    """

    __slots__ = ("_prefix", "_base", "_meter", "_changes")

    def __init__(self, name: str, base: Mapping[str, bytes | None], meter: Meter) -> None:
        self._prefix = name + "/"
        self._base = base
        self._meter = meter
        self._changes: dict[str, bytes | None] = {}

    def writes(self) -> dict[str, bytes | None]:
        """What the call has written so far: full key to canonical JSON (``None``: deleted)."""
        return dict(self._changes)

    def _key(self, key: Any) -> str:
        if not isinstance(key, str) or not 0 < len(key.encode()) <= 128:
            raise ContractValueError("key", "state keys are str of 1 to 128 bytes")
        return self._prefix + key

    def _raw(self, key: Any) -> bytes | None:
        self._meter.charge(READ_COST)
        if not isinstance(key, str) or not 0 < len(key.encode()) <= 128:
            return None  # a key no write can make: never there
        full = self._prefix + key
        return self._changes[full] if full in self._changes else self._base.get(full)

    def get(self, key: str, default: Any = None) -> Any:
        """The value at ``key``, or ``default``."""
        raw = self._raw(key)
        return default if raw is None else json.loads(raw)

    def __getitem__(self, key: str) -> Any:
        raw = self._raw(key)
        if raw is None:
            raise ContractRuleError(f"state[{key!r}]", "no such entry")
        return json.loads(raw)

    def __contains__(self, key: object) -> bool:
        return self._raw(key) is not None

    def __setitem__(self, key: str, value: Any) -> None:
        full = self._key(key)
        if not is_plain(value):  # name the place only when there is something wrong
            check_plain(value, f"state[{key!r}]")
        raw = CANONICAL_JSON.encode(value).encode()
        if len(raw) > MAX_VALUE_SIZE:
            raise ContractValueError(
                f"state[{key!r}]", "at most {max_value_size} bytes", max_value_size=MAX_VALUE_SIZE
            )
        self._meter.charge(WRITE_COST)
        self._changes[full] = raw

    def __delitem__(self, key: str) -> None:
        full = self._key(key)
        self._meter.charge(WRITE_COST)
        self._changes[full] = None

    def entries(self) -> dict[str, Any]:
        """Every entry of this contract's state, key to value, sorted by key.

        Each entry is charged as a read (:data:`READ_COST`), and the walk looks
        at every key of the block's state, so it is for small contracts (an
        exercise's), not for a registry with millions of entries.
        """
        prefix, changes, base = self._prefix, self._changes, self._base
        keys = {key for key in base if key.startswith(prefix)} | changes.keys()
        found = {}
        for full in sorted(keys):
            raw = changes[full] if full in changes else base.get(full)
            if raw is not None:
                self._meter.charge(READ_COST)
                found[full[len(prefix) :]] = json.loads(raw)
        return found


class Context(NamedTuple):
    """What a call may know besides its state (a named tuple: one is made for every call).

    Attributes:
        caller: the address that signed the call.
        height: the height of the block the call is in.
        time: that block's timestamp (the same on every member).
        admin: the address the consortium named for this contract when it approved it.
    """

    caller: str
    height: int
    time: int
    admin: str


class Contract:
    """Base class of contracts: each public method is a call the contract accepts.

    A method reads and writes :attr:`state`, knows :attr:`caller`,
    :attr:`height`, :attr:`time` and :attr:`admin`, and refuses a call with
    :meth:`require` (or by raising a :class:`~minichain.errors.MinichainError`).
    It returns plain data or ``None``. A new instance serves each call.
    """

    name: ClassVar[str] = ""
    """The name the consortium installs the contract under."""

    def __init__(self, state: State, context: Context) -> None:
        self.state = state
        self.caller = context.caller
        self.height = context.height
        self.time = context.time
        self.admin = context.admin

    def require(self, condition: bool, field: str, rule: str, **params: Any) -> None:
        """Refuse the call (:class:`~minichain.errors.ContractRuleError`) unless ``condition``.

        ``rule`` is a ``str.format`` template when ``params`` fill it in.
        """
        if not condition:
            raise ContractRuleError(field, rule, **params)


# --8<-- [start:rules_contract]
class RulesContract(Contract):
    """A contract written as one function of plain data (see :func:`rules_contract`)."""

    rules: ClassVar[Any] = None
    """``rules(entries, caller, admin, method, args) -> writes``, kept as a static method."""

    def _follow(self, method: str, args: dict[str, Any]) -> None:
        writes = self.rules(self.state.entries(), self.caller, self.admin, method, args)
        if not isinstance(writes, dict):
            raise ContractValueError("writes", "the rules must return a dict of key to new value")
        for key in sorted(writes):
            self.state[key] = writes[key]


def rules_contract(name: str, rules: Any, methods: Iterable[str]) -> type[RulesContract]:
    """A contract whose calls run ``rules(entries, caller, admin, method, args)``.

    This is how the exercises write contract rules: one function that gets the
    contract's whole state (key to plain value), the caller's address, the
    admin's, the method's name and its arguments (a dict), and returns the
    writes (key to new value), or refuses the call by raising a
    :class:`~minichain.errors.MinichainError`. The contract accepts the calls
    named in ``methods``; each runs the rules under the same rules as any
    contract: its writes take effect only if it returns (atomic), every entry
    it sees is charged as a read and every write as a write (metered), and every
    member's state root must agree (committed).

    What the adapter cannot do is read the rules: their lines are not metered
    and their code is not inspected (:func:`check_deterministic`), because the
    rules may run elsewhere and answer in plain data (a learner's function in a
    grader's sandbox). A member whose rules give other writes computes another
    state root and is outvoted; that is the check they get.

    Raises:
        EncodingError: ``name`` or a method name is not an identifier.
    """
    namespace: dict[str, Any] = {
        "name": check_identifier(name, "name"),
        "rules": staticmethod(rules),
        "__doc__": f"The rules {getattr(rules, '__name__', 'given')}, as the contract {name}.",
    }
    for method in methods:
        if check_identifier(method, "methods") in namespace:
            raise ContractValueError(
                "methods", "{method!r} is not a method name it can take", method=method
            )
        namespace[method] = _rules_method(method)
    return type(f"Rules_{name}", (RulesContract,), namespace)


def _rules_method(method: str) -> Any:
    def follow(self: RulesContract, **args: Any) -> None:
        self._follow(method, args)

    follow.__name__ = follow.__qualname__ = method
    return follow
    # --8<-- [end:rules_contract]
