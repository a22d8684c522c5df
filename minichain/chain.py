"""The blockchain: blocks from anywhere, the most-work branch, reorgs, and what the chain holds.

:class:`Blockchain` puts the earlier modules together the way a Bitcoin node
does (Bitcoin Core ``ChainstateManager::ProcessNewBlock`` and
``Chainstate::ActivateBestChain``):

1. A block that arrives is checked on its own (proof-of-work, Merkle root,
   sizes, transactions). If its parent is unknown it is held as an *orphan*
   until the parent arrives.
2. Its header is checked against its parent (difficulty, timestamps) and it is
   stored, even if it sits on a side branch.
3. If its branch now has more *work* than the active one, the node
   **reorganises**: it disconnects blocks back to the fork point using their
   undo data, then connects the new branch block by block, fully validating
   each. If a block of the new branch is invalid, everything is put back as
   it was and that block (with its descendants) is forgotten.
4. The mempool is rebuilt on the new tip: transactions of disconnected blocks
   come back unless they conflict with the new branch.

What has been checked is remembered by the chain, so no block is checked
twice: :attr:`Blockchain.checked` holds the blocks that passed the rules a
block meets on its own, and a block :meth:`Blockchain.check_block` checked on
the tip is connected from that check when it is added. Building blocks is the
miner's job (:mod:`minichain.miner`), paying and issuing the wallet's
(:mod:`minichain.wallet`).

The genesis block is fixed by the params (:func:`genesis_block`), so two
chains made with the same params can exchange blocks.

**Time.** A node needs a clock for one rule, "not more than two hours in the
future", and for the timestamps of blocks it mines. Pass ``clock=time.time``
for a real node. Without a clock the chain uses *simulated time*: "now" is one
target spacing after the tip, so blocks the miner builds arrive exactly on schedule,
difficulty stays put, and every run of a lesson gives the same blocks.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache
from pathlib import Path
from types import TracebackType

from minichain.errors import (
    BlockError,
    ConsensusError,
    ProofOfWorkError,
    StoreError,
    SuiteError,
    TargetError,
    WrongTypeError,
    describe_type,
    require_bytes,
    require_int,
)
from minichain.hashing import short_hex
from minichain.header import BlockHeader, block_label
from minichain.headers import BlockEntry, check_header_context, fork_point
from minichain.ledger import (
    Block,
    BlockUndo,
    UtxoSet,
    UtxoView,
    check_block,
    check_connect,
    disconnect,
)
from minichain.mempool import Mempool
from minichain.merkle import merkle_root
from minichain.params import ChainParams
from minichain.pow import block_work, mine, validate_pow
from minichain.sigcache import SignatureChecker
from minichain.store import BlockStatus, ChainStore
from minichain.tx import Document, Transaction, TxOut

__all__ = ["Added", "Block", "Blockchain", "ChainParams", "genesis_block"]

MAX_ORPHANS = 100
"""Orphan blocks held at most; the oldest goes first (``DEFAULT_MAX_ORPHAN_BLOCKS``)."""


class Added(Enum):
    """What :meth:`Blockchain.add_block` did with a block."""

    EXTENDED = "extended the active chain"
    REORGANIZED = "became the tip of a branch with more work: the chain reorganised"
    SIDE_BRANCH = "stored on a side branch with less work"
    ORPHAN = "held until its parent arrives"
    KNOWN = "already known"


@dataclass(frozen=True)
class _Checked:
    """A block :meth:`Blockchain.check_block` checked on the tip ``tip``: ready to connect."""

    tip: bytes
    entry: BlockEntry
    view: UtxoView


@lru_cache(maxsize=16)
def genesis_block(params: ChainParams) -> Block:
    """The block every chain with ``params`` starts from.

    Its coinbase pays the first reward to nobody (an all-zero key hash), as
    Bitcoin's genesis coinbase cannot be spent; its nonce is the smallest that
    meets the params' easiest target, so it is the same on every machine.
    """
    memo = b"\x00\x00\x00\x00" + params.genesis_message
    suite = params.suite
    first = Transaction((), (TxOut(bytes(20), params.block_reward),), memo=memo, suite=suite)
    root = merkle_root([first.txid], node_hash=suite.node_hash)
    header = BlockHeader(
        1, bytes(32), root, params.genesis_timestamp, params.genesis_bits, 0, suite=suite
    )
    found = mine(header)
    if found is None:  # pragma: no cover - the easiest targets always have a nonce
        raise BlockError("genesis", "no nonce meets the genesis target")
    return Block(found, (first,))


class Blockchain:
    """A node's view of one chain: blocks, branches, the UTXO set and the mempool.

    Args:
        params: the chain's rules (default :meth:`ChainParams.classroom`).
        clock: returns the time in seconds; ``None`` for simulated time (see above).
        backend: signature backend, ``"auto"``, ``"ecdsa"`` or ``"coincurve"``.
        checker: a signature cache to share with other chains in this process
            (the simulator's nodes all check the same transactions, as one
            machine's signature cache would); ``backend`` is then unused.
        checked: the record of checked blocks (:attr:`checked`) to share with
            other chains of the same params in this process, as the simulator's
            nodes share one block object each.
    """

    def __init__(
        self,
        params: ChainParams | None = None,
        *,
        clock: Callable[[], float] | None = None,
        backend: str = "auto",
        checker: SignatureChecker | None = None,
        checked: dict[bytes, Block] | None = None,
    ) -> None:
        params = ChainParams.classroom() if params is None else params
        if not isinstance(params, ChainParams):
            raise WrongTypeError(
                "params",
                "must be ChainParams, got {params_type}",
                params_type=describe_type(params),
            )
        if params.bitcoin_genesis is not None:
            raise WrongTypeError(
                "params",
                "Bitcoin's params describe headers only; use minichain.headers.HeaderChain",
            )
        self.params = params
        self.clock = clock
        if checker is not None and not isinstance(checker, SignatureChecker):
            raise WrongTypeError(
                "checker",
                "must be a SignatureChecker, got {checker_type}",
                checker_type=describe_type(checker),
            )
        if checker is None:
            checker = SignatureChecker(backend, suite=params.suite)
        elif checker.suite != params.suite:
            raise SuiteError(
                "checker",
                "checks signatures of {suite}; this chain uses {suite2}",
                suite=checker.suite,
                suite2=params.suite,
            )
        self.checker = checker
        genesis = genesis_block(params)
        root = BlockEntry(genesis.header, genesis.hash, 0, block_work(genesis.header.bits))
        self.entries: dict[bytes, BlockEntry] = {root.hash: root}
        self.blocks: dict[bytes, Block] = {root.hash: genesis}
        self.main: list[BlockEntry] = [root]
        self.undo: dict[bytes, BlockUndo] = {}
        self.utxo = UtxoSet()
        self.mempool = Mempool(self.utxo, params, self.checker)
        self.orphans: dict[bytes, Block] = {}
        self.checked: dict[bytes, Block] = {} if checked is None else checked
        """The blocks that passed the rules a block meets on its own, by hash.

        A block is skipped only if it is the very object checked: another
        block with the same header may carry other transactions (CVE-2012-2459).
        """
        self._on_tip: dict[bytes, _Checked] = {}
        self._store: ChainStore | None = None
        self._status: dict[bytes, BlockStatus] = {}
        self._replaying = False

    # --- opening and closing ------------------------------------------------

    @classmethod
    def open(
        cls,
        path: str | Path,
        params: ChainParams | None = None,
        *,
        clock: Callable[[], float] | None = None,
        backend: str = "auto",
        read_only: bool = False,
    ) -> Blockchain:
        """Open the chain file at ``path``, or create it; every block added is saved at once.

        A chain file has one writer at a time (see :mod:`minichain.store`).
        ``read_only=True`` opens an existing file to look at it: it is never
        changed or created, no lock is taken, and adding a block raises
        :class:`~minichain.errors.StoreError`.

        Raises:
            StoreError: the file is not a chain file, belongs to another chain,
                or is corrupt, or another process is writing it; the message names the file.
        """
        chain = cls(params, clock=clock, backend=backend)
        store = ChainStore(path, chain.params, read_only=read_only)
        try:
            chain._replay(store)
        except BaseException:
            store.close()
            raise
        return chain

    def _replay(self, store: ChainStore) -> None:
        """Rebuild the chain from a file's blocks, through the same code as new blocks.

        Signatures of blocks stored as ``valid`` were verified when they were
        first connected and are not verified again. The future-time rule is
        skipped: it is about the clock when a block *arrives*, and this node's
        clock may differ from the one that wrote the file.
        """
        rows = store.load()
        for block, status in rows:
            self._status[block.hash] = status
            if status is BlockStatus.VALID:
                for tx in block.transactions:
                    self.checker.mark_verified(tx.txid, self.params.name)
        self._store = store
        self._replaying = True
        try:
            for seq, (block, status) in enumerate(rows, 1):
                try:
                    self.add_block(block)
                except ConsensusError as error:
                    if status is BlockStatus.VALID:  # it passed every rule once: the file changed
                        raise StoreError(
                            str(store.path),
                            "block row {seq} was stored valid but fails now ({error})",
                            seq=seq,
                            error=error,
                        ) from None
                    self._save([], {}, [block.hash])  # never fully checked; now known invalid
        finally:
            self._replaying = False

    def close(self) -> None:
        """Close the chain file, if there is one."""
        if self._store is not None:
            self._store.close()
            self._store = None

    def __enter__(self) -> Blockchain:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    # --- reading the chain --------------------------------------------------

    @property
    def tip_entry(self) -> BlockEntry:
        """The index entry of the active chain's last block."""
        return self.main[-1]

    @property
    def tip(self) -> Block:
        """The last block of the active (most-work) chain."""
        return self.blocks[self.main[-1].hash]

    @property
    def height(self) -> int:
        """Height of the tip; the genesis block is height 0."""
        return len(self.main) - 1

    @property
    def genesis(self) -> Block:
        """The genesis block."""
        return self.blocks[self.main[0].hash]

    def block_at(self, height: int) -> Block:
        """The active chain's block at ``height``."""
        require_int(height, "height", 0, self.height)
        return self.blocks[self.main[height].hash]

    def __iter__(self) -> Iterator[Block]:
        """The active chain's blocks, genesis first."""
        return (self.blocks[entry.hash] for entry in list(self.main))

    def __len__(self) -> int:
        return len(self.main)

    def block(self, block_hash: bytes) -> Block | None:
        """Any known block (active or side branch) by hash."""
        return self.blocks.get(block_hash)

    def is_active(self, block_hash: bytes) -> bool:
        """Whether the block ``block_hash`` is on the active chain (not a side branch, not unknown).

        A side branch can be taller than the active chain and still have less
        work, so its heights are not all heights of the active chain.
        """
        entry = self.entries.get(block_hash)
        if entry is None or entry.height > self.height:
            return False
        return self.main[entry.height] is entry

    # --8<-- [start:confirmations]
    def confirmations(self, txid: bytes) -> int:
        """How many blocks of the active chain bury ``txid``: its own block and every one after.

        1 when it is in the tip, 0 when it is not on the active chain (waiting
        in the mempool, in a side-branch block, or unknown). A reorg can take
        confirmations away. Bitcoin Core's wallet reports the same count as
        ``confirmations``.

        Raises:
            WrongTypeError: ``txid`` is not bytes.
            EncodingError: ``txid`` is not 32 bytes.
        """
        place = self.utxo.transactions.get(require_bytes(txid, "txid", 32))
        return 0 if place is None else self.height - place[0] + 1
        # --8<-- [end:confirmations]

    # --8<-- [start:side_branches]
    def side_branches(self) -> list[list[BlockEntry]]:
        """Known blocks off the active chain, one list per branch tip, oldest block first.

        Each list starts at the first block after the fork point (its
        ``parent`` is on the active chain) and ends at a block nothing known
        builds on, so its length is how many blocks a node on that branch would
        undo to join the active chain. Two branches that split off together
        share their first blocks, so :meth:`stale_block_count` counts blocks.
        Branches are ordered by the height of their tip, then by hash, so a
        picture of the tree is reproducible.
        """
        on_main = {entry.hash for entry in self.main}
        has_child = {entry.header.prev_hash for entry in self.entries.values()}
        tips = [
            entry
            for entry in self.entries.values()
            if entry.hash not in on_main and entry.hash not in has_child
        ]
        branches = []
        for tip in sorted(tips, key=lambda entry: (entry.height, entry.hash)):
            branch = []
            entry: BlockEntry | None = tip
            while entry is not None and entry.hash not in on_main:
                branch.append(entry)
                entry = entry.parent
            branches.append(branch[::-1])
        return branches
        # --8<-- [end:side_branches]

    def stale_block_count(self) -> int:
        """How many known blocks are off the active chain, each counted once.

        Every entry the chain keeps is either on the active chain or on a side
        branch (invalid blocks are forgotten, orphans are kept apart), so this
        is the difference, with no branch walked.
        """
        return len(self.entries) - len(self.main)

    def balance(self, address: str) -> int:
        """Confirmed coins ``address`` owns at the tip."""
        return self.utxo.balance(self.params.suite.parse_address(address))

    def documents(self, address: str) -> list[Document]:
        """Documents ``address`` holds at the tip."""
        coins = self.utxo.owned_by(self.params.suite.parse_address(address)).values()
        return [coin.output.document for coin in coins if coin.output.document is not None]

    def now(self) -> int:
        """The node's time: the clock's, or simulated (one spacing after the tip)."""
        if self.clock is not None:
            return int(self.clock())
        return self.tip_entry.header.timestamp + self.params.target_spacing

    def where(self, block: Block) -> str:
        """``block <height> (<hash>…)`` for messages; ``?`` when the parent is unknown."""
        parent = self.entries.get(block.header.prev_hash)
        height = "?" if parent is None else str(parent.height + 1)
        return block_label(height, block.hash)

    # --- accepting blocks ----------------------------------------------------

    def add_block(self, block: Block) -> Added:
        """Validate and store a block from anywhere; follow it if its branch has the most work.

        Returns what happened (:class:`Added`).

        Raises:
            ConsensusError: the block (or, when its branch becomes the best,
                an earlier block of that branch) breaks a rule. Nothing of the
                chain's state changes, except that an invalid side-branch
                block found this way is forgotten with its descendants.
        """
        if not isinstance(block, Block):
            raise WrongTypeError(
                "block", "must be a Block, got {block_type}", block_type=describe_type(block)
            )
        if block.hash in self.entries or block.hash in self.orphans:
            return Added.KNOWN
        self._check_alone(block)  # first the rules that need no other block: they stop junk early
        parent = self.entries.get(block.header.prev_hash)
        if parent is None:
            self._hold_orphan(block)
            return Added.ORPHAN
        ready = self._on_tip.pop(block.hash, None)
        if ready is not None and ready.tip == self.tip_entry.hash:
            entry = ready.entry  # check_block checked it on this tip: connect from that check
        else:
            ready = None
            now = None if self._replaying else self.now()
            entry = check_header_context(block.header, parent, self.params, now)
        self.entries[entry.hash] = entry
        self.blocks[entry.hash] = block
        # --8<-- [start:fork_choice]
        result, newly_valid = Added.SIDE_BRANCH, dict[bytes, BlockStatus]()
        if entry.chainwork > self.tip_entry.chainwork:  # strictly more: a tie keeps the first seen
            result, newly_valid = self._activate(entry, ready)
        # --8<-- [end:fork_choice]
        if self._store is not None:  # one file transaction per block
            valid = entry.hash in self.undo
            status = BlockStatus.VALID if valid else BlockStatus.STORED
            self._save([(block, status)], newly_valid, [])
        if not self.orphans:
            return result
        children = [b for b in self.orphans.values() if b.header.prev_hash == entry.hash]
        for child in children:
            del self.orphans[child.hash]
            try:
                self.add_block(child)
            except ConsensusError:
                self._save([], {}, [child.hash])
        return result

    def check_block(self, block: Block) -> None:
        """Check ``block`` as the next block on the tip, against every rule; change nothing.

        The rules a block meets on its own (proof-of-work, Merkle root, sizes,
        each transaction), its header's rules given the tip (difficulty,
        timestamps, this node's clock) and its transactions against the tip's
        UTXO set. The chain remembers the check: :meth:`add_block` connects
        the block from it while the tip stays the same, so a block a node
        built or voted for is not checked again. A consortium's members check
        a proposed block with this before they vote for it.

        Raises:
            WrongTypeError: ``block`` is not a Block.
            BlockError: the block does not build on the tip.
            ConsensusError: the first rule the block breaks, located in the block.
        """
        if not isinstance(block, Block):
            raise WrongTypeError(
                "block", "must be a Block, got {block_type}", block_type=describe_type(block)
            )
        tip = self.tip_entry
        if block.header.prev_hash != tip.hash:
            raise BlockError(
                "prev_hash", "does not name the tip {label}", self.where(block), label=tip.label
            )
        ready = self._on_tip.get(block.hash)
        if ready is not None and ready.tip == tip.hash:
            return
        self._check_alone(block)
        entry = check_header_context(block.header, tip, self.params, self.now())
        view = check_connect(block, entry.height, self.utxo, self.params, self.checker)
        self._on_tip[block.hash] = _Checked(tip.hash, entry, view)

    def _check_alone(self, block: Block) -> None:
        """The rules ``block`` meets on its own (Bitcoin Core ``CheckBlock``), once per block.

        Their result depends only on the block and the rules, so it is
        remembered in :attr:`checked` (which chains of one process may share).
        """
        if self.checked.get(block.hash) is block:
            return
        try:
            try:
                validate_pow(block.header, pow_limit=self.params.pow_limit)
            except (ProofOfWorkError, TargetError) as error:
                raise BlockError(error.field, error.rule) from None
            check_block(block, self.params, checker=self.checker)
        except ConsensusError as error:
            raise error.located(self.where(block)) from None
        self.checked[block.hash] = block

    def _hold_orphan(self, block: Block) -> None:
        if len(self.orphans) >= MAX_ORPHANS:
            oldest = next(iter(self.orphans))
            del self.orphans[oldest]
            self.checked.pop(oldest, None)  # the record of checks forgets what the chain forgets
            self._save([], {}, [oldest])
        self.orphans[block.hash] = block
        self._save([(block, BlockStatus.ORPHAN)], {}, [])

    def _activate(
        self, new_tip: BlockEntry, ready: _Checked | None
    ) -> tuple[Added, dict[bytes, BlockStatus]]:
        """Make ``new_tip`` the tip: disconnect to the fork point, connect the new branch.

        ``ready`` is :meth:`check_block`'s check of ``new_tip`` on the tip, if
        it made one. Returns what happened and the stored blocks that became
        valid on the way.
        """
        self._on_tip.clear()  # checks made on the old tip say nothing about the new one
        if new_tip.parent is self.tip_entry:  # the common case: one block on top of the tip
            try:
                self._connect(new_tip, ready)
            except ConsensusError:
                self._forget(new_tip)
                raise
            self.main.append(new_tip)
            self.mempool.reset(self.height, list(self.mempool))
            return Added.EXTENDED, {}
        # --8<-- [start:reorg]
        fork = fork_point(self.tip_entry, new_tip)
        old = self.main[fork.height + 1 :]
        branch = list(itertools.islice(new_tip.ancestors(), new_tip.height - fork.height))[::-1]
        returning: list[Transaction] = []
        for entry in reversed(old):  # undo the losing blocks, newest first
            disconnect(self.undo.pop(entry.hash), self.utxo)
            self.main.pop()
        for entry in old:  # their transactions go back to the mempool, unless they now conflict
            returning += self.blocks[entry.hash].transactions[1:]
        # --8<-- [end:reorg]
        try:
            for entry in branch:
                self._connect(entry)
                self.main.append(entry)
        except BaseException as error:  # put the old branch back whatever went wrong
            failed = branch[len(self.main) - fork.height - 1]
            for entry in reversed(self.main[fork.height + 1 :]):
                disconnect(self.undo.pop(entry.hash), self.utxo)
                self.main.pop()
            for entry in old:  # these were valid a moment ago; their signatures are cached
                self._connect(entry)
                self.main.append(entry)
            if isinstance(error, ConsensusError):
                self._forget(failed)
            raise
        self.mempool.reset(self.height, returning + list(self.mempool))
        newly_valid = {entry.hash: BlockStatus.VALID for entry in branch if entry is not new_tip}
        return (Added.REORGANIZED if old else Added.EXTENDED), newly_valid

    def _connect(self, entry: BlockEntry, ready: _Checked | None = None) -> None:
        """Apply the block of ``entry`` (a child of the tip) to the UTXO set; keep its undo data.

        From :meth:`check_block`'s check when there is one (``ready``), else checked now.
        """
        if ready is None:
            block = self.blocks[entry.hash]
            view = check_connect(block, entry.height, self.utxo, self.params, self.checker)
        else:
            view = ready.view
        self.undo[entry.hash] = view.commit()

    def _forget(self, failed: BlockEntry) -> None:
        """Drop an invalid block and every block built on it."""
        doomed = [
            entry
            for entry in self.entries.values()
            if entry.height >= failed.height and entry.ancestor(failed.height) is failed
        ]
        for entry in doomed:
            del self.entries[entry.hash]
            del self.blocks[entry.hash]
            self.checked.pop(entry.hash, None)
        self._save([], {}, [entry.hash for entry in doomed])

    def _save(
        self,
        new: list[tuple[Block, BlockStatus]],
        statuses: dict[bytes, BlockStatus],
        deleted: list[bytes],
    ) -> None:
        """Write changes to the chain file in one transaction (skipping what it already has)."""
        if self._store is None:
            return  # a chain in memory only: statuses exist to keep a file in step
        new = [(block, status) for block, status in new if self._status.get(block.hash) != status]
        statuses = {h: s for h, s in statuses.items() if h in self._status and self._status[h] != s}
        deleted = [h for h in deleted if h in self._status]
        for block, status in new:
            if block.hash in self._status:  # stored before with another status
                statuses[block.hash] = status
        new = [(block, status) for block, status in new if block.hash not in self._status]
        if not (new or statuses or deleted):
            return
        if not (self._store.read_only and self._replaying):  # a reader's view is its own
            self._store.save(new, statuses, deleted)
        for block, status in new:
            self._status[block.hash] = status
        self._status.update(statuses)
        for block_hash in deleted:
            del self._status[block_hash]

    # --- transactions ----------------------------------------------------------

    def submit(self, tx: Transaction) -> Transaction:
        """Check ``tx`` against the tip's UTXO set and the mempool, and add it to the mempool.

        Raises:
            ConsensusError: the rule ``tx`` breaks (the mempool is unchanged).
        """
        self.mempool.add(tx)
        return tx

    def __repr__(self) -> str:
        return (
            f"Blockchain({self.params.name!r}, height={self.height}, "
            f"tip={short_hex(self.tip_entry.hash)})"
        )
