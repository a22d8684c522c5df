"""``minichain keys``: make a key pair into a private file, and show what a key file holds.

The private key is written to a file with mode 0600 and is printed only by
``keys show --private``; ``keys new`` prints the address and the public key.
Only the argument grammar lives at module level; handlers import the rest.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from minichain.cli.arguments import path, utf8_text
from minichain.terminal.i18n import _

if TYPE_CHECKING:
    from rich.console import Console

    from minichain.keys import PrivateKey


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``keys new`` and ``keys show`` to the command line."""
    keys = commands.add_parser(
        "keys",
        help=_("create a key pair in a private file, or show a key file's address"),
        description=(
            _(
                "Keys sign payments and documents. 'keys new' writes a new private key to a file "
                "only you can read (mode 0600) and prints its address and public key; 'keys show' "
                "prints them again, and the private key only with --private."
            )
        ),
    )
    actions = keys.add_subparsers(dest="action", metavar="ACTION", required=True)
    new = actions.add_parser("new", help=_("make a new key pair; write the private key to a file"))
    new.add_argument(
        "--out", type=path, required=True, metavar="FILE", help=_("where to write the private key")
    )
    new.add_argument("--force", action="store_true", help=_("replace FILE if it exists"))
    new.add_argument(
        "--seed",
        metavar="TEXT",
        type=utf8_text,
        help=(
            _(
                "derive the key from TEXT instead of the system's randomness, so the same TEXT "
                "gives the same key: for lessons only, since anyone who guesses TEXT has the key"
            )
        ),
    )
    new.set_defaults(handler=run_new)
    show = actions.add_parser("show", help=_("print a key file's address and public key"))
    show.add_argument("file", type=path, metavar="FILE", help=_("the private key file"))
    show.add_argument(
        "--private", action="store_true", help=_("print the private key too (keep it secret)")
    )
    show.set_defaults(handler=run_show)


def run_new(args: argparse.Namespace) -> int:
    """Write a new key to ``--out``; print its address and public key, never the secret."""
    from minichain.cli.keyfile import FILE_MODE, write_key_file
    from minichain.keys import PrivateKey  # noqa: F811 - the class itself, at run time
    from minichain.terminal.i18n import _
    from minichain.terminal.style import make_console

    key = PrivateKey.generate() if args.seed is None else PrivateKey.from_seed(args.seed)
    write_key_file(args.out, key, force=args.force)
    console = make_console()
    console.print(
        _("wrote the private key to {file} (mode {mode}: only you can read it)").format(
            file=args.out, mode=f"{FILE_MODE:04o}"
        )
    )
    _print_public(console, key)
    if args.seed is not None:
        console.print(_("note: derived from --seed; anyone who knows the seed has this key"))
    return 0


def run_show(args: argparse.Namespace) -> int:
    """Print a key file's address and public key; the secret only with ``--private``."""
    from minichain.cli.keyfile import is_private, read_key_file
    from minichain.terminal.i18n import _
    from minichain.terminal.style import make_console

    key = read_key_file(args.file)
    console = make_console()
    _print_public(console, key, private=args.private)
    if not is_private(args.file):
        make_console(stderr=True).print(
            _("warning: {file} can be read by others; run: chmod 600 {file}").format(file=args.file)
        )
    return 0


def _print_public(console: Console, key: PrivateKey, private: bool = False) -> None:
    """The key's address and public key, and its secret when ``private``, values aligned."""
    from minichain.terminal.i18n import _
    from minichain.terminal.style import labelled

    rows = [(_("address"), key.address), (_("public key"), key.public_key.sec().hex())]
    if private:
        rows.append((_("private key"), f"{key.secret:064x}"))
    for line in labelled(rows, 13):
        console.print(line)
