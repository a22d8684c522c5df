"""Domain values as plain data, so that they can cross the sandbox wall (:mod:`.wire`).

The exercises pass headers, chains, keys, proofs, transactions and their own
small dataclasses to the learner's functions, and get some of them back. Each
crosses as the plain data that defines it, and is rebuilt on the other side by
the library's own constructors and parsers:

====================  =====================================================
value                 crosses as
====================  =====================================================
BlockHeader           its 80 bytes and its suite's name (``BlockHeader.parse``)
Block, Transaction    their serialized bytes and suite (``Block.parse``, ``Transaction.parse``)
PublicKey             its 65-byte SEC 1 form (``PublicKey.parse``); ``GMPublicKey`` too
PrivateKey            its secret number; ``GMPrivateKey`` too
Suite                 its name (``"bitcoin"`` or ``"gm"``, ``suite_named``)
OutPoint              txid and index
ValidatorSet          its members, in order
Blockchain            its params and every block it knows, in the order added
library dataclasses   their fields (``Document``, ``MerkleProof``, ``Vote``, ...)
exercise dataclasses  their fields, by class name (``Evidence``, ``Certificate``)
====================  =====================================================

What comes back from a student's code is rebuilt here by the grader's own copy
of the library, so a returned transaction is whatever ``Transaction.parse``
makes of its bytes and a returned dataclass is whatever its own checks accept.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from typing import Any

from minichain.chain import Blockchain
from minichain.consensus import (
    CommitCertificate,
    Equivocation,
    Proposal,
    Validator,
    ValidatorSet,
    ViewChange,
    Vote,
)
from minichain.course.wire import Named, WireError
from minichain.header import BlockHeader
from minichain.keys import PrivateKey, PublicKey, Signature
from minichain.ledger import Block
from minichain.merkle import MerkleProof
from minichain.params import ChainParams
from minichain.suite import GMPrivateKey, GMPublicKey, Suite, suite_named
from minichain.tx import Document, OutPoint, Transaction, TxIn, TxOut

LIBRARY_DATACLASSES: dict[str, type] = {
    cls.__name__: cls
    for cls in (
        ChainParams,
        CommitCertificate,
        Document,
        Equivocation,
        MerkleProof,
        Proposal,
        Signature,
        TxIn,
        TxOut,
        Validator,
        ViewChange,
        Vote,
    )
}
"""The library's dataclasses that cross as their fields."""

LIBRARY = "minichain:"
EXERCISE = "exercise:"


def _blockchain_to_plain(chain: Blockchain) -> Any:
    blocks = [block.serialize() for block in list(chain.blocks.values())[1:]]
    return (Named(LIBRARY + "ChainParams", _fields(chain.params, {})), blocks)


def _fields(value: Any, exercise: Mapping[str, type]) -> dict[str, Any]:
    return {
        field.name: to_plain(getattr(value, field.name), exercise)
        for field in dataclasses.fields(value)
        if field.init
    }


SPECIAL: dict[type, tuple[str, Callable[[Any], Any]]] = {
    BlockHeader: ("BlockHeader", lambda header: (header.serialize(), header.suite.name)),
    Block: ("Block", lambda block: (block.serialize(), block.header.suite.name)),
    Transaction: ("Transaction", lambda tx: (tx.serialize(), tx.suite.name)),
    PublicKey: ("PublicKey", lambda key: key.sec(compressed=False)),
    PrivateKey: ("PrivateKey", lambda key: key.secret),
    GMPublicKey: ("GMPublicKey", lambda key: key.sec(compressed=False)),
    GMPrivateKey: ("GMPrivateKey", lambda key: key.secret),
    Suite: ("Suite", lambda suite: suite.name),
    OutPoint: ("OutPoint", lambda point: (point.txid, point.index)),
    ValidatorSet: ("ValidatorSet", lambda members: list(members)),
    Blockchain: ("Blockchain", _blockchain_to_plain),
}


