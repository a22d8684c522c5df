"""The header chain: links, difficulty, timestamps, and the branch with the most work.

A block header says which block came before it, how hard it was to make, and
when. From headers alone a node can check (Bitcoin Core ``ContextualCheckBlockHeader``
in ``validation.cpp`` and ``GetNextWorkRequired`` in ``pow.cpp``):

* **the link**: ``prev_hash`` names a block we know;
* **the difficulty**: ``bits`` is exactly what the retarget rule expects at
  this height, and the header's hash meets it;
* **the time**: the timestamp is later than the median of the 11 blocks
  before it (median-time-past, BIP 113) and not more than two hours ahead of
  the node's own clock.

Every header adds ``block_work(bits)`` to its branch's *chainwork*, the
expected number of hashes spent on the whole branch. Nodes follow the branch
with the most chainwork, not the one with the most blocks: a long branch of
easy blocks is cheap to forge, a branch with more work is not.

:class:`HeaderChain` applies these rules to headers only, enough to follow
Bitcoin itself with :meth:`minichain.params.ChainParams.bitcoin`;
:class:`minichain.chain.Blockchain` uses the same rules for full blocks.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from minichain.errors import BlockError, ProofOfWorkError, TargetError, WrongTypeError
from minichain.hashing import short_hex, to_display_hex
from minichain.header import BlockHeader, block_label
from minichain.params import ChainParams
from minichain.pow import block_work, retarget, validate_pow

RECENT_TIMES = 11
"""Timestamps each entry keeps: Bitcoin's median-time-past span (``nMedianTimeSpan``)."""


@dataclass(eq=False)
class BlockEntry:
    """What a node remembers about one header: where it sits and the work behind it.

    Attributes:
        header: the block header.
        hash: its hash (internal byte order).
        height: blocks between it and genesis (genesis is 0).
        chainwork: total work of genesis up to and including this block.
        parent: the entry of the previous block (``None`` for genesis).
        recent_times: the timestamps of this block and up to
            ``RECENT_TIMES - 1`` blocks before it, newest first, so that
            :func:`median_time_past` need not walk back (filled in for you).
    """

    header: BlockHeader
    hash: bytes
    height: int
    chainwork: int
    parent: BlockEntry | None = field(default=None, repr=False)
    recent_times: tuple[int, ...] = field(default=(), repr=False, init=False)

    def __post_init__(self) -> None:
        before = () if self.parent is None else self.parent.recent_times[: RECENT_TIMES - 1]
        self.recent_times = (self.header.timestamp, *before)

    @property
    def hash_hex(self) -> str:
        """The hash as explorers print it."""
        return to_display_hex(self.hash)

    @property
    def label(self) -> str:
        """``block <height> (<start of hash>…)``, used in error messages."""
        return block_label(self.height, self.hash)

    def ancestors(self) -> Iterator[BlockEntry]:
        """This entry, its parent, its grandparent ... down to genesis."""
        entry: BlockEntry | None = self
        while entry is not None:
            yield entry
            entry = entry.parent

    def ancestor(self, height: int) -> BlockEntry:
        """The entry at ``height`` on this entry's branch (``0 <= height <= self.height``)."""
        entry = self
        while entry.height > height and entry.parent is not None:
            entry = entry.parent
        return entry


