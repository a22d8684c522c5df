"""Nodes on loopback: what a node does with good and bad messages, and real node processes.

The first half runs a :class:`Node` in the test's event loop and talks to it
over real 127.0.0.1 sockets, one message at a time. The second half starts
``python -m minichain node`` processes, as a student would by hand.
"""

import asyncio
import contextlib
import functools
import logging
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from minichain.chain import Blockchain, genesis_block
from minichain.hashing import short_hex, to_display_hex
from minichain.header import BlockHeader
from minichain.keys import PrivateKey
from minichain.ledger import Block
from minichain.merkle import merkle_root
from minichain.miner import mine_block
from minichain.node.addresses import PeerAddress
from minichain.node.client import fetch_status, query_status
from minichain.node.node import Limits, MiningPlan, Node
from minichain.node.protocol import (
    PROTOCOL_VERSION,
    BlockMessage,
    GetBlocks,
    GetData,
    GetStatus,
    Hello,
    Inv,
    Status,
    TxMessage,
    encode,
    read_message,
)
from minichain.params import ChainParams
from minichain.pow import meets_target, mine
from minichain.tx import OutPoint, Transaction, TxIn, TxOut, coinbase, sign

REGTEST = ChainParams.regtest()
GENESIS = genesis_block(REGTEST)
ALICE, BOB, CAROL = (PrivateKey.from_seed(name) for name in ("alice", "bob", "carol"))
HELLO = Hello("regtest", GENESIS.hash, 0, GENESIS.hash, 0)
LIMITS = Limits(hello_timeout=5.0, shutdown_grace=1.0)


def in_event_loop(test):
    """Run an ``async def`` test in a fresh event loop."""

    @functools.wraps(test)
    def run(*args, **kwargs):
        return asyncio.run(test(*args, **kwargs))

    return run


@contextlib.asynccontextmanager
async def running_node(tmp_path, *, mining=None, peers=(), limits=LIMITS):
    """A node on a free 127.0.0.1 port with its chain in ``tmp_path/node.sqlite``."""
    chain = Blockchain.open(tmp_path / "node.sqlite", REGTEST, clock=time.time)
    node = Node(chain, mining=mining, peers=peers, limits=limits)
    task = asyncio.create_task(node.run(exit_after=20))
    await asyncio.wait_for(node.started.wait(), 5)
    try:
        yield node
    finally:
        node.stop()
        await asyncio.wait_for(task, 10)
        chain.close()


async def until(condition, timeout=5.0):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        await asyncio.sleep(0.02)


class Client:
    """A hand-driven peer: sends exactly what the test says, reads what the node answers."""

    def __init__(self, reader, writer):
        self.reader, self.writer = reader, writer

    @classmethod
    async def connect(cls, node, hello=HELLO):
        reader, writer = await asyncio.open_connection("127.0.0.1", node.port)
        client = cls(reader, writer)
        if hello is not None:
            await client.send(hello)
            assert isinstance(await client.receive(), Hello)
        return client

    async def send(self, message):
        await self.send_raw(encode(message))

    async def send_raw(self, data):
        self.writer.write(data)
        await self.writer.drain()

    async def receive(self, timeout=5.0):
        return await asyncio.wait_for(read_message(self.reader), timeout)

    async def expect(self, kind, timeout=5.0):
        """The next message of type ``kind``, skipping others."""
        while True:
            message = await self.receive(timeout)
            assert message is not None, f"connection closed while waiting for {kind.__name__}"
            if isinstance(message, kind):
                return message

    async def closed_by_node(self, timeout=5.0):
        with contextlib.suppress(ConnectionError):
            while await self.receive(timeout) is not None:
                pass
        return True

    async def status(self):
        await self.send(GetStatus())
        return await self.expect(Status)

    def close(self):
        self.writer.close()


def stored_rows(path):
    """Every row of a chain file: (hash, status) in arrival order."""
    with contextlib.closing(sqlite3.connect(path)) as db:
        return db.execute("SELECT hash, status FROM blocks ORDER BY seq").fetchall()


