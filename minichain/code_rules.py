"""Which code may run as a contract: determinism checks, gas bounds, the code's hash, the library.

Every member installs the same code and must get the same result from it,
so the code is checked when it is registered (:func:`check_deterministic`):
no imports (so no clock, no randomness, no files, no network), no floats, no
true division, no sets, no built-ins outside a short list, no reaching into
Python's internals or into private attributes the contract did not define,
no mutable default values. Fabric documents the same hazards for chaincode
(random numbers, time, maps iterated in Go's random order); the EVM of FISCO
BCOS has no instruction for them at all.

The code's hash (:func:`code_hash`) is what the consortium approves, as
Fabric's ``approveformyorg`` approves a chaincode package's ID: a SHA-256
fingerprint of the code, computed by whoever holds it, on a chain of either
suite (like a registered document's digest, see :mod:`minichain.suite`).
Each member keeps the code it installed in its :class:`ContractLibrary`
(Fabric's ``peer lifecycle chaincode install``).
"""

from __future__ import annotations

import builtins
import dis
from collections.abc import Iterator
from types import CodeType, FunctionType
from typing import Any

from minichain.contract_base import Contract, RulesContract
from minichain.errors import NondeterminismError, WrongTypeError
from minichain.gas import code_cost
from minichain.hashing import sha256
from minichain.tx import check_identifier

ALLOWED_BUILTINS = frozenset(
    "len range min max sum sorted abs int str bool list dict tuple isinstance enumerate zip "
    "reversed any all divmod".split()
)
"""The built-ins contract code may call: none reads a clock, a file or a random source."""
_DIVISION = {"/", "/="}
_TRUE_DIVIDE = {"BINARY_TRUE_DIVIDE", "INPLACE_TRUE_DIVIDE"}  # Python 3.10's opcodes


def _functions(cls: type) -> list[tuple[str, FunctionType]]:
    """The functions a contract class defines or inherits (not :class:`Contract`'s own)."""
    found: dict[str, FunctionType] = {}
    for klass in cls.__mro__:
        if klass is Contract or not issubclass(klass, Contract):
            continue
        for name, value in vars(klass).items():
            if isinstance(value, FunctionType) and name not in found:
                found[name] = value
    return sorted(found.items())


def _walk(code: CodeType) -> Iterator[CodeType]:
    yield code
    for const in code.co_consts:
        if isinstance(const, CodeType):
            yield from _walk(const)


# --8<-- [start:check_deterministic]
def check_deterministic(cls: type) -> None:
    """Refuse contract code that could give two members two results.

    The class's methods are checked, and the module's helper functions they call.

    Raises:
        WrongTypeError: ``cls`` is not a subclass of :class:`Contract`.
        NondeterminismError: the code imports, uses a float, divides with ``/``, builds a
            set, calls a built-in outside :data:`ALLOWED_BUILTINS` (exception classes
            aside), or touches a ``__dunder__``.
    """
    _code_of(cls)


def _check_code(
    code: CodeType, where: str, function: FunctionType, found: list[Any], own: set[str]
) -> None:
    if any(isinstance(c, (float, complex)) for c in code.co_consts):
        raise NondeterminismError(where, "uses a float; count money in whole units")
    for op in dis.get_instructions(code):
        if op.opname in ("IMPORT_NAME", "IMPORT_FROM"):
            raise NondeterminismError(
                where,
                "imports {argval}; a contract sees only its state and its call",
                argval=op.argval,
            )
        if op.opname in ("BUILD_SET", "SET_ADD", "SET_UPDATE"):
            raise NondeterminismError(
                where, "builds a set, whose order of str changes from process to process"
            )
        if op.opname in _TRUE_DIVIDE or (op.opname == "BINARY_OP" and op.argrepr in _DIVISION):
            raise NondeterminismError(where, "divides with / (a float); use //")
        if op.opname in ("LOAD_ATTR", "LOAD_METHOD", "STORE_ATTR", "DELETE_ATTR"):
            name = str(op.argval)
            if name.startswith("__"):
                raise NondeterminismError(where, "touches {name}", name=name)
            if name.startswith("_") and name not in own:
                raise NondeterminismError(
                    where,
                    "touches {name}, which is not the contract's own (another contract's state "
                    "lies behind the state's private parts)",
                    name=name,
                )
        if op.opname in ("LOAD_GLOBAL", "LOAD_NAME"):
            _check_global(function, str(op.argval), where, found)
    # --8<-- [end:check_deterministic]


def _code_of(cls: type) -> list[tuple[str, FunctionType]]:
    """Every function a contract runs: its methods, then the helpers they call, checked."""
    if not (isinstance(cls, type) and issubclass(cls, Contract)) or cls is Contract:
        raise WrongTypeError("contract", "must be a subclass of Contract, got {cls!r}", cls=cls)
    check_identifier(cls.name, f"{cls.__name__}.name")
    found: list[Any] = list(_functions(cls))
    own = {name for name, _ in found}
    position = 0
    while position < len(found):
        name, function = found[position]
        where = name if "." in name else f"{cls.__name__}.{name}"
        defaults = (*(function.__defaults__ or ()), *(function.__kwdefaults__ or {}).values())
        if any(not isinstance(value, (int, str, type(None))) for value in defaults):
            raise NondeterminismError(where, "has a default value that is not an int, str or None")
        for code in _walk(function.__code__):
            _check_code(code, where, function, found, own)
        position += 1
    return found


