"""Private key files: written atomically with mode 0600, read back with every field checked.

The file is a few lines of TOML that say what they are::

    # minichain private key. Keep it secret: whoever reads this file can spend its coins.
    format = "minichain-private-key"
    version = 1
    address = "M..."
    secret = "<64 hex digits>"

The address is there so a person can tell which key a file holds without
loading it; reading checks that it matches the secret.
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

from minichain.cli.arguments import FileError, read_regular_file
from minichain.errors import MinichainError, ValidationError
from minichain.keys import PrivateKey

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

FORMAT = "minichain-private-key"
FORMAT_VERSION = 1
HEX_DIGITS = set("0123456789abcdefABCDEF")
LARGEST = 4096
"""Largest key file read (bytes): a real one is about 250."""
FILE_MODE = 0o600
"""Owner may read and write; nobody else may do anything (``chmod 600``)."""


class KeyFileError(MinichainError):
    """A key file that cannot be written or read: it exists, is unreadable, or is malformed."""


def key_file_text(key: PrivateKey) -> str:
    """The contents of a key file for ``key``."""
    return (
        "# minichain private key. Keep it secret: whoever reads this file can spend its coins.\n"
        f'format = "{FORMAT}"\n'
        f"version = {FORMAT_VERSION}\n"
        f'address = "{key.address}"\n'
        f'secret = "{key.secret:064x}"\n'
    )


def write_key_file(path: Path, key: PrivateKey, *, force: bool = False) -> None:
    """Write ``key`` to ``path`` with mode 0600, all at once or not at all.

    The key goes to a new temporary file in the same directory, created with
    mode 0600 from the start (never readable by others, not even briefly),
    flushed to disk, then moved into place: with ``force`` by ``os.replace``,
    otherwise by ``os.link``, which refuses if ``path`` appeared meanwhile.

    Raises:
        KeyFileError: ``path`` exists and ``force`` is not set, or it cannot be written.
    """
    try:
        existing = path.lstat()
    except FileNotFoundError:
        existing = None
    except OSError as error:
        raise KeyFileError(
            str(path), "cannot be written ({strerror})", strerror=error.strerror
        ) from None
    if existing is not None and not force:
        raise KeyFileError(str(path), "already exists; pass --force to replace it")
    if existing is not None and not stat.S_ISREG(existing.st_mode):
        raise KeyFileError(str(path), "is not a regular file; --force replaces only regular files")
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
        try:
            os.fchmod(descriptor, FILE_MODE)  # exactly 0600, whatever the umask
            os.write(descriptor, key_file_text(key).encode())
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
        if force:
            os.replace(temporary, path)
        else:
            os.link(temporary, path)
    except FileExistsError:
        raise KeyFileError(str(path), "already exists; pass --force to replace it") from None
    except OSError as error:
        raise KeyFileError(
            str(path), "cannot be written ({strerror})", strerror=error.strerror
        ) from None
    finally:
        temporary.unlink(missing_ok=True)


def read_key_file(path: Path) -> PrivateKey:
    """The key in ``path``, after checking the format, the secret and the address.

    Raises:
        KeyFileError: the file is missing, unreadable, not a key file, or
            its address does not belong to its secret.
    """
    try:
        text = read_regular_file(path, LARGEST).decode("utf-8")
    except FileError as error:
        raise KeyFileError(error.field, error.rule) from None
    except UnicodeDecodeError:
        raise KeyFileError(str(path), "is not a minichain key file (not UTF-8 text)") from None
    try:
        fields = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        raise KeyFileError(str(path), "is not a minichain key file") from None
    if fields.get("format") != FORMAT:
        raise KeyFileError(str(path), "is not a minichain key file")
    if fields.get("version") != FORMAT_VERSION:
        raise KeyFileError(
            str(path),
            "has version {version!r}, this minichain reads 1",
            version=fields.get("version"),
        )
    secret = fields.get("secret")
    if not (isinstance(secret, str) and len(secret) == 64 and set(secret) <= HEX_DIGITS):
        raise KeyFileError(str(path), "secret must be 64 hex digits")
    try:
        key = PrivateKey(int(secret, 16))
    except ValidationError as error:
        raise KeyFileError(str(path), "secret {reason}", reason=error.rule) from None
    if fields.get("address") != key.address:
        raise KeyFileError(str(path), "address does not belong to the secret")
    return key


def is_private(path: Path) -> bool:
    """Whether only the owner may read ``path`` (no group or other permission bits)."""
    return path.stat().st_mode & 0o077 == 0
