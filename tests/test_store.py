"""Chain files: what was saved comes back, bad files are refused by name, kill -9 loses nothing."""

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from minichain.chain import Added, Blockchain
from minichain.errors import (
    BlockError,
    DoubleSpendError,
    SignatureError,
    StoreError,
)
from minichain.header import BlockHeader
from minichain.keys import PrivateKey
from minichain.ledger import Block
from minichain.merkle import merkle_root
from minichain.miner import mine_block
from minichain.params import ChainParams
from minichain.pow import mine as mine_header
from minichain.store import (
    FORMAT,
    FORMAT_VERSION,
    STATUSES,
    BlockStatus,
    ChainStore,
    params_fingerprint,
    stored_chain_name,
)
from minichain.tx import OutPoint, Transaction, TxIn, TxOut, coinbase, sign
from minichain.wallet import transfer

REGTEST = ChainParams.regtest()
ALICE = PrivateKey.from_seed("alice")
BOB = PrivateKey.from_seed("bob")
CAROL = PrivateKey.from_seed("carol")
REPO = Path(__file__).resolve().parent.parent
CRASH_WRITER = Path(__file__).resolve().with_name("crash_writer.py")


# --- helpers ------------------------------------------------------------------


def query(path, sql, *args):
    """Run one SQL statement on the file with plain sqlite3 and return its rows."""
    db = sqlite3.connect(path)
    try:
        with db:
            return db.execute(sql, args).fetchall()
    finally:
        db.close()


def rows(path):
    """The blocks table as (seq, hash, status) rows."""
    return query(path, "SELECT seq, hash, status FROM blocks ORDER BY seq")


def snapshot(chain):
    """What a reopened chain must give back: height, tip, balances and every unspent output."""
    return {
        "height": chain.height,
        "tip": chain.tip.hash,
        "alice": chain.balance(ALICE.address),
        "bob": chain.balance(BOB.address),
        "carol": chain.balance(CAROL.address),
        "utxo": dict(chain.utxo.coins),
    }


def make_chain_file(path, params=REGTEST):
    """A chain file of three blocks mined by alice; block 2 pays bob 5 coins with a fee of 1."""
    with Blockchain.open(path, params) as chain:
        mine_block(chain, ALICE.address)
        transfer(chain, ALICE, BOB.address, 5, fee=1)
        mine_block(chain, ALICE.address)
        mine_block(chain, ALICE.address)
        return snapshot(chain)


def payment(outpoint, to_address, amount, chain_id=REGTEST.name):
    """Alice's signed payment spending ``outpoint``, whether or not it is still unspent."""
    unsigned = Transaction((TxIn(outpoint),), (TxOut.coin(to_address, amount),))
    return sign(unsigned, ALICE, chain_id)


def build_block(chain, transactions=(), merkle=None):
    """A block on ``chain``'s tip with valid proof of work, whatever its transactions are."""
    parent = chain.tip
    height = chain.height + 1
    body = (coinbase(height, CAROL.address, chain.params.reward(height)), *transactions)
    header = BlockHeader(
        1,
        parent.hash,
        merkle_root([tx.txid for tx in body]) if merkle is None else merkle,
        parent.header.timestamp + chain.params.target_spacing,
        parent.header.bits,
        0,
    )
    return Block(mine_header(header), body)


def spent_coinbase(block):
    return OutPoint(block.transactions[0].txid, 0)


# --- what was saved comes back ------------------------------------------------


def test_new_chain_file_records_its_format_chain_name_params_and_suite(tmp_path):
    path = tmp_path / "chain.db"
    with Blockchain.open(path, REGTEST):
        assert query(path, "PRAGMA journal_mode") == [("wal",)]  # while it is written
    assert dict(query(path, "SELECT key, value FROM meta")) == {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "chain": "regtest",
        "params": params_fingerprint(REGTEST),
        "suite": "bitcoin",
    }


def test_a_closed_chain_file_is_one_file_with_its_log_folded_in(tmp_path):
    path = tmp_path / "chain.db"
    with Blockchain.open(path, REGTEST) as chain:
        mine_block(chain, ALICE.address)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["chain.db"]
    assert query(path, "PRAGMA journal_mode") == [("delete",)]


