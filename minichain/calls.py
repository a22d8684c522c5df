"""A contract call as a signed transaction: :class:`Call`, :func:`call`, :func:`read_call`.

A call is an issuance (see :mod:`minichain.tx`) of one document of kind
``"call"`` whose metadata names the contract, the method and the arguments
(plain data as canonical JSON, :mod:`minichain.plain`), signed by the caller.
Only enrolled callers may sign one: the chain's params list them as issuers
of ``"call"`` documents, as Fabric's membership service lists the identities
a channel accepts. The document's digest binds the caller, the call and a
nonce, and the ledger registers a digest once, so a call cannot be replayed.

The caller's key says the crypto suite (:mod:`minichain.suite`), as for every
transaction: on a chain of the national suite a call is signed with SM2
(GB/T 32918.2-2016) and its txid and digest are SM3 hashes (GB/T 32905-2016),
as FISCO BCOS's 国密 build signs its transactions.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from minichain.errors import (
    CallEncodingError,
    ContractValueError,
    MinichainError,
    WrongTypeError,
    describe_type,
    require_int,
)
from minichain.keys import PrivateKey
from minichain.ledger import key_address
from minichain.plain import CANONICAL_JSON, MAX_INT, canonical_value, check_plain
from minichain.suite import BITCOIN, AnyPrivateKey, GMPrivateKey, Suite, suite_of
from minichain.tx import U64, Document, Transaction, check_identifier, issue

CALL_KIND = "call"
"""The document kind of a contract call (the params enroll its callers as its issuers)."""
CALL_TAG = b"minichain/contract-call/v1"
"""Prefixed to what a call's digest hashes, so the digest means nothing else."""
MAX_ARGS = 6
"""A call carries at most 6 arguments (the document's metadata holds 8 items)."""


def _plain_from_json(text: str, name: str) -> Any:
    """The value of the argument ``name`` that a call document's label spells."""
    scalar = _json_scalar(text)
    if scalar is not _NOT_SCALAR:
        return scalar
    field = f"args.{name}"
    try:
        value = json.loads(text)
        check_plain(value, field)
    except ContractValueError as error:
        raise CallEncodingError(error.field, error.rule) from None
    except ValueError:
        raise CallEncodingError(field, "is not JSON") from None
    if CANONICAL_JSON.encode(value) != text:  # plain: checked above
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
    return value if CANONICAL_JSON.encode(value) == text else _NOT_SCALAR


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
            check_plain(value, f"args.{name}")
            pairs.append((name, value))
        if len(pairs) > MAX_ARGS:
            raise CallEncodingError(
                "args",
                "at most {max_args} arguments, got {pairs_size}",
                max_args=MAX_ARGS,
                pairs_size=len(pairs),
            )
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
        body = CANONICAL_JSON.encode([self.contract, self.method, self.args]).encode()  # plain
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
        raise WrongTypeError(
            "caller", "must be a private key, got {caller_type}", caller_type=describe_type(caller)
        )
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
