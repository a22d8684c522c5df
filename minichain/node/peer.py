"""One connection to another node: a bounded outbox, strikes, and what the peer knows.

Every peer gets its own queue of frames to send, drained by a writer task,
so a slow peer never holds up the others. The queue is bounded: replies to
a peer wait for room (the node stops reading from a peer that does not read
its answers), while gossip to a peer whose queue is full disconnects it,
like Bitcoin Core drops a peer whose send buffer overflows.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import OrderedDict
from collections.abc import Iterable

from minichain.node.addresses import PeerAddress
from minichain.node.errors import OversizeMessageError
from minichain.node.protocol import Hello, Message, encode
from minichain.terminal.i18n import N_

log = logging.getLogger("minichain.node")


class RecentHashes:
    """A set of at most ``capacity`` hashes that forgets the oldest first."""

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self._items: OrderedDict[bytes, None] = OrderedDict()

    def add(self, item: bytes) -> None:
        """Remember ``item`` (as the newest)."""
        self._items[item] = None
        self._items.move_to_end(item)
        while len(self._items) > self.capacity:
            self._items.popitem(last=False)

    def update(self, items: Iterable[bytes]) -> None:
        """Remember each of ``items``."""
        for item in items:
            self.add(item)

    def __contains__(self, item: object) -> bool:
        return item in self._items

    def __len__(self) -> int:
        return len(self._items)


class Peer:
    """A connection: its streams, its outbox, and what this node knows about the other end.

    Args:
        reader, writer: the connection's streams.
        inbound: ``True`` if the other node connected to us.
        target: for an outbound connection, the address dialled.
        queue_size: most frames waiting to be sent.
        known_size: how many block hashes and txids to remember the peer has.
        limit: the largest frame this node sends.
    """

    def __init__(
        self,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
        *,
        inbound: bool,
        target: PeerAddress | None = None,
        queue_size: int = 1000,
        known_size: int = 5000,
        limit: int,
    ) -> None:
        self.reader = reader
        self.writer = writer
        self.inbound = inbound
        self.target = target
        self.limit = limit
        remote = writer.get_extra_info("peername")
        self.host = str(remote[0]) if remote else "?"
        remote_port = remote[1] if remote else 0
        self.name = f"{'in' if inbound else 'out'} {self.host}:{remote_port}"
        self.hello: Hello | None = None
        self.best_tip: bytes | None = None
        self.best_height = 0
        self.strikes = 0
        self.unconnected = 0
        """Orphan blocks and txs with unknown inputs received (``Limits.unconnected_allowance``)."""
        self.side_blocks = 0
        self.side_bytes = 0
        """Side-branch blocks and their bytes received since this peer's last useful block."""
        self.continue_after: bytes | None = None
        """Last hash of a full getblocks answer: when it arrives, ask for more."""
        self.known = RecentHashes(known_size)
        self.closed = False
        self._outbox: asyncio.Queue[bytes] = asyncio.Queue(maxsize=queue_size)
        self._writer_task: asyncio.Task[None] | None = None

    @property
    def listen_address(self) -> PeerAddress | None:
        """Where this peer accepts connections, as far as we know."""
        if self.target is not None:
            return self.target
        if self.hello is not None and self.hello.port:
            return PeerAddress(self.host, self.hello.port)
        return None

    def start(self) -> None:
        """Start the task that sends the outbox."""
        self._writer_task = asyncio.get_running_loop().create_task(self._write_loop())

    async def _write_loop(self) -> None:
        try:
            while True:
                frame = await self._outbox.get()
                self.writer.write(frame)
                await self.writer.drain()
        except (ConnectionError, OSError) as error:
            self.close(f"write failed ({error})")

    def _frame(self, message: Message) -> bytes | None:
        try:
            return encode(message, limit=self.limit)
        except OversizeMessageError as error:
            log.warning(N_("not sent to %s: %s"), self.name, error)
            return None

    def send(self, message: Message) -> None:
        """Queue ``message`` without waiting; a peer whose outbox is full is disconnected."""
        frame = self._frame(message)
        if frame is None or self.closed:
            return
        try:
            self._outbox.put_nowait(frame)
        except asyncio.QueueFull:
            self.close(f"outbox full ({self._outbox.maxsize} messages): the peer does not read")

    async def reply(self, message: Message) -> None:
        """Queue ``message``, waiting for room: a peer that does not read is not read either."""
        frame = self._frame(message)
        if frame is not None and not self.closed:
            await self._outbox.put(frame)

    async def flush(self, timeout: float) -> None:
        """Wait (at most ``timeout`` seconds) until the outbox is sent."""
        deadline = asyncio.get_running_loop().time() + timeout
        while not self._outbox.empty() and not self.closed:
            if asyncio.get_running_loop().time() > deadline:
                return
            await asyncio.sleep(0.01)
        with contextlib.suppress(ConnectionError, OSError, asyncio.TimeoutError):
            await asyncio.wait_for(self.writer.drain(), timeout)

    def close(self, reason: str = "") -> None:
        """Close the connection (once); the reading side then ends."""
        if self.closed:
            return
        self.closed = True
        if reason:
            log.info(N_("closing %s: %s"), self.name, reason)
        if self._writer_task is not None and self._writer_task is not asyncio.current_task():
            self._writer_task.cancel()
        self.writer.close()

    async def wait_closed(self, timeout: float) -> None:
        """Wait (at most ``timeout`` seconds) for the writer task and the socket to finish."""
        if self._writer_task is not None:
            await asyncio.wait({self._writer_task}, timeout=timeout)
        with contextlib.suppress(ConnectionError, OSError, asyncio.TimeoutError):
            await asyncio.wait_for(self.writer.wait_closed(), timeout)

    def __repr__(self) -> str:
        return f"Peer({self.name})"
