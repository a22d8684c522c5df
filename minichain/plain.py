"""Plain data: the values contract calls carry and contract state holds, and their one spelling.

Every member must read a call's arguments and write a contract's state to
the same bytes, or their state roots differ. So a contract deals in *plain
data* only: ``None``, ``bool``, ``int`` within +-(2**63 - 1), ``str``, and
lists and dicts (with ``str`` keys) of plain data, bounded in size and depth.
No floats (money is counted in whole units; binary floats round differently
from decimal arithmetic), no sets (Python orders strings in a set differently
in each process), no objects. Their one byte spelling is canonical JSON
(RFC 8259 text with sorted keys, no spaces, UTF-8 kept as it is; the idea of
RFC 8785's canonical form without its number rules, since there are no
floats): :func:`canonical_value`. FISCO BCOS contracts encode with Solidity's
ABI instead; Fabric chaincode chooses its own encoding, often JSON, and
warns that Go's map order is random, the same trap sets are here.
"""

from __future__ import annotations

import json
from typing import Any

from minichain.errors import ContractValueError, Phrase, describe_type

MAX_INT = 2**63 - 1
"""Integers in calls and state lie within +-(2**63 - 1)."""


MAX_ITEMS = 65_536
"""A plain value holds at most this many values, nested ones included (a list that contains
itself never ends: it is refused by this count or by :data:`MAX_DEPTH`, the same way on
every member)."""
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


def is_plain(value: Any) -> bool:
    """Whether ``value`` is plain data (the fast pass of :func:`check_plain`, without names)."""
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


def check_plain(value: Any, field: str) -> None:
    """Refuse anything but plain data, naming where it is (it runs on every write).

    Raises:
        ContractValueError: ``value`` (``field`` names it) holds a float, a set, an
            object, an int beyond +-(2**63 - 1), a key that is not a str, more than
            :data:`MAX_ITEMS` values or more than :data:`MAX_DEPTH` levels.
    """
    if is_plain(value):
        return
    pending = [(value, field, 1)]
    left = MAX_ITEMS
    while pending:
        left -= 1
        if left < 0:
            raise ContractValueError(
                field, "holds more than {max_items} values, or itself", max_items=MAX_ITEMS
            )
        item, where, depth = pending.pop()
        kind = type(item)
        if item is None or kind is bool or kind is str:
            continue
        if kind is int:
            if abs(item) > MAX_INT:
                raise ContractValueError(where, "{item} is beyond +-(2**63 - 1)", item=item)
        elif depth > MAX_DEPTH:
            raise ContractValueError(
                where, "nests lists and dicts more than {max_depth} deep", max_depth=MAX_DEPTH
            )
        elif kind is list or kind is tuple:
            pending.extend((part, f"{where}[{i}]", depth + 1) for i, part in enumerate(item))
        elif kind is dict:
            for key, part in item.items():
                if type(key) is not str:
                    raise ContractValueError(
                        where, "keys must be str, got {key_type}", key_type=describe_type(key)
                    )
                pending.append((part, f"{where}.{key}", depth + 1))
        else:
            rule = (
                Phrase("money is counted in whole units")
                if kind is float
                else Phrase("plain data only")
            )
            raise ContractValueError(
                where,
                "must be None, bool, int, str, list or dict, not {item_type} ({reason})",
                item_type=describe_type(item),
                reason=rule,
            )


CANONICAL_JSON = json.JSONEncoder(
    sort_keys=True, separators=(",", ":"), ensure_ascii=False, check_circular=False
)
"""The encoder of :func:`canonical_value`, made once (``json.dumps`` with options makes one
per call). Only for values already checked plain: it checks nothing itself."""


# --8<-- [start:canonical_value]
def canonical_value(value: Any, field: str = "value") -> bytes:
    """The one byte spelling of a plain value: canonical JSON in UTF-8 (tuples as lists).

    Raises:
        ContractValueError: ``value`` holds a float, a set, an object, or an int beyond
            +-(2**63 - 1).
    """
    check_plain(value, field)
    return CANONICAL_JSON.encode(value).encode()
    # --8<-- [end:canonical_value]