def make_block(parent, height, *, reward=50, timestamp=None, body=(), merkle=None, pow_ok=True):
    """A block on ``parent`` paying Alice, mined (or deliberately not) at regtest difficulty."""
    txs = (coinbase(height, ALICE.address, reward), *body)
    header = BlockHeader(
        1,
        parent.hash,
        merkle or merkle_root([tx.txid for tx in txs]),
        max(int(time.time()), parent.header.timestamp + 1) if timestamp is None else timestamp,
        REGTEST.genesis_bits,
        0,
    )
    header = mine(header)
    if not pow_ok:
        nonce = header.nonce
        while meets_target(header.with_nonce(nonce), pow_limit=REGTEST.pow_limit):
            nonce += 1
        header = header.with_nonce(nonce)
    return Block(header, txs)


def log_lines(caplog, level=logging.WARNING):
    return [r.getMessage() for r in caplog.records if r.levelno >= level]


# --- status ---------------------------------------------------------------------------


@in_event_loop
async def test_status_query_reports_chain_height_and_tip(tmp_path):
    async with running_node(tmp_path, mining=MiningPlan(ALICE.address, 3, 0.01)) as node:
        await until(lambda: node.mined == 3)
        status = await fetch_status(node.port)
    assert status == Status("regtest", 3, node.chain.tip.hash, 0, 0, True)


# --- bad messages -------------------------------------------------------------------------


def frame(payload):
    return len(payload).to_bytes(4, "big") + payload


GARBAGE = {
    "not JSON": (frame(b"hello"), "payload: is not JSON"),
    "unknown type": (frame(b'{"type":"getstatue"}'), "unknown message type 'getstatue'"),
    "bad field": (frame(b'{"type":"inv","blocks":["nothex"]}'), "inv.blocks[0]: must be hex"),
}


@pytest.mark.parametrize("case", GARBAGE)
@in_event_loop
async def test_bad_message_is_logged_dropped_and_the_connection_keeps_working(
    tmp_path, caplog, case
):
    caplog.set_level(logging.INFO, logger="minichain.node")
    data, reason = GARBAGE[case]
    async with running_node(tmp_path) as node:
        before = stored_rows(tmp_path / "node.sqlite")
        client = await Client.connect(node)
        await client.send_raw(data)
        assert (await client.status()).height == 0  # same connection, still answered
        client.close()
    (line,) = log_lines(caplog)
    assert reason in line and "dropped message" in line and "(strike 1 of 3)" in line
    assert stored_rows(tmp_path / "node.sqlite") == before


@in_event_loop
async def test_peer_that_sends_garbage_repeatedly_is_disconnected(tmp_path, caplog):
    caplog.set_level(logging.INFO, logger="minichain.node")
    async with running_node(tmp_path) as node:
        client = await Client.connect(node)
        for _ in range(3):
            await client.send_raw(GARBAGE["not JSON"][0])
        assert await client.closed_by_node()
        other = await fetch_status(node.port)  # the node itself carries on
    assert other.height == 0
    assert "disconnecting in 127.0.0.1" in log_lines(caplog)[-1]
    assert log_lines(caplog)[-1].endswith("3 bad messages")


@in_event_loop
async def test_oversize_message_ends_that_connection_without_reading_it(tmp_path, caplog):
    caplog.set_level(logging.INFO, logger="minichain.node")
    async with running_node(tmp_path) as node:
        client = await Client.connect(node)
        await client.send_raw((5 * 1024 * 1024).to_bytes(4, "big") + b"{")
        assert await client.closed_by_node()
        assert (await fetch_status(node.port)).height == 0
    (line,) = log_lines(caplog)
    assert "length: 5242880 bytes is above the message limit 4194304" in line


