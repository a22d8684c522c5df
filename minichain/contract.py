"""Contracts on a consortium chain: business rules every member runs and agrees on.

A contract is a small Python class (a subclass of :class:`Contract`) whose
public methods are the calls it accepts. The consortium of lesson 8 runs it
the way FISCO BCOS runs its contracts (order, then execute): the proposer puts
call transactions into a block, every member executes the block's calls
itself, in block order, and the block commits the result. The rules:

* **installed by the consortium.** Each member installs the code locally
  (:meth:`ContractLibrary.register`, Fabric's ``peer lifecycle chaincode
  install``), then approves its *definition*, a name, the code's hash and the
  contract's admin, with a signed call to the built-in ``consortium`` contract
  (Fabric's ``approveformyorg``). The definition takes effect in the block
  where a quorum of members has approved it: installation is on the chain, signed
  and recorded like any call.
* **invoked by signed transactions.** A call is an issuance (see
  :mod:`minichain.tx`) of one document of kind ``"call"`` whose metadata
  names the contract, the method and the arguments (plain data as canonical
  JSON), signed by the caller. Only enrolled callers may sign one: the chain's
  params list them as issuers of ``"call"`` documents, as Fabric's membership
  service lists the identities a channel accepts. The document's digest binds
  the caller, the call and a nonce, and the ledger registers a digest once, so
  a call cannot be replayed.
* **deterministic.** A contract sees its own state, the caller's address, the
  block's height and time, and its admin; nothing else. Its code is checked
  when it is registered (:func:`check_deterministic`): no imports (so no clock,
  no randomness, no files, no network), no floats, no true division, no sets
  (Python orders strings in a set differently in each process), no built-ins
  outside a short list, no reaching into Python's internals or into private
  attributes the contract did not define, no mutable default values.
* **metered.** Each line of the contract costs one unit of gas, and state
  reads and writes cost more; a call that runs past its budget stops at the
  same point on every member and fails with
  :class:`~minichain.errors.OutOfGasError`. A wall-clock timeout would stop it
  at different points on different machines. A method without loops or
  recursion is charged an upper bound of its lines before it runs
  (:func:`gas_bounds`); any other is charged line by line as it runs, by a
  trace function.
* **atomic.** A call writes into its own overlay; the overlay joins the block's
  state only if the call returns normally. A failing call changes nothing, and
  its transaction stays in the block with a failed :class:`Receipt`: recorded,
  not dropped.
* **committed.** After executing a block, the proposer writes two Merkle roots
  in the coinbase memo, after the height: the state root (over every state
  entry, sorted by key) and the receipts root (over the block's receipts, in
  order). The coinbase is in the block's Merkle tree, so the header commits to
  both (Bitcoin commits its witness root the same way, BIP 141). Every member
  recomputes them before it votes and refuses a block whose roots differ
  (:class:`~minichain.errors.StateRootError`).
* **readable.** :meth:`ContractChain.query` reads the agreed state, each call
  has its :class:`Receipt`, and :meth:`ContractChain.replay` recomputes the
  state from the final blocks alone: the state's history is the chain's.

The meter is a teaching meter, not a security sandbox: Python's built-ins run
in C below it, and code that catches every exception with a bare ``except:``
may run on after its budget is spent (its call still fails). The EVM of FISCO
BCOS charges gas inside its own interpreter and has neither gap.
"""

from __future__ import annotations

import builtins
import dis
import json
import sys
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from functools import lru_cache
from types import CodeType, FrameType, FunctionType
from typing import Any, ClassVar, NamedTuple

from minichain.base58 import b58decode, b58encode
from minichain.consensus import ValidatorSet
from minichain.consortium import Consortium, Event, PermissionedChain
from minichain.errors import (
    CallEncodingError,
    ConsensusError,
    ContractError,
    ContractRuleError,
    ContractValueError,
    EquivocationError,
    GasExhausted,
    MinichainError,
    MissingCodeError,
    NondeterminismError,
    OutOfGasError,
    ReplayError,
    StateRootError,
    UnknownContractError,
    WrongTypeError,
    describe_type,
    require_int,
)
from minichain.hashing import sha256, short_hex
from minichain.header import block_label
from minichain.keys import PrivateKey
from minichain.ledger import Block, key_address
from minichain.merkle import merkle_root
from minichain.params import ChainParams
from minichain.pow import mine
from minichain.suite import BITCOIN, AnyPrivateKey, GMPrivateKey, Suite, suite_of
from minichain.tx import U32, U64, Document, Transaction, check_identifier, coinbase, issue

CALL_KIND = "call"
"""The document kind of a contract call (the params enroll its callers as its issuers)."""
CALL_TAG = b"minichain/contract-call/v1"
"""Prefixed to what a call's digest hashes, so the digest means nothing else."""
STATE_TAG = b"state:"
"""In the coinbase memo, after the height: then the state root and the receipts root."""
SYSTEM = "consortium"
"""The built-in contract that installs the others (its one method: ``approve``)."""
DEFAULT_GAS = 20_000
"""Gas a call may use: one unit per line executed, plus :data:`READ_COST` / :data:`WRITE_COST`."""
READ_COST = 5
WRITE_COST = 20
MAX_ARGS = 6
"""A call carries at most 6 arguments (the document's metadata holds 8 items)."""
MAX_VALUE_SIZE = 4_096
"""Largest canonical JSON of one state value, in bytes."""
MAX_INT = 2**63 - 1
"""Integers in calls and state lie within +-(2**63 - 1)."""
EMPTY_ROOT = bytes(32)
"""The root of an empty state, or of a block without calls."""

