"""The wire protocol: frames, limits and every malformed message, over real loopback sockets."""

import asyncio
import json
import struct

import pytest

from minichain.chain import Blockchain, genesis_block
from minichain.errors import MinichainError
from minichain.headers import BlockEntry
from minichain.keys import PrivateKey
from minichain.locator import block_locator, fork_height, hashes_after, locator_heights
from minichain.miner import mine_block
from minichain.node.addresses import PeerAddress, loopback_host, port_number
from minichain.node.errors import (
    AddressError,
    MalformedMessageError,
    OversizeMessageError,
    ProtocolError,
    TruncatedMessageError,
    UnknownMessageTypeError,
)
from minichain.node.protocol import (
    MAX_INVENTORY,
    MAX_MESSAGE_SIZE,
    BlockMessage,
    GetBlocks,
    GetData,
    GetStatus,
    Hello,
    Inv,
    Status,
    TxMessage,
    decode,
    encode,
    read_frame,
    read_message,
)
from minichain.params import ChainParams
from minichain.wallet import transfer

REGTEST = ChainParams.regtest()
ALICE, BOB = PrivateKey.from_seed("alice"), PrivateKey.from_seed("bob")
GENESIS = genesis_block(REGTEST)


@pytest.fixture(scope="module")
def chain():
    """A regtest chain of 25 blocks whose last block holds a payment."""
    chain = Blockchain(REGTEST)
    for _ in range(24):
        mine_block(chain, ALICE.address)
    transfer(chain, ALICE, BOB.address, 20, fee=1)
    mine_block(chain, ALICE.address)
    return chain


def frame(payload: bytes) -> bytes:
    return struct.pack(">I", len(payload)) + payload


