"""Blocks of transactions, the set of unspent outputs, and the rules that connect them.

A :class:`Block` is a header and a list of transactions whose Merkle root the
header commits to. The ledger's state is the **UTXO set**: every output that
exists and is not yet spent (Bitcoin Core ``CCoinsView``). Connecting a block
removes the outputs it spends and adds the ones it creates; the removed ones
are kept as *undo data* (Bitcoin Core ``CBlockUndo``), so that a reorg can
disconnect the block again without replaying the chain from genesis.

Validation happens on a :class:`UtxoView`, an overlay over the set: a block is
checked transaction by transaction against the view, and only when all of it
is valid are the changes written to the set. A rejected block therefore
changes nothing.

The rules, each raising a specific :class:`~minichain.errors.ConsensusError`:

* block on its own (:func:`check_block`, Bitcoin Core ``CheckBlock``): at least
  a coinbase, only the first transaction is a coinbase, size and count limits,
  no duplicate txids, the header is of the chain's crypto suite, the Merkle
  root (with the suite's hash) matches;
* each transaction against the view (:func:`check_spend`, ``CheckTxInputs``):
  inputs exist and are unspent, coinbase outputs are mature, the key matches
  the owner and the signatures verify for this chain, documents move whole,
  inputs cover outputs, issuers are authorised, no document is issued twice,
  no txid repeats one already in the chain (BIP 30);
* the coinbase (:func:`check_connect`): its memo starts with the height
  (BIP 34), it pays at most the reward plus the fees, and only coins.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import NamedTuple

from minichain.errors import (
    BlockError,
    ConsensusError,
    DocumentError,
    DoubleSpendError,
    EncodingError,
    MissingInputError,
    Phrase,
    SignatureError,
    TransactionError,
    WrongTypeError,
    describe_type,
    require_bytes,
)
from minichain.hashing import short_hex, to_display_hex
from minichain.header import HEADER_SIZE, BlockHeader, block_label
from minichain.merkle import find_mutation, merkle_root
from minichain.params import ChainParams
from minichain.sigcache import NOT_VERIFIED, SignatureChecker
from minichain.suite import BITCOIN, Suite, suite_named
from minichain.tx import (
    MAX_MONEY,
    U32,
    OutPoint,
    Transaction,
    TxOut,
    check_document_flow,
    check_transaction,
)


@dataclass(frozen=True)
class Block:
    """A header and the transactions it commits to.

    Attributes:
        header: the 80-byte header (see :mod:`minichain.header`).
        transactions: the coinbase first, then the others.
    """

    header: BlockHeader
    transactions: tuple[Transaction, ...]

    def __post_init__(self) -> None:
        if not isinstance(self.header, BlockHeader):
            raise WrongTypeError(
                "header",
                "must be a BlockHeader, got {header_type}",
                header_type=describe_type(self.header),
            )
        if not isinstance(self.transactions, (tuple, list)):
            raise WrongTypeError("transactions", "must be a tuple or list of Transactions")
        for position, tx in enumerate(self.transactions):
            if not isinstance(tx, Transaction):
                raise WrongTypeError(
                    f"transactions[{position}]",
                    "must be a Transaction, got {tx_type}",
                    tx_type=describe_type(tx),
                )
        object.__setattr__(self, "transactions", tuple(self.transactions))

    @cached_property
    def hash(self) -> bytes:
        """The header's hash, which is the block's id."""
        return self.header.hash()

    @property
    def hash_hex(self) -> str:
        """The block hash as explorers print it."""
        return to_display_hex(self.hash)

    @property
    def txids(self) -> list[bytes]:
        """The transaction ids, in block order: the Merkle tree's leaves."""
        return [tx.txid for tx in self.transactions]

    def computed_merkle_root(self) -> bytes:
        """The Merkle root of the txids with the header's suite (what the header must hold)."""
        return merkle_root(self.txids, node_hash=self.header.suite.node_hash)

    def serialize(self) -> bytes:
        """Header, transaction count, then each transaction with its length in front."""
        parts = [self.header.serialize(), U32.pack(len(self.transactions))]
        for tx in self.transactions:
            parts += [U32.pack(tx.size), tx.raw]
        return b"".join(parts)

    @cached_property
    def size(self) -> int:
        """Length of :meth:`serialize` in bytes."""
        return HEADER_SIZE + 4 + sum(4 + tx.size for tx in self.transactions)

    @classmethod
    def parse(cls, raw: bytes, suite: Suite = BITCOIN) -> Block:
        """Decode :meth:`serialize` output, for a chain of ``suite``.

        Raises:
            EncodingError: truncated, trailing or malformed bytes (the field is named).
        """
        raw = require_bytes(raw, "block")
        if len(raw) < HEADER_SIZE + 4:
            raise EncodingError(
                "block",
                "needs at least {least} bytes, got {raw_size}",
                least=HEADER_SIZE + 4,
                raw_size=len(raw),
            )
        header = BlockHeader.parse(raw[:HEADER_SIZE], suite)
        (count,) = U32.unpack_from(raw, HEADER_SIZE)
        offset = HEADER_SIZE + 4
        transactions = []
        for position in range(count):
            if offset + 4 > len(raw):
                raise EncodingError(f"transactions[{position}]", "block ends early")
            (size,) = U32.unpack_from(raw, offset)
            body = raw[offset + 4 : offset + 4 + size]
            if len(body) != size:
                raise EncodingError(f"transactions[{position}]", "block ends early")
            try:
                transactions.append(Transaction.parse(body, suite))
            except EncodingError as error:
                raise EncodingError(f"transactions[{position}].{error.field}", error.rule) from None
            offset += 4 + size
        if offset != len(raw):
            raise EncodingError(
                "block", "has {left} bytes after its last transaction", left=len(raw) - offset
            )
        block = cls(header, tuple(transactions))
        block.__dict__["hash"] = header.hash()  # as Transaction.parse does for txids
        block.__dict__["size"] = len(raw)
        return block

    def __repr__(self) -> str:
        return f"Block(hash={short_hex(self.hash)}, transactions={len(self.transactions)})"


