"""An address's holdings: its balance, the documents it holds, and each unspent output."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table

from minichain.chain import Blockchain
from minichain.hashing import short_hex
from minichain.keys import parse_address
from minichain.terminal.i18n import _
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
    summary.add_row(_("address"), address)
    summary.add_row(_("balance"), _("{amount} coins").format(amount=coins(balance)))
    summary.add_row(_("documents"), str(len(documents)))
    summary.add_row(_("outputs"), _("{count} unspent").format(count=len(owned)))
    table = Table(box=None, padding=(0, 2), pad_edge=False)
    table.add_column(_("output"), no_wrap=True)
    table.add_column(_("height"), justify="right")
    table.add_column(_("coins / document"), overflow="fold")
    table.add_column(_("from"))
    for outpoint, coin in owned.items():
        table.add_row(
            f"{short_hex(outpoint.txid)}:{outpoint.index}",
            str(coin.height),
            carried(coin.output),
            "coinbase" if coin.is_coinbase else _("transaction"),
        )
    parts: list[RenderableType] = [summary]
    if owned:
        parts += ["", table]
    return Panel(
        Group(*parts),
        title="[bold]" + _("address") + f"[/bold] {address}",
        title_align="left",
        expand=False,
    )
