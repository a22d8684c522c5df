"""The Yangtze River Delta consortium the consensus tests use: 27 cities, one key each.

The cities, and where the list comes from, are
:data:`minichain.consortium.YANGTZE_RIVER_DELTA_CITIES`.
"""

from __future__ import annotations

from functools import lru_cache

from minichain.consensus import CommitCertificate, Proposal, ValidatorSet, Vote, seeded_keys
from minichain.consortium import YANGTZE_RIVER_DELTA_CITIES, PermissionedChain
from minichain.ledger import Block
from minichain.miner import build_block
from minichain.params import ChainParams

CITIES = YANGTZE_RIVER_DELTA_CITIES
SHANGHAI, JIANGSU, ZHEJIANG, ANHUI = CITIES[:1], CITIES[1:10], CITIES[10:19], CITIES[19:]

KEYS = seeded_keys(CITIES)
VALIDATORS = ValidatorSet.from_keys(KEYS)
PARAMS = ChainParams.regtest(name="yrd-consortium")
CHAIN_ID = PARAMS.name


def city_node(name: str | None = None) -> PermissionedChain:
    """A fresh node of the consortium: ``name``'s, or an observer's."""
    return PermissionedChain(PARAMS, VALIDATORS, None if name is None else KEYS[name])


@lru_cache(maxsize=4096)
def vote(name: str, block_hash: bytes, height: int = 1, chain_id: str = CHAIN_ID) -> Vote:
    """``name``'s signed vote (cached: the same inputs always give the same RFC 6979 signature)."""
    return Vote.signed(KEYS[name], name, chain_id, height, block_hash)


def votes(block_hash: bytes, names: tuple[str, ...] | list[str], height: int = 1) -> list[Vote]:
    """Votes of ``names`` for ``block_hash``."""
    return [vote(name, block_hash, height) for name in names]


def certificate(block_hash: bytes, names: tuple[str, ...] | list[str], height: int = 1):
    """A certificate holding the votes of ``names``."""
    return CommitCertificate(height, block_hash, tuple(votes(block_hash, names, height)))


def proposal(
    node: PermissionedChain, view: int = 0, note: bytes = b"", proposer: str | None = None
) -> tuple[Proposal, Block]:
    """A block on ``node``'s final tip, proposed and signed by the member whose turn it is."""
    height = node.height
    name = proposer or VALIDATORS.proposer(height, view).name
    block = build_block(node.chain, KEYS[name].address, [], note=note)
    return Proposal.signed(KEYS[name], name, CHAIN_ID, height, view, block.hash), block
