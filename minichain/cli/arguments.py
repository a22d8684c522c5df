"""Argument types and options shared by several commands.

Each type checks its text while the arguments are read, so a malformed value
is a usage error (exit 2) with the library's own reason; the checks import the
library only when they run, so ``minichain --help`` stays quick.
"""

from __future__ import annotations

import argparse
import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from minichain.errors import MinichainError
from minichain.terminal.i18n import _, refusal

if TYPE_CHECKING:
    from minichain.params import ChainParams

T = TypeVar("T")

CHAINS = ("regtest", "classroom")
"""The chain presets a command can open (:class:`minichain.params.ChainParams`)."""


class FileError(MinichainError):
    """A file a command was given cannot be used: missing, not a regular file, too large."""


def checked(parse: Callable[[str], T], text: str) -> T:
    """``parse(text)``, with a refusal turned into a usage error (exit 2)."""
    try:
        return parse(text)
    except MinichainError as error:
        raise argparse.ArgumentTypeError(refusal(error)) from None


LONGEST_ADDRESS = 64
"""Longer than any minichain address (34 characters): refused before Base58 decoding."""


def address(text: str) -> str:
    """A minichain address, checksum and version byte checked.

    The refusal says what is expected and how to make one (``minichain keys new``).
    """
    from minichain.keys import parse_address

    hint = _("expected an address such as `minichain keys new --out me.key` prints")
    if len(text) > LONGEST_ADDRESS:
        too_long = _("{count} characters is too long").format(count=len(text))
        raise argparse.ArgumentTypeError(f"{too_long}; {hint}")
    try:
        parse_address(text)
    except MinichainError as error:
        raise argparse.ArgumentTypeError(f"{refusal(error)}; {hint}") from None
    return text


def whole(low: int, high: int) -> Callable[[str], int]:
    """An argument type: a whole number from ``low`` to ``high``."""

    def parse(text: str) -> int:
        not_whole = _("must be a whole number, got {text}")
        if not (text.isascii() and text.lstrip("+-").isdigit()):  # int() also reads '١', '１'
            raise argparse.ArgumentTypeError(not_whole.format(text=repr(text)))
        try:
            number = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(not_whole.format(text=repr(text))) from None
        if not low <= number <= high:
            raise argparse.ArgumentTypeError(
                _("must be between {low} and {high}, got {number}").format(
                    low=low, high=high, number=number
                )
            )
        return number

    return parse


LONGEST_NAME = 255
"""Longest file or folder name most file systems allow (bytes, ``NAME_MAX``)."""
LONGEST_PATH = 4096
"""Longest path Linux accepts (bytes, ``PATH_MAX``)."""


def path(text: str) -> Path:
    """An argument type for every file or folder a command takes.

    Refused while the arguments are read (exit 2): an empty path, a NUL
    byte, a name longer than :data:`LONGEST_NAME` bytes or a path longer
    than :data:`LONGEST_PATH` (``File name too long`` otherwise surfaces
    deep inside pathlib). Bytes that are not UTF-8 are kept as the system
    gave them (``surrogateescape``), so such files can still be named.
    """
    if not text:
        raise argparse.ArgumentTypeError(_("must not be empty"))
    if "\0" in text:
        raise argparse.ArgumentTypeError(_("must not contain a NUL byte"))
    raw = os.fsencode(text)
    if len(raw) > LONGEST_PATH:
        raise argparse.ArgumentTypeError(
            _("is {size} bytes long, at most {most}").format(size=len(raw), most=LONGEST_PATH)
        )
    for part in raw.split(b"/"):
        if len(part) > LONGEST_NAME:
            raise argparse.ArgumentTypeError(
                _("has a name {size} bytes long, at most {most}").format(
                    size=len(part), most=LONGEST_NAME
                )
            )
    return Path(text)


def utf8_text(text: str) -> str:
    """An argument type for text the library encodes as UTF-8 (such as ``--seed``)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise argparse.ArgumentTypeError(_("must be UTF-8 text (it holds other bytes)")) from None
    return text


def read_regular_file(file: Path, largest: int) -> bytes:
    """The bytes of ``file``, which must be a regular file of at most ``largest`` bytes.

    Opened without blocking (a FIFO never hangs the command), checked to be a
    regular file (not a device, FIFO or folder) and read at most
    ``largest + 1`` bytes (``/dev/zero`` cannot exhaust memory).

    Raises:
        FileError: missing, unreadable, not a regular file, or too large.
    """
    try:
        descriptor = os.open(file, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise FileError(str(file), "does not exist") from None
    except OSError as error:
        raise FileError(str(file), "cannot be read ({strerror})", strerror=error.strerror) from None
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise FileError(str(file), "is not a regular file")
        with os.fdopen(descriptor, "rb", closefd=False) as handle:
            data = handle.read(largest + 1)
    except OSError as error:
        raise FileError(str(file), "cannot be read ({strerror})", strerror=error.strerror) from None
    finally:
        os.close(descriptor)
    if len(data) > largest:
        raise FileError(str(file), "is larger than {largest} bytes", largest=largest)
    return data


count = whole(1, 1_000_000)
"""A whole number from 1 to 1,000,000: how many blocks, heights or peers."""


def add_params_option(parser: argparse.ArgumentParser, *, new_file: str | None = None) -> None:
    """``--params NAME``, also spelled ``--chain``: the same option in every command.

    Every command defaults to the chain the file records; ``new_file`` names
    the chain a command that creates files uses for a new one (``mine`` and
    ``send``: classroom, ``node``: regtest, where mining costs nothing).
    """
    if new_file:
        default = _("the chain the file records, or {chain} for a new file").format(chain=new_file)
    else:
        default = _("the chain the file records")
    parser.add_argument(
        "--params",
        "--chain",
        dest="params",
        choices=CHAINS,
        help=_("the chain's rules (default: {default})").format(default=default),
    )


def chain_params(name: str | None, path: Path | None, new_file: str = "classroom") -> ChainParams:
    """The params ``--params`` names, else the chain the file records, else ``new_file``."""
    from minichain.params import ChainParams
    from minichain.store import stored_chain_name

    if name is None:
        name = (stored_chain_name(path) if path is not None else None) or new_file
    return ChainParams.regtest() if name == "regtest" else ChainParams.classroom()


def existing_chain_file(path: Path) -> Path:
    """``path``, refused (exit 1) unless a file is there: viewers never create a chain file."""
    from minichain.errors import StoreError

    if not path.exists():
        raise StoreError(str(path), "does not exist")
    if not path.is_file():
        raise StoreError(str(path), "is not a file")
    return path