def check_block(
    block: Block, params: ChainParams, where: str = "", checker: SignatureChecker | None = None
) -> None:
    """The rules a block must meet on its own (Bitcoin Core ``CheckBlock``).

    With a ``checker``, transactions it has already verified are not checked
    again: a txid commits to every byte of its transaction, and a transaction
    is only marked verified after it passed :func:`~minichain.tx.check_transaction`.

    Raises:
        BlockError: no coinbase, a misplaced coinbase, too big, duplicate txids,
            a header of another crypto suite, or a Merkle root that does not match.
        TransactionError: a transaction breaks a rule of :func:`~minichain.tx.check_transaction`.
    """
    transactions = block.transactions
    suite = params.suite
    if block.header.suite != suite:
        raise BlockError(
            "header.suite",
            "is {suite}; this chain uses {suite2}",
            where,
            suite=block.header.suite,
            suite2=suite,
        )
    for position, tx in enumerate(block.transactions):
        if tx.suite != suite:
            raise BlockError(
                f"transactions[{position}].suite",
                "is {suite}; this chain uses {suite2}",
                where,
                suite=tx.suite,
                suite2=suite,
            )
    if not transactions:
        raise BlockError("transactions", "a block holds at least its coinbase", where)
    if len(transactions) > params.max_block_transactions:
        raise BlockError(
            "transactions",
            "{transactions_size} transactions is above the limit {max_block_transactions}",
            where,
            transactions_size=len(transactions),
            max_block_transactions=params.max_block_transactions,
        )
    if block.size > params.max_block_size:
        raise BlockError(
            "size",
            "{size} bytes is above the limit {max_block_size}",
            where,
            size=block.size,
            max_block_size=params.max_block_size,
        )
    if not transactions[0].is_coinbase:
        raise BlockError("transactions[0]", "the first transaction must be the coinbase", where)
    for position, tx in enumerate(transactions[1:], 1):
        if tx.is_coinbase:
            raise BlockError(
                f"transactions[{position}]", "only the first transaction may be a coinbase", where
            )
    txids = block.txids
    if len(set(txids)) != len(txids):
        mutation = find_mutation(txids, node_hash=suite.node_hash)
        rule = Phrase("the same txid appears twice")
        if mutation:
            rule = Phrase("the same txid appears twice (the CVE-2012-2459 Merkle mutation)")
        raise BlockError("transactions", rule, where)
    if merkle_root(txids, node_hash=suite.node_hash) != block.header.merkle_root:
        raise BlockError(
            "header.merkle_root", "does not match the Merkle root of the block's txids", where
        )
    for tx in transactions:
        if checker is not None and checker.is_verified(tx.txid, params.name):
            continue
        try:
            check_transaction(tx)
        except ConsensusError as error:
            raise error.located(where) from None