def test_the_file_accepts_exactly_the_block_statuses_the_chain_uses(tmp_path):
    path = tmp_path / "chain.db"
    ChainStore(path, REGTEST).close()
    assert STATUSES == ("valid", "stored", "orphan") == tuple(BlockStatus)
    db = sqlite3.connect(path)
    try:
        for number, status in enumerate([*STATUSES, "checked", "VALID"]):
            insert = "INSERT INTO blocks (hash, data, status) VALUES (?, x'00', ?)"
            if status in STATUSES:
                db.execute(insert, (bytes([number]) * 32, status))
            else:
                with pytest.raises(sqlite3.IntegrityError, match="CHECK constraint failed"):
                    db.execute(insert, (bytes([number]) * 32, status))
    finally:
        db.close()


def test_every_connected_block_is_one_valid_row_in_arrival_order(tmp_path):
    path = tmp_path / "chain.db"
    make_chain_file(path)
    with Blockchain.open(path, REGTEST) as chain:
        mined = [block.hash for block in chain][1:]  # the genesis block is never stored
    assert [(block_hash, status) for _, block_hash, status in rows(path)] == [
        (block_hash, "valid") for block_hash in mined
    ]


def test_read_only_store_reads_the_rows_and_refuses_to_write(tmp_path):
    path = tmp_path / "chain.db"
    make_chain_file(path)
    store = ChainStore(path, REGTEST, read_only=True)
    try:
        assert [row.hash for row in store.rows()] == [block_hash for _, block_hash, _ in rows(path)]
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            store.db.execute("DELETE FROM blocks")
    finally:
        store.close()


def test_read_only_store_never_creates_a_missing_file(tmp_path):
    path = tmp_path / "missing.db"
    with pytest.raises(StoreError, match="does not exist"):
        ChainStore(path, REGTEST, read_only=True)
    assert not path.exists()


def test_reopened_chain_has_the_same_tip_balances_and_utxo_set(tmp_path):
    path = tmp_path / "chain.db"
    before = make_chain_file(path)
    with Blockchain.open(path, REGTEST) as chain:
        after = snapshot(chain)
    assert after == before
    # coinbases of blocks 2 and 3, bob's 5 and alice's change (block 1's coinbase is spent)
    assert (after["height"], after["bob"], len(after["utxo"])) == (3, 5, 4)


def test_reopened_chain_keeps_extending_the_same_file(tmp_path):
    path = tmp_path / "chain.db"
    make_chain_file(path)
    with Blockchain.open(path, REGTEST) as chain:
        transfer(chain, ALICE, CAROL.address, 2)
        fourth = mine_block(chain, ALICE.address)
        before = snapshot(chain)
    with Blockchain.open(path, REGTEST) as chain:
        assert snapshot(chain) == before
        assert chain.block_at(4).hash == fourth.hash
        assert chain.balance(CAROL.address) == 2


@pytest.fixture
def branched(tmp_path):
    """A chain file where bob's longer branch took over from alice's; bob's block 6 is an orphan.

    Arrival order: a1 a2 (extend), b2 (orphan), b1 (side branch, b2 joins it),
    b4 (orphan), b3 (reorganises to b4), b6 (orphan: b5 is never sent).
    """
    alice_chain = Blockchain(REGTEST)
    a1 = mine_block(alice_chain, ALICE.address)
    transfer(alice_chain, ALICE, BOB.address, 5)
    a2 = mine_block(alice_chain, ALICE.address)
    bob_chain = Blockchain(REGTEST)
    b = [None] + [mine_block(bob_chain, BOB.address) for _ in range(6)]
    path = tmp_path / "chain.db"
    with Blockchain.open(path, REGTEST) as chain:
        results = [chain.add_block(block) for block in (a1, a2, b[2], b[1], b[4], b[3], b[6])]
        assert results == [
            Added.EXTENDED,
            Added.EXTENDED,
            Added.ORPHAN,
            Added.SIDE_BRANCH,
            Added.ORPHAN,
            Added.REORGANIZED,
            Added.ORPHAN,
        ]
        state = snapshot(chain)
    return SimpleNamespace(path=path, alice_chain=alice_chain, a=[None, a1, a2], b=b, state=state)


