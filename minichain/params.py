"""The constants a chain is defined by, gathered in one object.

Two nodes agree on blocks only if they agree on every number here, which is
why Bitcoin Core keeps them together too (``CChainParams`` and
``Consensus::Params`` in ``kernel/chainparams.cpp``). Each field's comment
names its Bitcoin Core counterpart, so a reader can go on to the real code.

Presets:

* :meth:`ChainParams.classroom`: blocks take a fraction of a second to mine on
  a laptop, difficulty retargets every 10 blocks, mined coins are spendable in
  the next block. Lessons and exercises use it.
* :meth:`ChainParams.regtest`: trivial proof-of-work and no retargeting, like
  Bitcoin's regtest: for tests and simulations where mining must cost nothing.
* :meth:`ChainParams.bitcoin`: Bitcoin's main-network header rules and its real
  genesis header, so :class:`minichain.headers.HeaderChain` accepts real
  Bitcoin headers.

**The crypto suite.** :attr:`ChainParams.suite` picks the algorithms the chain
hashes and signs with (:mod:`minichain.suite`): Bitcoin's (ECDSA on secp256k1,
SHA-256) unless a preset is given ``suite="gm"``, China's SM2 and SM3, as the
government consortium chains run them::

    ChainParams.regtest(name="yrd-gm", suite="gm")
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from minichain.errors import OutOfRangeError, WrongTypeError, describe_type, require_int
from minichain.header import BlockHeader
from minichain.pow import (
    BITCOIN_POW_LIMIT,
    BITCOIN_RETARGET_INTERVAL,
    BITCOIN_TARGET_SPACING,
    REGTEST_POW_LIMIT,
    target_to_bits,
)
from minichain.suite import BITCOIN, Suite, suite_named

BITCOIN_GENESIS_HEADER = (
    "0100000000000000000000000000000000000000000000000000000000000000000000003ba3edfd7a7b12b2"
    "7ac72c3e67768f617fc81bc3888a51323a9fb8aa4b1e5e4a29ab5f49ffff001d1dac2b7c"
)
"""Bitcoin's genesis header (block 0, 2009-01-03), which every Bitcoin node hard-codes."""