class Coin(NamedTuple):
    """An unspent output and where it came from.

    Attributes:
        output: the output itself.
        height: the height of the block that created it.
        is_coinbase: whether a coinbase created it (those must mature first).
    """

    output: TxOut
    height: int
    is_coinbase: bool


class UtxoSet:
    """Every unspent output, with indexes by document digest and (on demand) by owner.

    It also remembers, for every transaction on the active chain, its height
    and number of outputs, so that an input naming a spent output can be told
    apart from one naming an output that never existed.

    The owner index serves wallets (balances, choosing coins to spend). A node
    that only validates never needs it, so it is built the first time someone
    asks and kept up to date from then on.
    """

    def __init__(self) -> None:
        self.coins: dict[OutPoint, Coin] = {}
        self.documents: dict[bytes, OutPoint] = {}
        self.transactions: dict[bytes, tuple[int, int]] = {}
        self._by_owner: defaultdict[bytes, set[OutPoint]] | None = None

    def __len__(self) -> int:
        return len(self.coins)

    def add(self, outpoint: OutPoint, coin: Coin) -> None:
        """Record a new unspent output."""
        self.add_all({outpoint: coin})

    def remove(self, outpoint: OutPoint) -> Coin:
        """Remove a spent output and return it."""
        coin = self.coins[outpoint]
        self.remove_all([outpoint])
        return coin

    def add_all(self, coins: dict[OutPoint, Coin]) -> None:
        """Record many new unspent outputs (a whole block's, in one loop)."""
        self.coins.update(coins)
        by_owner, documents = self._by_owner, self.documents
        for outpoint, (output, _, _) in coins.items():
            if by_owner is not None:
                by_owner[output.owner_hash].add(outpoint)
            if output.document is not None:
                documents[output.document.digest] = outpoint

    def remove_all(self, outpoints: Iterable[OutPoint]) -> None:
        """Remove many spent outputs."""
        coins, by_owner, documents = self.coins, self._by_owner, self.documents
        for outpoint in outpoints:
            output = coins.pop(outpoint).output
            if by_owner is not None:
                owned = by_owner[output.owner_hash]
                owned.discard(outpoint)
                if not owned:
                    del by_owner[output.owner_hash]
            if output.document is not None:
                documents.pop(output.document.digest, None)

    @property
    def by_owner(self) -> dict[bytes, set[OutPoint]]:
        """Outpoints by owner key hash (built on first use, then kept up to date)."""
        if self._by_owner is None:
            self._by_owner = defaultdict(set)
            for outpoint, coin in self.coins.items():
                self._by_owner[coin.output.owner_hash].add(outpoint)
        return self._by_owner

    def owned_by(self, owner_hash: bytes) -> dict[OutPoint, Coin]:
        """The unspent outputs a key hash owns."""
        return {op: self.coins[op] for op in sorted(self.by_owner.get(owner_hash, ()), key=str)}

    def balance(self, owner_hash: bytes) -> int:
        """Coins a key hash owns."""
        return sum(self.coins[op].output.amount for op in self.by_owner.get(owner_hash, ()))


@dataclass
class BlockUndo:
    """What connecting a block changed, so that it can be disconnected again.

    Attributes:
        spent: the outputs the block spent, as they were.
        created: the outputs the block created.
        txids: the block's transactions.
    """

    spent: dict[OutPoint, Coin] = field(default_factory=dict)
    created: dict[OutPoint, Coin] = field(default_factory=dict)
    txids: dict[bytes, tuple[int, int]] = field(default_factory=dict)