@pytest.mark.parametrize(
    ("hello", "reason"),
    [
        (Hello("classroom", GENESIS.hash, 0, GENESIS.hash, 0), "on chain 'classroom'"),
        (Hello("regtest", bytes(32), 0, bytes(32), 0), "genesis block differs"),
        (Hello("regtest", GENESIS.hash, 0, GENESIS.hash, 0, PROTOCOL_VERSION + 1), "protocol 2"),
    ],
    ids=["other chain", "other genesis", "other version"],
)
@in_event_loop
async def test_hello_from_another_chain_is_refused(tmp_path, caplog, hello, reason):
    caplog.set_level(logging.INFO, logger="minichain.node")
    async with running_node(tmp_path) as node:
        client = await Client.connect(node, hello=None)
        await client.send(hello)
        assert await client.closed_by_node()
    (line,) = log_lines(caplog)
    assert "hello." in line and reason in line


@in_event_loop
async def test_message_before_hello_ends_the_connection(tmp_path, caplog):
    caplog.set_level(logging.INFO, logger="minichain.node")
    async with running_node(tmp_path) as node:
        client = await Client.connect(node, hello=None)
        await client.send(Inv(blocks=(GENESIS.hash,)))
        assert await client.closed_by_node()
    assert "inv: a peer must say hello first" in log_lines(caplog)[0]


@in_event_loop
async def test_connection_without_hello_is_closed_after_the_timeout(tmp_path, caplog):
    caplog.set_level(logging.INFO, logger="minichain.node")
    async with running_node(tmp_path, limits=Limits(hello_timeout=0.2)) as node:
        client = await Client.connect(node, hello=None)
        assert await client.closed_by_node()
    assert log_lines(caplog)[0].endswith("no hello within 0.2 s")


@in_event_loop
async def test_connections_beyond_the_peer_limit_are_refused(tmp_path):
    async with running_node(tmp_path, limits=Limits(max_peers=1, hello_timeout=0.5)) as node:
        first = await Client.connect(node)
        second = await Client.connect(node, hello=None)
        assert await second.closed_by_node()
        assert (await first.status()).peers == 1


@in_event_loop
async def test_a_connection_beyond_the_peer_limit_is_still_answered_getstatus(tmp_path):
    async with running_node(tmp_path, limits=Limits(max_peers=1, hello_timeout=5.0)) as node:
        first = await Client.connect(node)
        asking = await Client.connect(node, hello=None)
        status = await asking.status()
        assert (status.chain, status.peers) == ("regtest", 1)
        assert await asking.closed_by_node()
        first.close()


@in_event_loop
async def test_a_peer_silent_after_hello_is_dropped_after_the_idle_timeout(tmp_path, caplog):
    caplog.set_level(logging.INFO, logger="minichain.node")
    async with running_node(tmp_path, limits=Limits(idle_timeout=0.3)) as node:
        client = await Client.connect(node)  # says hello, then nothing
        assert await client.closed_by_node()
        await until(lambda: not node.peers)
    assert any(line.endswith("silent for 0.3 s after hello") for line in log_lines(caplog))


@in_event_loop
async def test_a_quiet_honest_peer_gets_keepalives_and_answering_them_keeps_it(tmp_path):
    async with running_node(tmp_path, limits=Limits(idle_timeout=0.6)) as node:
        client = await Client.connect(node)
        for _ in range(4):  # well past the idle timeout, answering each keepalive with one
            assert await client.receive(timeout=5.0) == Inv()
            await client.send(Inv())
        assert (await client.status()).peers == 1
        client.close()


@pytest.mark.parametrize("cut", [1, 3, 4, 10], ids=lambda n: f"{n} bytes")
@in_event_loop
async def test_a_peer_stalling_mid_frame_is_dropped_after_the_frame_timeout(tmp_path, caplog, cut):
    caplog.set_level(logging.INFO, logger="minichain.node")
    async with running_node(tmp_path, limits=Limits(frame_timeout=0.3)) as node:
        client = await Client.connect(node)
        await client.send_raw(encode(Inv(blocks=(GENESIS.hash,)))[:cut])
        assert await client.closed_by_node()
    assert any("stalled mid-frame" in line for line in log_lines(caplog))