# --- plain data ------------------------------------------------------------------------


MAX_ITEMS = 65_536
"""A plain value holds at most this many values, nested ones included (a list that contains
itself never ends: it is refused at this count, the same on every member)."""
MAX_DEPTH = 32
"""Lists and dicts nest at most 32 deep: deeper ones would meet Python's recursion limit
(in the JSON encoder) at a depth that depends on how deep each member's stack already is."""


def _is_scalar(value: Any) -> bool:
    kind = type(value)
    return (
        kind is str
        or value is None
        or kind is bool
        or (kind is int and -MAX_INT <= value <= MAX_INT)
    )


def _is_plain(value: Any) -> bool:
    """Whether ``value`` is plain data (the fast pass of :func:`_check_plain`, without names)."""
    kind = type(value)
    if not (kind is list or kind is tuple or kind is dict):
        return _is_scalar(value)
    pending = [(value, 1)]
    left = MAX_ITEMS
    while pending:
        item, depth = pending.pop()
        if depth > MAX_DEPTH:
            return False
        if type(item) is dict:
            for key in item:
                if type(key) is not str:
                    return False
            item = item.values()
        for part in item:
            left -= 1
            kind = type(part)
            if left < 0:
                return False
            if kind is str or kind is bool or part is None:
                continue
            if kind is int:
                if -MAX_INT <= part <= MAX_INT:
                    continue
                return False
            if kind is list or kind is tuple or kind is dict:
                pending.append((part, depth + 1))
                continue
            return False
    return True


def _check_plain(value: Any, field: str) -> None:
    """Refuse anything but plain data, naming where it is (it runs on every write)."""
    if _is_plain(value):
        return
    pending = [(value, field, 1)]
    left = MAX_ITEMS
    while pending:
        left -= 1
        if left < 0:
            raise ContractValueError(field, f"holds more than {MAX_ITEMS} values, or itself")
        item, where, depth = pending.pop()
        kind = type(item)
        if item is None or kind is bool or kind is str:
            continue
        if kind is int:
            if abs(item) > MAX_INT:
                raise ContractValueError(where, f"{item} is beyond +-(2**63 - 1)")
        elif depth > MAX_DEPTH:
            raise ContractValueError(where, f"nests lists and dicts more than {MAX_DEPTH} deep")
        elif kind is list or kind is tuple:
            pending.extend((part, f"{where}[{i}]", depth + 1) for i, part in enumerate(item))
        elif kind is dict:
            for key, part in item.items():
                if type(key) is not str:
                    raise ContractValueError(where, f"keys must be str, got {describe_type(key)}")
                pending.append((part, f"{where}.{key}", depth + 1))
        else:
            rule = "money is counted in whole units" if kind is float else "plain data only"
            raise ContractValueError(
                where,
                f"must be None, bool, int, str, list or dict, not {describe_type(item)} ({rule})",
            )


_CANONICAL = json.JSONEncoder(
    sort_keys=True, separators=(",", ":"), ensure_ascii=False, check_circular=False
)
"""The encoder of :func:`canonical_value`, made once (``json.dumps`` with options makes one
per call)."""


# --8<-- [start:canonical_value]
def canonical_value(value: Any, field: str = "value") -> bytes:
    """The one byte spelling of a plain value: canonical JSON in UTF-8 (tuples as lists).

    Raises:
        ContractValueError: ``value`` holds a float, a set, an object, or an int beyond
            +-(2**63 - 1).
    """
    _check_plain(value, field)
    return _CANONICAL.encode(value).encode()
    # --8<-- [end:canonical_value]


def _plain_from_json(text: str, name: str) -> Any:
    """The value of the argument ``name`` that a call document's label spells."""
    scalar = _json_scalar(text)
    if scalar is not _NOT_SCALAR:
        return scalar
    field = f"args.{name}"
    try:
        value = json.loads(text)
        _check_plain(value, field)
    except ContractValueError as error:
        raise CallEncodingError(error.field, error.rule) from None
    except ValueError:
        raise CallEncodingError(field, "is not JSON") from None
    if _CANONICAL.encode(value) != text:  # plain: checked above
        raise CallEncodingError(field, "is not written canonically (sorted keys, no spaces)")
    return value


_NOT_SCALAR = object()


@lru_cache(maxsize=4_096)
def _json_scalar(text: str) -> Any:
    """The str, int, bool or None a canonical JSON text spells, or ``_NOT_SCALAR``.

    Calls repeat their arguments (the same addresses, the same small numbers),
    and these values cannot be changed in place, so each text is decoded once.
    """
    try:
        value = json.loads(text)
    except ValueError:
        return _NOT_SCALAR
    kind = type(value)
    if not (kind is str or kind is bool or value is None or kind is int):
        return _NOT_SCALAR
    if kind is int and not -MAX_INT <= value <= MAX_INT:
        return _NOT_SCALAR
    return value if _CANONICAL.encode(value) == text else _NOT_SCALAR


