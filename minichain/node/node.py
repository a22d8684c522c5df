"""A node: one :class:`~minichain.chain.Blockchain` on disk, gossiping over loopback TCP.

What a node does with each message (the rules of :mod:`minichain.chain`
decide what is valid; this module only moves blocks and transactions):

* **hello**: the first message each way. A peer on another chain, with
  another genesis or another protocol version is disconnected. If the
  peer's tip is unknown here, the node asks for what it misses (getblocks).
* **inv**: hashes it does not have yet are requested (getdata), each from
  one peer at a time.
* **block**: a block whose parent is unknown is not stored: the node asks
  the sender for the blocks before it (getblocks with a locator), which
  bring the block back in order. Otherwise the chain checks it; a valid
  block is announced to the other peers, an invalid one is dropped.
* **tx**: checked against the tip and the mempool, then announced.
* **getblocks** / **getdata** / **getstatus**: answered.

A miner first catches up: it waits (at most :attr:`Limits.sync_timeout`)
until it talks to every peer it was given and knows their best blocks, since
blocks mined on a stale tip would be lost in the next reorganisation.

Nothing a peer sends can stop the node. A frame that is too long, or cut
off, ends that connection (the stream cannot be resynchronised). Any other
bad message is dropped and logged on one line with the reason, and counts as
a *strike*; a peer with :attr:`Limits.max_strikes` strikes is disconnected
(Bitcoin Core's misbehaviour score, simplified). What is valid but useless
is bounded too: past an allowance, each orphan block or transaction spending
outputs unknown here, and each valid block that only extends a side branch
(by count and by bytes), is a strike; within it they are logged at debug level
only, so they cannot flood the log. The stored chain changes
only through :meth:`Blockchain.add_block`, which changes nothing for an
invalid block.

Everything is bounded: peers, queued messages, requests in flight, connection
attempts (with exponential backoff and a cap), the wait for a first sync,
and the node's lifetime.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from minichain.chain import Added, Blockchain
from minichain.errors import ConsensusError, MinichainError, MissingInputError, StoreError
from minichain.hashing import short_hex
from minichain.locator import block_locator, fork_height, hashes_after
from minichain.miner import mine_block
from minichain.node.addresses import LOCALHOST, PeerAddress
from minichain.node.client import failure_reason
from minichain.node.errors import (
    AddressError,
    HandshakeError,
    OversizeMessageError,
    ProtocolError,
    TruncatedMessageError,
)
from minichain.node.peer import Peer, RecentHashes
from minichain.node.protocol import (
    MAX_INVENTORY,
    MAX_MESSAGE_SIZE,
    PROTOCOL_VERSION,
    BlockMessage,
    GetBlocks,
    GetData,
    GetStatus,
    Hello,
    Inv,
    Message,
    Status,
    TxMessage,
    decode,
    encode,
    read_frame,
)
from minichain.pow import meets_target
from minichain.terminal.i18n import N_
from minichain.tx import check_transaction

log = logging.getLogger("minichain.node")


@dataclass(frozen=True)
class Limits:
    """Every bound a node keeps (sizes in bytes, times in seconds)."""

    max_message_size: int = MAX_MESSAGE_SIZE
    max_peers: int = 16
    outbox_size: int = 1000
    max_strikes: int = 3
    getblocks_batch: int = MAX_INVENTORY
    """Hashes listed per answer to getblocks; a full answer means "ask again for more"."""
    hello_timeout: float = 10.0
    """A new connection must say hello (or ask getstatus) within this."""
    frame_timeout: float = 10.0
    """Once a frame has begun, the rest of it must arrive within this (a stall drops the peer)."""
    idle_timeout: float = 300.0
    """A peer silent this long after hello is dropped; keepalives go out every third of it."""
    connect_timeout: float = 3.0
    connect_attempts: int = 20
    """Failed connections in a row before the node gives up on a peer address."""
    backoff_first: float = 0.1
    backoff_cap: float = 2.0
    request_timeout: float = 10.0
    """After this long, a block or tx requested from one peer may be asked of another."""
    max_requests: int = 5000
    sync_timeout: float = 10.0
    """How long a miner waits to catch up with its peers before mining anyway."""
    remembered_txs: int = 10_000
    """Recently seen txids, not requested again."""
    shutdown_grace: float = 2.0
    unconnected_allowance: int = 20
    """Orphan blocks, and transactions spending outputs unknown here, a peer may send before
    each further one is a strike (honest peers send a few while catching up)."""
    side_branch_allowance: int = 100
    """Valid blocks a peer may send that only extend a side branch; each further one is a
    strike (a branch that wins a reorganisation starts the count again)."""
    side_branch_bytes: int = 8 * 1024 * 1024
    """Bytes of such side-branch blocks a peer may send before each further one is a strike."""


@dataclass(frozen=True)
class MiningPlan:
    """What a mining node does: pay ``address``, ``blocks`` blocks (``None``: no limit),
    one every ``interval`` seconds, once it has caught up with its peers."""

    address: str
    blocks: int | None = None
    interval: float = 1.0


class Node:
    """A chain, a listening socket on loopback, and connections to peers.

    Args:
        chain: the node's chain (usually :meth:`Blockchain.open` with ``clock=time.time``).
        host: the loopback address to listen on.
        port: the port to listen on (0: any free port; see :attr:`port` once started).
        peers: addresses to connect to (and reconnect to, with backoff).
        mining: what to mine, if anything.
        limits: the node's bounds.
        monotonic: the clock for timeouts (seconds; injectable for tests).
    """

    def __init__(
        self,
        chain: Blockchain,
        *,
        host: str = LOCALHOST,
        port: int = 0,
        peers: Iterable[PeerAddress] = (),
        mining: MiningPlan | None = None,
        limits: Limits | None = None,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.chain = chain
        self.host = host
        self.port = port
        self.peer_addresses = tuple(peers)
        self.mining = mining
        self.limits = limits or Limits()
        self.monotonic = monotonic
        self.peers: set[Peer] = set()
        self.started = asyncio.Event()
        self.exit_code = 0
        self.mined = 0
        self._requests: OrderedDict[bytes, float] = OrderedDict()
        self._seen_txs = RecentHashes(self.limits.remembered_txs)
        self._gave_up: set[PeerAddress] = set()
        self._stopping = asyncio.Event()
        self._sessions: set[asyncio.Task[None]] = set()

    @property
    def label(self) -> str:
        """``node HOST:PORT``, the start of each log line."""
        return f"node {PeerAddress(self.host, self.port)}"

    # --- life cycle ---------------------------------------------------------------

    async def run(self, *, exit_after: float | None = None, handle_signals: bool = False) -> int:
        """Listen, connect, mine; return when stopped or after ``exit_after`` seconds.

        Returns the exit code: 0, or 1 if the chain file failed.

        Raises:
            AddressError: the port cannot be listened on (in use, or not allowed).
        """
        try:
            server = await asyncio.start_server(
                self._accept, self.host, self.port, limit=self.limits.max_message_size
            )
        except OSError as error:
            where = PeerAddress(self.host, self.port)
            raise AddressError(
                "port",
                "cannot listen on {address} ({reason})",
                address=where,
                reason=failure_reason(error),
            ) from None
        self.port = server.sockets[0].getsockname()[1]
        loop = asyncio.get_running_loop()
        if handle_signals:
            for signum in (signal.SIGTERM, signal.SIGINT):
                loop.add_signal_handler(signum, self.stop, signal.Signals(signum).name)
        tip = self.chain.tip_entry
        log.info(
            N_("%s: listening on %s, chain %s, height %d, tip %s"),
            self.label,
            PeerAddress(self.host, self.port),
            self.chain.params.name,
            tip.height,
            tip.hash_hex,
        )
        tasks = [loop.create_task(self._connect(address)) for address in self.peer_addresses]
        tasks.append(loop.create_task(self._keepalive()))
        if self.mining is not None:
            tasks.append(loop.create_task(self._mine(self.mining)))
        self.started.set()
        try:
            await asyncio.wait_for(self._stopping.wait(), exit_after)
        except asyncio.TimeoutError:
            log.info(N_("%s: stopping: --exit-after %g s reached"), self.label, exit_after)
        finally:
            self._stopping.set()
            server.close()
            for task in tasks:
                task.cancel()
            for peer in list(self.peers):
                peer.close()
            pending = tasks + list(self._sessions)
            if pending:
                await asyncio.wait(pending, timeout=self.limits.shutdown_grace)
            for task in self._sessions:
                task.cancel()
            if handle_signals:
                for signum in (signal.SIGTERM, signal.SIGINT):
                    loop.remove_signal_handler(signum)
        log.info(N_("%s: stopped at height %d"), self.label, self.chain.height)
        return self.exit_code

    def stop(self, reason: str = "") -> None:
        """Ask the node to stop (from a signal handler or a test)."""
        if reason and not self._stopping.is_set():
            log.info(N_("%s: stopping: %s"), self.label, reason)
        self._stopping.set()

    async def _keepalive(self) -> None:
        """An empty inv to every talking peer every third of :attr:`Limits.idle_timeout`."""
        while not self._stopping.is_set():
            await self._pause(self.limits.idle_timeout / 3)
            for peer in list(self.peers):
                if peer.hello is not None:
                    peer.send(Inv())

    async def _pause(self, seconds: float) -> None:
        """Sleep ``seconds``, or less if the node stops meanwhile."""
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(self._stopping.wait(), seconds)

    # --- connections --------------------------------------------------------------

    def _new_peer(
        self,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
        target: PeerAddress | None,
    ) -> Peer:
        return Peer(
            reader,
            writer,
            inbound=target is None,
            target=target,
            queue_size=self.limits.outbox_size,
            limit=self.limits.max_message_size,
        )

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        peer = self._new_peer(reader, writer, None)
        if self._stopping.is_set():
            peer.close()
            return
        if len(self.peers) >= self.limits.max_peers:
            await self._answer_status_only(peer)
            return
        await self._session(peer)

    async def _answer_status_only(self, peer: Peer) -> None:
        """Beyond the peer limit: answer a ``getstatus`` asked in time, refuse anything else."""
        reason = "peer limit reached"
        try:
            payload = await asyncio.wait_for(
                read_frame(
                    peer.reader,
                    limit=self.limits.max_message_size,
                    frame_timeout=self.limits.frame_timeout,
                ),
                self.limits.hello_timeout,
            )
            if payload is not None and isinstance(decode(payload), GetStatus):
                peer.writer.write(encode(self.status(), limit=self.limits.max_message_size))
                await asyncio.wait_for(peer.writer.drain(), self.limits.hello_timeout)
                reason = ""
        except (ProtocolError, ConnectionError, OSError, asyncio.TimeoutError):
            pass
        if reason:
            log.info(N_("%s: refused %s: %s"), self.label, peer.name, reason)
        peer.close()
        await peer.wait_closed(self.limits.shutdown_grace)

    async def _connect(self, address: PeerAddress) -> None:
        """Keep a connection to ``address``: retry with exponential backoff, give up at the cap."""
        failures = 0
        while not self._stopping.is_set():
            if address == PeerAddress(self.host, self.port):
                log.warning(N_("%s: not connecting to %s: that is this node"), self.label, address)
                return
            if any(peer.listen_address == address for peer in self.peers):
                await self._pause(1.0)  # already connected (it dialled us): check again later
                continue
            try:
                reader, writer = await asyncio.wait_for(
                    asyncio.open_connection(
                        address.host, address.port, limit=self.limits.max_message_size
                    ),
                    self.limits.connect_timeout,
                )
            except (OSError, asyncio.TimeoutError) as error:
                failures += 1
                reason = failure_reason(error)
                if failures >= self.limits.connect_attempts:
                    log.warning(
                        N_("%s: giving up on %s after %d attempts (%s)"),
                        self.label,
                        address,
                        failures,
                        reason,
                    )
                    self._gave_up.add(address)
                    return
                delay = self._backoff(failures)
                log.info(
                    N_("%s: cannot reach %s (%s); retry %d of %d in %g s"),
                    self.label,
                    address,
                    reason,
                    failures,
                    self.limits.connect_attempts - 1,
                    delay,
                )
                await self._pause(delay)
                continue
            peer = self._new_peer(reader, writer, address)
            await self._session(peer)
            failures = 0 if peer.hello is not None else failures + 1
            if failures >= self.limits.connect_attempts:
                log.warning(N_("%s: giving up on %s: it refuses our hello"), self.label, address)
                self._gave_up.add(address)
                return
            await self._pause(self._backoff(max(failures, 1)))

    def _backoff(self, failures: int) -> float:
        delay = self.limits.backoff_first * 2 ** (failures - 1)
        return float(min(delay, self.limits.backoff_cap))

    async def _session(self, peer: Peer) -> None:
        """Run one connection until it closes; nothing the peer sends escapes this method."""
        task = asyncio.current_task()
        if task is not None:
            self._sessions.add(task)
        self.peers.add(peer)
        peer.start()
        log.debug(N_("%s: connected %s"), self.label, peer.name)
        try:
            if not peer.inbound:
                peer.send(self._hello())
            await self._read_loop(peer)
        except (ConnectionError, OSError) as error:
            log.info(N_("%s: %s: connection lost (%s)"), self.label, peer.name, error)
        except StoreError as error:  # the chain file failed: the node cannot go on
            log.error("%s: %s", self.label, error)
            self.exit_code = 1
            self.stop("the chain file failed")
        except Exception:  # a bug must not take the other peers down: log it, drop this peer
            log.exception(N_("%s: %s: unexpected error; disconnecting it"), self.label, peer.name)
        finally:
            self.peers.discard(peer)
            peer.close()
            await peer.wait_closed(self.limits.shutdown_grace)
            if task is not None:
                self._sessions.discard(task)
            level = logging.INFO if peer.hello is not None else logging.DEBUG
            log.log(level, N_("%s: disconnected %s"), self.label, peer.name)

    async def _read_loop(self, peer: Peer) -> None:
        limit = self.limits.max_message_size
        while not peer.closed:
            waiting = self.limits.hello_timeout if peer.hello is None else self.limits.idle_timeout
            try:
                payload = await asyncio.wait_for(
                    read_frame(peer.reader, limit=limit, frame_timeout=self.limits.frame_timeout),
                    waiting,
                )
            except asyncio.TimeoutError:
                if peer.hello is None:
                    self._drop(peer, f"no hello within {waiting:g} s")
                else:
                    self._drop(peer, f"silent for {waiting:g} s after hello")
                return
            except (OversizeMessageError, TruncatedMessageError) as error:
                self._drop(peer, f"{error} (the stream cannot be resynchronised)")
                return
            if payload is None:
                return
            try:
                message = decode(payload, self.chain.params.suite)
            except ProtocolError as error:
                self._strike(peer, f"dropped message: {error}")
                continue
            try:
                await self._handle(peer, message)
            except HandshakeError as error:
                self._drop(peer, str(error))
                return
            except ProtocolError as error:
                self._strike(peer, f"dropped message: {error}")
            except StoreError:
                raise  # the node's own file failed, not the peer's fault
            except ConsensusError as error:
                self._strike(peer, f"dropped {error}")
            except MinichainError as error:  # any other refusal of what the peer sent
                self._strike(peer, f"dropped {message.TYPE}: {error}")

    def _drop(self, peer: Peer, reason: str) -> None:
        log.warning(N_("%s: disconnecting %s: %s"), self.label, peer.name, _one_line(reason))
        peer.close()

    def _strike(self, peer: Peer, reason: str) -> None:
        peer.strikes += 1
        limit = self.limits.max_strikes
        log.warning(
            N_("%s: %s: %s (strike %d of %d)"),
            self.label,
            peer.name,
            _one_line(reason),
            peer.strikes,
            limit,
        )
        if peer.strikes >= limit:
            self._drop(peer, f"{limit} bad messages")

    # --- messages -----------------------------------------------------------------

    def _hello(self) -> Hello:
        tip = self.chain.tip_entry
        return Hello(
            chain=self.chain.params.name,
            genesis=self.chain.genesis.hash,
            height=tip.height,
            tip=tip.hash,
            port=self.port,
        )

    def status(self) -> Status:
        """The node's answer to a ``getstatus``."""
        tip = self.chain.tip_entry
        return Status(
            chain=self.chain.params.name,
            height=tip.height,
            tip=tip.hash,
            peers=sum(peer.hello is not None for peer in self.peers),
            mempool=len(self.chain.mempool),
            synced=self.synced(),
        )

    def synced(self) -> bool:
        """``True`` once every peer given is talking (or given up on) and every talking
        peer's best block is known here."""
        talking = [peer for peer in self.peers if peer.hello is not None]
        heard = {peer.listen_address for peer in talking}
        if set(self.peer_addresses) - heard - self._gave_up:
            return False
        return all(
            peer.best_tip in self.chain.entries or peer.best_height <= self.chain.height
            for peer in talking
        )

    async def _handle(self, peer: Peer, message: Message) -> None:
        if isinstance(message, GetStatus):
            await peer.reply(self.status())
        elif isinstance(message, Hello):
            await self._on_hello(peer, message)
        elif peer.hello is None:
            raise HandshakeError(message.TYPE, "a peer must say hello first")
        elif isinstance(message, Inv):
            self._on_inv(peer, message)
        elif isinstance(message, GetData):
            await self._on_getdata(peer, message)
        elif isinstance(message, GetBlocks):
            await self._on_getblocks(peer, message)
        elif isinstance(message, BlockMessage):
            await self._on_block(peer, message)
        elif isinstance(message, TxMessage):
            self._on_tx(peer, message)
        else:
            raise ProtocolError(message.TYPE, "is an answer to getstatus; peers never send it")

    async def _on_hello(self, peer: Peer, hello: Hello) -> None:
        if peer.hello is not None:
            raise ProtocolError("hello", "was already received; a peer says hello once")
        ours = self.chain.params.name
        if hello.version != PROTOCOL_VERSION:
            raise HandshakeError(
                "hello.version",
                "peer speaks protocol {version}, this node {protocol_version}",
                version=hello.version,
                protocol_version=PROTOCOL_VERSION,
            )
        if hello.chain != ours:
            raise HandshakeError(
                "hello.chain",
                "peer is on chain {chain!r}, not {ours!r}",
                chain=hello.chain,
                ours=ours,
            )
        if hello.genesis != self.chain.genesis.hash:
            raise HandshakeError(
                "hello.genesis",
                "peer's genesis block differs from this {ours!r} chain's",
                ours=ours,
            )
        peer.hello = hello
        peer.best_tip, peer.best_height = hello.tip, hello.height
        peer.known.add(hello.tip)
        if peer.inbound:
            await peer.reply(self._hello())
        log.info(
            N_("%s: %s says hello: height %d, listening on port %d"),
            self.label,
            peer.name,
            hello.height,
            hello.port,
        )
        if hello.tip not in self.chain.entries:
            await peer.reply(GetBlocks(tuple(block_locator(self.chain.tip_entry))))

    def _on_inv(self, peer: Peer, inv: Inv) -> None:
        peer.known.update(inv.blocks)
        peer.known.update(inv.txs)
        if len(inv.blocks) == 1 and inv.blocks[0] not in self.chain.entries:
            peer.best_tip = inv.blocks[0]  # an announcement of the peer's new tip
        blocks = [h for h in inv.blocks if h not in self.chain.entries and self._may_request(h)]
        txs = [
            t
            for t in inv.txs
            if t not in self.chain.mempool and t not in self._seen_txs and self._may_request(t)
        ]
        if len(inv.blocks) == self.limits.getblocks_batch:  # a full answer: there may be more
            if inv.blocks[-1] in self.chain.entries:
                peer.send(GetBlocks(tuple(block_locator(self.chain.tip_entry))))
            else:
                peer.continue_after = inv.blocks[-1]
        if blocks or txs:
            peer.send(GetData(tuple(blocks), tuple(txs)))

    def _may_request(self, item: bytes) -> bool:
        """``True`` (and the request noted) unless ``item`` was asked for a moment ago."""
        now = self.monotonic()
        asked = self._requests.get(item)
        if asked is not None and now - asked < self.limits.request_timeout:
            return False
        self._requests[item] = now
        self._requests.move_to_end(item)
        while len(self._requests) > self.limits.max_requests:
            self._requests.popitem(last=False)
        return True

    async def _on_getdata(self, peer: Peer, request: GetData) -> None:
        for block_hash in request.blocks:
            block = self.chain.block(block_hash)
            if block is not None:
                peer.known.add(block_hash)
                await peer.reply(BlockMessage(block))
        for txid in request.txs:
            entry = self.chain.mempool.entries.get(txid)
            if entry is not None:
                peer.known.add(txid)
                await peer.reply(TxMessage(entry.tx))

    async def _on_getblocks(self, peer: Peer, request: GetBlocks) -> None:
        start = fork_height(request.locator, self.chain.entries, self.chain.main)
        hashes = hashes_after(self.chain.main, start, self.limits.getblocks_batch)
        if hashes:
            await peer.reply(Inv(blocks=tuple(hashes)))

    async def _on_block(self, peer: Peer, message: BlockMessage) -> None:
        block = message.block
        block_hash = block.hash
        self._requests.pop(block_hash, None)
        peer.known.add(block_hash)
        if block_hash not in self.chain.entries:
            if block.header.prev_hash not in self.chain.entries:
                await self._on_orphan(peer, message)
                return
            result = self.chain.add_block(block)  # ConsensusError: a strike, nothing stored
            entry = self.chain.entries[block_hash]
            log.info(N_("%s: %s from %s: %s"), self.label, entry.label, peer.name, result.value)
            if result in (Added.EXTENDED, Added.REORGANIZED):
                peer.side_blocks = peer.side_bytes = peer.unconnected = 0  # it was worth it
                self._announce(Inv(blocks=(block_hash,)), block_hash)
            elif result == Added.SIDE_BRANCH:
                self._count_side_block(peer, len(block.serialize()))
        for other in list(self.peers):  # the last block of a full getblocks answer: ask on
            if other.continue_after == block_hash:
                other.continue_after = None
                other.send(GetBlocks(tuple(block_locator(self.chain.tip_entry))))

    async def _on_orphan(self, peer: Peer, message: BlockMessage) -> None:
        """A block on an unknown parent: not stored; ask its sender for what comes before."""
        header = message.block.header
        if not meets_target(header, pow_limit=self.chain.params.pow_limit):
            where = self.chain.where(message.block)
            raise ProtocolError(
                "block", "{block} on an unknown parent fails its proof-of-work", block=where
            )
        self._count_unconnected(peer, f"block {short_hex(message.block.hash)} on an unknown parent")
        log.debug(
            N_("%s: %s: block %s builds on unknown %s; asking it for the blocks before"),
            self.label,
            peer.name,
            short_hex(message.block.hash),
            short_hex(header.prev_hash),
        )
        await peer.reply(GetBlocks(tuple(block_locator(self.chain.tip_entry))))

    def _on_tx(self, peer: Peer, message: TxMessage) -> None:
        tx = message.tx
        txid = tx.txid
        self._requests.pop(txid, None)
        peer.known.add(txid)
        if txid in self.chain.mempool or txid in self._seen_txs:
            return
        self._seen_txs.add(txid)
        check_transaction(tx)  # broken on its own: a strike
        try:
            self.chain.submit(tx)
        except MissingInputError as error:  # may be honest (a parent not here yet), up to a point
            self._count_unconnected(peer, f"tx {tx.txid_hex[:16]}... spends unknown outputs")
            log.debug(N_("%s: %s: dropped %s"), self.label, peer.name, _one_line(str(error)))
            return
        except ConsensusError as error:  # may be honest: a race with a block or another tx
            log.info(N_("%s: %s: dropped %s"), self.label, peer.name, _one_line(str(error)))
            return
        log.info(N_("%s: %s from %s: into the mempool"), self.label, tx.label, peer.name)
        self._announce(Inv(txs=(txid,)), txid)

    def _count_unconnected(self, peer: Peer, what: str) -> None:
        """An orphan block or a tx with unknown inputs: free up to the allowance, then strikes."""
        peer.unconnected += 1
        allowance = self.limits.unconnected_allowance
        if peer.unconnected > allowance:
            self._strike(peer, f"{what}: more than {allowance} that connect to nothing here")

    def _count_side_block(self, peer: Peer, size: int) -> None:
        """A valid block that only extends a side branch: free up to the allowances."""
        peer.side_blocks += 1
        peer.side_bytes += size
        if peer.side_blocks > self.limits.side_branch_allowance:
            self._strike(peer, f"more than {self.limits.side_branch_allowance} side-branch blocks")
        elif peer.side_bytes > self.limits.side_branch_bytes:
            self._strike(
                peer, f"more than {self.limits.side_branch_bytes} bytes of side-branch blocks"
            )

    def _announce(self, inv: Inv, item: bytes) -> None:
        """Tell every talking peer that does not know ``item`` about it."""
        for peer in list(self.peers):
            if peer.hello is not None and item not in peer.known:
                peer.known.add(item)
                peer.send(inv)

    # --- mining -------------------------------------------------------------------

    async def _mine(self, plan: MiningPlan) -> None:
        """Catch up first (as a miner would lose its blocks otherwise), then mine on a schedule."""
        deadline = self.monotonic() + self.limits.sync_timeout
        while not self.synced() and self.monotonic() < deadline:
            await self._pause(0.05)
        if not self.synced():
            log.warning(
                N_("%s: not caught up after %g s; mining anyway"),
                self.label,
                self.limits.sync_timeout,
            )
        while not self._stopping.is_set() and (plan.blocks is None or self.mined < plan.blocks):
            try:
                block = mine_block(self.chain, plan.address)
            except MinichainError as error:
                log.error(N_("%s: mining failed: %s"), self.label, error)
                self.exit_code = 1
                self.stop("mining failed")
                return
            self.mined += 1
            entry = self.chain.entries[block.hash]
            if plan.blocks is None:
                log.info(N_("%s: mined %s (%d)"), self.label, entry.label, self.mined)
            else:
                log.info(
                    N_("%s: mined %s (%d of %d)"), self.label, entry.label, self.mined, plan.blocks
                )
            self._announce(Inv(blocks=(block.hash,)), block.hash)
            await self._pause(plan.interval)
        log.info(N_("%s: mining done (%d blocks)"), self.label, self.mined)


def _one_line(text: str) -> str:
    return " ".join(text.split())