def test_reopened_chain_stays_on_the_branch_it_reorganised_to(branched):
    with Blockchain.open(branched.path, REGTEST) as chain:
        assert snapshot(chain) == branched.state
        assert [block.hash for block in chain][1:] == [b.hash for b in branched.b[1:5]]
        assert chain.balance(BOB.address) == 4 * REGTEST.block_reward


def test_side_branch_blocks_survive_a_reopen(branched):
    with Blockchain.open(branched.path, REGTEST) as chain:
        for block in branched.a[1:]:
            assert chain.block(block.hash) == block
            assert block.hash not in {main.hash for main in chain}


def test_orphan_blocks_survive_a_reopen_and_connect_when_their_parent_arrives(branched):
    orphan, parent = branched.b[6], branched.b[5]
    with Blockchain.open(branched.path, REGTEST) as chain:
        assert list(chain.orphans) == [orphan.hash]
        assert chain.add_block(parent) == Added.EXTENDED
        assert (chain.height, chain.tip.hash) == (6, orphan.hash)
    with Blockchain.open(branched.path, REGTEST) as chain:
        assert (chain.height, chain.tip.hash, chain.orphans) == (6, orphan.hash, {})


def test_side_branch_stored_in_the_file_can_still_win_a_reorg_after_reopen(branched):
    extra = [mine_block(branched.alice_chain, ALICE.address) for _ in range(3)]
    with Blockchain.open(branched.path, REGTEST) as chain:
        results = [chain.add_block(block) for block in extra]
        assert results == [Added.SIDE_BRANCH, Added.SIDE_BRANCH, Added.REORGANIZED]
        assert [block.hash for block in chain][1:3] == [a.hash for a in branched.a[1:]]
        assert chain.tip.hash == extra[-1].hash
        assert chain.balance(BOB.address) == 5  # alice's payment; bob's own blocks are gone


# --- signatures are verified once -------------------------------------------------


@pytest.fixture
def with_side_branch_payment(tmp_path):
    """Alice's three-block chain file, plus a two-block side branch in which bob pays carol."""
    path = tmp_path / "chain.db"
    make_chain_file(path)
    bob_chain = Blockchain(REGTEST)
    mine_block(bob_chain, BOB.address)
    bob_payment = transfer(bob_chain, BOB, CAROL.address, 3)
    side = [bob_chain.block_at(1), mine_block(bob_chain, BOB.address)]
    with Blockchain.open(path, REGTEST) as chain:
        assert [chain.add_block(block) for block in side] == [Added.SIDE_BRANCH] * 2
    return SimpleNamespace(path=path, bob_payment=bob_payment)


def test_reopen_counts_transactions_of_valid_blocks_as_already_verified(
    with_side_branch_payment,
):
    with Blockchain.open(with_side_branch_payment.path, REGTEST, backend="ecdsa") as chain:
        assert chain.checker.backend == "ecdsa"
        txids = [tx.txid for block in chain for tx in block.transactions[1:]]
        assert len(txids) == 1  # alice's payment to bob
        assert all(chain.checker.is_verified(txid, chain.params.name) for txid in txids)


def test_reopen_does_not_count_side_branch_transactions_as_verified(with_side_branch_payment):
    with Blockchain.open(with_side_branch_payment.path, REGTEST, backend="ecdsa") as chain:
        bob_payment = with_side_branch_payment.bob_payment
        assert not chain.checker.is_verified(bob_payment.txid, chain.params.name)


def bad_signature_block_row(path, status):
    """Append to the file a block on its tip whose payment is signed for another chain."""
    with Blockchain.open(path, REGTEST) as chain:
        tip_coinbase = spent_coinbase(chain.tip)
        block = build_block(chain, [payment(tip_coinbase, CAROL.address, 10, "elsewhere")])
    query(
        path,
        "INSERT INTO blocks (hash, data, status) VALUES (?, ?, ?)",
        block.hash,
        block.serialize(),
        status,
    )
    return block


