"""``minichain send``: pay someone from a key file, into a chain file or to a running node.

Only the argument grammar lives at module level; the handler imports the
chain and the node client when it runs, so ``minichain --help`` stays quick.
"""

from __future__ import annotations

import argparse

from minichain.cli.arguments import add_params_option, address, chain_params, checked, path, whole
from minichain.terminal.i18n import _

amount = whole(1, 2**63)
"""A payment: at least 1 coin."""
fee = whole(0, 2**63)
"""A fee: 0 or more coins."""


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``send`` to the command line."""
    send = commands.add_parser(
        "send",
        help=_("pay an address from a key file: into a chain file, or to a running node"),
        description=(
            _(
                "Signs a payment of AMOUNT coins (plus --fee for the miner) from the key in "
                "--key (made by 'minichain keys new') to ADDRESS, spending the key's coins on the "
                "chain in --data. Without --node the payment goes into that file at once: a block "
                "holding it is mined on the tip, its reward paid to --miner (default: the payer). "
                "With --node HOST:PORT the file is only read (it may be the node's own file, "
                "while the node runs) and the payment is given to that node, which checks it, "
                "keeps it in its mempool and passes it on to its peers."
            )
        ),
    )
    send.add_argument("--key", type=path, required=True, metavar="FILE", help=_("the payer's key"))
    send.add_argument("--to", type=address, required=True, metavar="ADDRESS", help=_("who is paid"))
    send.add_argument("--amount", type=amount, required=True, metavar="N", help=_("coins to pay"))
    send.add_argument(
        "--fee", type=fee, default=0, metavar="N", help=_("coins left for the miner (default: 0)")
    )
    send.add_argument(
        "--data", type=path, required=True, metavar="FILE", help=_("the chain file to spend from")
    )
    add_params_option(send)
    send.add_argument(
        "--node", type=_peer, metavar="HOST:PORT", help=_("give the payment to this running node")
    )
    send.add_argument(
        "--miner",
        type=address,
        metavar="ADDRESS",
        help=_("without --node: who the block's reward pays (default: the payer)"),
    )
    send.set_defaults(handler=run_send, usage_error=send.error)


def _peer(text: str) -> object:
    from minichain.node.addresses import PeerAddress

    return checked(PeerAddress.parse, text)


def run_send(args: argparse.Namespace) -> int:
    """Sign the payment; mine it into the file, or hand it to the node; print its txid."""
    if args.node is not None and args.miner is not None:
        from minichain.terminal.i18n import _

        args.usage_error(_("--miner is for a chain file; a node's miners choose their own"))
    import asyncio

    from minichain.chain import Blockchain
    from minichain.cli.arguments import existing_chain_file
    from minichain.cli.keyfile import read_key_file
    from minichain.errors import ConsensusError
    from minichain.hashing import short_hex
    from minichain.miner import mine_block
    from minichain.node.client import submit_transaction
    from minichain.node.protocol import Hello
    from minichain.terminal.i18n import _
    from minichain.terminal.style import labelled, make_console
    from minichain.wallet import transfer

    key = read_key_file(args.key)
    data = existing_chain_file(args.data)
    params = chain_params(args.params, data)
    console = make_console()
    if args.node is None:
        with Blockchain.open(data, params) as chain:
            tx = transfer(chain, key, args.to, args.amount, args.fee)
            block = mine_block(chain, args.miner or key.address, [tx])
            paid = _("paid {amount} coins (fee {fee}) to {address}")
            console.print(paid.format(amount=args.amount, fee=args.fee, address=args.to))
            on_tip = _("{height} {hash} on the tip").format(
                height=chain.height, hash=short_hex(block.hash)
            )
            for line in labelled([("tx", tx.txid_hex), (_("block"), on_tip)], 7, indent="  "):
                console.print(line)
        return 0
    with Blockchain.open(data, params, read_only=True) as chain:
        tx = transfer(chain, key, args.to, args.amount, args.fee)
        tip = chain.tip_entry
        hello = Hello(params.name, chain.genesis.hash, tip.height, tip.hash, 0)
    held = asyncio.run(submit_transaction(tx, hello, args.node.port, args.node.host))
    if not held:
        raise ConsensusError(
            "tx",
            "the node on {node} did not accept {txid_hex} (its log says why)",
            node=args.node,
            txid_hex=tx.txid_hex,
        )
    sent = _("sent {amount} coins (fee {fee}) to {address}")
    console.print(sent.format(amount=args.amount, fee=args.fee, address=args.to))
    held_by = _("{node}, in its mempool").format(node=args.node)
    for line in labelled([("tx", tx.txid_hex), (_("node"), held_by)], 7, indent="  "):
        console.print(line)
    return 0
