"""The wire protocol: length-prefixed JSON messages between nodes on one machine.

Every message is one *frame*::

    +----------------------+------------------------------------------+
    | length: 4 bytes,     | payload: ``length`` bytes of UTF-8 JSON,  |
    | big-endian unsigned  | an object whose ``"type"`` names it       |
    +----------------------+------------------------------------------+

The length is read first and checked against :data:`MAX_MESSAGE_SIZE`
*before* the payload is read, so a peer cannot make a node allocate
gigabytes by announcing them (Bitcoin Core checks ``MAX_PROTOCOL_MESSAGE_LENGTH``
on the header the same way). Blocks and transactions travel as their
canonical bytes in hex (:meth:`Block.serialize`, :meth:`Transaction.serialize`),
so a txid or block hash computed by the receiver is the sender's. Hashes are
hex in internal byte order, as on Bitcoin's wire.

The messages follow Bitcoin's P2P protocol (developer reference, "P2P
Network"), simplified:

=========== ==================================================================
type        meaning
=========== ==================================================================
hello       first message each way (Bitcoin ``version``): protocol version,
            chain name, genesis hash, tip height and hash, listening port
inv         "I have these" block hashes and txids (at most 500 of each)
getdata     "send me these" block hashes and txids
getblocks   a *block locator* (see :mod:`minichain.node.locator`): "here is
            where my chain is; list what comes after"; answered by an inv
block       one block's bytes
tx          one transaction's bytes
getstatus   a client's question: what is your height and tip?
status      the answer: chain, height, tip, peers, mempool size, synced
=========== ==================================================================

Time limits (each a :class:`minichain.node.node.Limits` field, so tests can
shorten them): a connection must say ``hello`` (or ask ``getstatus``) within
``hello_timeout`` (10 s); once a frame's first byte has arrived, the rest of
it must follow within ``frame_timeout`` (10 s), else the connection is
dropped as stalled; a peer that has said hello and then sends nothing for
``idle_timeout`` (300 s) is dropped, and every node sends each peer an empty
``inv`` every ``idle_timeout / 3`` as a keepalive (Bitcoin's ``ping``), so an
honest quiet peer never is. A connection beyond the peer limit may still ask
``getstatus`` within ``hello_timeout``; it is answered and closed.

Decoding is strict: a missing or mistyped field, bad hex, too many entries
or bytes that do not parse raise a specific :class:`ProtocolError` naming
the field. Unknown *fields* are ignored, so a later version may add some.
"""

from __future__ import annotations

import asyncio
import json
import struct
from dataclasses import dataclass
from typing import Any, ClassVar

from minichain.errors import MinichainError
from minichain.ledger import Block
from minichain.node.errors import (
    MalformedMessageError,
    OversizeMessageError,
    TruncatedMessageError,
    UnknownMessageTypeError,
)
from minichain.suite import BITCOIN, Suite
from minichain.tx import Transaction

PROTOCOL_VERSION = 1
"""Bumped when a message changes meaning; peers with another version are refused."""
MAX_MESSAGE_SIZE = 4 * 1024 * 1024
"""Largest payload accepted (4 MiB): a 1 MB block in hex, with room to spare."""
MAX_INVENTORY = 500
"""Most hashes in one inv or getdata, and blocks listed per getblocks (as Bitcoin's 500)."""
MAX_LOCATOR = 101
"""Most hashes in a block locator (Bitcoin Core ``MAX_LOCATOR_SZ``)."""
MAX_NAME = 64
"""Longest chain name a hello may carry."""

_LENGTH = struct.Struct(">I")
HASH_HEX = 64


# --- reading JSON fields --------------------------------------------------------


def _int(obj: dict[str, Any], kind: str, name: str, low: int, high: int) -> int:
    value = obj.get(name)
    if isinstance(value, bool) or not isinstance(value, int):
        raise MalformedMessageError(f"{kind}.{name}", "must be a whole number")
    if not low <= value <= high:
        raise MalformedMessageError(
            f"{kind}.{name}", "must be between {low} and {high}", low=low, high=high
        )
    return value


def _text(obj: dict[str, Any], kind: str, name: str, longest: int) -> str:
    value = obj.get(name)
    if not isinstance(value, str):
        raise MalformedMessageError(f"{kind}.{name}", "must be a string")
    if not 0 < len(value) <= longest:
        raise MalformedMessageError(
            f"{kind}.{name}", "must be 1 to {longest} characters", longest=longest
        )
    return value


