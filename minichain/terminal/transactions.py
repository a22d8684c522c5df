"""A transaction as a table: its inputs, its outputs, the documents they carry, the fee."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.table import Table

from minichain.errors import ValidationError
from minichain.hashing import short_hex
from minichain.keys import PublicKey
from minichain.terminal.style import Fitting, coins, plural
from minichain.tx import Transaction, TxOut

if TYPE_CHECKING:
    from minichain.chain import Blockchain


def _signer(sec: bytes) -> str:
    """The address of a public key carried by an input or an issuance."""
    try:
        return PublicKey.parse(sec).address
    except ValidationError:
        return f"(not a valid key: {sec.hex()[:16]}…)"


def carried(output: TxOut) -> str:
    """What an output carries: its amount, or its document's kind, digest and labels."""
    document = output.document
    if document is None:
        return coins(output.amount)
    labels = ", ".join(f"{key}={value}" for key, value in document.metadata)
    return f"{document.label}" + (f" ({labels})" if labels else "")


def transaction_table(tx: Transaction, chain: Blockchain | None = None) -> Fitting:
    """``tx`` as a table: one row per input and per output, with amounts and documents.

    With a ``chain``, each input shows the output it spends (owner, amount or
    document, found where that output was created) and the caption shows the
    fee, inputs minus outputs; without one, an input shows only what it
    carries itself. Where the terminal is narrow, what a row carries goes
    under its address instead of beside it.
    """
    spent: list[TxOut | None] = [None] * len(tx.inputs)
    if chain is not None and tx.inputs:
        from minichain.terminal.lookup import spent_outputs

        spent = spent_outputs(chain, tx)
    rows: list[tuple[str, str, str, str, str]] = []
    for position, (tx_in, output) in enumerate(zip(tx.inputs, spent)):
        owner = output.owner if output is not None else _signer(tx_in.public_key)
        holds = carried(output) if output is not None else "?"
        spends = f"{short_hex(tx_in.prevout.txid)}:{tx_in.prevout.index}"
        rows.append(("input" if position == 0 else "", str(position), owner, holds, spends))
    if tx.is_issuance:
        rows.append(("issuer", "", _signer(tx.issuer_key), "signs the new documents", ""))
    if tx.is_coinbase:
        rows.append(("input", "", "(new coins: the block reward and fees)", "", ""))
    inputs = len(rows)
    for position, output in enumerate(tx.outputs):
        rows.append(
            ("output" if position == 0 else "", str(position), output.owner, carried(output), "")
        )
    facts = [plural(len(tx.inputs), "input"), plural(len(tx.outputs), "output"), f"{tx.size} bytes"]
    out_total = sum(output.amount for output in tx.outputs)
    facts.append(f"outputs pay {coins(out_total)}")
    if tx.inputs and all(output is not None for output in spent):
        in_total = sum(output.amount for output in spent if output is not None)
        facts.append(f"fee {coins(in_total - out_total)}")
    elif not tx.inputs:
        facts.append("fee 0")
    if tx.memo and not tx.is_coinbase:
        facts.append(f"memo {tx.memo!r}")
    title = f"{tx.kind} {tx.txid_hex}"
    caption = ", ".join(facts)
    return Fitting(
        _layout(title, caption, rows, inputs, stacked=False),
        _layout(title, caption, rows, inputs, stacked=True),
    )


def _layout(
    title: str,
    caption: str,
    rows: list[tuple[str, str, str, str, str]],
    inputs: int,
    stacked: bool,
) -> Table:
    """The table, with what a row carries beside its address or (``stacked``) under it."""
    table = Table(
        title=title, title_justify="left", caption=caption, caption_justify="left", expand=False
    )
    table.add_column("", style="bold", no_wrap=True)
    table.add_column("#", justify="right")
    if stacked:
        table.add_column("address, then coins / document", overflow="fold")
    else:
        table.add_column("address", no_wrap=True)
        table.add_column("coins / document", overflow="fold")
    table.add_column("spends", no_wrap=True)
    for number, (label, position, owner, holds, spends) in enumerate(rows):
        if number == inputs and inputs:
            table.add_section()
        if stacked:
            table.add_row(label, position, f"{owner}\n{holds}" if holds else owner, spends)
        else:
            table.add_row(label, position, owner, holds, spends)
    return table