# --- calls -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Call:
    """What a call transaction asks: a method of a contract, with arguments.

    Attributes:
        contract: the installed contract's name.
        method: the method to run.
        args: ``(name, value)`` pairs, sorted by name; values are plain data.
        nonce: a number the caller chooses so that two equal calls are two calls.
    """

    contract: str
    method: str
    args: tuple[tuple[str, Any], ...] = ()
    nonce: int = 0

    def __post_init__(self) -> None:
        check_identifier(self.contract, "contract")
        check_identifier(self.method, "method")
        items = self.args.items() if isinstance(self.args, dict) else self.args
        if not isinstance(items, tuple) and isinstance(self.args, Mapping):
            items = self.args.items()
        pairs = []
        for pair in items:
            if not (isinstance(pair, tuple) and len(pair) == 2):
                raise WrongTypeError("args", "must be a dict or (name, value) pairs")
            name, value = pair
            check_identifier(name, "args")
            if name in ("contract", "method"):
                raise CallEncodingError(f"args.{name}", "is reserved for the call itself")
            _check_plain(value, f"args.{name}")
            pairs.append((name, value))
        if len(pairs) > MAX_ARGS:
            raise CallEncodingError("args", f"at most {MAX_ARGS} arguments, got {len(pairs)}")
        object.__setattr__(self, "args", tuple(sorted(pairs)))
        require_int(self.nonce, "nonce", 0, 2**64 - 1)

    def metadata(self) -> dict[str, str]:
        """The call document's labels: contract, method, each argument as canonical JSON."""
        labels = {"contract": self.contract, "method": self.method}
        for name, value in self.args:
            text = canonical_value(value, f"args.{name}").decode()
            if len(text.encode()) > 64:
                raise CallEncodingError(f"args.{name}", "its JSON must fit in 64 bytes")
            labels[name] = text
        return labels

    def digest(self, caller_key: bytes, suite: Suite = BITCOIN) -> bytes:
        """What the call document registers: it binds the caller's key, the call and the nonce.

        It is one pass of the chain's hash (:meth:`~minichain.suite.Suite.digest`):
        SHA-256, or SM3 on the national suite.
        """
        body = _CANONICAL.encode([self.contract, self.method, self.args]).encode()  # plain
        return suite.digest(
            CALL_TAG + bytes([len(caller_key)]) + caller_key + U64.pack(self.nonce) + body
        )


def call(
    caller: AnyPrivateKey, chain_id: str, contract: str, method: str, *, nonce: int, **args: Any
) -> Transaction:
    """The caller's signed call of ``contract.method(**args)`` on the chain ``chain_id``.

    The caller's key says the suite, as for every issuance (:func:`~minichain.tx.issue`):
    a :class:`~minichain.suite.GMPrivateKey` signs with SM2 and the digest is SM3.

    Raises:
        WrongTypeError: ``caller`` is not a private key.
        CallEncodingError, ContractValueError: arguments that a call cannot carry.
    """
    if not isinstance(caller, (PrivateKey, GMPrivateKey)):
        raise WrongTypeError("caller", f"must be a private key, got {describe_type(caller)}")
    request = Call(contract, method, tuple(args.items()), nonce)
    labels = tuple(request.metadata().items())
    sec = caller.public_key.sec(compressed=True)
    document = Document(CALL_KIND, request.digest(sec, suite_of(caller)), labels)
    return issue(caller, [(caller.address, document)], chain_id, memo=U64.pack(nonce))


def read_call(tx: Transaction) -> tuple[Call, str] | None:
    """The call a transaction makes and its caller's address, or ``None`` if it is no call.

    Raises:
        CallEncodingError: it carries a call document that does not spell a call.
    """
    found = tx.__dict__.get("_call", False)
    if found is not False:  # a txid commits to every byte: decode each transaction once
        cached: tuple[Call, str] | None = found
        return cached
    if not tx.is_issuance or not any(
        out.document is not None and out.document.kind == CALL_KIND for out in tx.outputs
    ):
        cached = None
    else:
        cached = _decode_call(tx)  # a malformed call raises here, on every member alike
    tx.__dict__["_call"] = cached
    return cached


def _decode_call(tx: Transaction) -> tuple[Call, str]:
    if len(tx.outputs) != 1 or len(tx.memo) != 8:
        raise CallEncodingError("outputs", "a call is one call document with an 8-byte nonce")
    document = tx.outputs[0].document
    if document is None:  # pragma: no cover - an issuance creates documents only
        raise CallEncodingError("outputs[0]", "must carry the call document")
    labels = dict(document.metadata)
    if "contract" not in labels or "method" not in labels:
        raise CallEncodingError("metadata", "must name the contract and the method")
    args = tuple(
        (name, _plain_from_json(text, name))
        for name, text in labels.items()
        if name != "contract" and name != "method"
    )
    try:
        request = Call(labels["contract"], labels["method"], args, U64.unpack(tx.memo)[0])
    except MinichainError as error:
        raise CallEncodingError(error.field, error.rule) from None
    if request.digest(tx.issuer_key, tx.suite) != document.digest:
        raise CallEncodingError("document.digest", "does not match the call and its caller")
    caller = key_address(tx.issuer_key, tx.suite)  # the signer, whoever the output names
    if tx.suite.address_of(tx.outputs[0].owner_hash) != caller:
        raise CallEncodingError("outputs[0].owner", "a call document belongs to its caller")
    return request, caller


# --- the contract's view of the world ------------------------------------------------


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
        if not _is_plain(value):  # name the place only when there is something wrong
            _check_plain(value, f"state[{key!r}]")
        raw = _CANONICAL.encode(value).encode()
        if len(raw) > MAX_VALUE_SIZE:
            raise ContractValueError(f"state[{key!r}]", f"at most {MAX_VALUE_SIZE} bytes")
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

    def require(self, condition: bool, field: str, rule: str) -> None:
        """Refuse the call (:class:`~minichain.errors.ContractRuleError`) unless ``condition``."""
        if not condition:
            raise ContractRuleError(field, rule)


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
            raise ContractValueError("methods", f"{method!r} is not a method name it can take")
        namespace[method] = _rules_method(method)
    return type(f"Rules_{name}", (RulesContract,), namespace)