def _hex_bytes(value: object, field: str, length: int | None = None) -> bytes:
    if not isinstance(value, str):
        raise MalformedMessageError(field, "must be a hex string")
    try:
        data = bytes.fromhex(value)
    except ValueError:
        raise MalformedMessageError(field, "must be hexadecimal digits") from None
    if length is not None and len(data) != length:
        raise MalformedMessageError(
            field,
            "must be {digits} hex digits, got {value_size}",
            digits=2 * length,
            value_size=len(value),
        )
    return data


def _hash(obj: dict[str, Any], kind: str, name: str) -> bytes:
    return _hex_bytes(obj.get(name), f"{kind}.{name}", 32)


def _hashes(obj: dict[str, Any], kind: str, name: str, most: int) -> tuple[bytes, ...]:
    value = obj.get(name, [])
    if not isinstance(value, list):
        raise MalformedMessageError(f"{kind}.{name}", "must be a list of hashes")
    if len(value) > most:
        raise MalformedMessageError(
            f"{kind}.{name}",
            "holds {value_size} hashes, at most {most}",
            value_size=len(value),
            most=most,
        )
    return tuple(_hex_bytes(item, f"{kind}.{name}[{i}]", 32) for i, item in enumerate(value))


def _parsed(kind: str, parse: Any, data: bytes) -> Any:
    try:
        return parse(data)
    except MinichainError as error:
        raise MalformedMessageError(f"{kind}.data.{error.field}", error.rule) from None


# --- the messages ------------------------------------------------------------------


@dataclass(frozen=True)
class Hello:
    """The first message on a connection (Bitcoin ``version``): who I am, where my chain is."""

    TYPE: ClassVar[str] = "hello"
    chain: str
    genesis: bytes
    height: int
    tip: bytes
    port: int
    """The port the sender listens on (0 for a client that does not listen)."""
    version: int = PROTOCOL_VERSION

    def to_json(self) -> dict[str, Any]:
        """The message as a JSON object."""
        return {
            "version": self.version,
            "chain": self.chain,
            "genesis": self.genesis.hex(),
            "height": self.height,
            "tip": self.tip.hex(),
            "port": self.port,
        }

    @classmethod
    def from_json(cls, obj: dict[str, Any]) -> Hello:
        """Read the message from a JSON object, checking every field."""
        kind = cls.TYPE
        return cls(
            chain=_text(obj, kind, "chain", MAX_NAME),
            genesis=_hash(obj, kind, "genesis"),
            height=_int(obj, kind, "height", 0, 2**32),
            tip=_hash(obj, kind, "tip"),
            port=_int(obj, kind, "port", 0, 65535),
            version=_int(obj, kind, "version", 0, 2**32),
        )