def _library_value(name: str, plain: Any, exercise: Mapping[str, type]) -> Any:
    if name in ("BlockHeader", "Block", "Transaction"):
        raw, suite = plain
        parsers = {"BlockHeader": BlockHeader.parse, "Block": Block.parse}
        return parsers.get(name, Transaction.parse)(raw, suite_named(suite))
    if name == "PublicKey":
        return PublicKey.parse(plain)
    if name == "PrivateKey":
        return PrivateKey(plain)
    if name == "GMPublicKey":
        return GMPublicKey.parse(plain)
    if name == "GMPrivateKey":
        return GMPrivateKey(plain)
    if name == "Suite":
        return suite_named(plain)
    if name == "OutPoint":
        txid, index = plain
        return OutPoint(txid, index)
    if name == "ValidatorSet":
        return ValidatorSet(from_plain(plain, exercise))
    if name == "Blockchain":
        params, blocks = plain
        chain = Blockchain(from_plain(params, exercise))
        for raw in blocks:
            chain.add_block(Block.parse(raw, chain.params.suite))
        return chain
    raise WireError("name", "{name!r} is not a value the grader accepts", name=name[:40])


def to_plain(value: Any, exercise: Mapping[str, type]) -> Any:
    """``value`` as plain data, domain values as :class:`~.wire.Named`.

    Args:
        value: what to send.
        exercise: the exercise's own dataclasses by name (they cross as their fields).

    Raises:
        WireError: ``value`` holds something that has no plain form.
    """
    kind = type(value)
    if kind in SPECIAL:
        name, plain = SPECIAL[kind]
        return Named(LIBRARY + name, to_plain(plain(value), exercise))
    if kind in (list, tuple, set, frozenset):
        return kind(to_plain(item, exercise) for item in value)
    if kind is dict:
        return {to_plain(k, exercise): to_plain(v, exercise) for k, v in value.items()}
    if LIBRARY_DATACLASSES.get(kind.__name__) is kind:
        return Named(LIBRARY + kind.__name__, _fields(value, exercise))
    if exercise.get(kind.__name__) is kind and dataclasses.is_dataclass(kind):
        return Named(EXERCISE + kind.__name__, _fields(value, exercise))
    return value  # plain data, or refused by the wire encoder with a WireError


def from_plain(value: Any, exercise: Mapping[str, type]) -> Any:
    """Rebuild what :func:`to_plain` sent, with this side's library and exercise classes.

    Raises:
        WireError: an unknown name.
        MinichainError, TypeError, ValueError: the library refuses the data
            (the caller treats this as a value it cannot accept).
    """
    kind = type(value)
    if kind is Named:
        name: str = value.name
        if name.startswith(LIBRARY):
            short = name.removeprefix(LIBRARY)
            if short in LIBRARY_DATACLASSES:
                return _build(LIBRARY_DATACLASSES[short], value.value, exercise)
            return _library_value(short, from_plain(value.value, exercise), exercise)
        if name.startswith(EXERCISE) and name.removeprefix(EXERCISE) in exercise:
            return _build(exercise[name.removeprefix(EXERCISE)], value.value, exercise)
        raise WireError("name", "{name!r} is not a value the grader accepts", name=name[:40])
    if kind in (list, tuple, set, frozenset):
        return kind(from_plain(item, exercise) for item in value)
    if kind is dict:
        return {from_plain(k, exercise): from_plain(v, exercise) for k, v in value.items()}
    return value


def _build(cls: type, fields: Any, exercise: Mapping[str, type]) -> Any:
    if type(fields) is not dict or not all(type(key) is str for key in fields):
        raise WireError(cls.__name__, "must be sent as a dict of its fields")
    known = {field.name for field in dataclasses.fields(cls) if field.init}
    unknown = set(fields) - known
    if unknown:
        raise WireError(cls.__name__, "has no field {sorted!r}", sorted=sorted(unknown)[0][:40])
    return cls(**{key: from_plain(item, exercise) for key, item in fields.items()})


def dataclasses_in(namespace: Mapping[str, Any]) -> dict[str, type]:
    """The dataclasses defined in ``namespace`` (an exercise's shared code), by name."""
    return {
        name: value
        for name, value in namespace.items()
        if isinstance(value, type)
        and dataclasses.is_dataclass(value)
        and LIBRARY_DATACLASSES.get(name) is not value
    }