def median_time_past(entry: BlockEntry, span: int = RECENT_TIMES) -> int:
    """Median timestamp of ``entry`` and the ``span - 1`` blocks before it (BIP 113)."""
    recent = entry.recent_times
    if span <= len(recent) or len(recent) == entry.height + 1:  # the window is at hand
        window = sorted(recent[:span])
        return window[len(window) // 2]
    times: list[int] = []
    walker: BlockEntry | None = entry
    while walker is not None and len(times) < span:
        times.append(walker.header.timestamp)
        walker = walker.parent
    times.sort()
    return times[len(times) // 2]


def expected_bits(parent: BlockEntry, params: ChainParams) -> int:
    """The bits the block after ``parent`` must carry (Bitcoin Core ``GetNextWorkRequired``).

    The difficulty changes only at heights that are multiples of
    ``retarget_interval``, from the time the previous period took, measured
    from its first block to its last (``retarget_interval - 1`` gaps, as
    Bitcoin Core's ``nHeightFirst``).
    """
    height = parent.height + 1
    if params.no_retargeting or height % params.retarget_interval:
        return parent.header.bits
    first = parent.ancestor(height - params.retarget_interval)
    return retarget(
        parent.header.bits,
        first.header.timestamp,
        parent.header.timestamp,
        interval=params.retarget_interval,
        spacing=params.target_spacing,
        pow_limit=params.pow_limit,
    )


def check_header(
    header: BlockHeader, parent: BlockEntry, params: ChainParams, now: int | None
) -> BlockEntry:
    """Check ``header`` as the child of ``parent``; return its new (unstored) entry.

    Its own rule first, the proof-of-work (Bitcoin Core ``CheckBlockHeader``),
    then the rules that need its parent (:func:`check_header_context`).

    Args:
        header: the header to check.
        parent: the entry its ``prev_hash`` names.
        params: the chain's rules.
        now: the node's clock, or ``None`` to skip the future-time rule.

    Raises:
        BlockError: the proof-of-work, the link, bits or a timestamp rule is
            broken; ``where`` names the height and hash.
    """
    if not isinstance(header, BlockHeader):
        raise WrongTypeError("header", "must be a BlockHeader")
    try:
        validate_pow(header, pow_limit=params.pow_limit)
    except (ProofOfWorkError, TargetError) as error:
        where = block_label(parent.height + 1, header.hash())
        raise BlockError(error.field, error.rule, where) from None
    return check_header_context(header, parent, params, now)


def check_header_context(
    header: BlockHeader, parent: BlockEntry, params: ChainParams, now: int | None
) -> BlockEntry:
    """The rules ``header`` meets given its parent; return its new (unstored) entry.

    The link, the difficulty the rules expect and the timestamps (Bitcoin Core
    ``ContextualCheckBlockHeader``). The proof-of-work is the header's own
    rule, checked before (:func:`check_header`; a node checks it before it
    holds a block whose parent it lacks).

    Raises:
        BlockError: the link, bits or a timestamp rule is broken; ``where``
            names the height and hash.
    """
    if not isinstance(header, BlockHeader):
        raise WrongTypeError("header", "must be a BlockHeader")
    block_hash = header.hash()
    height = parent.height + 1
    try:  # the location is spelled out only when a rule fails
        # --8<-- [start:link]
        if header.prev_hash != parent.hash:
            raise BlockError("prev_hash", "does not name the parent {label}", label=parent.label)
        # --8<-- [end:link]
        bits = expected_bits(parent, params)
        if header.bits != bits:
            raise BlockError(
                "bits",
                "{bits:#010x} differs from the {bits2:#010x} the difficulty rule expects",
                bits=header.bits,
                bits2=bits,
            )
        past = median_time_past(parent, params.median_time_span)
        if header.timestamp <= past:
            raise BlockError(
                "timestamp",
                "{timestamp} is not after the median time past {past} of the previous "
                "{median_time_span} blocks",
                timestamp=header.timestamp,
                past=past,
                median_time_span=params.median_time_span,
            )
        if now is not None and header.timestamp > now + params.max_future_time:
            raise BlockError(
                "timestamp",
                "{timestamp} is more than {max_future_time} s ahead of this node's clock ({now})",
                timestamp=header.timestamp,
                max_future_time=params.max_future_time,
                now=now,
            )
    except BlockError as error:
        raise error.located(block_label(height, block_hash)) from None
    # --8<-- [start:chainwork]
    return BlockEntry(
        header, block_hash, height, parent.chainwork + block_work(header.bits), parent
    )
    # --8<-- [end:chainwork]


def fork_point(a: BlockEntry, b: BlockEntry) -> BlockEntry:
    """The last block two branches share (``LastCommonAncestor`` in Bitcoin Core)."""
    while a.height > b.height and a.parent is not None:
        a = a.parent
    while b.height > a.height and b.parent is not None:
        b = b.parent
    while a is not b and a.parent is not None and b.parent is not None:
        a, b = a.parent, b.parent
    return a


class HeaderChain:
    """A header-only chain: every rule above, and the most-work tip.

    Args:
        params: the chain's rules; the genesis header comes from
            :attr:`ChainParams.bitcoin_genesis` unless ``genesis`` is given.
        genesis: the genesis header, when the params do not fix one.
        clock: returns the node's time in seconds; ``None`` skips the future-time rule.
    """

    def __init__(
        self,
        params: ChainParams,
        genesis: BlockHeader | None = None,
        clock: Callable[[], float] | None = None,
    ) -> None:
        genesis = genesis or params.bitcoin_genesis
        if genesis is None:
            raise WrongTypeError("genesis", "these params fix no genesis header; pass one")
        validate_pow(genesis, pow_limit=params.pow_limit)
        self.params = params
        self.clock = clock
        root = BlockEntry(genesis, genesis.hash(), 0, block_work(genesis.bits))
        self.entries: dict[bytes, BlockEntry] = {root.hash: root}
        self.genesis = root
        self.tip = root

    @property
    def height(self) -> int:
        """Height of the most-work tip."""
        return self.tip.height

    def add(self, header: BlockHeader) -> BlockEntry:
        """Check and store ``header``; move the tip if its branch now has the most work.

        Raises:
            BlockError: the header breaks a rule, or its parent is unknown.
        """
        known = self.entries.get(header.hash())
        if known is not None:
            return known
        parent = self.entries.get(header.prev_hash)
        if parent is None:
            raise BlockError(
                "prev_hash",
                "parent {prev_hash} is unknown",
                block_label("?", header.hash()),
                prev_hash=short_hex(header.prev_hash),
            )
        now = None if self.clock is None else int(self.clock())
        # --8<-- [start:most_work]
        entry = check_header(header, parent, self.params, now)
        self.entries[entry.hash] = entry
        if entry.chainwork > self.tip.chainwork:
            self.tip = entry
        return entry
        # --8<-- [end:most_work]