def _rules_method(method: str) -> Any:
    def follow(self: RulesContract, **args: Any) -> None:
        self._follow(method, args)

    follow.__name__ = follow.__qualname__ = method
    return follow
    # --8<-- [end:rules_contract]


# --- what code may do ---------------------------------------------------------------

ALLOWED_BUILTINS = frozenset(
    "len range min max sum sorted abs int str bool list dict tuple isinstance enumerate zip "
    "reversed any all divmod".split()
)
"""The built-ins contract code may call: none reads a clock, a file or a random source."""
_DIVISION = {"/", "/="}
_TRUE_DIVIDE = {"BINARY_TRUE_DIVIDE", "INPLACE_TRUE_DIVIDE"}  # Python 3.10's opcodes
_JUMPS = frozenset(dis.hasjrel) | frozenset(dis.hasjabs)


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
                where, f"imports {op.argval}; a contract sees only its state and its call"
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
                raise NondeterminismError(where, f"touches {name}")
            if name.startswith("_") and name not in own:
                raise NondeterminismError(
                    where,
                    f"touches {name}, which is not the contract's own (another "
                    "contract's state lies behind the state's private parts)",
                )
        if op.opname in ("LOAD_GLOBAL", "LOAD_NAME"):
            _check_global(function, str(op.argval), where, found)
    # --8<-- [end:check_deterministic]


def _code_of(cls: type) -> list[tuple[str, FunctionType]]:
    """Every function a contract runs: its methods, then the helpers they call, checked."""
    if not (isinstance(cls, type) and issubclass(cls, Contract)) or cls is Contract:
        raise WrongTypeError("contract", f"must be a subclass of Contract, got {cls!r}")
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
        f"uses {name}; contracts may call only {', '.join(sorted(ALLOWED_BUILTINS))}, "
        "exception classes, UPPER_CASE constants and helper functions of their own module",
    )


_CODES: dict[type, dict[CodeType, int]] = {}
_METHODS: dict[type, dict[str, FunctionType]] = {}


def _methods(cls: type[Contract]) -> dict[str, FunctionType]:
    """A contract's functions by name, worked out once per class."""
    methods = _METHODS.get(cls)
    if methods is None:
        methods = _METHODS[cls] = dict(_functions(cls))
    return methods


def _codes(cls: type[Contract]) -> dict[CodeType, int]:
    """Every code object of a contract, nested ones included, with its cost (the meter's)."""
    costs = _CODES.get(cls)
    if costs is None:
        found = [code for _, f in _code_of(cls) for code in _walk(f.__code__)]
        costs = _CODES[cls] = {code: code_cost(code) for code in found}
    return costs


_PLANS: dict[type, dict[str, tuple[FunctionType, int | None]]] = {}


def _plan(cls: type[Contract]) -> dict[str, tuple[FunctionType, int | None]]:
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


# --- executing a block -----------------------------------------------------------------


class Receipt(NamedTuple):
    """The outcome of one call, the same on every member (a named tuple: one per call).

    Attributes:
        txid: the call transaction.
        contract: the contract called.
        method: the method called.
        caller: the caller's address.
        ok: whether the call succeeded (and its writes took effect).
        result: what the method returned (plain data), ``None`` if it failed.
        error: for a failed call, ``"ErrorClass: field: rule"``; else ``""``.
        gas_used: the gas the call used.
    """

    txid: bytes
    contract: str
    method: str
    caller: str
    ok: bool
    result: Any
    error: str
    gas_used: int

    def leaf(self, suite: Suite = BITCOIN) -> bytes:
        """The receipt's leaf in the receipts root: the suite's digest of its canonical JSON."""
        fields = [self.txid.hex(), self.contract, self.method, self.caller, self.ok]
        fields += [self.result, self.error, self.gas_used]
        return suite.digest(_CANONICAL.encode(fields).encode())  # plain: checked

    def __str__(self) -> str:
        outcome = f"ok {self.result!r}" if self.ok else f"failed, {self.error}"
        return (
            f"{self.contract}.{self.method} by {self.caller[:8]}…: {outcome} ({self.gas_used} gas)"
        )


def state_root(state: Mapping[str, bytes], suite: Suite = BITCOIN) -> bytes:
    """Merkle root of the state: one leaf per entry, ``digest(len(key) || key || value)``,
    sorted by key (:data:`EMPTY_ROOT` for an empty state).

    The chain's suite hashes the leaves and the tree: SHA-256 and ``sha256d``,
    or SM3 for both on the national suite.
    """
    if not state:
        return EMPTY_ROOT
    leaves = []
    for key in sorted(state):
        raw = key.encode()
        leaves.append(suite.digest(U32.pack(len(raw)) + raw + state[key]))
    return merkle_root(leaves, node_hash=suite.node_hash)


def receipts_root(receipts: Iterable[Receipt], suite: Suite = BITCOIN) -> bytes:
    """Merkle root of a block's receipts in block order (:data:`EMPTY_ROOT` if none),
    hashed with the chain's suite as :func:`state_root` is."""
    leaves = [receipt.leaf(suite) for receipt in receipts]
    return merkle_root(leaves, node_hash=suite.node_hash) if leaves else EMPTY_ROOT


