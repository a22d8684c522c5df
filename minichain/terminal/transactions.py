"""A transaction as a table: its inputs, its outputs, the documents they carry, the fee."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.table import Table

from minichain.errors import ValidationError
from minichain.hashing import short_hex
from minichain.keys import PublicKey
from minichain.terminal.i18n import _, ngettext
from minichain.terminal.style import Fitting, coins, grouped
from minichain.tx import Transaction, TxOut

if TYPE_CHECKING:
    from minichain.chain import Blockchain


def _signer(sec: bytes) -> str:
    """The address of a public key carried by an input or an issuance."""
    try:
        return PublicKey.parse(sec).address
    except ValidationError:
        return _("(not a valid key: {key}…)").format(key=sec.hex()[:16])


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
        rows.append((_("input") if position == 0 else "", str(position), owner, holds, spends))
    if tx.is_issuance:
        rows.append((_("issuer"), "", _signer(tx.issuer_key), _("signs the new documents"), ""))
    if tx.is_coinbase:
        rows.append((_("input"), "", _("(new coins: the block reward and fees)"), "", ""))
    inputs = len(rows)
    for position, output in enumerate(tx.outputs):
        rows.append(
            (_("output") if position == 0 else "", str(position), output.owner, carried(output), "")
        )
    ins, outs = len(tx.inputs), len(tx.outputs)
    facts = [
        ngettext("{count} input", "{count} inputs", ins).format(count=grouped(ins)),
        ngettext("{count} output", "{count} outputs", outs).format(count=grouped(outs)),
        _("{size} bytes").format(size=tx.size),
    ]
    out_total = sum(output.amount for output in tx.outputs)
    facts.append(_("outputs pay {amount}").format(amount=coins(out_total)))
    if tx.inputs and all(output is not None for output in spent):
        in_total = sum(output.amount for output in spent if output is not None)
        facts.append(_("fee {amount}").format(amount=coins(in_total - out_total)))
    elif not tx.inputs:
        facts.append(_("fee {amount}").format(amount=0))
    if tx.memo and not tx.is_coinbase:
        facts.append(_("memo {memo}").format(memo=repr(tx.memo)))
    title = f"{tx.kind} {tx.txid_hex}"
    # Translators: the separator between a caption's notes ("，" in Chinese).
    caption = _(", ").join(facts)
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
        table.add_column(_("address, then coins / document"), overflow="fold")
    else:
        table.add_column(_("address"), no_wrap=True)
        table.add_column(_("coins / document"), overflow="fold")
    table.add_column(_("spends"), no_wrap=True)
    for number, (label, position, owner, holds, spends) in enumerate(rows):
        if number == inputs and inputs:
            table.add_section()
        if stacked:
            table.add_row(label, position, f"{owner}\n{holds}" if holds else owner, spends)
        else:
            table.add_row(label, position, owner, holds, spends)
    return table
