"""Block locators: how a node that fell behind says where its chain is.

A node that has been away does not know where its chain and a peer's part.
It sends a *block locator*: hashes of its own active chain, the last ten one
by one, then exponentially further apart, always ending with genesis. The
peer finds the first hash it has on its own active chain, the fork point,
and lists what follows. Twenty-odd hashes describe a chain of a million
blocks, yet the fork is found to within a factor of two of its depth
(Bitcoin Core ``LocatorEntries`` in ``chain.cpp``; ``getblocks`` in the
P2P protocol).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from minichain.headers import BlockEntry


def locator_heights(tip_height: int) -> list[int]:
    """The heights a locator names for a tip at ``tip_height``, tip first, genesis last.

    Steps of one for the first ten hashes, then each step twice the last
    (Bitcoin Core ``LocatorEntries``): for 20 that is 20, 19, ..., 10, 9, 7, 3, 0.
    """
    heights: list[int] = []
    step, height = 1, tip_height
    while True:
        heights.append(height)
        if height == 0:
            return heights
        height = max(height - step, 0)
        if len(heights) > 10:
            step *= 2


def block_locator(tip: BlockEntry) -> list[bytes]:
    """The locator of the branch ending at ``tip``: hashes at :func:`locator_heights`."""
    hashes = []
    entry = tip
    for height in locator_heights(tip.height):
        entry = entry.ancestor(height)  # walking down from the last one: linear in all
        hashes.append(entry.hash)
    return hashes


def fork_height(
    locator: Sequence[bytes], entries: Mapping[bytes, BlockEntry], main: Sequence[BlockEntry]
) -> int:
    """The height of the first locator hash on the active chain ``main`` (0 if none is).

    ``entries`` maps every known block hash to its entry. Hashes of side
    branches or of unknown blocks are skipped, as Bitcoin Core's
    ``FindForkInGlobalIndex`` skips them.
    """
    for block_hash in locator:
        entry = entries.get(block_hash)
        if entry is not None and entry.height < len(main) and main[entry.height] is entry:
            return entry.height
    return 0


def hashes_after(main: Sequence[BlockEntry], height: int, limit: int) -> list[bytes]:
    """The hashes of up to ``limit`` active-chain blocks after ``height``, in order."""
    return [entry.hash for entry in main[height + 1 : height + 1 + limit]]
