"""Loopback addresses only: these nodes are for one machine, never the internet.

A teaching node has no defence against a real attacker (no rate limits by
address, no ban lists, trivial proof-of-work in regtest), so it refuses to
listen on, or connect to, anything but the loopback interface
(``127.0.0.0/8`` and ``::1``, RFC 5735 and RFC 4291). ``localhost`` is
accepted as a name for ``127.0.0.1``.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

from minichain.node.errors import AddressError

LOCALHOST = "127.0.0.1"


def loopback_host(text: str) -> str:
    """Return ``text`` as a loopback IP literal (``localhost`` becomes ``127.0.0.1``).

    Raises:
        AddressError: ``text`` is not an IP address, or not a loopback one.
    """
    host = text.strip()
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    if host.lower() == "localhost":
        return LOCALHOST
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        raise AddressError(
            "host", "must be a loopback IP address, got {text!r}", text=text
        ) from None
    if not address.is_loopback:
        raise AddressError(
            "host",
            "{text} is not a loopback address (127.0.0.0/8 or ::1); nodes stay local",
            text=text,
        )
    return str(address)


def port_number(text: str, *, allow_zero: bool = False) -> int:
    """Return ``text`` as a TCP port (1-65535; 0 means "any free port" when allowed).

    Raises:
        AddressError: ``text`` is not a whole number in range.
    """
    low = 0 if allow_zero else 1
    try:
        port = int(text)
    except ValueError:
        raise AddressError("port", "must be a number, got {text!r}", text=text) from None
    if not low <= port <= 65535:
        raise AddressError(
            "port", "must be between {low} and 65535, got {port}", low=low, port=port
        )
    return port


@dataclass(frozen=True)
class PeerAddress:
    """A loopback ``host`` and ``port`` to connect to."""

    host: str
    port: int

    @classmethod
    def parse(cls, text: str) -> PeerAddress:
        """Read ``HOST:PORT`` (``[::1]:PORT`` for IPv6).

        Raises:
            AddressError: no port, a bad port, or a host that is not loopback.
        """
        host, colon, port = text.rpartition(":")
        if not colon or not host:
            raise AddressError("peer", "must be HOST:PORT, got {text!r}", text=text)
        if ":" in host and not host.startswith("["):
            raise AddressError("peer", "write an IPv6 peer as [::1]:PORT, got {text!r}", text=text)
        return cls(loopback_host(host), port_number(port))

    def __str__(self) -> str:
        return f"[{self.host}]:{self.port}" if ":" in self.host else f"{self.host}:{self.port}"
