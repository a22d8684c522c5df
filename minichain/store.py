"""Keeping a chain on disk: one SQLite file, one transaction per block.

A chain file must survive the process being killed at any instant. SQLite
gives that for free if every change is one transaction: either the block and
everything it changed are in the file, or none of it is. The file is opened
in write-ahead-log mode (``journal_mode=WAL``) with ``synchronous=FULL``, so a
block is on disk before :meth:`ChainStore.save` returns.

What is stored is deliberately small: the blocks themselves, in the order they
arrived, each with a status (``valid`` once it was connected and all its
signatures verified, ``stored`` for a side-branch block not yet connected,
``orphan`` for a block whose parent has not arrived). The UTXO set, undo data
and indexes are rebuilt when the file is opened, by replaying the blocks
through the same validation code (skipping signatures already verified), so
there is no second copy of the ledger that could disagree with the first.
Bitcoin Core instead stores its UTXO set (``chainstate/``) to open faster.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from minichain.errors import EncodingError, StoreError, WrongTypeError
from minichain.hashing import sha256
from minichain.ledger import Block
from minichain.params import ChainParams

FORMAT = "minichain-chain"
FORMAT_VERSION = "1"
STATUSES = ("valid", "stored", "orphan")
_SQLITE_MAGIC = b"SQLite format 3\x00"

_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE blocks (
    seq    INTEGER PRIMARY KEY AUTOINCREMENT,  -- arrival order: parents before children
    hash   BLOB NOT NULL UNIQUE,
    data   BLOB NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('valid', 'stored', 'orphan'))
);
"""


def params_fingerprint(params: ChainParams) -> str:
    """A hash of every rule in ``params``: a file only opens with the rules it was made with."""
    return sha256(repr(params).encode()).hex()


class ChainStore:
    """A chain file: blocks in arrival order with their status.

    Raises:
        StoreError: the file is not SQLite, not a minichain chain, made with
            other chain params, or unreadable; the message names the file.
    """

    def __init__(self, path: str | Path, params: ChainParams) -> None:
        self.path = Path(path)
        self._check_magic()
        try:
            self.db = sqlite3.connect(self.path, isolation_level=None)
        except sqlite3.Error as error:
            raise StoreError(str(self.path), f"cannot be opened ({error})") from None
        try:
            tables = {row[0] for row in self.db.execute("SELECT name FROM sqlite_master")}
            if tables:  # check before changing anything: a foreign file stays as it was
                self._check_meta(tables, params)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=FULL")
            if not tables:
                self._create(params)
        except sqlite3.Error as error:
            self.db.close()
            raise StoreError(str(self.path), f"cannot be read as a chain file ({error})") from None
        except StoreError:
            self.db.close()
            raise

    def _check_magic(self) -> None:
        try:
            with self.path.open("rb") as handle:
                head = handle.read(len(_SQLITE_MAGIC))
        except FileNotFoundError:
            return
        except OSError as error:
            raise StoreError(str(self.path), f"cannot be opened ({error.strerror})") from None
        if head and head != _SQLITE_MAGIC:
            raise StoreError(
                str(self.path), "is not a minichain chain file (not an SQLite database)"
            )

    def _create(self, params: ChainParams) -> None:
        with self.db:
            self.db.execute("BEGIN IMMEDIATE")
            self.db.executescript(_SCHEMA.replace("CREATE TABLE", "CREATE TABLE IF NOT EXISTS"))
            self.db.executemany(
                "INSERT INTO meta VALUES (?, ?)",
                [
                    ("format", FORMAT),
                    ("version", FORMAT_VERSION),
                    ("chain", params.name),
                    ("params", params_fingerprint(params)),
                ],
            )

    def _check_meta(self, tables: set[str], params: ChainParams) -> None:
        if not {"meta", "blocks"} <= tables:
            raise StoreError(str(self.path), "is an SQLite database but not a minichain chain file")
        meta = dict(self.db.execute("SELECT key, value FROM meta").fetchall())
        if meta.get("format") != FORMAT:
            raise StoreError(str(self.path), "is an SQLite database but not a minichain chain file")
        if meta.get("version") != FORMAT_VERSION:
            raise StoreError(
                str(self.path),
                f"has format version {meta.get('version')}, this minichain reads {FORMAT_VERSION}",
            )
        if meta.get("chain") != params.name:
            raise StoreError(
                str(self.path), f"holds chain {meta.get('chain')!r}, not {params.name!r}"
            )
        if meta.get("params") != params_fingerprint(params):
            raise StoreError(
                str(self.path),
                f"was made with other {params.name!r} chain params (another genesis or rules)",
            )

    def load(self) -> list[tuple[Block, str]]:
        """Every stored block with its status, in arrival order.

        Raises:
            StoreError: a row does not decode; the message names the file and the row.
        """
        rows = []
        try:
            # fetchall: no statement stays open if a row is refused, so close() really closes.
            found = self.db.execute(
                "SELECT seq, hash, data, status FROM blocks ORDER BY seq"
            ).fetchall()
            for seq, block_hash, data, status in found:
                try:
                    block = Block.parse(data)
                except (EncodingError, WrongTypeError) as error:
                    raise StoreError(
                        str(self.path), f"block row {seq} is corrupt ({error})"
                    ) from None
                if block.hash != block_hash or status not in STATUSES:
                    raise StoreError(str(self.path), f"block row {seq} is corrupt (hash or status)")
                if block.transactions and block.computed_merkle_root() != block.header.merkle_root:
                    raise StoreError(
                        str(self.path),
                        f"block row {seq} is corrupt (transactions do not match its header)",
                    )
                rows.append((block, status))
        except sqlite3.Error as error:
            raise StoreError(str(self.path), f"cannot be read ({error})") from None
        return rows

    def save(
        self,
        new: list[tuple[Block, str]],
        statuses: dict[bytes, str],
        deleted: list[bytes],
    ) -> None:
        """In one transaction: insert ``new`` blocks, set ``statuses``, delete ``deleted``."""
        try:
            with self.db:
                self.db.execute("BEGIN IMMEDIATE")
                self.db.executemany(
                    "INSERT OR IGNORE INTO blocks (hash, data, status) VALUES (?, ?, ?)",
                    [(block.hash, block.serialize(), status) for block, status in new],
                )
                self.db.executemany(
                    "UPDATE blocks SET status = ? WHERE hash = ?",
                    [(status, block_hash) for block_hash, status in statuses.items()],
                )
                self.db.executemany("DELETE FROM blocks WHERE hash = ?", [(h,) for h in deleted])
        except sqlite3.Error as error:
            raise StoreError(str(self.path), f"cannot be written ({error})") from None

    def close(self) -> None:
        """Close the file."""
        self.db.close()