@in_event_loop
async def test_fifteen_silent_peers_cannot_stop_status_or_new_peers(tmp_path):
    limits = Limits(max_peers=16, idle_timeout=0.5, hello_timeout=0.5)
    async with running_node(tmp_path, limits=limits) as node:
        silent = [await Client.connect(node) for _ in range(15)]
        extra = [await Client.connect(node, hello=None) for _ in range(3)]  # beyond the limit
        status = await fetch_status(node.port, timeout=5.0)
        assert status.peers <= 16
        for client in silent:
            assert await client.closed_by_node()
        await until(lambda: not node.peers)
        newcomer = await Client.connect(node)
        assert (await newcomer.status()).peers == 1
        for client in extra:
            client.close()
        newcomer.close()


@in_event_loop
async def test_unreachable_peer_is_retried_with_backoff_then_given_up(tmp_path, caplog):
    caplog.set_level(logging.INFO, logger="minichain.node")
    with contextlib.closing(socket.socket()) as probe:
        probe.bind(("127.0.0.1", 0))  # bound, not listening: connections are refused
        nobody = PeerAddress("127.0.0.1", probe.getsockname()[1])
        limits = Limits(connect_attempts=4, backoff_first=0.01, backoff_cap=0.02)
        async with running_node(tmp_path, peers=[nobody], limits=limits) as node:
            assert not node.synced()  # still trying
            await until(lambda: "giving up" in caplog.text)
            assert node.synced()  # nobody left to wait for
    retries = [m for m in log_lines(caplog, logging.INFO) if "cannot reach" in m]
    assert [m.split("; ")[1] for m in retries] == [
        "retry 1 of 3 in 0.01 s",
        "retry 2 of 3 in 0.02 s",  # doubled
        "retry 3 of 3 in 0.02 s",  # capped
    ]
    assert f"giving up on {nobody} after 4 attempts (Connection refused)" in caplog.text


# --- blocks -------------------------------------------------------------------------------

INVALID_BLOCKS = {
    "reward too high": ({"reward": 51}, "coinbase"),
    "merkle root does not match": ({"merkle": bytes(32)}, "merkle_root"),
    "proof-of-work fails": ({"pow_ok": False}, "nonce: hash"),
    "timestamp three hours ahead": ({"timestamp": int(time.time()) + 3 * 3600}, "timestamp"),
    "timestamp not after median time past": (
        {"timestamp": REGTEST.genesis_timestamp},
        "timestamp",
    ),
}


@pytest.mark.parametrize("case", INVALID_BLOCKS)
@in_event_loop
async def test_invalid_block_is_dropped_and_the_chain_file_is_unchanged(tmp_path, caplog, case):
    caplog.set_level(logging.INFO, logger="minichain.node")
    changes, field = INVALID_BLOCKS[case]
    block = make_block(GENESIS, 1, **changes)
    async with running_node(tmp_path) as node:
        before = stored_rows(tmp_path / "node.sqlite")
        client = await Client.connect(node)
        await client.send(BlockMessage(block))
        status = await client.status()
    assert (status.height, status.tip) == (0, GENESIS.hash)
    assert stored_rows(tmp_path / "node.sqlite") == before
    (line,) = log_lines(caplog)
    assert f"dropped block 1 ({short_hex(block.hash)})" in line
    assert field in line and line.endswith("(strike 1 of 3)")


@in_event_loop
async def test_valid_block_is_stored_and_announced_to_the_other_peers(tmp_path):
    block = make_block(GENESIS, 1)
    async with running_node(tmp_path) as node:
        sender, listener = await Client.connect(node), await Client.connect(node)
        await sender.send(BlockMessage(block))
        assert await listener.expect(Inv) == Inv(blocks=(block.hash,))
        assert node.chain.tip.hash == block.hash
    assert stored_rows(tmp_path / "node.sqlite")[-1] == (block.hash, "valid")


@in_event_loop
async def test_block_on_unknown_parent_is_not_stored_and_the_sender_is_asked_for_more(tmp_path):
    first = make_block(GENESIS, 1)
    second = make_block(first, 2)
    async with running_node(tmp_path) as node:
        before = stored_rows(tmp_path / "node.sqlite")
        client = await Client.connect(node)
        await client.send(BlockMessage(second))
        assert await client.expect(GetBlocks) == GetBlocks((GENESIS.hash,))
        assert stored_rows(tmp_path / "node.sqlite") == before
        # Answer as a node would: list what follows genesis, then send what is asked for.
        await client.send(Inv(blocks=(first.hash, second.hash)))
        assert await client.expect(GetData) == GetData(blocks=(first.hash, second.hash))
        await client.send(BlockMessage(first))
        await client.send(BlockMessage(second))
        await until(lambda: node.chain.height == 2)
    assert [h for h, _ in stored_rows(tmp_path / "node.sqlite")][-2:] == [first.hash, second.hash]