def test_reopen_does_not_verify_signatures_again_for_blocks_stored_as_valid(tmp_path):
    path = tmp_path / "chain.db"
    make_chain_file(path)
    forged = bad_signature_block_row(path, "valid")
    with Blockchain.open(path, REGTEST) as chain:
        assert (chain.height, chain.tip.hash) == (4, forged.hash)
        assert chain.balance(CAROL.address) == REGTEST.block_reward + 10


def test_reopen_verifies_signatures_of_blocks_stored_before_they_were_connected(tmp_path):
    path = tmp_path / "chain.db"
    make_chain_file(path)
    forged = bad_signature_block_row(path, "stored")
    with Blockchain.open(path, REGTEST) as chain:
        assert chain.height == 3
        assert chain.block(forged.hash) is None
    assert forged.hash not in [block_hash for _, block_hash, _ in rows(path)]


# --- bad files are refused by name ------------------------------------------------


def text_file(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("These are my notes, not a chain.\n")
    return path, "is not a minichain chain file (not an SQLite database)"


def random_bytes(tmp_path):
    path = tmp_path / "noise.db"
    path.write_bytes(random.Random(7).randbytes(4096))
    return path, "is not a minichain chain file (not an SQLite database)"


def sqlite_magic_then_garbage(tmp_path):
    path = tmp_path / "chain.db"
    path.write_bytes(b"SQLite format 3\x00" + random.Random(8).randbytes(4096))
    return path, "cannot be read as a chain file (file is not a database)"


def foreign_sqlite_database(tmp_path):
    path = tmp_path / "shop.db"
    query(path, "CREATE TABLE customers (name TEXT)")
    query(path, "INSERT INTO customers VALUES ('carol')")
    return path, "is an SQLite database but not a minichain chain file"


def sqlite_with_other_meta_and_blocks(tmp_path):
    path = tmp_path / "other.db"
    query(path, "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    query(path, "CREATE TABLE blocks (hash BLOB)")
    query(path, "INSERT INTO meta VALUES ('format', 'someone-elses-chain')")
    return path, "is an SQLite database but not a minichain chain file"


def newer_format_version(tmp_path):
    path = tmp_path / "chain.db"
    make_chain_file(path)
    query(path, "UPDATE meta SET value = '2' WHERE key = 'version'")
    return path, f"has format version 2, this minichain reads {FORMAT_VERSION}"


def classroom_chain_opened_as_regtest(tmp_path):
    path = tmp_path / "chain.db"
    with Blockchain.open(path, ChainParams.classroom()):
        pass
    return path, "holds chain 'classroom', not 'regtest'"


def regtest_chain_with_another_reward(tmp_path):
    path = tmp_path / "chain.db"
    make_chain_file(path, ChainParams.regtest(block_reward=7))
    return path, "was made with other 'regtest' chain params"


def truncated_block_row(tmp_path):
    path = tmp_path / "chain.db"
    make_chain_file(path)
    query(path, "UPDATE blocks SET data = substr(data, 1, 100) WHERE seq = 2")
    return path, "block row 2 is corrupt (transactions[0]: block ends early)"


def block_row_under_another_hash(tmp_path):
    path = tmp_path / "chain.db"
    make_chain_file(path)
    query(path, "UPDATE blocks SET hash = zeroblob(32) WHERE seq = 2")
    return path, "block row 2 is corrupt (hash or status)"


def block_row_data_as_text(tmp_path):
    path = tmp_path / "chain.db"
    make_chain_file(path)
    query(path, "UPDATE blocks SET data = 'not a block' WHERE seq = 2")
    return path, "block row 2 is corrupt"


def block_row_with_an_altered_payment(tmp_path):
    """Block 2's payment to bob now pays 6 coins: the row parses but breaks its Merkle root."""
    path = tmp_path / "chain.db"
    make_chain_file(path)
    ((data,),) = query(path, "SELECT data FROM blocks WHERE seq = 2")
    pay_5 = (5).to_bytes(8, "little")
    assert data.count(pay_5) == 1
    query(
        path,
        "UPDATE blocks SET data = ? WHERE seq = 2",
        data.replace(pay_5, (6).to_bytes(8, "little")),
    )
    return path, "block row 2 is corrupt"


def directory(tmp_path):
    path = tmp_path / "chain.db"
    path.mkdir()
    return path, "is not a regular file"


def fifo(tmp_path):
    path = tmp_path / "chain.db"
    os.mkfifo(path)  # opening it to read would wait for a writer forever
    return path, "is not a regular file"


def missing_directory(tmp_path):
    return tmp_path / "no-such-folder" / "chain.db", "cannot be opened"


BAD_FILES = [
    text_file,
    random_bytes,
    sqlite_magic_then_garbage,
    foreign_sqlite_database,
    sqlite_with_other_meta_and_blocks,
    newer_format_version,
    classroom_chain_opened_as_regtest,
    regtest_chain_with_another_reward,
    truncated_block_row,
    block_row_under_another_hash,
    block_row_data_as_text,
    block_row_with_an_altered_payment,
    directory,
    fifo,
    missing_directory,
]


def shown_cause(error):
    """The exception Python would print above ``error`` ("During handling..."), if any."""
    return error.__cause__ or (None if error.__suppress_context__ else error.__context__)


@pytest.mark.parametrize("make", BAD_FILES, ids=lambda make: make.__name__)
def test_bad_chain_file_gives_a_store_error_naming_the_file_and_the_rule(tmp_path, make):
    path, rule = make(tmp_path)
    with pytest.raises(StoreError) as caught:
        Blockchain.open(path, REGTEST)
    error = caught.value
    assert error.field == str(path)
    assert rule in error.rule
    assert str(error) == f"{path}: {error.rule}"
    assert shown_cause(error) is None


REFUSED_FILES = [
    text_file,
    random_bytes,
    sqlite_magic_then_garbage,
    foreign_sqlite_database,
    sqlite_with_other_meta_and_blocks,
    newer_format_version,
    classroom_chain_opened_as_regtest,
    regtest_chain_with_another_reward,
    truncated_block_row,
]


@pytest.mark.parametrize("make", REFUSED_FILES, ids=lambda make: make.__name__)
def test_refused_file_is_left_byte_for_byte_as_it_was(tmp_path, make):
    path, _ = make(tmp_path)
    before = path.read_bytes()
    with pytest.raises(StoreError):
        Blockchain.open(path, REGTEST)
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    "make",
    [foreign_sqlite_database, truncated_block_row],  # refused by ChainStore(), by load()
    ids=lambda make: make.__name__,
)
def test_refused_sqlite_file_is_not_left_open(tmp_path, make):
    path, _ = make(tmp_path)
    with pytest.raises(StoreError) as caught:
        Blockchain.open(path, REGTEST)
    # The error is still referenced (as by a notebook showing it); its connection must not be.
    assert caught.value.field == str(path)
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]


