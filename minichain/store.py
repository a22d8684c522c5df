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

**One writer at a time.** Two processes appending to one file would each
extend the chain they loaded and fork it silently, so a writer first takes an
exclusive lock (:class:`WriterLock`) on a sidecar file ``PATH.lock``, holds
it until it closes, then deletes it; a second writer is refused with one line naming the file
and the rule. Readers take no lock and still read (SQLite's own locks keep
each read consistent). The lock is ``flock`` (BSD, Linux, macOS) or
``msvcrt.locking`` (Windows), taken without waiting; the system releases it
when the process ends, even by ``kill -9``, so it is never left stale. A
sidecar rather than the chain file itself, because on macOS and the BSDs
``flock`` and SQLite's ``fcntl`` byte-range locks on one file conflict, and
because closing any descriptor of the chain file would drop SQLite's own
locks (POSIX advisory-lock semantics). Bitcoin Core locks its data directory
the same way (a ``.lock`` file).

**Readers never write.** A reader opens the file with SQLite's ``mode=ro``.
A writer switches the file to write-ahead logging at its first write and back
to a rollback journal (``journal_mode=DELETE``) when it closes, which moves
the log into the file and deletes ``-wal`` and ``-shm``: so a reader of a
closed chain file finds no log to open and leaves no file behind.

**One crypto suite per file.** The file records the chain's suite
(:mod:`minichain.suite`) in its ``meta`` table; opening it with params of
another suite is refused by name (``holds a chain of the 'gm' suite ...``)
before any block is read, since its blocks would not even hash the same.
A file without the record predates suites and is of Bitcoin's.
"""

from __future__ import annotations

import os
import sqlite3
import stat
import sys
from enum import Enum
from pathlib import Path
from typing import NamedTuple

from minichain.errors import EncodingError, StoreError, WrongTypeError
from minichain.hashing import sha256
from minichain.ledger import Block
from minichain.params import ChainParams
from minichain.suite import BITCOIN, SUITES, suite_named

FORMAT = "minichain-chain"
FORMAT_VERSION = "1"
_SQLITE_MAGIC = b"SQLite format 3\x00"


class BlockStatus(str, Enum):
    """What a node knows of a stored block; the value is what the chain file holds."""

    VALID = "valid"
    """Connected once, every signature verified."""
    STORED = "stored"
    """Checked on its own and against its parent, on a side branch never connected."""
    ORPHAN = "orphan"
    """Checked on its own; its parent has not arrived."""

    def __str__(self) -> str:
        return self.value


STATUSES = tuple(status.value for status in BlockStatus)
"""The status strings a chain file may hold, from :class:`BlockStatus`."""

_SCHEMA = f"""
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE blocks (
    seq    INTEGER PRIMARY KEY AUTOINCREMENT,  -- arrival order: parents before children
    hash   BLOB NOT NULL UNIQUE,
    data   BLOB NOT NULL,
    status TEXT NOT NULL CHECK (status IN ({", ".join(f"'{s}'" for s in STATUSES)}))
);
"""


class StoredRow(NamedTuple):
    """One row of a chain file as stored, not yet decoded.

    Attributes:
        seq: the row's place in arrival order, counting from 1.
        hash: the block hash the row claims (internal byte order).
        data: the serialized block (:meth:`minichain.ledger.Block.serialize`).
        status: ``valid``, ``stored`` or ``orphan`` as stored, checked by
            :meth:`ChainStore.decode` (see :class:`BlockStatus`).
    """

    seq: int
    hash: bytes
    data: bytes
    status: str


def _column_value(value: object) -> str:
    """What a column holds, in words: ``an integer``, ``7 bytes``, ``NULL``."""
    if value is None:
        return "NULL"
    if isinstance(value, bytes):
        return f"{len(value)} bytes"
    names = {int: "an integer", float: "a real number", str: "text"}
    return names.get(type(value), type(value).__name__)


class WriterLock:
    """The exclusive right to write one chain file, held through a sidecar ``PATH.lock``.

    Raises:
        StoreError: another process (or another open store in this one) holds
            the lock, or the lock file cannot be made; the message names the file.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.lock_path = path.with_name(path.name + ".lock")
        self._fd: int | None = None
        while self._fd is None:
            try:
                fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o644)
            except OSError as error:
                raise StoreError(
                    str(path), "cannot be opened ({strerror})", strerror=error.strerror
                ) from None
            try:
                _lock(fd)
            except OSError:
                holder = _read_pid(fd)
                os.close(fd)
                who = "another process" if holder is None else f"another process (pid {holder})"
                raise StoreError(
                    str(path),
                    "is open for writing by {who}: a chain file has one writer at a time (stop "
                    "it first; minichain show and verify can read it meanwhile)",
                    who=who,
                ) from None
            if _still_named(fd, self.lock_path):
                self._fd = fd
            else:  # its last holder deleted it between our open and our lock: take a fresh one
                os.close(fd)
        os.ftruncate(self._fd, 0)
        os.lseek(self._fd, 0, os.SEEK_SET)
        os.write(self._fd, f"{os.getpid()}\n".encode())

    def release(self) -> None:
        """Give the lock up and delete the lock file (while still holding it, so a writer
        that opened the old file meanwhile sees it is gone and makes a new one)."""
        if self._fd is None:
            return
        if sys.platform != "win32":  # Windows cannot delete an open file; it stays there
            try:
                self.lock_path.unlink(missing_ok=True)
            except OSError:
                pass
        os.close(self._fd)
        self._fd = None


