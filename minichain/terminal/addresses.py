"""An address's holdings: its balance, the documents it holds, and each unspent output."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table

from minichain.chain import Blockchain
from minichain.hashing import short_hex
from minichain.keys import parse_address
from minichain.terminal.style import coins
from minichain.terminal.transactions import carried


def address_panel(chain: Blockchain, address: str) -> Panel:
    """What ``address`` owns at the chain's tip: balance, documents, and its coins one by one.

    Raises:
        EncodingError: ``address`` is not a valid minichain address.
    """
    balance = chain.balance(address)  # checks the address first
    documents = chain.documents(address)
    owned = chain.utxo.owned_by(parse_address(address))
    summary = Table.grid(padding=(0, 2))
    summary.add_column(style="bold")
    summary.add_column()
    summary.add_row("address", address)
    summary.add_row("balance", f"{coins(balance)} coins")
    summary.add_row("documents", str(len(documents)))
    summary.add_row("outputs", f"{len(owned)} unspent")
    table = Table(box=None, padding=(0, 2), pad_edge=False)
    table.add_column("output", no_wrap=True)
    table.add_column("height", justify="right")
    table.add_column("coins / document", overflow="fold")
    table.add_column("from")
    for outpoint, coin in owned.items():
        table.add_row(
            f"{short_hex(outpoint.txid)}:{outpoint.index}",
            str(coin.height),
            carried(coin.output),
            "coinbase" if coin.is_coinbase else "transaction",
        )
    parts: list[RenderableType] = [summary]
    if owned:
        parts += ["", table]
    return Panel(
        Group(*parts), title=f"[bold]address[/bold] {address}", title_align="left", expand=False
    )