@in_event_loop
async def test_block_on_unknown_parent_without_proof_of_work_is_a_strike(tmp_path, caplog):
    caplog.set_level(logging.INFO, logger="minichain.node")
    orphan = make_block(make_block(GENESIS, 1), 2, pow_ok=False)
    async with running_node(tmp_path) as node:
        client = await Client.connect(node)
        await client.send(BlockMessage(orphan))
        assert (await client.status()).height == 0
    (line,) = log_lines(caplog)
    assert "on an unknown parent fails its proof-of-work (strike 1 of 3)" in line


@in_event_loop
async def test_hello_with_an_unknown_tip_makes_the_node_ask_for_blocks(tmp_path):
    async with running_node(tmp_path) as node:
        client = await Client.connect(node, hello=None)
        await client.send(Hello("regtest", GENESIS.hash, 7, bytes(range(32)), 0))
        await client.expect(Hello)
        assert await client.expect(GetBlocks) == GetBlocks((GENESIS.hash,))


@in_event_loop
async def test_getblocks_is_answered_with_the_hashes_after_the_fork(tmp_path):
    async with running_node(tmp_path, mining=MiningPlan(ALICE.address, 4, 0.01)) as node:
        await until(lambda: node.mined == 4)
        main = [entry.hash for entry in node.chain.main]
        client = await Client.connect(node)
        await client.send(GetBlocks((bytes(range(32)), main[2], GENESIS.hash)))
        assert await client.expect(Inv) == Inv(blocks=tuple(main[3:]))
        await client.send(GetData(blocks=(main[4], main[1])))
        assert (await client.expect(BlockMessage)).block.hash == main[4]
        assert (await client.expect(BlockMessage)).block.hash == main[1]


# --- transactions ---------------------------------------------------------------------------


def payment(block, key=ALICE, signed=True):
    """Alice's block reward in ``block``, paid to Bob (signed by ``key``)."""
    reward = block.transactions[0]
    tx = Transaction((TxIn(OutPoint(reward.txid, 0)),), (TxOut.coin(BOB.address, 50),))
    return sign(tx, key, "regtest") if signed else tx


@in_event_loop
async def test_valid_transaction_enters_the_mempool_and_is_announced(tmp_path):
    async with running_node(tmp_path, mining=MiningPlan(ALICE.address, 1, 0.01)) as node:
        await until(lambda: node.mined == 1)
        tx = payment(node.chain.block_at(1))
        sender, listener = await Client.connect(node), await Client.connect(node)
        await sender.send(TxMessage(tx))
        assert await listener.expect(Inv) == Inv(txs=(tx.txid,))
        assert tx.txid in node.chain.mempool
        await listener.send(GetData(txs=(tx.txid,)))
        assert (await listener.expect(TxMessage)).tx.txid == tx.txid


@pytest.mark.parametrize(
    ("signer", "reason", "strike"),
    [(CAROL, "is not the key of", False), (None, "public_key: must be a 33-byte", True)],
    ids=["signed by the wrong key", "not signed"],
)
@in_event_loop
async def test_invalid_transaction_is_dropped_and_nothing_changes(
    tmp_path, caplog, signer, reason, strike
):
    caplog.set_level(logging.INFO, logger="minichain.node")
    async with running_node(tmp_path, mining=MiningPlan(ALICE.address, 1, 0.01)) as node:
        await until(lambda: node.mined == 1)
        before = stored_rows(tmp_path / "node.sqlite")
        tx = payment(node.chain.block_at(1), signer, signed=signer is not None)
        client = await Client.connect(node)
        await client.send(TxMessage(tx))
        assert (await client.status()).mempool == 0
    assert stored_rows(tmp_path / "node.sqlite") == before
    (line,) = [m for m in log_lines(caplog, logging.INFO) if "dropped" in m]
    assert f"dropped tx {short_hex(tx.txid)}" in line and reason in line
    assert ("strike 1 of 3" in line) == strike


