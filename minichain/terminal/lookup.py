"""Finding blocks, transactions and spent outputs in a chain for the viewers.

Look-ups only: which block a height or hash names, where a transaction is.
They read :class:`~minichain.chain.Blockchain`'s own indexes and decide no rule.
"""

from __future__ import annotations

from dataclasses import dataclass

from minichain.chain import Blockchain
from minichain.errors import EncodingError, OutOfRangeError
from minichain.hashing import from_display_hex
from minichain.ledger import Block
from minichain.tx import Transaction, TxOut

MIN_PREFIX = 6
"""Fewest hex digits accepted as the start of a block hash or txid."""


@dataclass(frozen=True)
class Located:
    """A transaction and where it is.

    Attributes:
        tx: the transaction.
        block: the block holding it, or ``None`` while it waits in the mempool.
        height: the block's height, or ``None`` (mempool).
        active: whether that block is on the active chain.
    """

    tx: Transaction
    block: Block | None
    height: int | None
    active: bool


def _by_prefix(text: str, candidates: list[bytes], what: str) -> bytes:
    """The one hash (display hex) starting with ``text``."""
    digits = text.lower()
    if len(digits) == 64:
        return from_display_hex(digits)
    if len(digits) < MIN_PREFIX or any(c not in "0123456789abcdef" for c in digits):
        if what == "block":
            raise EncodingError(
                what,
                "must be a height or at least {min_prefix} hex digits of a hash, got {text!r}",
                min_prefix=MIN_PREFIX,
                text=text,
            )
        raise EncodingError(
            what,
            "must be at least {min_prefix} hex digits of a hash, got {text!r}",
            min_prefix=MIN_PREFIX,
            text=text,
        )
    found = [h for h in candidates if h[::-1].hex().startswith(digits)]
    if len(found) > 1:
        raise EncodingError(
            what,
            "{text!r} starts {found_size} hashes; give more digits",
            text=text,
            found_size=len(found),
        )
    if not found:
        if what == "block":
            raise OutOfRangeError(what, "no block starts with {text!r}", text=text)
        raise OutOfRangeError(what, "no txid starts with {text!r}", text=text)
    return found[0]


def find_block(chain: Blockchain, text: str) -> Block:
    """The block a height (active chain) or a hash (any branch, or its first digits) names.

    Raises:
        OutOfRangeError: no such height or block.
        EncodingError: ``text`` is neither a height nor hex digits of a hash.
    """
    # ASCII digits only: str.isdigit() and int() also read '١' and '１' as 1.
    is_height = text.isascii() and text.isdigit()
    if is_height and len(text) < MIN_PREFIX:
        return _at_height(chain, int(text))
    try:
        block_hash = _by_prefix(text, list(chain.entries), "block")
    except OutOfRangeError:
        if is_height:  # digits only, as long as a hash prefix: a height after all
            return _at_height(chain, int(text))
        raise
    block = chain.block(block_hash)
    if block is None:
        raise OutOfRangeError("block", "no block {text} in this chain", text=text)
    return block


def _at_height(chain: Blockchain, height: int) -> Block:
    if height > chain.height:
        raise OutOfRangeError(
            "height",
            "the chain's tip is at {height}, not {height2}",
            height=chain.height,
            height2=height,
        )
    return chain.block_at(height)


def _everywhere(chain: Blockchain) -> list[Located]:
    """Every transaction the chain knows: active chain (newest first), side branches, mempool."""
    found = []
    for entry in reversed(chain.main):
        block = chain.blocks[entry.hash]
        found += [Located(tx, block, entry.height, True) for tx in block.transactions]
    for branch in chain.side_branches():
        for entry in branch:
            block = chain.blocks[entry.hash]
            found += [Located(tx, block, entry.height, False) for tx in block.transactions]
    found += [Located(tx, None, None, False) for tx in chain.mempool]
    return found


def find_transaction(chain: Blockchain, text: str) -> Located:
    """The transaction a txid (or its first digits) names, preferring the active chain.

    Raises:
        OutOfRangeError: no such transaction.
        EncodingError: ``text`` is not hex digits of a txid.
    """
    known = _everywhere(chain)
    txid = _by_prefix(text, list(dict.fromkeys(place.tx.txid for place in known)), "txid")
    for place in known:
        if place.tx.txid == txid:
            return place
    raise OutOfRangeError("txid", "no transaction {text} in this chain", text=text)


def spent_outputs(chain: Blockchain, tx: Transaction) -> list[TxOut | None]:
    """The outputs ``tx``'s inputs spend, found in the transactions that made them.

    ``None`` where the chain does not know the output (the transaction is
    from elsewhere).
    """
    wanted = {tx_in.prevout.txid for tx_in in tx.inputs}
    makers = {place.tx.txid: place.tx for place in _everywhere(chain) if place.tx.txid in wanted}
    found: list[TxOut | None] = []
    for tx_in in tx.inputs:
        maker = makers.get(tx_in.prevout.txid)
        outputs = () if maker is None else maker.outputs
        index = tx_in.prevout.index
        found.append(outputs[index] if index < len(outputs) else None)
    return found