class _Overlay(Mapping[str, bytes | None]):
    """The committed state with a block's writes on top (``None`` marks a deletion)."""

    def __init__(self, base: Mapping[str, bytes], changes: dict[str, bytes | None]) -> None:
        self.base, self.changes = base, changes

    def __getitem__(self, key: str) -> bytes | None:
        return self.changes[key] if key in self.changes else self.base[key]

    def get(self, key: str, default: Any = None) -> Any:
        changes = self.changes
        return changes[key] if key in changes else self.base.get(key, default)

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(set(self.base) | set(self.changes)))

    def __len__(self) -> int:
        return len(set(self.base) | set(self.changes))


@dataclass(frozen=True)
class Members:
    """Who may approve contract definitions: the members' addresses, and how many make a quorum.

    Attributes:
        addresses: member name by address.
        quorum: approvals a definition needs.
    """

    addresses: dict[str, str]
    quorum: int


def execute_block(
    transactions: Iterable[Transaction],
    height: int,
    time: int,
    state: Mapping[str, bytes],
    library: ContractLibrary,
    members: Members,
    gas: int = DEFAULT_GAS,
) -> tuple[dict[str, bytes | None], list[Receipt]]:
    """Run every call among ``transactions`` in order; return the writes and the receipts.

    ``state`` is not changed. A call that fails contributes no write.

    Raises:
        MissingCodeError: an installed contract's code is not in ``library``.
    """
    changes: dict[str, bytes | None] = {}
    receipts = []
    view = _Overlay(state, changes)
    installed: dict[str, tuple[type[Contract], str]] = {}  # until the next approval
    for tx in transactions:
        try:
            found = read_call(tx)
        except ContractError as error:  # any client can sign a malformed call: it fails
            receipts.append(Receipt(tx.txid, "", "", "", False, None, _describe(error), 0))
            continue
        if found is None:
            continue
        request, caller = found
        meter = Meter(gas)
        try:
            if request.contract == SYSTEM:
                installed.clear()  # an approval may install a contract
                context = Context(caller, height, time, "")
                result, writes = _approve(request, context, view, members, meter)
            else:
                cls, admin = installed.get(request.contract) or _installed(
                    request.contract, view, library, installed
                )
                context = Context(caller, height, time, admin)
                result, writes = _invoke(cls, request, context, view, meter)
        except ContractError as error:
            receipts.append(_failed(tx, request, caller, error, meter))
            continue
        except GasExhausted:
            stop = OutOfGasError("gas", f"the call needed more than its budget of {gas}")
            receipts.append(_failed(tx, request, caller, stop, meter))
            continue
        changes.update(writes)
        receipts.append(
            Receipt(tx.txid, request.contract, request.method, caller, True, result, "", meter.used)
        )
    return changes, receipts


def _failed(tx: Transaction, request: Call, caller: str, error: Exception, meter: Meter) -> Receipt:
    used = min(meter.used, meter.budget)
    return Receipt(
        tx.txid, request.contract, request.method, caller, False, None, _describe(error), used
    )