# --- the command and real processes ----------------------------------------------------------

LISTENING = re.compile(r"listening on 127\.0\.0\.1:(\d+), chain \w+, height (\d+)")


def minichain(*args, timeout=30):
    return subprocess.run(
        [sys.executable, "-m", "minichain", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


class NodeProcess:
    """``python -m minichain node`` on a free port, logging to a file."""

    def __init__(self, folder: Path, name: str, run: int, args):
        self.name = name
        self.data = folder / f"{name}.sqlite"
        self.log = folder / f"{name}.{run}.log"
        with self.log.open("w") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "minichain", "node", "--port", "0"]
                + ["--data", str(self.data), "--exit-after", "60", *args],
                stdout=subprocess.DEVNULL,
                stderr=log,
            )
        found = wait_until(lambda: LISTENING.search(self.log.read_text()), f"{name} listening")
        self.port, self.start_height = int(found[1]), int(found[2])

    @property
    def address(self):
        return f"127.0.0.1:{self.port}"

    def status(self):
        return query_status(self.port, timeout=3)

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        return self.process.wait(10)


def wait_until(condition, what, timeout=20.0):
    deadline = time.monotonic() + timeout
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.05)


@pytest.fixture
def launch(tmp_path):
    """Start node processes; every one is stopped at the end, whatever happened."""
    started = []

    def start(name, *args):
        started.append(NodeProcess(tmp_path, name, len(started), args))
        return started[-1]

    yield start
    for node in started:
        if node.process.poll() is None:
            node.process.terminate()
    for node in started:
        try:
            node.process.wait(10)
        except subprocess.TimeoutExpired:
            node.process.kill()
            node.process.wait()


@pytest.mark.parametrize(
    ("args", "rule"),
    [
        (["--peer", "10.0.0.1:8333"], "10.0.0.1 is not a loopback address"),
        (["--peer", "example.com:8333"], "must be a loopback IP address"),
        (["--host", "0.0.0.0"], "0.0.0.0 is not a loopback address"),
        (["--port", "70000"], "between 0 and 65535"),
    ],
)
def test_anything_but_loopback_is_a_usage_error(tmp_path, args, rule):
    result = minichain("node", "--port", "0", "--data", str(tmp_path / "x.sqlite"), *args)
    assert result.returncode == 2
    assert rule in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "x.sqlite").exists()


def test_status_of_a_port_where_no_node_listens_is_one_line_and_exit_1():
    with contextlib.closing(socket.socket()) as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # bound but not listening: connections are refused
        result = minichain("node", "status", "--port", str(port))
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"minichain: port: no node answers on 127.0.0.1:{port} (Connection refused)"
    )


def test_a_port_in_use_is_one_line_and_exit_1(tmp_path):
    with contextlib.closing(socket.socket()) as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = minichain("node", "--port", str(port), "--data", str(tmp_path / "n.sqlite"))
    assert result.returncode == 1
    assert result.stderr == (
        f"minichain: port: cannot listen on 127.0.0.1:{port} (Address already in use)\n"
    )


def test_a_file_that_is_not_a_chain_is_one_line_and_exit_1(tmp_path):
    (tmp_path / "notes.sqlite").write_text("my notes")
    result = minichain("node", "--port", "0", "--data", str(tmp_path / "notes.sqlite"))
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "is not a minichain chain file" in result.stderr


def test_node_stops_by_itself_after_exit_after(tmp_path):
    started = time.monotonic()
    result = minichain(
        "node", "--port", "0", "--data", str(tmp_path / "n.sqlite"), "--exit-after", "0.5"
    )
    assert result.returncode == 0, result.stderr
    assert "stopping: --exit-after 0.5 s reached" in result.stderr
    assert time.monotonic() - started < 20