class UtxoView:
    """A scratch layer over a :class:`UtxoSet`: spend and create without touching it.

    A block is validated on a view and :meth:`commit` only if every
    transaction passed; the mempool is a view that is never committed.
    """

    def __init__(self, base: UtxoSet) -> None:
        self.base = base
        self.changes = BlockUndo()
        self.spenders: dict[OutPoint, tuple[bytes, str]] = {}
        self.new_documents: set[bytes] = set()

    # --8<-- [start:view_coin]
    def coin(self, outpoint: OutPoint) -> Coin | None:
        """The unspent output at ``outpoint`` as seen through this view, or ``None``."""
        if outpoint in self.spenders:
            return None
        created = self.changes.created.get(outpoint)
        return self.base.coins.get(outpoint) if created is None else created

    # --8<-- [end:view_coin]

    def transaction(self, txid: bytes) -> tuple[int, int] | None:
        """``(height, output count)`` of a transaction already in the chain or the view."""
        return self.changes.txids.get(txid) or self.base.transactions.get(txid)

    def document_exists(self, digest: bytes) -> bool:
        """Whether a document with this digest was ever issued (it can never disappear)."""
        return digest in self.base.documents or digest in self.new_documents

    def apply(self, tx: Transaction, height: int, place: str) -> None:
        """Spend the inputs of ``tx`` and create its outputs (checks are the caller's job).

        ``place`` says where ``tx`` is ("in block 7", "in the mempool"), for the
        message a later double spend of the same outputs gets.
        """
        txid, created, spent = tx.txid, self.changes.created, self.changes.spent
        spender = (txid, place)
        for tx_in in tx.inputs:
            outpoint = tx_in.prevout
            self.spenders[outpoint] = spender
            if created.pop(outpoint, None) is None:
                spent[outpoint] = self.base.coins[outpoint]
        is_coinbase = tx.is_coinbase
        new = tuple.__new__  # OutPoint.of and Coin without their call overhead: a hot loop
        for index, out in enumerate(tx.outputs):
            created[new(OutPoint, (txid, index))] = new(Coin, (out, height, is_coinbase))
        if tx.has_documents:
            self.new_documents.update(o.document.digest for o in tx.outputs if o.document)
        self.changes.txids[txid] = (height, len(tx.outputs))

    def commit(self) -> BlockUndo:
        """Write the changes into the base set and return them as undo data."""
        undo = self.changes
        self.base.remove_all(undo.spent)
        self.base.add_all(undo.created)
        self.base.transactions.update(undo.txids)
        return undo


def disconnect(undo: BlockUndo, utxo: UtxoSet) -> None:
    """Undo a connected block: drop what it created, restore what it spent."""
    utxo.remove_all(outpoint for outpoint in undo.created if outpoint in utxo.coins)
    utxo.add_all(undo.spent)
    for txid in undo.txids:
        utxo.transactions.pop(txid, None)


def _check_once(
    tx: Transaction, params: ChainParams, checker: SignatureChecker, checked: bool
) -> None:
    """Check what a txid fixes once and for all (its own rules and its signatures); remember it.

    A txid is marked verified only here, after both: so a transaction the
    checker knows needs neither :func:`~minichain.tx.check_transaction` nor
    a signature check again (see :func:`check_block`). ``checked`` says the
    caller has just run :func:`~minichain.tx.check_transaction` itself.
    """
    if not checked:
        check_transaction(tx)
    message = tx.signature_hash(params.name, params.suite)
    if tx.is_issuance:
        refusal = checker.refusal(tx.issuer_key, message, tx.issuer_signature)
        if refusal is not None:
            raise SignatureError("issuer_signature", _explained(refusal, params))
    for position, tx_in in enumerate(tx.inputs):
        refusal = checker.refusal(tx_in.public_key, message, tx_in.signature)
        if refusal is not None:
            raise SignatureError(f"inputs[{position}].signature", _explained(refusal, params))
    checker.mark_verified(tx.txid, params.name)