async def deliver(data: bytes, *, close: bool = True, read=read_message, **options):
    """Write ``data`` into a real 127.0.0.1 connection; return what the other end reads."""
    outcome = asyncio.get_running_loop().create_future()

    async def serve(reader, writer):
        try:
            outcome.set_result(await read(reader, **options))
        except Exception as error:  # handed to the test, which checks it
            outcome.set_exception(error)
        finally:
            writer.close()

    server = await asyncio.start_server(serve, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(data)
        await writer.drain()
        if close:
            writer.write_eof()
        return await asyncio.wait_for(outcome, 5)
    finally:
        writer.close()
        server.close()
        await server.wait_closed()


def received(data: bytes, **options):
    return asyncio.run(deliver(data, **options))


# --- frames ----------------------------------------------------------------------


def test_frame_is_a_four_byte_big_endian_length_then_json():
    payload = b'{"type":"getstatus"}'
    assert encode(GetStatus()) == len(payload).to_bytes(4, "big") + payload


def sample_messages(chain):
    tip = chain.tip
    return [
        Hello("regtest", GENESIS.hash, chain.height, tip.hash, 8333),
        Inv(blocks=(tip.hash, GENESIS.hash), txs=(tip.transactions[1].txid,)),
        GetData(blocks=(tip.hash,)),
        GetBlocks(tuple(block_locator(chain.tip_entry))),
        BlockMessage(tip),
        TxMessage(tip.transactions[1]),
        GetStatus(),
        Status("regtest", chain.height, tip.hash, peers=2, mempool=0, synced=True),
    ]


@pytest.mark.parametrize("position", range(8))
def test_every_message_type_survives_a_trip_over_loopback(chain, position):
    message = sample_messages(chain)[position]
    assert received(encode(message)) == message


def test_blocks_and_transactions_travel_as_their_canonical_bytes(chain):
    block = chain.tip
    sent = json.loads(encode(BlockMessage(block))[4:])
    assert sent == {"type": "block", "data": block.serialize().hex()}
    arrived = received(encode(BlockMessage(block))).block
    assert arrived.hash == block.hash
    assert [tx.txid for tx in arrived.transactions] == block.txids
    tx = block.transactions[1]
    assert json.loads(encode(TxMessage(tx))[4:])["data"] == tx.serialize().hex()


def test_oversize_length_is_refused_before_the_body_is_read():
    # Only the length arrives and the connection stays open: waiting for the
    # body would hang until the 5-second deadline of `deliver`.
    announced = (MAX_MESSAGE_SIZE + 1).to_bytes(4, "big")
    with pytest.raises(OversizeMessageError, match="above the message limit"):
        received(announced, close=False)


def test_a_payload_exactly_at_the_limit_is_read():
    payload = b'{"type":"getstatus"}'
    assert received(frame(payload), limit=len(payload)) == GetStatus()
    with pytest.raises(OversizeMessageError):
        received(frame(payload), limit=len(payload) - 1)


def test_encode_refuses_a_message_above_the_limit(chain):
    with pytest.raises(OversizeMessageError, match="block: .* above the message limit 100"):
        encode(BlockMessage(chain.tip), limit=100)


def test_connection_closed_between_frames_reads_as_nothing():
    assert received(b"") is None


@pytest.mark.parametrize(
    ("data", "field"),
    [(b"\x00\x00", "length"), (frame(b'{"type":"getstatus"}')[:-3], "payload")],
    ids=["inside the length", "inside the payload"],
)
def test_connection_closed_inside_a_frame_is_a_truncated_message(data, field):
    with pytest.raises(TruncatedMessageError, match=f"^{field}: connection closed after"):
        received(data, read=read_frame)


# --- malformed messages ----------------------------------------------------------------


def hello_json(**changes):
    fields = {
        "type": "hello",
        "version": 1,
        "chain": "regtest",
        "genesis": GENESIS.hash.hex(),
        "height": 0,
        "tip": GENESIS.hash.hex(),
        "port": 0,
    }
    fields.update(changes)
    return json.dumps({k: v for k, v in fields.items() if v is not ...}).encode()


MALFORMED = {
    "not JSON": (b"hello there", MalformedMessageError, "payload: is not JSON"),
    "empty payload": (b"", MalformedMessageError, "payload: is not JSON"),
    "not UTF-8": (b'{"type":"\xff\xfe"}', MalformedMessageError, "payload: is not JSON"),
    "a JSON list": (b'["hello"]', MalformedMessageError, "must be a JSON object, got list"),
    "nested too deeply": (b"[" * 200_000, MalformedMessageError, "nested too deeply"),
    "no type": (b'{"chain":"regtest"}', MalformedMessageError, "type: must be a string"),
    "type not a string": (b'{"type":7}', MalformedMessageError, "type: must be a string"),
    "unknown type": (b'{"type":"version"}', UnknownMessageTypeError, "unknown message type"),
    "hello without chain": (hello_json(chain=...), MalformedMessageError, "hello.chain"),
    "height as text": (hello_json(height="5"), MalformedMessageError, "hello.height"),
    "height as bool": (hello_json(height=True), MalformedMessageError, "hello.height"),
    "height negative": (hello_json(height=-1), MalformedMessageError, "hello.height"),
    "height of 5000 digits": (
        hello_json().replace(b'"height": 0', b'"height": ' + b"9" * 5000),
        MalformedMessageError,
        "payload: is not JSON",
    ),
    "port above 65535": (hello_json(port=70000), MalformedMessageError, "hello.port"),
    "genesis not hex": (hello_json(genesis="zz" * 32), MalformedMessageError, "hello.genesis"),
    "genesis of 31 bytes": (
        hello_json(genesis="00" * 31),
        MalformedMessageError,
        "hello.genesis: must be 64 hex digits, got 62",
    ),
    "inv blocks not a list": (
        b'{"type":"inv","blocks":"00"}',
        MalformedMessageError,
        "inv.blocks: must be a list",
    ),
    "inv with 501 hashes": (
        json.dumps({"type": "inv", "blocks": ["00" * 32] * (MAX_INVENTORY + 1)}).encode(),
        MalformedMessageError,
        "inv.blocks: holds 501 hashes, at most 500",
    ),
    "getdata hash not hex": (
        b'{"type":"getdata","txs":[5]}',
        MalformedMessageError,
        r"getdata.txs\[0\]",
    ),
    "getblocks without locator": (
        b'{"type":"getblocks"}',
        MalformedMessageError,
        "getblocks.locator: is missing",
    ),
    "getblocks with empty locator": (
        b'{"type":"getblocks","locator":[]}',
        MalformedMessageError,
        "at least one hash",
    ),
    "block data not hex": (b'{"type":"block","data":"xyz"}', MalformedMessageError, "block.data"),
    "block bytes cut short": (
        json.dumps({"type": "block", "data": GENESIS.serialize()[:-1].hex()}).encode(),
        MalformedMessageError,
        r"block.data.transactions\[0\]: block ends early",
    ),
    "tx bytes with a trailing byte": (
        json.dumps({"type": "tx", "data": GENESIS.transactions[0].raw.hex() + "00"}).encode(),
        MalformedMessageError,
        "tx.data",
    ),
    "status synced not a bool": (
        b'{"type":"status","chain":"regtest","height":0,"tip":"' + b"00" * 32 + b'",'
        b'"peers":0,"mempool":0,"synced":1}',
        MalformedMessageError,
        "status.synced",
    ),
}


@pytest.mark.parametrize("case", MALFORMED)
def test_malformed_message_is_refused_with_a_specific_error(case):
    payload, error_class, message = MALFORMED[case]
    with pytest.raises(error_class, match=message):
        received(frame(payload))


def test_protocol_errors_are_minichain_errors_naming_field_and_rule():
    with pytest.raises(ProtocolError) as caught:
        decode(hello_json(port="x"))
    assert isinstance(caught.value, MinichainError)
    assert isinstance(caught.value, ValueError)
    assert (caught.value.field, caught.value.rule) == ("hello.port", "must be a whole number")
    assert str(caught.value) == "hello.port: must be a whole number"


def test_unknown_fields_are_ignored_so_later_versions_can_add_some():
    assert decode(b'{"type":"getstatus","colour":"blue"}') == GetStatus()


# --- block locators ---------------------------------------------------------------------


def test_locator_of_a_short_chain_names_every_block():
    assert locator_heights(5) == [5, 4, 3, 2, 1, 0]
    assert locator_heights(0) == [0]


def test_locator_steps_double_after_ten_hashes_and_end_at_genesis():
    # Bitcoin Core LocatorEntries (chain.cpp): the step doubles once more than 10 are listed.
    assert locator_heights(20) == [20, 19, 18, 17, 16, 15, 14, 13, 12, 11, 10, 9, 7, 3, 0]


def test_locator_of_a_million_blocks_stays_short():
    heights = locator_heights(1_000_000)
    assert len(heights) < 40
    assert heights[-1] == 0
    assert heights == sorted(heights, reverse=True)


def test_block_locator_lists_the_hashes_at_those_heights(chain):
    assert block_locator(chain.tip_entry) == [
        chain.main[h].hash for h in locator_heights(chain.height)
    ]


def test_fork_height_is_the_first_locator_hash_on_the_active_chain(chain):
    unknown = bytes(range(32))
    side = BlockEntry(GENESIS.header, bytes(32), 3, 0)  # known hash, not on the active chain
    entries = {**chain.entries, side.hash: side}
    assert fork_height([unknown, side.hash, chain.main[7].hash], entries, chain.main) == 7
    assert fork_height([unknown], entries, chain.main) == 0


def test_hashes_after_the_fork_are_listed_in_order_up_to_the_limit(chain):
    assert hashes_after(chain.main, 22, 500) == [e.hash for e in chain.main[23:]]
    assert hashes_after(chain.main, 0, 3) == [e.hash for e in chain.main[1:4]]
    assert hashes_after(chain.main, chain.height, 500) == []


# --- addresses ---------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["127.0.0.1:8333", "127.3.2.1:1", "localhost:80", "[::1]:9000"])
def test_loopback_peers_are_accepted(text):
    peer = PeerAddress.parse(text)
    assert loopback_host(peer.host) == peer.host


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("10.0.0.1:8333", "not a loopback address"),
        ("0.0.0.0:8333", "not a loopback address"),
        ("[2001:db8::1]:8333", "not a loopback address"),
        ("example.com:8333", "must be a loopback IP address"),
        ("127.0.0.1", "must be HOST:PORT"),
        ("127.0.0.1:0", "between 1 and 65535"),
        ("127.0.0.1:99999", "between 1 and 65535"),
        ("127.0.0.1:http", "must be a number"),
        ("::1:8333", "IPv6"),
    ],
)
def test_other_peer_addresses_are_refused(text, rule):
    with pytest.raises(AddressError, match=rule):
        PeerAddress.parse(text)


def test_port_zero_is_allowed_only_for_listening():
    assert port_number("0", allow_zero=True) == 0
    with pytest.raises(AddressError):
        port_number("0")
