"""The Yangtze River Delta consortium the consensus tests use: 27 cities, one key each.

The 27 cities are the central area (中心区) of the Outline of the Yangtze River
Delta Regional Integration Development Plan (长江三角洲区域一体化发展规划纲要),
issued by the CPC Central Committee and the State Council in 2019: Shanghai;
Nanjing, Wuxi, Changzhou, Suzhou, Nantong, Yangzhou, Zhenjiang, Yancheng and
Taizhou in Jiangsu; Hangzhou, Ningbo, Wenzhou, Huzhou, Jiaxing, Shaoxing,
Jinhua, Zhoushan and Taizhou in Zhejiang; Hefei, Wuhu, Ma'anshan, Tongling,
Anqing, Chuzhou, Chizhou and Xuancheng in Anhui. The outline's scope
paragraph is quoted at https://scholarmate.com/S/e8tenc. Two cities are called
Taizhou in English (泰州 in Jiangsu, 台州 in Zhejiang), so their province is
part of their name here.
"""

from __future__ import annotations

from functools import lru_cache

from minichain.consensus import CommitCertificate, Proposal, ValidatorSet, Vote, seeded_keys
from minichain.consortium import PermissionedChain
from minichain.ledger import Block
from minichain.params import ChainParams

SHANGHAI = ("Shanghai",)
JIANGSU = (
    "Nanjing",
    "Wuxi",
    "Changzhou",
    "Suzhou",
    "Nantong",
    "Yangzhou",
    "Zhenjiang",
    "Yancheng",
    "Taizhou (Jiangsu)",
)
ZHEJIANG = (
    "Hangzhou",
    "Ningbo",
    "Wenzhou",
    "Huzhou",
    "Jiaxing",
    "Shaoxing",
    "Jinhua",
    "Zhoushan",
    "Taizhou (Zhejiang)",
)
ANHUI = ("Hefei", "Wuhu", "Ma'anshan", "Tongling", "Anqing", "Chuzhou", "Chizhou", "Xuancheng")
CITIES = SHANGHAI + JIANGSU + ZHEJIANG + ANHUI

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
    block = node.chain.build_block(KEYS[name].address, [], note=note)
    return Proposal.signed(KEYS[name], name, CHAIN_ID, height, view, block.hash), block