def _explained(refusal: str, params: ChainParams) -> str:
    """A checker's refusal, with the likely causes when only the ECDSA equation failed."""
    if refusal != NOT_VERIFIED:
        return refusal
    return Phrase(
        "does not verify for this transaction on chain {chain!r} "
        "(a wrong key, an altered transaction or a signature made for another chain)",
        chain=params.name,
    )


@lru_cache(maxsize=4096)  # the same keys spend again and again
def _key_hash(sec: bytes, suite_name: str) -> bytes:
    """What an address encodes: ``SHA-256(compressed key)[:20]`` or SM3's (see suites)."""
    return suite_named(suite_name).key_hash(sec)


def key_address(sec: bytes, suite: Suite = BITCOIN) -> str:
    """The address of the key that signed as ``sec``: the one rule for issuers and callers.

    ``suite`` is the chain's (:mod:`minichain.suite`): it hashes the key and
    gives the address its version byte.
    """
    return suite.address_of(_key_hash(sec, suite.name))


def check_spend(
    tx: Transaction,
    view: UtxoView,
    height: int,
    params: ChainParams,
    checker: SignatureChecker,
    checked: bool = False,
) -> int:
    """Check a payment or issuance against ``view`` as if it went into block ``height``.

    Returns the fee (inputs minus outputs). Does not change the view.
    ``checked=True`` promises that :func:`~minichain.tx.check_transaction`
    already passed (as :func:`check_block` and the mempool make sure).

    Raises:
        ConsensusError: the rule broken, as a MissingInputError, DoubleSpendError,
            SignatureError, DocumentError or TransactionError; ``where`` names the txid.
    """
    try:
        return _check_spend(tx, view, height, params, checker, checked)
    except ConsensusError as error:
        if error.where:  # already located by a rule of minichain.tx
            raise
        raise error.located(tx.label) from None


def _check_spend(
    tx: Transaction,
    view: UtxoView,
    height: int,
    params: ChainParams,
    checker: SignatureChecker,
    checked: bool,
) -> int:
    if tx.suite != params.suite:
        raise TransactionError(
            "suite", "is {suite}; this chain uses {suite2}", suite=tx.suite, suite2=params.suite
        )
    if tx.is_coinbase:
        raise TransactionError(
            "inputs", "a coinbase may only appear first in a block, made by its miner"
        )
    known = view.transaction(tx.txid)
    if known is not None:
        raise TransactionError(
            "txid",
            "a transaction with this id is already in the chain at height {known} (BIP 30)",
            known=known[0],
        )
    if tx.is_issuance:
        issuer = key_address(tx.issuer_key, params.suite)
        for position, out in enumerate(tx.outputs):
            document = out.document
            if document is None:  # pragma: no cover - check_transaction refuses coin issuance
                continue
            if issuer not in params.issuers_of(document.kind):
                raise DocumentError(
                    "issuer_key",
                    "{issuer} is not an authorised issuer of {kind!r} documents",
                    issuer=issuer,
                    kind=document.kind,
                )
            if view.document_exists(document.digest):
                raise DocumentError(
                    f"outputs[{position}].document",
                    "{label} is already registered; a document is issued once",
                    label=document.label,
                )
        if not checker.is_verified(tx.txid, params.name):
            _check_once(tx, params, checker, checked)
        return 0

    spent: list[TxOut] = []
    total_in = 0
    documents = tx.has_documents
    maturity = params.coinbase_maturity
    suite = params.suite
    suite_name = suite.name
    # --8<-- [start:spend_inputs]
    # view.coin(), spelled out: this loop runs for every input of every block.
    spenders, created, unspent = view.spenders, view.changes.created, view.base.coins
    for position, tx_in in enumerate(tx.inputs):
        outpoint = tx_in.prevout
        coin = None if outpoint in spenders else created.get(outpoint) or unspent.get(outpoint)
        if coin is None:
            raise _missing(view, outpoint, position)
        output, created_at, from_coinbase = coin
        if from_coinbase and height - created_at < maturity:
            raise TransactionError(
                f"inputs[{position}]",
                "coinbase output from height {created_at} is spendable from height {mature_at} "
                "on, not at {height}",
                created_at=created_at,
                mature_at=created_at + maturity,
                height=height,
            )
        if _key_hash(tx_in.public_key, suite_name) != output.owner_hash:
            raise SignatureError(
                f"inputs[{position}].public_key",
                "is not the key of {address}, who owns {outpoint}",
                address=suite.address_of(output.owner_hash),
                outpoint=outpoint,
            )
        spent.append(output)
        total_in += output.amount
        documents = documents or output.document is not None
    # --8<-- [end:spend_inputs]
    if documents:
        check_document_flow(tx, spent)
    total_out = 0
    for out in tx.outputs:
        total_out += out.amount
    if total_in > MAX_MONEY:
        raise TransactionError("inputs", "the inputs add up to more than MAX_MONEY")
    if total_out > total_in:
        raise TransactionError(
            "outputs",
            "pay {total_out} coins but the inputs hold only {total_in}",
            total_out=total_out,
            total_in=total_in,
        )
    if not checker.is_verified(tx.txid, params.name):
        _check_once(tx, params, checker, checked)
    return total_in - total_out


