"""``minichain show``: look inside a chain file: the chain, a block, a transaction, an address.

Only the argument grammar lives at module level; the handlers import the
chain and the renderers of :mod:`minichain.terminal` when they run.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from minichain.cli.arguments import (
    add_params_option,
    address,
    count,
    existing_chain_file,
    path,
)
from minichain.terminal.i18n import _

if TYPE_CHECKING:
    from rich.console import Console

    from minichain.chain import Blockchain


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``show PATH [chain | block ID | tx TXID | address ADDRESS]`` to the command line."""
    show = commands.add_parser(
        "show",
        help=_("show a chain file's blocks, one block, a transaction or an address"),
        description=(
            _(
                "Reads the chain file PATH (it is never changed) and draws what you ask for: the "
                "chain with its side branches (the default), a block's header and transactions, a "
                "transaction with the outputs it spends, its fee and its Merkle proof, or what an "
                "address owns. Hashes may be shortened to their first 6 or more hex digits."
            )
        ),
    )
    show.add_argument("path", type=path, metavar="PATH", help=_("the chain file"))
    add_params_option(show)
    views = show.add_subparsers(dest="view", metavar="WHAT")
    chain = views.add_parser("chain", help=_("every block by height, side branches too (default)"))
    chain.add_argument(
        "--last", type=count, metavar="N", help=_("only the blocks of the last N heights")
    )
    block = views.add_parser("block", help=_("one block: header fields and transactions"))
    block.add_argument(
        "block", metavar="HEIGHT|HASH", help=_("a height on the active chain or a hash")
    )
    tx = views.add_parser("tx", help=_("one transaction: inputs, outputs, fee, Merkle proof"))
    tx.add_argument("txid", metavar="TXID", help=_("the transaction id (or its first digits)"))
    owner = views.add_parser("address", help=_("an address: balance, documents, unspent outputs"))
    owner.add_argument("address", type=address, metavar="ADDRESS")
    show.set_defaults(handler=run_show, view="chain", last=None)


def _open(args: argparse.Namespace) -> Blockchain:
    from minichain.chain import Blockchain
    from minichain.cli.arguments import chain_params

    path = existing_chain_file(args.path)
    return Blockchain.open(path, chain_params(args.params, path), read_only=True)


def run_show(args: argparse.Namespace) -> int:
    """Draw the view asked for; 1 if the file or the block, tx or hash is not there."""
    from minichain.terminal.style import make_console

    console = make_console()
    with _open(args) as chain:
        if args.view == "block":
            from minichain.terminal.blocks import block_panel
            from minichain.terminal.lookup import find_block

            console.print(block_panel(chain, find_block(chain, args.block)))
        elif args.view == "tx":
            _show_transaction(console, chain, args.txid)
        elif args.view == "address":
            from minichain.terminal.addresses import address_panel

            console.print(address_panel(chain, args.address))
        else:
            from minichain.terminal.chains import chain_table

            console.print(chain_table(chain, last=args.last))
    return 0


def _show_transaction(console: Console, chain: Blockchain, text: str) -> None:
    from minichain.hashing import short_hex
    from minichain.merkle import merkle_proof
    from minichain.terminal.i18n import _, ngettext
    from minichain.terminal.lookup import find_transaction
    from minichain.terminal.proofs import merkle_path
    from minichain.terminal.style import grouped
    from minichain.terminal.transactions import transaction_table

    place = find_transaction(chain, text)
    console.print(transaction_table(place.tx, chain))
    if place.block is None or place.height is None:
        console.print(_("waiting in the mempool: in no block yet"))
        return
    if place.active:
        confirmations = chain.confirmations(place.tx.txid)
        counted = ngettext("{count} confirmation", "{count} confirmations", confirmations)
        console.print(
            _("in block {height} {hash} on the active chain, {confirmations}").format(
                height=place.height,
                hash=short_hex(place.block.hash),
                confirmations=counted.format(count=grouped(confirmations)),
            )
        )
    else:
        console.print(
            _("in block {height} {hash} on a side branch").format(
                height=place.height, hash=short_hex(place.block.hash)
            )
        )
    txids = place.block.txids
    index = txids.index(place.tx.txid)
    console.print(
        merkle_path(merkle_proof(txids, index), place.tx.txid, place.block.header.merkle_root)
    )