# --- a rejected block changes nothing ------------------------------------------------


@pytest.mark.parametrize("kind", ["bad merkle root", "double spend", "bad signature"])
def test_rejected_block_leaves_the_file_unchanged(tmp_path, kind):
    path = tmp_path / "chain.db"
    with Blockchain.open(path, REGTEST) as chain:
        first = mine_block(chain, ALICE.address)
        transfer(chain, ALICE, BOB.address, 5)  # spends the coinbase of block 1
        second = mine_block(chain, ALICE.address)
        before, state = rows(path), snapshot(chain)
        if kind == "bad merkle root":
            bad, error = build_block(chain, merkle=bytes(32)), BlockError
        elif kind == "double spend":
            bad = build_block(chain, [payment(spent_coinbase(first), CAROL.address, 10)])
            error = DoubleSpendError
        else:
            signed_elsewhere = payment(spent_coinbase(second), CAROL.address, 10, "elsewhere")
            bad, error = build_block(chain, [signed_elsewhere]), SignatureError
        with pytest.raises(error):
            chain.add_block(bad)
        assert rows(path) == before
    with Blockchain.open(path, REGTEST) as chain:
        assert snapshot(chain) == state
        assert chain.block(bad.hash) is None
    assert rows(path) == before


# --- time on replay ----------------------------------------------------------------


def test_reopening_without_a_clock_keeps_blocks_mined_with_a_real_clock(tmp_path):
    path = tmp_path / "chain.db"
    with Blockchain.open(path, REGTEST, clock=time.time) as chain:
        for _ in range(3):
            mine_block(chain, ALICE.address)
        tip = chain.tip.hash
    with Blockchain.open(path, REGTEST) as chain:
        assert len(rows(path)) == 3
        assert (chain.height, chain.tip.hash) == (3, tip)