@dataclass(frozen=True)
class Inv:
    """An announcement (Bitcoin ``inv``): block hashes and txids the sender has."""

    TYPE: ClassVar[str] = "inv"
    blocks: tuple[bytes, ...] = ()
    txs: tuple[bytes, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """The message as a JSON object."""
        return {"blocks": [h.hex() for h in self.blocks], "txs": [h.hex() for h in self.txs]}

    @classmethod
    def from_json(cls, obj: dict[str, Any]) -> Inv:
        """Read the message from a JSON object, checking every field."""
        return cls(
            _hashes(obj, cls.TYPE, "blocks", MAX_INVENTORY),
            _hashes(obj, cls.TYPE, "txs", MAX_INVENTORY),
        )


@dataclass(frozen=True)
class GetData:
    """A request (Bitcoin ``getdata``): send me these blocks and transactions."""

    TYPE: ClassVar[str] = "getdata"
    blocks: tuple[bytes, ...] = ()
    txs: tuple[bytes, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """The message as a JSON object."""
        return {"blocks": [h.hex() for h in self.blocks], "txs": [h.hex() for h in self.txs]}

    @classmethod
    def from_json(cls, obj: dict[str, Any]) -> GetData:
        """Read the message from a JSON object, checking every field."""
        return cls(
            _hashes(obj, cls.TYPE, "blocks", MAX_INVENTORY),
            _hashes(obj, cls.TYPE, "txs", MAX_INVENTORY),
        )


@dataclass(frozen=True)
class GetBlocks:
    """A catch-up request (Bitcoin ``getblocks``): the blocks after my locator, please."""

    TYPE: ClassVar[str] = "getblocks"
    locator: tuple[bytes, ...]

    def to_json(self) -> dict[str, Any]:
        """The message as a JSON object."""
        return {"locator": [h.hex() for h in self.locator]}

    @classmethod
    def from_json(cls, obj: dict[str, Any]) -> GetBlocks:
        """Read the message from a JSON object, checking every field."""
        if "locator" not in obj:
            raise MalformedMessageError("getblocks.locator", "is missing")
        locator = _hashes(obj, cls.TYPE, "locator", MAX_LOCATOR)
        if not locator:
            raise MalformedMessageError("getblocks.locator", "must hold at least one hash")
        return cls(locator)


@dataclass(frozen=True)
class BlockMessage:
    """One block, as its canonical bytes (Bitcoin ``block``)."""

    TYPE: ClassVar[str] = "block"
    block: Block

    def to_json(self) -> dict[str, Any]:
        """The message as a JSON object."""
        return {"data": self.block.serialize().hex()}

    @classmethod
    def from_json(cls, obj: dict[str, Any], suite: Suite = BITCOIN) -> BlockMessage:
        """Read the message from a JSON object; the bytes must parse as a block of ``suite``."""
        data = _hex_bytes(obj.get("data"), "block.data")
        return cls(_parsed(cls.TYPE, lambda raw: Block.parse(raw, suite), data))


@dataclass(frozen=True)
class TxMessage:
    """One transaction, as its canonical bytes (Bitcoin ``tx``)."""

    TYPE: ClassVar[str] = "tx"
    tx: Transaction

    def to_json(self) -> dict[str, Any]:
        """The message as a JSON object."""
        return {"data": self.tx.raw.hex()}

    @classmethod
    def from_json(cls, obj: dict[str, Any], suite: Suite = BITCOIN) -> TxMessage:
        """Read the message from a JSON object; the bytes must parse as a ``suite`` transaction."""
        data = _hex_bytes(obj.get("data"), "tx.data")
        return cls(_parsed(cls.TYPE, lambda raw: Transaction.parse(raw, suite), data))


@dataclass(frozen=True)
class GetStatus:
    """A client's question; allowed before a hello, answered with :class:`Status`."""

    TYPE: ClassVar[str] = "getstatus"

    def to_json(self) -> dict[str, Any]:
        """The message as a JSON object."""
        return {}

    @classmethod
    def from_json(cls, obj: dict[str, Any]) -> GetStatus:
        """Read the message from a JSON object."""
        return cls()


@dataclass(frozen=True)
class Status:
    """A node's answer to :class:`GetStatus`."""

    TYPE: ClassVar[str] = "status"
    chain: str
    height: int
    tip: bytes
    peers: int
    mempool: int
    synced: bool

    def to_json(self) -> dict[str, Any]:
        """The message as a JSON object."""
        return {
            "chain": self.chain,
            "height": self.height,
            "tip": self.tip.hex(),
            "peers": self.peers,
            "mempool": self.mempool,
            "synced": self.synced,
        }

    @classmethod
    def from_json(cls, obj: dict[str, Any]) -> Status:
        """Read the message from a JSON object, checking every field."""
        kind = cls.TYPE
        synced = obj.get("synced")
        if not isinstance(synced, bool):
            raise MalformedMessageError("status.synced", "must be true or false")
        return cls(
            chain=_text(obj, kind, "chain", MAX_NAME),
            height=_int(obj, kind, "height", 0, 2**32),
            tip=_hash(obj, kind, "tip"),
            peers=_int(obj, kind, "peers", 0, 2**32),
            mempool=_int(obj, kind, "mempool", 0, 2**32),
            synced=synced,
        )


Message = Hello | Inv | GetData | GetBlocks | BlockMessage | TxMessage | GetStatus | Status
"""Any message of the protocol."""

MESSAGE_TYPES: dict[str, Any] = {
    kind.TYPE: kind
    for kind in (Hello, Inv, GetData, GetBlocks, BlockMessage, TxMessage, GetStatus, Status)
}
"""Each message class by the ``type`` it travels under."""


# --- frames ---------------------------------------------------------------------------


def encode(message: Message, *, limit: int = MAX_MESSAGE_SIZE) -> bytes:
    """The frame for ``message``: its 4-byte length, then its JSON.

    Raises:
        OversizeMessageError: the JSON is longer than ``limit``.
    """
    payload = json.dumps(
        {"type": message.TYPE, **message.to_json()}, separators=(",", ":")
    ).encode()
    if len(payload) > limit:
        raise OversizeMessageError(
            message.TYPE,
            "{payload_size} bytes is above the message limit {limit}",
            payload_size=len(payload),
            limit=limit,
        )
    return _LENGTH.pack(len(payload)) + payload


def decode(payload: bytes, suite: Suite = BITCOIN) -> Message:
    """Read one message from a frame's payload; blocks and transactions for a chain of ``suite``.

    Raises:
        MalformedMessageError: not a JSON object, no ``type``, or a bad field.
        UnknownMessageTypeError: a ``type`` this protocol does not have.
    """
    try:
        obj = json.loads(payload)
    except RecursionError:  # "[[[[...": json recurses once per bracket
        raise MalformedMessageError("payload", "JSON nested too deeply") from None
    except ValueError as error:  # bad JSON, bad UTF-8, or an integer with too many digits
        raise MalformedMessageError(
            "payload", "is not JSON ({reason})", reason=_first_line(error)
        ) from None
    if not isinstance(obj, dict):
        raise MalformedMessageError(
            "payload", "must be a JSON object, got {type_name}", type_name=type(obj).__name__
        )
    kind = obj.get("type")
    if not isinstance(kind, str):
        raise MalformedMessageError("type", "must be a string naming the message")
    message_class = MESSAGE_TYPES.get(kind)
    if message_class is None:
        raise UnknownMessageTypeError("type", "unknown message type {kind!r}", kind=kind[:40])
    if message_class in (BlockMessage, TxMessage):  # chain data: hashed with the chain's suite
        return message_class.from_json(obj, suite)  # type: ignore[no-any-return]
    message: Message = message_class.from_json(obj)
    return message


def _first_line(error: Exception) -> str:
    return str(error).splitlines()[0][:120] if str(error) else type(error).__name__


async def read_frame(
    reader: asyncio.StreamReader,
    *,
    limit: int = MAX_MESSAGE_SIZE,
    frame_timeout: float | None = None,
) -> bytes | None:
    """Read one frame's payload; ``None`` when the peer closed the connection between frames.

    Waiting for a frame to begin has no time limit here (the caller sets one);
    once its first byte has arrived, the rest must follow within
    ``frame_timeout`` seconds (``None``: no limit).

    Raises:
        OversizeMessageError: the length prefix is above ``limit`` (the body is not read).
        TruncatedMessageError: the connection closed in the middle of a frame, or the
            rest of a begun frame did not arrive within ``frame_timeout``.
    """
    first = await reader.read(1)
    if not first:
        return None
    size: int | None = None
    try:
        rest = await asyncio.wait_for(reader.readexactly(_LENGTH.size - 1), frame_timeout)
        (size,) = _LENGTH.unpack(first + rest)
        if size > limit:
            raise OversizeMessageError(
                "length", "{size} bytes is above the message limit {limit}", size=size, limit=limit
            )
        return await asyncio.wait_for(reader.readexactly(size), frame_timeout)
    except asyncio.IncompleteReadError as error:
        if size is None:
            raise TruncatedMessageError(
                "length", "connection closed after {want} of 4 bytes", want=1 + len(error.partial)
            ) from None
        raise TruncatedMessageError(
            "payload",
            "connection closed after {got} of {size} bytes",
            got=len(error.partial),
            size=size,
        ) from None
    except asyncio.TimeoutError:
        part = "length" if size is None else "payload"
        whole = "4 bytes" if size is None else f"{size} bytes"
        raise TruncatedMessageError(
            part,
            "stalled mid-frame: the rest of {whole} did not come within {frame_timeout:g} s",
            whole=whole,
            frame_timeout=frame_timeout,
        ) from None


async def read_message(
    reader: asyncio.StreamReader, *, limit: int = MAX_MESSAGE_SIZE, suite: Suite = BITCOIN
) -> Message | None:
    """Read and decode one message; ``None`` when the peer closed the connection.

    Raises:
        ProtocolError: the frame or its message is refused (see :func:`read_frame`
            and :func:`decode`).
    """
    payload = await read_frame(reader, limit=limit)
    return None if payload is None else decode(payload, suite)
