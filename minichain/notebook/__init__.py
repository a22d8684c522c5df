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

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from minichain.notebook.html import (
        Html,
        block_card,
        chain_card,
        header_card,
        transaction_card,
    )
    from minichain.notebook.svg import Svg, chain_tree, merkle_path, merkle_tree_path

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

_HOME = {
    "Html": "html",
    "block_card": "html",
    "chain_card": "html",
    "header_card": "html",
    "transaction_card": "html",
    "Svg": "svg",
    "chain_tree": "svg",
    "merkle_path": "svg",
    "merkle_tree_path": "svg",
}
"""The module each picture lives in."""


def __getattr__(name: str) -> Any:
    """Load a picture's module the first time it is used (PEP 562).

    Every exercise notebook loads this extension in its first cell, and the
    grader starts one kernel per notebook: importing the drawings (and the
    chain they draw) only when an object is shown keeps that start quick.
    """
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{home}"), name)


def _drawn_by(picture: str) -> Callable[[Any], str]:
    def render(value: Any) -> str:
        return str(__getattr__(picture)(value))

    return render


def _proof_html(proof: Any) -> str:
    return f'<div style="overflow-x: auto">{__getattr__("merkle_path")(proof)}</div>'


FORMATTERS: dict[str, Callable[[Any], str]] = {
    "minichain.ledger.Block": _drawn_by("block_card"),
    "minichain.header.BlockHeader": _drawn_by("header_card"),
    "minichain.chain.Blockchain": _drawn_by("chain_card"),
    "minichain.merkle.MerkleProof": _proof_html,
    "minichain.tx.Transaction": _drawn_by("transaction_card"),
}
"""The HTML drawn for each type once the extension is loaded, by the type's dotted name.

Registered by name (IPython's ``for_type_by_name``), so loading the extension
imports none of these modules; a type is matched when an object of it is shown.
"""


def load_ipython_extension(ipython: Any) -> None:
    """Show minichain's objects as HTML in this IPython session (``%load_ext``)."""
    formatter = ipython.display_formatter.formatters["text/html"]
    for dotted, render in FORMATTERS.items():
        module, name = dotted.rsplit(".", 1)
        formatter.for_type_by_name(module, name, render)


def unload_ipython_extension(ipython: Any) -> None:
    """Go back to plain ``repr`` for minichain's objects (``%unload_ext``)."""
    formatter = ipython.display_formatter.formatters["text/html"]
    for dotted in FORMATTERS:
        formatter.pop(dotted, None)