def _check_global(function: FunctionType, name: str, where: str, found: list[Any]) -> None:
    if name in ALLOWED_BUILTINS:
        return
    value = function.__globals__.get(name, getattr(builtins, name, None))
    if isinstance(value, type) and issubclass(value, Exception):
        return  # minichain's errors and Python's exceptions, to raise or catch
    if isinstance(value, (int, str)) and name.isupper():
        return  # a module constant (bool is an int)
    if isinstance(value, FunctionType) and value.__module__ == function.__module__:
        if all(value is not known for _, known in found):
            found.append((f"{value.__module__}.{name}", value))  # a helper: checked in turn
        return
    raise NondeterminismError(
        where,
        "uses {name}; contracts may call only {sorted}, exception classes, UPPER_CASE constants "
        "and helper functions of their own module",
        name=name,
        sorted=", ".join(sorted(ALLOWED_BUILTINS)),
    )


_CODES: dict[type, dict[CodeType, int]] = {}
_METHODS: dict[type, dict[str, FunctionType]] = {}


def _methods(cls: type[Contract]) -> dict[str, FunctionType]:
    """A contract's functions by name, worked out once per class."""
    methods = _METHODS.get(cls)
    if methods is None:
        methods = _METHODS[cls] = dict(_functions(cls))
    return methods


def code_costs(cls: type[Contract]) -> dict[CodeType, int]:
    """Every code object of a contract, nested ones included, with its cost (the meter's)."""
    costs = _CODES.get(cls)
    if costs is None:
        found = [code for _, f in _code_of(cls) for code in _walk(f.__code__)]
        costs = _CODES[cls] = {code: code_cost(code) for code in found}
    return costs


_PLANS: dict[type, dict[str, tuple[FunctionType, int | None]]] = {}


def method_plan(cls: type[Contract]) -> dict[str, tuple[FunctionType, int | None]]:
    """A contract's public methods, each with its gas bound (see :func:`gas_bounds`), once."""
    plan = _PLANS.get(cls)
    if plan is None:
        bounds = gas_bounds(cls)
        plan = _PLANS[cls] = {
            name: (function, bounds.get(name))
            for name, function in _methods(cls).items()
            if not name.startswith("_")
        }
    return plan


_BOUNDS: dict[type, dict[str, int | None]] = {}
_CALLS = {"LOAD_ATTR", "LOAD_METHOD", "LOAD_GLOBAL"}


def gas_bounds(cls: type[Contract]) -> dict[str, int | None]:
    """For each method of a contract, an upper bound of its lines, or ``None`` if it may loop.

    A function without loops, nested code or recursion runs each line at most
    once, and each function it names at most once per place it names it: its
    lines plus the bounds of what it names bound its work. Such a method is
    charged its bound when the call starts and runs without the line tracer;
    any other is metered line by line.
    """
    bounds = _BOUNDS.get(cls)
    if bounds is not None:
        return bounds
    by_name: dict[str, list[FunctionType]] = {}
    for name, function in _code_of(cls):
        by_name.setdefault(name.rsplit(".", 1)[-1], []).append(function)
    memo: dict[str, int | None] = {}

    def bound(name: str, calling: frozenset[str]) -> int | None:
        if name in memo:
            return memo[name]
        if name in calling:
            return None  # recursion
        total = 0
        for function in by_name[name]:
            code = function.__code__
            cost = code_cost(code)
            if cost == 0 or any(isinstance(c, CodeType) for c in code.co_consts):
                memo[name] = None
                return None
            total += cost
            for op in dis.get_instructions(code):
                if op.opname in _CALLS and op.argval in by_name:
                    inner = bound(str(op.argval), calling | {name})
                    if inner is None:
                        memo[name] = None
                        return None
                    total += inner
        memo[name] = total
        return total

    bounds = {name: bound(name, frozenset()) for name in by_name}
    _BOUNDS[cls] = bounds
    return bounds


def _describe_code(code: CodeType) -> bytes:
    parts = [code.co_code, repr((code.co_names, code.co_varnames, code.co_argcount)).encode()]
    parts.append(repr(code.co_kwonlyargcount).encode())
    for const in code.co_consts:
        parts.append(_describe_code(const) if isinstance(const, CodeType) else repr(const).encode())
    return b"\x00".join(parts)


def code_hash(cls: type) -> bytes:
    """The hash of a contract's code: its name and each method's bytecode, names and constants.

    Line numbers and file names are left out, so the same class has the same
    hash wherever it is defined; bytecode differs between Python versions, so
    the members of a consortium run the same one (as Fabric peers run the same
    chaincode package). The helper functions the methods call are part of the code.

    Raises:
        NondeterminismError: see :func:`check_deterministic`.
    """
    functions = _code_of(cls)
    parts = [str(getattr(cls, "name", "")).encode()]
    for method, function in functions:
        parts += [method.rsplit(".", 1)[-1].encode(), _describe_code(function.__code__)]
    if issubclass(cls, RulesContract):  # the rules are the code that decides
        code = getattr(cls.rules, "__code__", None)
        named = getattr(cls.rules, "__qualname__", type(cls.rules).__qualname__)
        parts.append(_describe_code(code) if code is not None else named.encode())
    return sha256(b"\x01".join(parts))


class ContractLibrary:
    """The contract code one member has installed locally, by code hash."""

    def __init__(self) -> None:
        self._code: dict[bytes, type[Contract]] = {}

    def register(self, cls: type[Contract]) -> bytes:
        """Check ``cls`` (:func:`check_deterministic`) and keep it; return its code hash."""
        check_deterministic(cls)
        digest = code_hash(cls)
        self._code[digest] = cls
        return digest

    def code_for(self, digest: bytes) -> type[Contract] | None:
        """The code with this hash, or ``None`` if this member never installed it."""
        return self._code.get(digest)