def _describe(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"


def _installed(
    name: str,
    view: Mapping[str, bytes | None],
    library: ContractLibrary,
    installed: dict[str, tuple[type[Contract], str]],
) -> tuple[type[Contract], str]:
    """The code and admin of the installed contract ``name``, from the consortium's state."""
    raw = view.get(f"{SYSTEM}/contract/{name}")
    if raw is None:
        raise UnknownContractError("contract", f"{name!r} is not installed")
    definition = _definition(raw)
    cls = library.code_for(_code_digest(definition["code"]))
    if cls is None:
        raise MissingCodeError(
            "contract",
            f"{name!r} is installed with code {definition['code'][:12]}…, "
            "which this member does not have",
        )
    installed[name] = cls, definition["admin"]
    return cls, definition["admin"]


_SCALARS = (str, int, bool, type(None))


def _arguments(request: Call) -> dict[str, Any]:
    """The call's arguments for one execution: a list or dict is a fresh copy each time,
    so a method that changes its argument in place changes nothing another member sees."""
    return {
        name: value if type(value) in _SCALARS else json.loads(_CANONICAL.encode(value))
        for name, value in request.args
    }


# --8<-- [start:invoke]
def _invoke(
    cls: type[Contract],
    request: Call,
    context: Context,
    view: Mapping[str, bytes | None],
    meter: Meter,
) -> tuple[Any, dict[str, bytes | None]]:
    """Run one method of ``cls`` under the meter: its result and writes, or its ContractError."""
    method, bound = _plan(cls).get(request.method, (None, None))
    if method is None:
        raise UnknownContractError("method", f"{request.contract} has no method {request.method!r}")
    state = State(request.contract, view, meter)
    traced = bound is None  # it may loop or recurse: count its lines as they run
    if traced:
        previous = sys.gettrace()
        sys.settrace(meter.tracer(_codes(cls)))
    try:
        if bound is not None:  # straight-line code: charge its bound up front, run untraced
            meter.charge(bound)
        result = method(cls(state, context), **_arguments(request))
    except GasExhausted:
        result = None
    except ContractError:
        raise
    except MinichainError as error:
        raise ContractRuleError(error.field, error.rule) from None
    except Exception as error:  # a contract's bug fails its call, the same way everywhere
        raise ContractRuleError(request.method, _describe(error)) from None
    finally:
        if traced:
            sys.settrace(previous)
    if meter.exhausted:
        raise OutOfGasError("gas", f"the call needed more than its budget of {meter.budget}")
    _check_plain(result, "result")
    return result, state.writes()
    # --8<-- [end:invoke]


# --8<-- [start:run_call]
def run_call(
    cls: type[Contract],
    entries: Mapping[str, Any],
    caller: str,
    method: str,
    args: Mapping[str, Any],
    *,
    admin: str = "",
    height: int = 1,
    time: int = 0,
    gas: int = DEFAULT_GAS,
) -> tuple[Any, dict[str, Any]]:
    """Run one call of ``cls`` on a plain state, as every member would; no chain needed.

    ``entries`` is the contract's state before the call (key to plain value).
    Returns the method's result and its writes (key to new value, ``None`` for a
    deletion). This is how the exercises judge a learner's contract rules:
    against what minichain's execution of the reference contract gives.

    Raises:
        ContractError: the call fails (the contract's rule, out of gas, a bad value).
        NondeterminismError: ``cls`` is not deterministic code.
    """
    check_deterministic(cls)
    if not isinstance(entries, Mapping):
        raise WrongTypeError("entries", f"must be a dict, got {describe_type(entries)}")
    if not isinstance(args, Mapping):
        raise WrongTypeError("args", f"must be a dict, got {describe_type(args)}")
    base = {
        f"{cls.name}/{key}": canonical_value(value, f"entries[{key!r}]")
        for key, value in entries.items()
    }
    request = Call(cls.name, method, tuple(args.items()))
    meter = Meter(gas)
    try:
        result, writes = _invoke(cls, request, Context(caller, height, time, admin), base, meter)
    except GasExhausted:
        raise OutOfGasError("gas", f"the call needed more than its budget of {gas}") from None
    cut = len(cls.name) + 1
    return result, {
        key[cut:]: None if raw is None else json.loads(raw) for key, raw in writes.items()
    }
    # --8<-- [end:run_call]


# --8<-- [start:approve]
def _approve(
    request: Call,
    context: Context,
    view: Mapping[str, bytes | None],
    members: Members,
    meter: Meter,
) -> tuple[Any, dict[str, bytes | None]]:
    """``consortium.approve(name, code, admin)``: one member's approval of a definition;
    the definition takes effect when a quorum of members approved the same one."""
    if request.method != "approve":
        raise UnknownContractError("method", f"{SYSTEM} has only the method 'approve'")
    args = dict(request.args)
    if set(args) != {"name", "code", "admin"}:
        raise CallEncodingError("args", "approve takes name, code and admin")
    if context.caller not in members.addresses:
        raise ContractRuleError("caller", f"{context.caller} is not a member of the consortium")
    name, code, admin = args["name"], args["code"], args["admin"]
    try:
        check_identifier(name, "args.name")
    except MinichainError as error:
        raise ContractRuleError(error.field, error.rule) from None
    if not isinstance(code, str) or len(_code_digest(code)) != 32:
        raise ContractRuleError("args.code", "must be a code hash in Base58")
    if not isinstance(admin, str):
        raise ContractRuleError("args.admin", "must be an address")
    state = State(SYSTEM, view, meter)
    state[f"approval/{name}/{context.caller}"] = [code, admin]
    agreeing = [
        member
        for member in sorted(members.addresses)
        if state.get(f"approval/{name}/{member}") == [code, admin]
    ]
    if len(agreeing) >= members.quorum:
        state[f"contract/{name}"] = {"admin": admin, "code": code, "height": context.height}
    return len(agreeing), state.writes()
    # --8<-- [end:approve]


@lru_cache(maxsize=256)
def _definition(raw: bytes) -> dict[str, Any]:
    """An installed contract's definition from its state entry (the same bytes: decoded once)."""
    value: dict[str, Any] = json.loads(raw)
    return value


@lru_cache(maxsize=256)
def _code_digest(text: str) -> bytes:
    try:
        return b58decode(text)
    except MinichainError:
        return b""


# --- a member's node ----------------------------------------------------------------------


def committed_roots(block: Block) -> tuple[bytes, bytes]:
    """The state root and receipts root a block's coinbase memo commits to.

    Raises:
        StateRootError: the memo does not carry them.
    """
    memo = block.transactions[0].memo if block.transactions else b""
    note = memo[4:]
    if len(note) != len(STATE_TAG) + 64 or not note.startswith(STATE_TAG):
        raise StateRootError(
            "coinbase.memo", "must hold the height, 'state:', the state root and the receipts root"
        )
    start = len(STATE_TAG)
    return note[start : start + 32], note[start + 32 :]


def _apply(state: Mapping[str, bytes], changes: Mapping[str, bytes | None]) -> dict[str, bytes]:
    """A new state: ``state`` with a block's writes (``None`` deletes the entry)."""
    after = dict(state)
    for key, raw in changes.items():
        if raw is None:
            after.pop(key, None)
        else:
            after[key] = raw
    return after


class ContractChain(PermissionedChain):
    """A member's node that also executes contracts and checks every block's state root.

    Args:
        params: the chain's rules (callers enrolled as issuers of ``"call"`` documents).
        validators: the consortium.
        key: this member's key (``None`` for an observer).
        library: the contract code this member has installed.
        gas: each call's budget (all members must use the same).
        backend: signature backend.
    """

    def __init__(
        self,
        params: ChainParams,
        validators: ValidatorSet,
        key: AnyPrivateKey | None = None,
        *,
        library: ContractLibrary | None = None,
        gas: int = DEFAULT_GAS,
        backend: str = "auto",
    ) -> None:
        super().__init__(params, validators, key, backend=backend)
        self.library = ContractLibrary() if library is None else library
        self.gas = require_int(gas, "gas", 1, 10**9)
        self.suite = params.suite
        self.state: dict[str, bytes] = {}
        self.receipts: dict[bytes, Receipt] = {}
        self.members = Members(
            {member.public_key.address: member.name for member in validators}, validators.quorum
        )
        self._pending: dict[bytes, tuple[dict[str, bytes | None], list[Receipt]]] = {}

    # --- reading ---

    @property
    def state_root(self) -> bytes:
        """The root of the state after the last final block."""
        return state_root(self.state, self.suite)

    def query(self, contract: str, key: str, default: Any = None) -> Any:
        """A contract's state entry ``key`` after the last final block (``default`` if absent)."""
        raw = self.state.get(f"{check_identifier(contract, 'contract')}/{key}")
        return default if raw is None else json.loads(raw)

    def entries(self, contract: str) -> dict[str, Any]:
        """Every state entry of ``contract``, by key, sorted."""
        prefix = check_identifier(contract, "contract") + "/"
        return {
            key[len(prefix) :]: json.loads(raw)
            for key, raw in sorted(self.state.items())
            if key.startswith(prefix)
        }

    def receipt(self, txid: bytes) -> Receipt | None:
        """The receipt of a final call transaction, or ``None``."""
        return self.receipts.get(txid)

    def replay(self) -> dict[str, bytes]:
        """The state recomputed from the final blocks alone, checking each block's roots.

        The state's history is the chain's: anyone with the blocks and the code
        gets the same state, or finds the first block whose roots do not follow.

        Raises:
            StateRootError: a final block's roots differ from its execution here.
            MissingCodeError: this member lacks the code of an installed contract.
        """
        state: dict[str, bytes] = {}
        for height, block in enumerate(self.chain):
            if height == 0:
                continue  # the genesis block holds no calls and no roots
            changes, receipts = execute_block(
                block.transactions[1:],
                height,
                block.header.timestamp,
                state,
                self.library,
                self.members,
                self.gas,
            )
            state = _apply(state, changes)
            roots = (state_root(state, self.suite), receipts_root(receipts, self.suite))
            if committed_roots(block) != roots:
                raise StateRootError(
                    "coinbase.memo",
                    "does not commit to the state and receipts its calls give",
                    block_label(height, block.hash),
                )
        return state

    def submit(self, tx: Transaction) -> Transaction:
        """Put a transaction in this node's mempool; a call is decoded here, once.

        A transaction's own form is checked when it enters the mempool (its
        signature, and for a call its arguments and digest: :func:`read_call`
        keeps what it decodes on the transaction), so a block only executes.
        A malformed call is still taken: it fails in its block, with a receipt.
        """
        accepted = super().submit(tx)
        try:
            read_call(accepted)
        except ContractError:
            pass  # recorded as failed when a block holds it, on every member alike
        return accepted

    # --- executing ---

    def _execute(self, block: Block) -> tuple[dict[str, bytes | None], list[Receipt]]:
        return execute_block(
            block.transactions[1:],
            self.height,
            block.header.timestamp,
            self.state,
            self.library,
            self.members,
            self.gas,
        )

    def _after(self, changes: Mapping[str, bytes | None]) -> dict[str, bytes]:
        return _apply(self.state, changes)

    def _build_block(self, address: str, transactions: Iterable[Transaction] | None) -> Block:
        """Execute the calls of the block the miner builds, then write both roots in its
        coinbase memo: a new coinbase, Merkle root and proof-of-work, the same time."""
        block = super()._build_block(address, transactions)
        changes, receipts = self._execute(block)
        roots = state_root(self._after(changes), self.suite), receipts_root(receipts, self.suite)
        note = STATE_TAG + roots[0] + roots[1]
        reward = block.transactions[0]
        body: tuple[Transaction, ...] = (
            coinbase(self.height, address, reward.outputs[0].amount, note),
        )
        body += block.transactions[1:]
        txids = [tx.txid for tx in body]
        header = replace(
            block.header, merkle_root=merkle_root(txids, node_hash=self.suite.node_hash)
        )
        found = mine(header)
        if found is None:  # pragma: no cover - every nonce failed on this chain's target
            raise StateRootError("coinbase.memo", "no proof-of-work found for the committed block")
        committed = Block(found, body)
        self._pending[committed.hash] = (changes, receipts)
        return committed

    # --8<-- [start:check_roots]
    def _check_block(self, block: Block) -> None:
        """The ledger's rules, then the contracts: execute the calls and compare both roots."""
        super()._check_block(block)
        if block.hash in self._pending:
            return  # this member built it and executed it a moment ago
        where = block_label(self.height, block.hash)
        claimed = committed_roots(block)
        try:
            changes, receipts = self._execute(block)
        except ConsensusError as error:
            raise error.located(where) from None
        computed = (
            state_root(self._after(changes), self.suite),
            receipts_root(receipts, self.suite),
        )
        for label, ours, theirs in zip(("state", "receipts"), computed, claimed):
            if ours != theirs:
                raise StateRootError(
                    "coinbase.memo",
                    f"commits to the {label} root {short_hex(theirs)}, but executing the block "
                    f"here gives {short_hex(ours)}; this member will not follow a state it "
                    "cannot reproduce",
                    where,
                )
        self._pending[block.hash] = (changes, receipts)
        # --8<-- [end:check_roots]

    def _finalise(self, certificate: Any, block: Block) -> None:
        pending = self._pending.get(block.hash)
        changes, receipts = pending if pending is not None else self._execute(block)
        super()._finalise(certificate, block)
        self.state = self._after(changes)
        self.receipts.update((receipt.txid, receipt) for receipt in receipts)
        self._pending.clear()


# --- every member in one process -------------------------------------------------------


class ContractConsortium(Consortium):
    """A :class:`~minichain.consortium.Consortium` whose members run contracts.

    Args:
        keys: ``{name: private key}`` of every member, in rotation order.
        params: the chain's rules (default ``ChainParams.regtest(name="consortium")``).
        clients: addresses besides the members that may sign calls (enrolled identities).
        libraries: a member's own :class:`ContractLibrary` by name (default: an empty
            one each); :meth:`install` registers code in every library.
        gas: each call's budget.
        backend: signature backend of every node.
    """

    def __init__(
        self,
        keys: Mapping[str, AnyPrivateKey],
        params: ChainParams | None = None,
        *,
        clients: Iterable[str] = (),
        libraries: Mapping[str, ContractLibrary] | None = None,
        gas: int = DEFAULT_GAS,
        backend: str = "auto",
    ) -> None:
        params = ChainParams.regtest(name="consortium") if params is None else params
        if isinstance(clients, str):
            raise WrongTypeError("clients", "must be a list of addresses, not one str")
        enrolled = [key.address for key in keys.values()] + list(clients)
        issuers = {kind: list(addresses) for kind, addresses in params.issuers}
        issuers[CALL_KIND] = list(dict.fromkeys(issuers.get(CALL_KIND, []) + enrolled))
        self._libraries = dict(libraries or {})
        self._gas = gas
        self._nonces: dict[str, int] = {}
        self.refusals: list[tuple[str, ConsensusError]] = []
        super().__init__(keys, params.with_issuers(issuers), backend=backend)

    _tolerated = (ReplayError, EquivocationError, StateRootError, MissingCodeError)

    def _make_node(
        self, name: str, params: ChainParams, key: AnyPrivateKey, backend: str
    ) -> PermissionedChain:
        library = self._libraries.get(name) or ContractLibrary()
        return ContractChain(
            params, self.validators, key, library=library, gas=self._gas, backend=backend
        )

    def node(self, name: str) -> ContractChain:
        """Member ``name``'s contract node."""
        node = self.nodes[self.validators.member(name, "name").name]
        if not isinstance(node, ContractChain):  # pragma: no cover - _make_node makes them
            raise WrongTypeError("name", "is not a contract node")
        return node

    @property
    def first(self) -> ContractChain:
        """The first member's node, for reading the agreed state."""
        return self.node(self.validators.names[0])

    def call(self, caller: AnyPrivateKey, contract: str, method: str, **args: Any) -> Transaction:
        """Sign ``contract.method(**args)`` as ``caller`` (next nonce); gossip it to every node.

        Raises:
            SuiteError: ``caller`` is a key of another suite than the chain's.
            WrongTypeError: ``caller`` is no private key.
        """
        self.params.suite.check_private_key(caller, "caller")
        nonce = self._nonces.get(caller.address, 0)
        tx = call(caller, self.chain_id, contract, method, nonce=nonce, **args)
        self.submit(tx)
        self._nonces[caller.address] = nonce + 1
        return tx

    def install(self, cls: type[Contract], admin: str) -> bytes:
        """Install ``cls`` in every member's library and have every member approve it.

        The approvals are calls in the mempools; the contract is installed in the
        block where a quorum of them is final. Returns the code hash.
        """
        digest = code_hash(cls)
        for name, node in self.nodes.items():
            if isinstance(node, ContractChain) and name not in self._libraries:
                node.library.register(cls)
        for key in self._keys.values():
            self.call(key, SYSTEM, "approve", name=cls.name, code=b58encode(digest), admin=admin)
        return digest

    @property
    def agreed(self) -> ContractChain:
        """The node to read the agreed state from: the first member's among those furthest
        ahead (:attr:`Consortium.ahead`), never one left behind by a refusal."""
        return self.node(self.ahead.name)

    def receipt(self, txid: bytes) -> Receipt | None:
        """The agreed receipt of a final call (read from :attr:`agreed`)."""
        return self.agreed.receipt(txid)

    def query(self, contract: str, key: str, default: Any = None) -> Any:
        """The agreed state entry (read from :attr:`agreed`)."""
        return self.agreed.query(contract, key, default)

    def run_height(
        self, silent: Iterable[str] = (), equivocators: Iterable[str] = ()
    ) -> list[Event]:
        """Decide the next height (see :meth:`Consortium.run_height`), adding to the trace
        each member that refused a block because its own execution differs.

        A member left behind by such a refusal takes no part any more, as a
        node that cannot follow the chain would.
        """
        before = len(self.refusals)
        events = super().run_height(silent, equivocators)
        extra = [
            Event(events[-1].height, events[-1].view, "refused", f"{name} refuses: {error}")
            for name, error in self.refusals[before:]
        ]
        return events + self._record(extra)

    def _deliver(self) -> list[tuple[str, object, object]]:
        outcomes = super()._deliver()
        for name, _, outcome in outcomes:
            if isinstance(outcome, (StateRootError, MissingCodeError)):
                self.refusals.append((name, outcome))
        return outcomes