def _still_named(fd: int, path: Path) -> bool:
    """Whether ``path`` still names the file open as ``fd``."""
    try:
        named = os.stat(path)
    except OSError:
        return False
    held = os.fstat(fd)
    return (named.st_dev, named.st_ino) == (held.st_dev, held.st_ino)


if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _lock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # raises OSError if another holds byte 0

else:
    import fcntl

    def _lock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # raises OSError (EWOULDBLOCK) if held


def _read_pid(fd: int) -> int | None:
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        text = os.read(fd, 32).decode("ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return int(text) if text.isdigit() else None


def params_fingerprint(params: ChainParams) -> str:
    """A hash of every rule in ``params``: a file only opens with the rules it was made with.

    The suite counts too; Bitcoin's, the default, adds nothing, so files made
    before suites existed keep their fingerprint.
    """
    text = repr(params)
    if params.suite != BITCOIN:
        text += f" suite={params.suite.name}"
    return sha256(text.encode()).hex()


def stored_chain_name(path: str | Path) -> str | None:
    """The chain name a chain file records (``classroom``, ``regtest``), read without changing it.

    Returns ``None`` when the file does not exist or is not a minichain chain
    file; :class:`ChainStore` then says precisely what is wrong with it.
    """
    path = Path(path)
    if not path.is_file():
        return None
    try:
        with path.open("rb") as handle:
            if handle.read(len(_SQLITE_MAGIC)) != _SQLITE_MAGIC:
                return None
        db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except (OSError, sqlite3.Error):
        return None
    try:
        meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
    except sqlite3.Error:
        return None
    finally:
        db.close()
    return meta.get("chain") if meta.get("format") == FORMAT else None


class ChainStore:
    """A chain file: blocks in arrival order with their status.

    ``read_only=True`` opens an existing file for reading only (SQLite's
    ``mode=ro``): nothing, not even the journal mode, is written to it.

    Raises:
        StoreError: the file is not SQLite, not a minichain chain, made with
            other chain params, or unreadable; the message names the file.
    """

    def __init__(self, path: str | Path, params: ChainParams, *, read_only: bool = False) -> None:
        self.path = Path(path)
        self.suite = params.suite
        self.read_only = read_only
        self._lock: WriterLock | None = None
        self._logging = False
        """Whether this writer switched the file to write-ahead logging (at its first write)."""
        self._check_magic()
        if read_only and not self.path.is_file():
            raise StoreError(str(self.path), "does not exist")
        if not read_only:  # first the lock: then no other writer can create or change the file
            self._lock = WriterLock(self.path)
        try:
            self._connect(params)
        except BaseException:
            self._release()
            raise

    def _connect(self, params: ChainParams) -> None:
        try:
            if self.read_only:  # an audit (``minichain verify``) must not touch the file at all
                target = f"{self.path.resolve().as_uri()}?mode=ro"
                self.db = sqlite3.connect(target, uri=True, isolation_level=None)
            else:
                self.db = sqlite3.connect(self.path, isolation_level=None)
        except (sqlite3.Error, OSError) as error:
            raise StoreError(str(self.path), "cannot be opened ({error})", error=error) from None
        try:
            tables = {row[0] for row in self.db.execute("SELECT name FROM sqlite_master")}
            if tables:  # check before changing anything: a foreign file stays as it was
                self._check_meta(tables, params)
            elif self.read_only:
                raise StoreError(str(self.path), "is not a minichain chain file (no tables)")
            if not self.read_only:  # the log is turned on at the first write, not before
                self.db.execute("PRAGMA synchronous=FULL")
            if not tables:
                self._create(params)
        except sqlite3.Error as error:
            self.db.close()
            raise StoreError(
                str(self.path), "cannot be read as a chain file ({error})", error=error
            ) from None
        except StoreError:
            self.db.close()
            raise

    def _release(self) -> None:
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def _check_magic(self) -> None:
        try:
            if not stat.S_ISREG(os.stat(self.path).st_mode):  # a FIFO would block the open
                raise StoreError(str(self.path), "is not a regular file")
            with self.path.open("rb") as handle:
                head = handle.read(len(_SQLITE_MAGIC))
        except FileNotFoundError:
            return
        except OSError as error:
            raise StoreError(
                str(self.path), "cannot be opened ({strerror})", strerror=error.strerror
            ) from None
        if head and head != _SQLITE_MAGIC:
            raise StoreError(
                str(self.path), "is not a minichain chain file (not an SQLite database)"
            )

    def _start_logging(self) -> None:
        """Write-ahead logging from the first write on: a file opened and closed without a
        write stays byte for byte as it was."""
        if not self._logging:
            self.db.execute("PRAGMA journal_mode=WAL")
            self._logging = True

    def _create(self, params: ChainParams) -> None:
        self._start_logging()
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
                    ("suite", params.suite.name),
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
                "has format version {version}, this minichain reads {format_version}",
                version=meta.get("version"),
                format_version=FORMAT_VERSION,
            )
        stored = meta.get("suite", BITCOIN.name)
        if stored != params.suite.name:
            known = stored in SUITES
            described = str(suite_named(stored)) if known else f"an unknown suite {stored!r}"
            raise StoreError(
                str(self.path),
                "holds a chain of {described}; it cannot be opened as a chain of {suite}",
                described=described,
                suite=params.suite,
            )
        if meta.get("chain") != params.name:
            raise StoreError(
                str(self.path),
                "holds chain {chain!r}, not {name!r}",
                chain=meta.get("chain"),
                name=params.name,
            )
        if meta.get("params") != params_fingerprint(params):
            raise StoreError(
                str(self.path),
                "was made with other {name!r} chain params (another genesis or rules)",
                name=params.name,
            )

    def load(self) -> list[tuple[Block, BlockStatus]]:
        """Every stored block with its status, in arrival order.

        Raises:
            StoreError: a row does not decode; the message names the file and the row.
        """
        return [(self.decode(row), BlockStatus(row.status)) for row in self.rows()]

    def rows(self) -> list[StoredRow]:
        """Every row as stored, in arrival order, undecoded: for tools that check row by row.

        Raises:
            StoreError: the file cannot be read, or a column holds the wrong kind of value.
        """
        try:
            # fetchall: no statement stays open if a row is refused, so close() really closes.
            found = self.db.execute(
                "SELECT seq, hash, data, status FROM blocks ORDER BY seq"
            ).fetchall()
        except sqlite3.Error as error:
            raise StoreError(str(self.path), "cannot be read ({error})", error=error) from None
        return [self._typed(StoredRow(*row)) for row in found]

    def _typed(self, row: StoredRow) -> StoredRow:
        """``row``, refused unless its columns hold what the schema means (SQLite does not check).

        Raises:
            StoreError: a hash that is not 32 bytes or data that is not bytes (the
                status has a CHECK constraint); the message names file, row and column.
        """
        problem = None
        if not isinstance(row.hash, bytes) or len(row.hash) != 32:
            problem = f"its hash column holds {_column_value(row.hash)}, not 32 bytes"
        elif not isinstance(row.data, bytes):
            problem = f"its data column holds {_column_value(row.data)}, not bytes"
        if problem is not None:
            raise StoreError(
                str(self.path),
                "block row {seq} is corrupt ({problem})",
                seq=row.seq,
                problem=problem,
            )
        return row

    def decode(self, row: StoredRow) -> Block:
        """The block a row holds, checked against the row's hash and status.

        Raises:
            StoreError: the block does not decode, its hash is not the row's,
                its status is unknown, or its transactions do not match its header.
        """
        try:
            block = Block.parse(row.data, self.suite)
        except (EncodingError, WrongTypeError) as error:
            raise StoreError(
                str(self.path), "block row {seq} is corrupt ({error})", seq=row.seq, error=error
            ) from None
        if block.hash != row.hash or row.status not in STATUSES:
            raise StoreError(
                str(self.path), "block row {seq} is corrupt (hash or status)", seq=row.seq
            )
        if block.transactions and block.computed_merkle_root() != block.header.merkle_root:
            raise StoreError(
                str(self.path),
                "block row {seq} is corrupt (transactions do not match its header)",
                seq=row.seq,
            )
        return block

    def save(
        self,
        new: list[tuple[Block, BlockStatus]],
        statuses: dict[bytes, BlockStatus],
        deleted: list[bytes],
    ) -> None:
        """In one transaction: insert ``new`` blocks, set ``statuses``, delete ``deleted``.

        Raises:
            StoreError: the store was opened read-only, or the file cannot be written.
        """
        if self.read_only:
            raise StoreError(str(self.path), "was opened read-only and is never changed")
        try:
            self._start_logging()
            with self.db:
                self.db.execute("BEGIN IMMEDIATE")
                self.db.executemany(
                    "INSERT OR IGNORE INTO blocks (hash, data, status) VALUES (?, ?, ?)",
                    [(block.hash, block.serialize(), status.value) for block, status in new],
                )
                self.db.executemany(
                    "UPDATE blocks SET status = ? WHERE hash = ?",
                    [(status.value, block_hash) for block_hash, status in statuses.items()],
                )
                self.db.executemany("DELETE FROM blocks WHERE hash = ?", [(h,) for h in deleted])
        except sqlite3.Error as error:
            raise StoreError(str(self.path), "cannot be written ({error})", error=error) from None

    def close(self) -> None:
        """Close the file; a writer first folds the log back in (no ``-wal``/``-shm`` remain)
        and then gives up its lock."""
        try:
            if self._logging:
                try:  # refused while a reader reads: the log then stays, which is harmless
                    self.db.execute("PRAGMA journal_mode=DELETE")
                except sqlite3.Error:
                    pass
            self.db.close()
        finally:
            self._release()
