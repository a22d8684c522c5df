"""Every way a node refuses what arrives over the network.

A node reads bytes from strangers, so each refusal has its own class, like
the library's (:mod:`minichain.errors`): the message names the field and the
rule it broke. The node logs the message on one line and drops the input; it
never lets one of these end the process.
"""

from __future__ import annotations

from minichain.errors import MinichainError, ValidationError


class ProtocolError(ValidationError):
    """A network message that breaks the wire protocol (see :mod:`minichain.node.protocol`)."""


class OversizeMessageError(ProtocolError):
    """A frame whose length prefix is above the limit; refused before its body is read."""


class TruncatedMessageError(ProtocolError):
    """The connection closed in the middle of a frame."""


class MalformedMessageError(ProtocolError):
    """A frame that is not a JSON object of the right shape: bad JSON, a missing or mistyped
    field, bad hex, too many entries, or block and transaction bytes that do not parse."""


class UnknownMessageTypeError(ProtocolError):
    """A well-formed message whose ``type`` this node does not speak."""


class HandshakeError(ProtocolError):
    """A ``hello`` from another chain, another genesis or another protocol version,
    or a message that needs a ``hello`` first."""


class AddressError(ValidationError):
    """A listening or peer address that is not loopback, or not ``HOST:PORT``."""


class NodeUnreachableError(MinichainError):
    """No node answered at the address a client asked (refused, timed out or closed)."""