@dataclass(frozen=True)
class ChainParams:
    """Everything two nodes must agree on to share a chain.

    Build one with a preset and adjust it with :meth:`with_issuers` or
    :func:`dataclasses.replace`.
    """

    name: str
    """The chain id; every transaction signature commits to it (no replay across chains)."""
    pow_limit: int
    """Easiest target allowed; also the genesis target. Bitcoin: ``consensus.powLimit``."""
    genesis_timestamp: int
    """Timestamp of the genesis block (Bitcoin: 1231006505, 2009-01-03)."""
    genesis_message: bytes = b"minichain genesis"
    """Memo of the genesis coinbase; Bitcoin's quotes The Times of 2009-01-03."""
    block_reward: int = 50
    """Coins a block's coinbase may create. Bitcoin: 50 BTC at first (``GetBlockSubsidy``)."""
    halving_interval: int = 0
    """Blocks between reward halvings (0: never). Bitcoin: ``nSubsidyHalvingInterval`` 210000."""
    coinbase_maturity: int = 1
    """Blocks before a coinbase output may be spent. Bitcoin: ``COINBASE_MATURITY`` = 100."""
    retarget_interval: int = 10
    """Blocks per difficulty period. Bitcoin: ``DifficultyAdjustmentInterval()`` = 2016."""
    target_spacing: int = 10
    """Seconds a block should take. Bitcoin: ``nPowTargetSpacing`` = 600."""
    no_retargeting: bool = False
    """Keep the genesis difficulty forever. Bitcoin regtest: ``fPowNoRetargeting``."""
    median_time_span: int = 11
    """A block's time must exceed the median of this many before it (``MedianTimePast``)."""
    max_future_time: int = 2 * 60 * 60
    """How far ahead of the node's clock a block may be. Bitcoin: ``MAX_FUTURE_BLOCK_TIME``."""
    max_block_size: int = 1_000_000
    """Largest serialized block in bytes. Bitcoin: ``MAX_BLOCK_SERIALIZED_SIZE`` (4 MB weight)."""
    max_block_transactions: int = 10_000
    """Most transactions in one block (Bitcoin has no separate count limit)."""
    issuers: tuple[tuple[str, tuple[str, ...]], ...] = field(default=())
    """Which addresses may issue which document kinds: ``(("invoice", (tax_bureau,)),)``."""
    suite: Suite = field(default=BITCOIN, repr=False)
    """Hash, signatures and addresses: :data:`~minichain.suite.BITCOIN` or ``"gm"`` (SM2/SM3).

    A name is turned into the :class:`~minichain.suite.Suite`. Left out of
    ``repr`` so that the chain files of Bitcoin's suite keep their fingerprint
    (:func:`minichain.store.params_fingerprint` adds it for the others)."""

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name:
            raise WrongTypeError(
                "name",
                "must be a non-empty str, got {name_type}",
                name_type=describe_type(self.name),
            )
        require_int(self.pow_limit, "pow_limit", 1, 2**256 - 1)
        for name in ("block_reward", "halving_interval", "coinbase_maturity"):
            require_int(getattr(self, name), name, 0, 2**63)
        for name in ("retarget_interval", "target_spacing", "median_time_span"):
            require_int(getattr(self, name), name, 1, 2**32)
        require_int(self.genesis_timestamp, "genesis_timestamp", 0, 2**32 - 1)
        require_int(self.max_future_time, "max_future_time", 0, 2**32)
        require_int(self.max_block_size, "max_block_size", 1000, 2**32)
        require_int(self.max_block_transactions, "max_block_transactions", 1, 2**32)
        object.__setattr__(self, "suite", suite_named(self.suite))
        object.__setattr__(self, "issuers", _normalise_issuers(self.issuers, self.suite))

    # --- presets ------------------------------------------------------------

    @classmethod
    def classroom(cls, **changes: Any) -> ChainParams:
        """About 65,000 hashes a block (well under a second), retarget every 10 blocks of 10 s."""
        return replace(
            cls(name="classroom", pow_limit=2**240 - 1, genesis_timestamp=1_572_000_000), **changes
        )

    @classmethod
    def regtest(cls, **changes: Any) -> ChainParams:
        """Bitcoin regtest's easiest target (half of all hashes win) and no retargeting."""
        params = cls(
            name="regtest",
            pow_limit=REGTEST_POW_LIMIT,
            genesis_timestamp=1_572_000_000,
            no_retargeting=True,
        )
        return replace(params, **changes)

    @classmethod
    def bitcoin(cls) -> ChainParams:
        """Bitcoin main-network header rules; use with :class:`minichain.headers.HeaderChain`."""
        genesis = BlockHeader.from_hex(BITCOIN_GENESIS_HEADER)
        return cls(
            name="bitcoin",
            pow_limit=BITCOIN_POW_LIMIT,
            genesis_timestamp=genesis.timestamp,
            genesis_message=(
                b"The Times 03/Jan/2009 Chancellor on brink of second bailout for banks"
            ),
            block_reward=50 * 100_000_000,
            halving_interval=210_000,
            coinbase_maturity=100,
            retarget_interval=BITCOIN_RETARGET_INTERVAL,
            target_spacing=BITCOIN_TARGET_SPACING,
            max_block_size=4_000_000,
        )

    # --- derived values -----------------------------------------------------

    @property
    def genesis_bits(self) -> int:
        """The compact form of :attr:`pow_limit`: the genesis block's difficulty."""
        return target_to_bits(self.pow_limit)

    @property
    def bitcoin_genesis(self) -> BlockHeader | None:
        """The real genesis header when these are Bitcoin's rules, else ``None``."""
        if self.name != "bitcoin":
            return None
        return BlockHeader.from_hex(BITCOIN_GENESIS_HEADER)

    def reward(self, height: int) -> int:
        """The coins a coinbase at ``height`` may create before fees (``GetBlockSubsidy``)."""
        if not self.halving_interval:
            return self.block_reward
        halvings = height // self.halving_interval
        return self.block_reward >> halvings if halvings < 64 else 0

    def issuers_of(self, kind: str) -> tuple[str, ...]:
        """The addresses allowed to issue documents of ``kind``."""
        for listed, addresses in self.issuers:
            if listed == kind:
                return addresses
        return ()

    def with_issuers(self, issuers: Mapping[str, Iterable[str]]) -> ChainParams:
        """A copy that lets the given addresses issue documents: ``{"invoice": [bureau]}``."""
        return replace(self, issuers=tuple((kind, tuple(addrs)) for kind, addrs in issuers.items()))


def _normalise_issuers(issuers: Any, suite: Suite) -> tuple[tuple[str, tuple[str, ...]], ...]:
    if isinstance(issuers, Mapping):
        issuers = tuple(issuers.items())
    result = []
    for position, entry in enumerate(issuers):
        if not (isinstance(entry, tuple) and len(entry) == 2 and isinstance(entry[0], str)):
            raise WrongTypeError(f"issuers[{position}]", "must be a (kind, addresses) pair")
        kind, addresses = entry
        if isinstance(addresses, str):
            raise WrongTypeError(f"issuers[{kind}]", "must be a list of addresses, not one str")
        checked = tuple(addresses)
        for address in checked:
            suite.parse_address(address, f"issuers[{kind}]")
        if not checked:
            raise OutOfRangeError(f"issuers[{kind}]", "needs at least one address")
        result.append((kind, checked))
    return tuple(sorted(result))