def test_sigterm_stops_a_node_cleanly_and_status_reports_its_tip(launch):
    node = launch("solo", "--mine", ALICE.address, *mining(2, 0.05))
    wait_until(lambda: node.status().height == 2, "two blocks mined")
    printed = minichain("node", "status", "--port", str(node.port))
    tip = to_display_hex(node.status().tip)
    assert printed.stdout == f"chain regtest height 2 tip {tip} peers 0 mempool 0 synced\n"
    assert node.stop() == 0
    assert "stopping: SIGTERM" in node.log.read_text()
    with Blockchain.open(node.data, REGTEST) as chain:
        assert (chain.height, chain.tip.hash_hex) == (2, tip)


def mining(blocks, interval):
    return ["--mine-blocks", str(blocks), "--mine-interval", str(interval)]


def converged(*nodes):
    statuses = [node.status() for node in nodes]
    return len({(s.height, s.tip) for s in statuses}) == 1 and statuses[0]


def test_three_nodes_mining_on_two_converge_on_one_tip(launch):
    started = time.monotonic()
    c = launch("c")
    b = launch("b", "--peer", c.address, "--mine", BOB.address, *mining(6, 0.3))
    # a mines until after b has stopped, so the last blocks settle any fork
    a = launch(
        "a", "--peer", c.address, "--peer", b.address, "--mine", ALICE.address, *mining(10, 0.3)
    )
    wait_until(lambda: all("mining done" in n.log.read_text() for n in (a, b)), "both miners")
    final = wait_until(lambda: converged(a, b, c), "the same tip on all three nodes")
    elapsed = time.monotonic() - started
    print(f"\nthree nodes agree on height {final.height}, tip {short_hex(final.tip)}")
    print(f"  (miners done and converged {elapsed:.1f} s after the first node started)")
    assert final.height >= 6 and final.peers == 2
    assert [node.stop() for node in (a, b, c)] == [0, 0, 0]
    with Blockchain.open(c.data, REGTEST) as chain:  # what the third node stored
        assert chain.tip.hash == final.tip
        assert chain.balance(ALICE.address) + chain.balance(BOB.address) == 50 * final.height
    for node in (a, b, c):
        assert "Traceback" not in node.log.read_text()


def test_killed_node_restarts_from_its_file_and_catches_up(launch):
    c = launch("c")
    b = launch("b", "--peer", c.address)
    # a starts mining once it talks to both others (see Node.synced)
    a = launch(
        "a", "--peer", b.address, "--peer", c.address, "--mine", ALICE.address, *mining(10, 0.4)
    )
    seen = wait_until(lambda: (height := c.status().height) >= 2 and height, "c at height 2")
    c.process.send_signal(signal.SIGKILL)
    c.process.wait(10)
    wait_until(lambda: a.status().height >= seen + 2, "blocks mined while c is down")
    again = launch("c", "--port", str(c.port), "--peer", a.address)
    assert again.start_height >= seen  # what it had stored survived the kill
    wait_until(lambda: "mining done" in a.log.read_text(), "the miner")
    final = wait_until(lambda: converged(a, b, again), "the restarted node to catch up")
    assert final.height == 10
    print(f"\nrestarted node went from height {again.start_height} to {final.height}")


@in_event_loop
async def test_two_nodes_on_different_branches_meet_on_the_one_with_more_work(tmp_path, caplog):
    caplog.set_level(logging.INFO, logger="minichain.node")
    limits = Limits(getblocks_batch=4, shutdown_grace=1.0)  # 11 blocks take three answers
    with (
        Blockchain.open(tmp_path / "x.sqlite", REGTEST, clock=time.time) as short,
        Blockchain.open(tmp_path / "y.sqlite", REGTEST, clock=time.time) as long,
    ):
        for _ in range(3):
            mine_block(short, ALICE.address)
        for _ in range(11):
            mine_block(long, BOB.address)
        x = Node(short, limits=limits)
        x_task = asyncio.create_task(x.run(exit_after=20))
        await x.started.wait()
        y = Node(long, peers=[PeerAddress("127.0.0.1", x.port)], limits=limits)
        y_task = asyncio.create_task(y.run(exit_after=20))
        await until(lambda: short.tip.hash == long.tip.hash and len(long.entries) == 15)
        x.stop(), y.stop()
        await asyncio.gather(x_task, y_task)
        assert short.height == 11
        assert (short.balance(BOB.address), short.balance(ALICE.address)) == (550, 0)
    reorganised = [m for m in log_lines(caplog, logging.INFO) if "chain reorganised" in m]
    assert len(reorganised) == 1 and reorganised[0].startswith(f"node 127.0.0.1:{x.port}: block 4")
    assert stored_rows(tmp_path / "x.sqlite")[-1] == (long.tip.hash, "valid")


