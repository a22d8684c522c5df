"""Executing a block's calls, the way every member does: :func:`execute_block`, :func:`run_call`.

Order, then execute (FISCO BCOS): the block fixes the calls' order, and each
member runs them one after the other on the state the last final block left.

* **metered:** each call runs under its own :class:`~minichain.gas.Meter`.
* **atomic:** a call's writes join the block's state only if it returns
  normally; a failing call changes nothing, and its transaction stays in the
  block with a failed :class:`~minichain.commitments.Receipt`: recorded, not
  dropped.
* **installed by the consortium:** the built-in contract ``consortium``
  (:data:`SYSTEM`) has one method, ``approve(name, code, admin)``; a
  definition takes effect in the block where a quorum of members has
  approved the same one (Fabric's ``approveformyorg`` and ``commit``).

:func:`run_call` runs one call on a plain state, with no chain: how the
exercises judge a learner's contract rules.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from minichain.base58 import b58decode
from minichain.calls import Call, read_call
from minichain.code_rules import ContractLibrary, check_deterministic, code_costs, method_plan
from minichain.commitments import Receipt
from minichain.contract_base import Context, Contract, State
from minichain.errors import (
    CallEncodingError,
    ContractError,
    ContractRuleError,
    GasExhausted,
    MinichainError,
    MissingCodeError,
    OutOfGasError,
    UnknownContractError,
    WrongTypeError,
    describe_type,
)
from minichain.gas import DEFAULT_GAS, Meter
from minichain.plain import CANONICAL_JSON, canonical_value, check_plain
from minichain.tx import Transaction, check_identifier

SYSTEM = "consortium"
"""The built-in contract that installs the others (its one method: ``approve``)."""


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
            stop = OutOfGasError("gas", "the call needed more than its budget of {gas}", gas=gas)
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
        raise UnknownContractError("contract", "{name!r} is not installed", name=name)
    definition = _definition(raw)
    cls = library.code_for(_code_digest(definition["code"]))
    if cls is None:
        raise MissingCodeError(
            "contract",
            "{name!r} is installed with code {code}…, which this member does not have",
            name=name,
            code=definition["code"][:12],
        )
    installed[name] = cls, definition["admin"]
    return cls, definition["admin"]


_SCALARS = (str, int, bool, type(None))


def _arguments(request: Call) -> dict[str, Any]:
    """The call's arguments for one execution: a list or dict is a fresh copy each time,
    so a method that changes its argument in place changes nothing another member sees."""
    return {
        name: value if type(value) in _SCALARS else json.loads(CANONICAL_JSON.encode(value))
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
    method, bound = method_plan(cls).get(request.method, (None, None))
    if method is None:
        raise UnknownContractError(
            "method",
            "{contract} has no method {method!r}",
            contract=request.contract,
            method=request.method,
        )
    state = State(request.contract, view, meter)
    traced = bound is None  # it may loop or recurse: count its lines as they run
    if traced:
        previous = sys.gettrace()
        sys.settrace(meter.tracer(code_costs(cls)))
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
        raise ContractRuleError(
            request.method, "{kind}: {detail}", kind=type(error).__name__, detail=str(error)
        ) from None
    finally:
        if traced:
            sys.settrace(previous)
    if meter.exhausted:
        raise OutOfGasError(
            "gas", "the call needed more than its budget of {budget}", budget=meter.budget
        )
    check_plain(result, "result")
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
        raise WrongTypeError(
            "entries", "must be a dict, got {entries_type}", entries_type=describe_type(entries)
        )
    if not isinstance(args, Mapping):
        raise WrongTypeError(
            "args", "must be a dict, got {args_type}", args_type=describe_type(args)
        )
    base = {
        f"{cls.name}/{key}": canonical_value(value, f"entries[{key!r}]")
        for key, value in entries.items()
    }
    request = Call(cls.name, method, tuple(args.items()))
    meter = Meter(gas)
    try:
        result, writes = _invoke(cls, request, Context(caller, height, time, admin), base, meter)
    except GasExhausted:
        raise OutOfGasError(
            "gas", "the call needed more than its budget of {gas}", gas=gas
        ) from None
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
        raise UnknownContractError(
            "method", "{system} has only the method 'approve'", system=SYSTEM
        )
    args = dict(request.args)
    if set(args) != {"name", "code", "admin"}:
        raise CallEncodingError("args", "approve takes name, code and admin")
    if context.caller not in members.addresses:
        raise ContractRuleError(
            "caller", "{caller} is not a member of the consortium", caller=context.caller
        )
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
