"""Pictures of minichain's objects in Jupyter: blocks, chains, Merkle proofs, transactions.

Load it in a notebook with::

    %load_ext minichain.notebook

and a cell whose value is a block, a header, a chain, a Merkle proof or a
transaction shows a card or a drawing instead of the one-line ``repr``. The
extension registers HTML formatters with IPython's display system
(:func:`load_ipython_extension`); the teaching modules themselves stay free
of any notebook code. The same pictures are plain functions too
(:func:`block_card`, :func:`chain_tree`, :func:`merkle_path`, ...), which
return objects Jupyter displays and ``str()`` turns into HTML or SVG text.

:mod:`minichain.notebook.figures` draws the course's plots with matplotlib;
it is imported only when asked for, so loading the extension stays quick.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from minichain.block import BlockHeader
from minichain.chain import Blockchain
from minichain.ledger import Block
from minichain.merkle import MerkleProof
from minichain.notebook.html import (
    Html,
    block_card,
    chain_card,
    header_card,
    transaction_card,
)
from minichain.notebook.svg import Svg, chain_tree, merkle_path, merkle_tree_path
from minichain.tx import Transaction

__all__ = [
    "Html",
    "Svg",
    "block_card",
    "chain_card",
    "chain_tree",
    "header_card",
    "load_ipython_extension",
    "merkle_path",
    "merkle_tree_path",
    "transaction_card",
    "unload_ipython_extension",
]


def _proof_html(proof: MerkleProof) -> str:
    return f'<div style="overflow-x: auto">{merkle_path(proof)}</div>'


FORMATTERS: dict[type, Callable[[Any], str]] = {
    Block: lambda block: block_card(block).text,
    BlockHeader: lambda header: header_card(header).text,
    Blockchain: lambda chain: chain_card(chain).text,
    MerkleProof: _proof_html,
    Transaction: lambda tx: transaction_card(tx).text,
}
"""The HTML drawn for each type once the extension is loaded."""


def load_ipython_extension(ipython: Any) -> None:
    """Show minichain's objects as HTML in this IPython session (``%load_ext``)."""
    formatter = ipython.display_formatter.formatters["text/html"]
    for kind, render in FORMATTERS.items():
        formatter.for_type(kind, render)


def unload_ipython_extension(ipython: Any) -> None:
    """Go back to plain ``repr`` for minichain's objects (``%unload_ext``)."""
    formatter = ipython.display_formatter.formatters["text/html"]
    for kind in FORMATTERS:
        formatter.pop(kind, None)
