"""Chain files for the CLI tests: real SQLite files made by the library, and ways to damage them."""

import shutil
import sqlite3
from pathlib import Path

from minichain.block import BlockHeader
from minichain.chain import Blockchain
from minichain.keys import PrivateKey
from minichain.ledger import Block

ALICE = PrivateKey.from_seed("alice")
BOB = PrivateKey.from_seed("bob")


def make_chain_file(path: Path) -> dict:
    """Blocks 1-4 on the classroom chain (block 4 holds a payment) and a side block at 4.

    Returns the facts the tests check the output against.
    """
    with Blockchain.open(path) as chain:
        for _ in range(3):
            chain.mine(ALICE.address)
        side = chain.build_block(BOB.address, [], note=b"side")
        payment = chain.transfer(ALICE, BOB.address, 20, fee=2)
        chain.mine(ALICE.address)
        chain.add_block(side)
        return {
            "height": chain.height,
            "tip": chain.tip.hash_hex,
            "hashes": [block.hash_hex for block in chain],
            "side": side.hash_hex,
            "payment": payment.txid_hex,
            "alice": chain.balance(ALICE.address),
            "bob": chain.balance(BOB.address),
        }


def copy_chain(source: Path, target: Path) -> Path:
    shutil.copyfile(source, target)
    return target


def rows(path: Path) -> list[tuple[int, bytes, bytes, str]]:
    db = sqlite3.connect(path)
    try:  # closed at once: a connection left to the garbage collector checkpoints the WAL later
        return db.execute("SELECT seq, hash, data, status FROM blocks ORDER BY seq").fetchall()
    finally:
        db.close()


def rewrite_row(path: Path, seq: int, data: bytes, *, fix_hash: bool) -> None:
    """Put ``data`` in row ``seq``; with ``fix_hash``, its hash column too (a careful forger)."""
    db = sqlite3.connect(path)
    try:
        with db:
            if fix_hash:
                new_hash = BlockHeader.parse(data[:80]).hash()
                db.execute(
                    "UPDATE blocks SET data = ?, hash = ? WHERE seq = ?", (data, new_hash, seq)
                )
            else:
                db.execute("UPDATE blocks SET data = ? WHERE seq = ?", (data, seq))
    finally:
        db.close()


def delete_row(path: Path, seq: int) -> None:
    db = sqlite3.connect(path)
    try:
        with db:
            db.execute("DELETE FROM blocks WHERE seq = ?", (seq,))
    finally:
        db.close()


def block_in_row(path: Path, seq: int) -> Block:
    return Block.parse(next(row[2] for row in rows(path) if row[0] == seq))
