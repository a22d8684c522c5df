"""Argument types and options shared by several commands.

Each type checks its text while the arguments are read, so a malformed value
is a usage error (exit 2) with the library's own reason; the checks import the
library only when they run, so ``minichain --help`` stays quick.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from minichain.params import ChainParams

T = TypeVar("T")

CHAINS = ("regtest", "classroom")
"""The chain presets a command can open (:class:`minichain.params.ChainParams`)."""


def checked(parse: Callable[[str], T], text: str) -> T:
    """``parse(text)``, with a refusal turned into a usage error (exit 2)."""
    from minichain.errors import MinichainError

    try:
        return parse(text)
    except MinichainError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def address(text: str) -> str:
    """A minichain address, checksum and version byte checked."""
    from minichain.keys import parse_address

    checked(parse_address, text)
    return text


def whole(low: int, high: int) -> Callable[[str], int]:
    """An argument type: a whole number from ``low`` to ``high``."""

    def parse(text: str) -> int:
        try:
            number = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"must be a whole number, got {text!r}") from None
        if not low <= number <= high:
            raise argparse.ArgumentTypeError(f"must be between {low} and {high}, got {number}")
        return number

    return parse


count = whole(1, 1_000_000)
"""A whole number from 1 to 1,000,000: how many blocks, heights or peers."""


def add_params_option(parser: argparse.ArgumentParser, *, new_file: bool = False) -> None:
    """``--params NAME`` (also spelled ``--chain``, as ``minichain node`` does)."""
    default = "the chain the file records" + (", or classroom for a new file" if new_file else "")
    parser.add_argument(
        "--params",
        "--chain",
        dest="params",
        choices=CHAINS,
        help=f"the chain's rules (default: {default})",
    )


def chain_params(name: str | None, path: Path) -> ChainParams:
    """The params ``--params`` names, else those of the chain the file records, else classroom."""
    from minichain.params import ChainParams
    from minichain.store import stored_chain_name

    if name is None:
        name = stored_chain_name(path)
    return ChainParams.regtest() if name == "regtest" else ChainParams.classroom()


def existing_chain_file(path: Path) -> Path:
    """``path``, refused (exit 1) unless a file is there: viewers never create a chain file."""
    from minichain.errors import StoreError

    if not path.exists():
        raise StoreError(str(path), "does not exist")
    if not path.is_file():
        raise StoreError(str(path), "is not a file")
    return path