# --- what valid but useless data may cost -------------------------------------------------


async def strikes_until_dropped(node, client, messages):
    """Send ``messages`` one by one (each answered before the next); how many went in."""
    sent = 0
    for message in messages:
        try:
            await client.send(message)
            await client.status()  # the node has handled it
        except (ConnectionError, AssertionError):
            break
        sent += 1
    assert await client.closed_by_node()
    return sent


@in_event_loop
async def test_orphan_blocks_beyond_the_allowance_earn_strikes_and_then_the_door(tmp_path, caplog):
    caplog.set_level(logging.INFO, logger="minichain.node")
    parent = make_block(GENESIS, 1)
    orphans = [make_block(parent, 2, timestamp=parent.header.timestamp + i) for i in range(1, 10)]
    async with running_node(tmp_path, limits=Limits(unconnected_allowance=2)) as node:
        client = await Client.connect(node)
        await strikes_until_dropped(node, client, [BlockMessage(b) for b in orphans])
        assert node.chain.height == 0
    warnings = log_lines(caplog)
    assert sum("strike" in line for line in warnings) == 3
    assert "more than 2 that connect to nothing here (strike 1 of 3)" in warnings[0]
    assert len(warnings) == 4  # three strikes and the disconnection: no flood


@in_event_loop
async def test_transactions_with_missing_inputs_beyond_the_allowance_earn_strikes(tmp_path, caplog):
    caplog.set_level(logging.INFO, logger="minichain.node")
    txs = [
        sign(
            Transaction((TxIn(OutPoint(bytes([i]) * 32, 0)),), (TxOut.coin(BOB.address, 5),)),
            ALICE,
            "regtest",
        )
        for i in range(1, 10)
    ]
    async with running_node(tmp_path, limits=Limits(unconnected_allowance=1)) as node:
        client = await Client.connect(node)
        await strikes_until_dropped(node, client, [TxMessage(tx) for tx in txs])
        assert len(node.chain.mempool) == 0
    warnings = log_lines(caplog)
    assert sum("spends unknown outputs" in line for line in warnings) == 3
    assert len(warnings) == 4


SIDE_BRANCH_BOUNDS = {
    "by count": (Limits(side_branch_allowance=2), 2, "more than 2 side-branch blocks"),
    "by bytes": (Limits(side_branch_bytes=1), 0, "more than 1 bytes of side-branch blocks"),
}


@pytest.mark.parametrize("bound", SIDE_BRANCH_BOUNDS)
@in_event_loop
async def test_valid_side_branch_blocks_beyond_the_allowance_earn_strikes(tmp_path, caplog, bound):
    limits, free, rule = SIDE_BRANCH_BOUNDS[bound]
    caplog.set_level(logging.INFO, logger="minichain.node")
    mining = MiningPlan(ALICE.address, 2, 0.01)
    async with running_node(tmp_path, mining=mining, limits=limits) as node:
        await until(lambda: node.mined == 2)
        now = int(time.time())
        stale = [make_block(GENESIS, 1, timestamp=now - i) for i in range(10)]
        client = await Client.connect(node)
        sent = await strikes_until_dropped(node, client, [BlockMessage(b) for b in stale])
        assert sent <= free + 3
        assert node.chain.height == 2
        assert node.chain.stale_block_count() <= free + 3
    warnings = log_lines(caplog)
    assert sum(rule in line for line in warnings) == 3
    assert f"{rule} (strike 1 of 3)" in warnings[0]
