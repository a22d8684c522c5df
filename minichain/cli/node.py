"""``minichain node``: run a node on loopback, or ask a running one for its status.

Only the argument grammar lives at module level; the handlers import the
chain and the node when they run, so ``minichain --help`` stays quick.
Addresses are checked while the arguments are read: anything but loopback
is a usage error (exit 2).
"""

from __future__ import annotations

import argparse
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from minichain.cli.arguments import add_params_option, address, chain_params, checked, count, path
from minichain.terminal.i18n import _

if TYPE_CHECKING:
    from minichain.node.addresses import PeerAddress

DEFAULT_EXIT_AFTER = 3600.0
LONGEST_RUN = 7 * 24 * 3600.0


class TranslatingFormatter(logging.Formatter):
    """Logs each record in the language in use (``--lang``, ``LANG``).

    The node (:mod:`minichain.node`) logs English format strings marked ``N_``,
    so its records stay English for anyone reading them in code or tests; this
    formatter looks the format string up in the catalogue when it writes the
    line, and fills the ``%``-placeholders of the translation with the record's
    arguments. A message not in the catalogue is written as logged.
    """

    def format(self, record: logging.LogRecord) -> str:
        if isinstance(record.msg, str):
            record = logging.makeLogRecord({**record.__dict__, "msg": _(record.msg)})
        return super().format(record)


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``node`` (run a node) and ``node status`` to the command line."""
    node = commands.add_parser(
        "node",
        help=_("run a node on 127.0.0.1 that gossips blocks and transactions with its peers"),
        description=(
            _(
                "Runs one node: its chain in an SQLite file, listening on a loopback port, "
                "connected to the peers given. It stops by itself after --exit-after seconds, "
                "or on SIGTERM or Ctrl-C. Logs go to stderr."
            )
        ),
    )
    _where(node, listen=True)
    node.add_argument(
        "--peer",
        action="append",
        default=[],
        type=_peer,
        metavar="HOST:PORT",
        help=_("a node to connect to (loopback only); repeat for several"),
    )
    node.add_argument("--data", type=path, metavar="FILE.sqlite", help=_("the chain file"))
    add_params_option(node, new_file="regtest")
    node.add_argument("--mine", type=address, metavar="ADDRESS", help=_("mine, paying ADDRESS"))
    node.add_argument(
        "--mine-blocks",
        type=count,
        metavar="N",
        help=_("stop mining after N blocks (default: mine until the node stops)"),
    )
    node.add_argument(
        "--mine-interval",
        type=_seconds(0.01, 3600.0),
        default=1.0,
        metavar="S",
        help=_("seconds between mined blocks (default: 1)"),
    )
    node.add_argument(
        "--exit-after",
        type=_seconds(0.1, LONGEST_RUN),
        default=DEFAULT_EXIT_AFTER,
        metavar="SECONDS",
        help=_("stop after this many seconds (default: {seconds})").format(
            seconds=f"{DEFAULT_EXIT_AFTER:g}"
        ),
    )
    loudness = node.add_mutually_exclusive_group()
    loudness.add_argument("--quiet", action="store_true", help=_("log only warnings and errors"))
    loudness.add_argument("--verbose", action="store_true", help=_("log debugging detail too"))
    node.set_defaults(handler=run_node, usage_error=node.error)
    actions = node.add_subparsers(dest="action", metavar="ACTION")
    status = actions.add_parser(
        "status", help=_("print a running node's chain, height, tip, peers and mempool size")
    )
    _where(status, listen=False)
    status.set_defaults(handler=run_status, usage_error=status.error)


def _where(parser: argparse.ArgumentParser, *, listen: bool) -> None:
    """``--host`` and ``--port``; after ``status`` they default to "not given"."""
    parser.add_argument(
        "--port",
        type=_listen_port if listen else _port,
        default=None if listen else argparse.SUPPRESS,
        help=_("the port to listen on (0: any free one)") if listen else _("the node's port"),
    )
    parser.add_argument(
        "--host",
        type=_host,
        default="127.0.0.1" if listen else argparse.SUPPRESS,
        help=_("a loopback address (default: 127.0.0.1)"),
    )


def _host(text: str) -> str:
    from minichain.node.addresses import loopback_host

    return checked(loopback_host, text)


def _port(text: str) -> int:
    from minichain.node.addresses import port_number

    return checked(port_number, text)


def _listen_port(text: str) -> int:
    from minichain.node.addresses import port_number

    return checked(lambda port: port_number(port, allow_zero=True), text)


def _peer(text: str) -> PeerAddress:
    from minichain.node.addresses import PeerAddress

    return checked(PeerAddress.parse, text)


def _seconds(low: float, high: float) -> Callable[[str], float]:
    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(
                _("must be a number of seconds, got {text}").format(text=repr(text))
            ) from None
        if not low <= value <= high:  # also refuses nan
            raise argparse.ArgumentTypeError(
                _("must be between {low} and {high} seconds").format(
                    low=f"{low:g}", high=f"{high:g}"
                )
            )
        return value

    return parse


def run_node(args: argparse.Namespace) -> int:
    """Run a node until --exit-after, SIGTERM or Ctrl-C; 0 on a clean stop."""
    if args.port is None:
        args.usage_error(_("the following arguments are required: %s") % "--port")
    if args.data is None:
        args.usage_error(_("the following arguments are required: %s") % "--data")
    if args.mine_blocks is not None and args.mine is None:
        args.usage_error(_("--mine-blocks needs --mine ADDRESS"))
    import asyncio
    import sys
    import time

    from minichain.chain import Blockchain
    from minichain.node.addresses import PeerAddress
    from minichain.node.node import MiningPlan, Node

    if args.port and PeerAddress(args.host, args.port) in args.peer:
        args.usage_error(
            _("--peer {peer} is this node itself").format(peer=f"{args.host}:{args.port}")
        )
    level = logging.WARNING if args.quiet else logging.DEBUG if args.verbose else logging.INFO
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(TranslatingFormatter("%(asctime)s %(levelname)s %(message)s"))
    logging.basicConfig(level=level, handlers=[handler])
    params = chain_params(args.params, args.data, new_file="regtest")
    mining = None
    if args.mine is not None:
        mining = MiningPlan(args.mine, args.mine_blocks, args.mine_interval)
    with Blockchain.open(args.data, params, clock=time.time) as chain:
        node = Node(chain, host=args.host, port=args.port, peers=args.peer, mining=mining)
        return asyncio.run(node.run(exit_after=args.exit_after, handle_signals=True))


def run_status(args: argparse.Namespace) -> int:
    """Print one line: chain, height, tip, peers, mempool, synced."""
    if getattr(args, "port", None) is None:
        args.usage_error(_("the following arguments are required: %s") % "--port")
    from minichain.hashing import to_display_hex
    from minichain.node.client import query_status

    status = query_status(args.port, getattr(args, "host", "127.0.0.1"))
    print(
        _("chain {chain} height {height} tip {tip} peers {peers} mempool {mempool} {state}").format(
            chain=status.chain,
            height=status.height,
            tip=to_display_hex(status.tip),
            peers=status.peers,
            mempool=status.mempool,
            state=_("synced") if status.synced else _("catching up"),
        )
    )
    return 0