# --- kill -9 -------------------------------------------------------------------------

needs_sigkill = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX kill -9")


def run_writer_until_killed(path, payments, kill_after, delay=0.0):
    """Start tests/crash_writer.py on ``path``; SIGKILL it after ``kill_after`` reported blocks.

    ``delay`` seconds pass between the last line read and the kill, so the kill
    lands while the writer is inside ``transfer``/``mine``/the SQLite commit.
    Returns every (hash, height) the writer reported, including lines still in the pipe.
    """
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    child = subprocess.Popen(
        [sys.executable, str(CRASH_WRITER), str(path), str(payments)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    watchdog = threading.Timer(60, child.kill)
    watchdog.start()
    lines = []
    try:
        while len(lines) < kill_after:
            line = child.stdout.readline()
            if not line:
                break
            lines.append(line)
        time.sleep(delay)
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=30)
        # Read the rest through the same buffered reader: communicate() would read the
        # raw pipe and miss (or cut in half) lines readline() had already buffered.
        rest, errors = child.stdout.read(), child.stderr.read()
    finally:
        watchdog.cancel()
        if child.poll() is None:
            child.kill()
            child.wait()
    assert child.returncode == -signal.SIGKILL, errors
    lines += rest.splitlines()
    assert len(lines) >= kill_after
    reported = []
    for line in lines:
        assert len(line.split()) == 2, f"not a '<hash> <height>' line: {line!r} in {lines}"
        block_hash, height = line.split()
        reported.append((bytes.fromhex(block_hash), int(height)))
    return reported


CRASH_ROUNDS = {
    "after 1 block": dict(payments=1, kill_after=1),
    "after 7 blocks": dict(payments=2, kill_after=7),
    "mid write burst after 20 blocks": dict(payments=0, kill_after=20, delay=0.0015),
}


@pytest.fixture(scope="module", params=list(CRASH_ROUNDS))
def crashed(request, tmp_path_factory):
    """A chain file whose writer was killed with SIGKILL, and the blocks the writer reported."""
    folder = tmp_path_factory.mktemp("crash")
    path = folder / "chain.db"
    reported = run_writer_until_killed(path, **CRASH_ROUNDS[request.param])
    return SimpleNamespace(folder=folder, path=path, reported=reported)


@needs_sigkill
def test_killed_writer_reported_consecutive_heights(crashed):
    assert [height for _, height in crashed.reported] == list(range(1, len(crashed.reported) + 1))


@needs_sigkill
def test_file_of_a_killed_writer_opens_with_every_block_it_reported(crashed):
    with Blockchain.open(crashed.path, REGTEST) as chain:
        for block_hash, height in crashed.reported:
            assert chain.block_at(height).hash == block_hash


@needs_sigkill
def test_file_of_a_killed_writer_holds_at_most_the_block_being_written_beyond_the_report(
    crashed,
):
    last = crashed.reported[-1][1]
    with Blockchain.open(crashed.path, REGTEST) as chain:
        assert last <= chain.height <= last + 1
        assert len(rows(crashed.path)) == chain.height


@needs_sigkill
def test_file_of_a_killed_writer_has_a_consistent_ledger(crashed):
    with Blockchain.open(crashed.path, REGTEST) as chain:
        total = chain.balance(ALICE.address) + chain.balance(BOB.address)
        assert total == REGTEST.block_reward * chain.height  # payments carry no fee
    assert query(crashed.path, "PRAGMA integrity_check") == [("ok",)]


@needs_sigkill
def test_writer_can_append_after_a_crash(crashed, tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(crashed.folder, copy)  # the chain file with its -wal and -shm files
    path = copy / "chain.db"
    with Blockchain.open(path, REGTEST) as chain:
        height = chain.height
        transfer(chain, ALICE, CAROL.address, 2)
        appended = mine_block(chain, ALICE.address)
    with Blockchain.open(path, REGTEST) as chain:
        assert (chain.height, chain.tip.hash) == (height + 1, appended.hash)
        assert chain.balance(CAROL.address) == 2


@needs_sigkill
def test_file_killed_in_several_sessions_keeps_every_reported_block(tmp_path):
    path = tmp_path / "chain.db"
    reported = []
    for kill_after, delay in [(2, 0.0), (5, 0.001), (3, 0.002)]:
        reported += run_writer_until_killed(path, 1, kill_after, delay)
    with Blockchain.open(path, REGTEST) as chain:
        for block_hash, height in reported:
            assert chain.block_at(height).hash == block_hash
        assert reported[-1][1] <= chain.height <= reported[-1][1] + 1


def test_rows_come_back_undecoded_in_arrival_order_and_decode_to_the_blocks(tmp_path):
    path = tmp_path / "chain.sqlite"
    with Blockchain.open(path, REGTEST) as chain:
        mined = [mine_block(chain, ALICE.address) for _ in range(2)]
    store = ChainStore(path, REGTEST)
    try:
        rows = store.rows()
        assert [row.seq for row in rows] == [1, 2]
        assert [row.hash for row in rows] == [block.hash for block in mined]
        assert [store.decode(row) for row in rows] == mined
    finally:
        store.close()


def test_decode_refuses_a_row_whose_hash_is_not_its_blocks(tmp_path):
    path = tmp_path / "chain.sqlite"
    with Blockchain.open(path, REGTEST) as chain:
        mine_block(chain, ALICE.address)
    store = ChainStore(path, REGTEST)
    try:
        row = store.rows()[0]
        with pytest.raises(StoreError, match="block row 1 is corrupt"):
            store.decode(row._replace(hash=bytes(32)))
    finally:
        store.close()


def test_stored_chain_name_reads_the_name_without_changing_the_file(tmp_path):
    path = tmp_path / "chain.sqlite"
    Blockchain.open(path, REGTEST).close()
    before = path.read_bytes()
    assert stored_chain_name(path) == "regtest"
    assert path.read_bytes() == before


def test_stored_chain_name_is_none_for_missing_and_foreign_files(tmp_path):
    (tmp_path / "notes.txt").write_text("hello")
    assert stored_chain_name(tmp_path / "missing.sqlite") is None
    assert stored_chain_name(tmp_path / "notes.txt") is None
    assert not (tmp_path / "missing.sqlite").exists()


# --- save is one transaction: a failure between its statements changes nothing ------------


@pytest.mark.parametrize(
    ("failing", "statement"),
    [("UPDATE", "the status update"), ("DELETE", "the deletion")],
)
def test_save_failing_between_its_statements_leaves_the_file_as_it_was(
    tmp_path, failing, statement
):
    path = tmp_path / "chain.db"
    make_chain_file(path)
    # A trigger in the file makes the later statement fail after the insert has run.
    query(
        path,
        f"CREATE TRIGGER planted BEFORE {failing} ON blocks "
        f"BEGIN SELECT RAISE(ABORT, 'planted failure in {statement}'); END",
    )
    before = query(path, "SELECT seq, hash, data, status FROM blocks ORDER BY seq")
    with Blockchain.open(path, REGTEST) as chain:
        extra = build_block(chain)
    tip = before[-1][1]
    store = ChainStore(path, REGTEST)
    try:
        with pytest.raises(StoreError, match=f"planted failure in {statement}"):
            store.save([(extra, BlockStatus.VALID)], {tip: BlockStatus.VALID}, [tip])
    finally:
        store.close()
    assert query(path, "SELECT seq, hash, data, status FROM blocks ORDER BY seq") == before


def test_rows_refuse_a_hash_column_holding_an_integer_naming_file_and_row(tmp_path):
    path = tmp_path / "chain.db"
    make_chain_file(path)
    seq = rows(path)[0][0]
    query(path, "UPDATE blocks SET hash = 5 WHERE seq = ?", seq)
    store = ChainStore(path, REGTEST, read_only=True)
    try:
        with pytest.raises(StoreError) as error:
            store.rows()
    finally:
        store.close()
    assert error.value.field == str(path)
    assert error.value.rule == (
        f"block row {seq} is corrupt (its hash column holds an integer, not 32 bytes)"
    )