# --8<-- [start:missing]
def _missing(view: UtxoView, outpoint: OutPoint, position: int) -> TransactionError:
    """The error for an input whose output is not unspent: spent (and where) or never made."""
    spender = view.spenders.get(outpoint)
    if spender is not None:
        txid, place = spender
        return DoubleSpendError(
            f"inputs[{position}]",
            "{outpoint} is already spent by tx {txid} {place}",
            outpoint=outpoint,
            txid=short_hex(txid),
            place=place,
        )
    creator = view.transaction(outpoint.txid)
    if creator is not None and outpoint.index < creator[1]:
        return DoubleSpendError(
            f"inputs[{position}]",
            "{outpoint} is already spent in the chain (created at height {creator})",
            outpoint=outpoint,
            creator=creator[0],
        )
    return MissingInputError(f"inputs[{position}]", "{outpoint} does not exist", outpoint=outpoint)
    # --8<-- [end:missing]


def check_connect(
    block: Block,
    height: int,
    utxo: UtxoSet,
    params: ChainParams,
    checker: SignatureChecker,
    where: str = "",
) -> UtxoView:
    """Check every transaction of ``block`` at ``height`` against ``utxo``, on a view.

    ``block`` must have passed :func:`check_block` (its transactions' own
    rules hold; Bitcoin Core's ``ConnectBlock`` also starts from a checked
    block). Returns the view with the block applied; ``utxo`` itself is
    unchanged until the view is committed (:meth:`UtxoView.commit`, which
    connects the block and returns its undo data), so a node can check a block
    on its tip and connect it later without checking it twice.
    ``where`` names the block in error messages (default: its height and hash).

    Raises:
        ConsensusError: the first rule broken, located in the block.
    """
    view = UtxoView(utxo)
    place = Phrase("in block {height}", height=height)
    fees = 0
    tx: Transaction | None = None
    try:
        # --8<-- [start:connect_transactions]
        for tx in block.transactions[1:]:
            fees += _check_spend(tx, view, height, params, checker, True)
            view.apply(tx, height, place)
        # --8<-- [end:connect_transactions]
        tx = None
        coinbase = block.transactions[0]
        if coinbase.memo[:4] != U32.pack(height):
            raise BlockError(
                "coinbase.memo",
                "must start with the block height {height} (BIP 34)",
                coinbase.label,
                height=height,
            )
        if view.transaction(coinbase.txid) is not None:
            raise TransactionError(
                "txid",
                "a transaction with this id is already in the chain (BIP 30)",
                coinbase.label,
            )
        paid = sum([out.amount for out in coinbase.outputs])
        allowed = params.reward(height) + fees
        if paid > allowed:
            raise BlockError(
                "coinbase.outputs",
                "pay {paid} coins but the reward {reward} plus fees {fees} allow only {allowed}",
                coinbase.label,
                paid=paid,
                reward=params.reward(height),
                fees=fees,
                allowed=allowed,
            )
        view.apply(coinbase, height, place)
    except ConsensusError as error:
        if tx is not None and not error.where:  # what check_spend would have added
            error = error.located(tx.label)
        raise error.located(where or block_label(height, block.hash)) from None
    return view
