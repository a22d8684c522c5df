"""Transactions: who owns what, and how ownership moves.

minichain keeps Bitcoin's UTXO model (Nakamoto 2008, section 2; Bitcoin Core
``primitives/transaction.h``): a transaction *spends* earlier outputs, named by
an :class:`OutPoint` (txid and index), and *creates* new ones. An output is
owned by an address and carries either

* an amount of coin, or
* a :class:`Document`: a kind (``"invoice"``, ``"bill_of_lading"``,
  ``"diploma"``), the SHA-256 digest of the document itself, and a little
  metadata. Only the digest goes on the chain; the document stays with its
  owner, who can prove it is the registered one by hashing it again.

There are three kinds of transaction:

| kind     | inputs                        | who may create it                        |
| -------- | ----------------------------- | ---------------------------------------- |
| coinbase | none                          | the miner of a block, first in the block |
| issuance | none, but an issuer signature | an issuer the chain's params authorise   |
| payment  | one or more                   | the owners of the outputs it spends      |

A Bitcoin coinbase is built differently: every Bitcoin transaction has at
least one input, and a coinbase has exactly one, whose outpoint is null (a
zero txid and index ``0xffffffff``) and whose script starts with the height
(Bitcoin Core ``CTransaction::IsCoinBase``, ``CheckTransaction``; BIP 34).
minichain drops that dummy input and puts the height in the memo.

**Canonical bytes.** :meth:`Transaction.serialize` writes every field in a
fixed order with fixed-width little-endian integers and length-prefixed byte
strings; metadata is sorted by key. The same transaction therefore gives the
same bytes, and the same ``txid = sha256d(bytes)``, on every machine, and
:meth:`Transaction.parse` refuses any other spelling of it (trailing bytes,
unsorted metadata, a flag byte other than 0 or 1).

**What a signature commits to.** Each signer signs :meth:`Transaction.signature_hash`:
``sha256d`` of a tag, the *chain id* and the transaction with its signatures
left empty. Because the chain id is inside, a transaction signed for the
classroom chain does not verify on any other chain (replay protection, the idea
of EIP-155 in Ethereum and of the fork id of Bitcoin Cash).

**The chain's crypto suite.** A transaction belongs to one suite
(:mod:`minichain.suite`), which is not among its bytes: its keys say which
when it is signed, and a node parses the bytes it receives for its own
chain's suite. On the national suite the txid and what is signed are SM3
hashes of the same bytes, and the signatures are SM2's.
"""

from __future__ import annotations

import re
import struct
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any, NamedTuple

from minichain.errors import (
    ConsensusError,
    DocumentError,
    DoubleSpendError,
    EncodingError,
    Phrase,
    TransactionError,
    WrongTypeError,
    describe_type,
    require_bytes,
    require_int,
)
from minichain.hashing import sha256, short_hex, to_display_hex
from minichain.keys import KEY_HASH_SIZE, PrivateKey, address_of
from minichain.merkle import HASH_SIZE
from minichain.suite import (
    BITCOIN,
    AnyPrivateKey,
    GMPrivateKey,
    Suite,
    key_hash_of_address,
    suite_of,
    suite_of_address,
)

MAX_MONEY = 21_000_000 * 100_000_000
"""No amount, and no sum of amounts, may exceed this (Bitcoin Core ``MAX_MONEY``)."""
MAX_TX_SIZE = 100_000
"""Largest serialized transaction in bytes (Bitcoin Core's standardness limit, 400,000 weight)."""
MAX_MEMO_SIZE = 80
"""A memo holds at most 80 bytes, like an ``OP_RETURN`` output (``MAX_OP_RETURN_RELAY``)."""
MAX_METADATA_ITEMS = 8
MAX_METADATA_VALUE = 64
"""Metadata is for short labels (an invoice number, a graduation year), at most 64 bytes each."""
PUBLIC_KEY_SIZE = 33
"""Inputs carry compressed SEC keys (SEC 1, 2.3.3), like Bitcoin since 2012."""
MAX_SIGNATURE_SIZE = 72
"""A strict DER secp256k1 signature is at most 72 bytes (BIP 66)."""
SIGNATURE_TAG = b"minichain/tx-signature/v1"
"""Prefixed to what is signed, so a transaction signature is never valid for another purpose."""

_KIND = re.compile(r"[a-z][a-z0-9_]{0,31}\Z")
U16, U32, U64 = struct.Struct("<H"), struct.Struct("<I"), struct.Struct("<Q")
"""Unsigned integers of 2, 4 and 8 bytes, little-endian as Bitcoin writes them: the one
encoding of numbers in what minichain hashes and signs (transactions, blocks, consensus votes)."""


def check_identifier(value: Any, field_name: str) -> str:
    """A document kind or metadata key: 1-32 of ``a-z``, ``0-9`` and ``_``, starting with a letter.

    Raises:
        WrongTypeError: ``value`` is not a str.
        EncodingError: it breaks the pattern.
    """
    if not isinstance(value, str):
        raise WrongTypeError(
            field_name, "must be a str, got {value_type}", value_type=describe_type(value)
        )
    if not _KIND.match(value):
        raise EncodingError(
            field_name,
            "must be 1-32 characters of a-z, 0-9 and _, starting with a letter; got {value!r}",
            value=value,
        )
    return value


class _OutPointFields(NamedTuple):
    txid: bytes
    index: int  # type: ignore[assignment]  # shadows tuple.index(), which outpoints never use


class OutPoint(_OutPointFields):
    """A reference to one output of an earlier transaction: its txid and position.

    A named tuple, because the UTXO set hashes outpoints constantly and tuples
    hash fast.

    Attributes:
        txid: the 32-byte id (internal byte order) of the transaction that created it.
        index: which of that transaction's outputs, counting from 0.
    """

    __slots__ = ()

    def __new__(cls, txid: bytes, index: int) -> OutPoint:
        return super().__new__(
            cls, require_bytes(txid, "txid", HASH_SIZE), require_int(index, "index", 0, 0xFFFF)
        )

    @classmethod
    def of(cls, txid: bytes, index: int) -> OutPoint:
        """An outpoint from values already known to be valid (no checks: for hot loops)."""
        return tuple.__new__(cls, (txid, index))

    def __str__(self) -> str:
        return f"{to_display_hex(self.txid)}:{self.index}"


@dataclass(frozen=True)
class Document:
    """A registered document: what kind it is and the SHA-256 digest of its bytes.

    Attributes:
        kind: a short lowercase name, such as ``"invoice"`` or ``"diploma"``.
        digest: ``sha256`` of the document file (FIPS 180-4), 32 bytes.
        metadata: a few ``(key, value)`` labels, kept sorted by key.
    """

    kind: str
    digest: bytes
    metadata: tuple[tuple[str, str], ...] = ()

    def __post_init__(self) -> None:
        check_identifier(self.kind, "document.kind")
        object.__setattr__(self, "digest", require_bytes(self.digest, "document.digest", 32))
        items = self.metadata
        if isinstance(items, Mapping):
            items = tuple(items.items())
        if not isinstance(items, (tuple, list)):
            raise WrongTypeError(
                "document.metadata",
                "must be a dict or (key, value) pairs, got {items_type}",
                items_type=describe_type(items),
            )
        pairs = []
        for position, pair in enumerate(items):
            if not (isinstance(pair, (tuple, list)) and len(pair) == 2):
                raise WrongTypeError(
                    f"document.metadata[{position}]", "must be a (key, value) pair"
                )
            key, value = pair
            check_identifier(key, f"document.metadata[{position}].key")
            if not isinstance(value, str):
                raise WrongTypeError(
                    f"document.metadata[{key}]",
                    "must be a str, got {value_type}",
                    value_type=describe_type(value),
                )
            if len(value.encode()) > MAX_METADATA_VALUE:
                raise EncodingError(
                    f"document.metadata[{key}]",
                    "must be at most {max_metadata_value} bytes of UTF-8",
                    max_metadata_value=MAX_METADATA_VALUE,
                )
            pairs.append((key, value))
        if len(pairs) > MAX_METADATA_ITEMS:
            raise EncodingError(
                "document.metadata",
                "at most {max_metadata_items} items, got {pairs_size}",
                max_metadata_items=MAX_METADATA_ITEMS,
                pairs_size=len(pairs),
            )
        pairs.sort()
        for (first, _), (second, _) in zip(pairs, pairs[1:]):
            if first == second:
                raise EncodingError("document.metadata", "key {first!r} appears twice", first=first)
        object.__setattr__(self, "metadata", tuple(pairs))

    # --8<-- [start:document_of]
    @classmethod
    def of(cls, kind: str, content: bytes, **metadata: str) -> Document:
        """Register ``content`` (the document's bytes) as a document of ``kind``."""
        return cls(kind, sha256(require_bytes(content, "content")), tuple(metadata.items()))

    def matches(self, content: bytes) -> bool:
        """Return ``True`` if ``content`` is exactly the document that was registered."""
        return sha256(require_bytes(content, "content")) == self.digest

    # --8<-- [end:document_of]

    @property
    def label(self) -> str:
        """A short human name: the kind and the start of the digest."""
        return f"{self.kind} {short_hex(self.digest, reverse=False)}"


# --8<-- [start:txout]
@dataclass(frozen=True)
class TxOut:
    """An output: an amount of coin or a document, owned by the holder of one key.

    Build one with :meth:`coin` or :meth:`document_to`.

    Attributes:
        owner_hash: the 20-byte key hash an address encodes (see :mod:`minichain.keys`).
        amount: coins carried; always 0 for a document output.
        document: the document carried, or ``None`` for a coin output.
    """

    owner_hash: bytes
    amount: int = 0
    document: Document | None = None
    # --8<-- [end:txout]

    def __post_init__(self) -> None:
        object.__setattr__(
            self, "owner_hash", require_bytes(self.owner_hash, "owner_hash", KEY_HASH_SIZE)
        )
        require_int(self.amount, "amount", 0, 2**64 - 1)
        if self.document is not None and not isinstance(self.document, Document):
            raise WrongTypeError(
                "document",
                "must be a Document or None, got {document_type}",
                document_type=describe_type(self.document),
            )

    @classmethod
    def coin(cls, address: str, amount: int) -> TxOut:
        """An output paying ``amount`` coins to ``address`` (of either suite)."""
        return cls(key_hash_of_address(address), amount)

    @classmethod
    def document_to(cls, address: str, document: Document) -> TxOut:
        """An output giving ``document`` to ``address`` (of either suite)."""
        return cls(key_hash_of_address(address), 0, document)

    @cached_property
    def owner(self) -> str:
        """The owner's address on a chain of Bitcoin's suite (Base58Check of the key hash).

        An output stores only the key hash; on a chain of another suite, write
        its address with that suite's :meth:`~minichain.suite.Suite.address_of`.
        """
        return address_of(self.owner_hash)


# --8<-- [start:txin]
@dataclass(frozen=True)
class TxIn:
    """An input: which output it spends, and the owner's proof that they may.

    Attributes:
        prevout: the output being spent.
        public_key: the owner's compressed SEC public key (33 bytes).
        signature: DER signature of :meth:`Transaction.signature_hash` by that key.
    """

    prevout: OutPoint
    public_key: bytes = b""
    signature: bytes = b""
    # --8<-- [end:txin]

    def __post_init__(self) -> None:
        if not isinstance(self.prevout, OutPoint):
            raise WrongTypeError(
                "prevout",
                "must be an OutPoint, got {prevout_type}",
                prevout_type=describe_type(self.prevout),
            )
        object.__setattr__(self, "public_key", require_bytes(self.public_key, "public_key"))
        object.__setattr__(self, "signature", require_bytes(self.signature, "signature"))
        if len(self.public_key) > 255 or len(self.signature) > 255:
            raise EncodingError("public_key", "key and signature are at most 255 bytes each")


@dataclass(frozen=True)
class Transaction:
    """A signed, immutable transfer of outputs; see the module docstring for its kinds.

    Attributes:
        inputs: the outputs spent (empty for coinbase and issuance).
        outputs: the outputs created.
        memo: up to 80 free bytes; a coinbase starts it with its block height.
        issuer_key: for an issuance, the issuer's compressed public key.
        issuer_signature: for an issuance, the issuer's DER signature.
        version: format version, 1.
        suite: the crypto suite that hashes and signs it (not serialized).
    """

    inputs: tuple[TxIn, ...]
    outputs: tuple[TxOut, ...]
    memo: bytes = b""
    issuer_key: bytes = b""
    issuer_signature: bytes = b""
    version: int = 1
    suite: Suite = field(default=BITCOIN, repr=False)

    def __post_init__(self) -> None:
        if not isinstance(self.suite, Suite):
            raise WrongTypeError(
                "suite", "must be a Suite, got {suite_type}", suite_type=describe_type(self.suite)
            )
        for name, kind in (("inputs", TxIn), ("outputs", TxOut)):
            items = getattr(self, name)
            if not isinstance(items, (tuple, list)):
                raise WrongTypeError(
                    name,
                    "must be a tuple or list, got {items_type}",
                    items_type=describe_type(items),
                )
            for position, item in enumerate(items):
                if not isinstance(item, kind):
                    raise WrongTypeError(
                        f"{name}[{position}]",
                        "must be a {type_name}, got {item_type}",
                        type_name=kind.__name__,
                        item_type=describe_type(item),
                    )
            if len(items) > 0xFFFF:
                raise EncodingError(
                    name, "at most 65535 items, got {items_size}", items_size=len(items)
                )
            object.__setattr__(self, name, tuple(items))
        for name in ("memo", "issuer_key", "issuer_signature"):
            value = require_bytes(getattr(self, name), name)
            if len(value) > 255:
                raise EncodingError(
                    name, "at most 255 bytes, got {value_size}", value_size=len(value)
                )
            object.__setattr__(self, name, value)
        require_int(self.version, "version", 0, 2**32 - 1)
        # Worked out once here, because validation asks again and again.
        object.__setattr__(self, "is_coinbase", not self.inputs and not self.issuer_key)
        object.__setattr__(self, "is_issuance", not self.inputs and bool(self.issuer_key))
        has_documents = any(out.document is not None for out in self.outputs)
        object.__setattr__(self, "has_documents", has_documents)

    # --- kinds (set in __post_init__) ---------------------------------------

    is_coinbase: bool = field(init=False, repr=False, compare=False)
    """A coinbase creates the block reward: no inputs and no issuer."""
    is_issuance: bool = field(init=False, repr=False, compare=False)
    """An issuance creates documents: no inputs, signed by an issuer."""
    has_documents: bool = field(init=False, repr=False, compare=False)
    """Whether any output carries a document."""

    @property
    def kind(self) -> str:
        """``coinbase``, ``issuance`` or ``payment``: the three kinds of the module docstring."""
        if self.is_coinbase:
            return "coinbase"
        return "issuance" if self.is_issuance else "payment"

    # --- bytes and ids ------------------------------------------------------

    # --8<-- [start:tx_serialize]
    def serialize(self, *, with_signatures: bool = True) -> bytes:
        """The canonical bytes; ``with_signatures=False`` empties signatures (what is signed)."""
        parts = [U32.pack(self.version), U16.pack(len(self.inputs))]
        for tx_in in self.inputs:
            parts += [tx_in.prevout.txid, U16.pack(tx_in.prevout.index), _var(tx_in.public_key)]
            parts.append(_var(tx_in.signature if with_signatures else b""))
        parts.append(U16.pack(len(self.outputs)))
        for out in self.outputs:
            parts += [U64.pack(out.amount), out.owner_hash]
            document = out.document
            if document is None:
                parts.append(b"\x00")
                continue
            parts += [b"\x01", _var(document.kind.encode()), document.digest]
            parts.append(bytes([len(document.metadata)]))
            for key, value in document.metadata:
                parts += [_var(key.encode()), _var(value.encode())]
        parts += [_var(self.memo), _var(self.issuer_key)]
        parts.append(_var(self.issuer_signature if with_signatures else b""))
        return b"".join(parts)
        # --8<-- [end:tx_serialize]

    @cached_property
    def raw(self) -> bytes:
        """:meth:`serialize`, computed once."""
        return self.serialize()

    @cached_property
    def txid(self) -> bytes:
        """``sha256d`` (SM3 on the ``gm`` suite) of the canonical bytes, in internal byte order."""
        return self.suite.hash(self.raw)

    @property
    def txid_hex(self) -> str:
        """The txid as explorers print it (byte-reversed hex)."""
        return to_display_hex(self.txid)

    @property
    def label(self) -> str:
        """``tx <start of txid>``, how errors name this transaction."""
        return Phrase("tx {txid}", txid=short_hex(self.txid))

    @property
    def size(self) -> int:
        """Length of the canonical bytes."""
        return len(self.raw)

    def signature_hash(self, chain_id: str, suite: Suite | None = None) -> bytes:
        """What every signer of this transaction signs on the chain named ``chain_id``.

        ``sha256d(SIGNATURE_TAG || len || chain_id || serialize(with_signatures=False))``,
        with SM3 in place of ``sha256d`` on the national suite (``suite``, or
        the transaction's own).
        """
        chain = chain_id.encode()
        hasher = self.suite if suite is None else suite
        return hasher.hash(SIGNATURE_TAG + _var(chain) + self.unsigned_bytes())

    def unsigned_bytes(self) -> bytes:
        """:meth:`serialize` with the signatures left empty: the part signatures cover."""
        # Transaction.parse leaves it ready, cut from the received bytes.
        cached: bytes | None = self.__dict__.get("_unsigned")
        return self.serialize(with_signatures=False) if cached is None else cached

    @classmethod
    def parse(cls, raw: bytes, suite: Suite = BITCOIN) -> Transaction:
        """Decode canonical bytes for a chain of ``suite``; refuse any other spelling.

        Only what :meth:`serialize` writes parses.

        Raises:
            EncodingError: truncated data, trailing bytes or a non-canonical field.
        """
        raw = require_bytes(raw, "transaction")
        reader = _Reader(raw)
        tx = reader.transaction(suite)
        reader.finish("transaction")
        # Only the canonical spelling parses, so these are exactly the bytes serialize()
        # would write: keep them, and the txid costs one hash instead of a re-encoding.
        # (Filled in directly: a first cached_property access takes a lock in Python 3.11.)
        tx.__dict__["raw"] = raw
        tx.__dict__["txid"] = suite.hash(raw)
        tx.__dict__["_unsigned"] = reader.unsigned()
        return tx

    def __repr__(self) -> str:
        return (
            f"Transaction(txid={short_hex(self.txid)}, inputs={len(self.inputs)}, "
            f"outputs={len(self.outputs)})"
        )


def _var(data: bytes) -> bytes:
    return bytes([len(data)]) + data


class _Reader:
    """Reads the canonical encoding field by field, naming the field that is short."""

    def __init__(self, data: bytes, offset: int = 0) -> None:
        self.data = data
        self.offset = offset
        self.signature_spans: list[tuple[int, int]] = []  # where signature fields lie

    def take(self, size: int, what: str) -> bytes:
        end = self.offset + size
        if end > len(self.data):
            raise EncodingError(
                what,
                "ends early at byte {offset} (needs {size} more bytes)",
                offset=self.offset,
                size=size,
            )
        chunk = self.data[self.offset : end]
        self.offset = end
        return chunk

    def u8(self, what: str) -> int:
        return self.take(1, what)[0]

    def u16(self, what: str) -> int:
        return int(U16.unpack(self.take(2, what))[0])

    def u32(self, what: str) -> int:
        return int(U32.unpack(self.take(4, what))[0])

    def var(self, what: str) -> bytes:
        return self.take(self.u8(what), what)

    def signature(self, what: str) -> bytes:
        """A length-prefixed signature; its place is noted for :meth:`unsigned`."""
        start = self.offset
        value = self.var(what)
        self.signature_spans.append((start, self.offset))
        return value

    def unsigned(self) -> bytes:
        """The bytes read so far with every signature emptied (one zero length byte each)."""
        pieces, position = [], 0
        for start, end in self.signature_spans:
            pieces += [self.data[position:start], b"\x00"]
            position = end
        pieces.append(self.data[position : self.offset])
        return b"".join(pieces)

    def text(self, what: str) -> str:
        raw = self.var(what)
        try:
            return raw.decode()
        except UnicodeDecodeError:
            raise EncodingError(what, "is not valid UTF-8") from None

    def transaction(self, suite: Suite) -> Transaction:
        version = self.u32("version")
        inputs = []
        for position in range(self.u16("inputs")):
            name = f"inputs[{position}]"
            prevout = OutPoint(self.take(32, name + ".txid"), self.u16(name + ".index"))
            public_key = self.var(name + ".public_key")
            inputs.append(TxIn(prevout, public_key, self.signature(name + ".signature")))
        outputs = []
        for position in range(self.u16("outputs")):
            name = f"outputs[{position}]"
            amount = int(U64.unpack(self.take(8, name + ".amount"))[0])
            owner = self.take(KEY_HASH_SIZE, name + ".owner_hash")
            flag = self.u8(name + ".document")
            if flag == 0:
                outputs.append(TxOut(owner, amount))
                continue
            if flag != 1:
                raise EncodingError(
                    name + ".document", "flag must be 0 or 1, got {flag}", flag=flag
                )
            kind = self.text(name + ".document.kind")
            digest = self.take(32, name + ".document.digest")
            pairs = [
                (self.text(name + ".document.metadata"), self.text(name + ".document.metadata"))
                for _ in range(self.u8(name + ".document.metadata"))
            ]
            if pairs != sorted(pairs):
                raise EncodingError(name + ".document.metadata", "must be sorted by key")
            outputs.append(TxOut(owner, amount, Document(kind, digest, tuple(pairs))))
        memo = self.var("memo")
        issuer_key = self.var("issuer_key")
        issuer_signature = self.signature("issuer_signature")
        return Transaction(
            tuple(inputs), tuple(outputs), memo, issuer_key, issuer_signature, version, suite
        )

    def finish(self, what: str) -> None:
        if self.offset != len(self.data):
            raise EncodingError(
                what, "has {left} bytes after its end", left=len(self.data) - self.offset
            )


# --- rules that need nothing but the transaction --------------------------


def check_transaction(tx: Transaction) -> None:
    """Check the rules a transaction must meet on its own, before any look-up.

    Bitcoin Core ``CheckTransaction`` (consensus/tx_check.cpp), plus minichain's
    document and issuance rules:

    * at least one output; at most :data:`MAX_TX_SIZE` bytes; memo at most 80 bytes;
    * coin outputs carry 1 to :data:`MAX_MONEY` coins and all together at most
      :data:`MAX_MONEY`; document outputs carry 0 coins;
    * no output is spent twice by the same transaction;
    * every input carries a 33-byte compressed key and a signature;
    * a payment does not carry an issuer key; an issuance creates only documents
      and carries an issuer signature; a coinbase creates only coins.

    Raises:
        TransactionError: a rule is broken (:class:`DoubleSpendError` and
            :class:`DocumentError` for those two families); ``where`` names the txid.
    """
    try:
        _check_transaction(tx)
    except ConsensusError as error:
        raise error.located(tx.label) from None


def _check_transaction(tx: Transaction) -> None:
    if not tx.outputs:
        raise TransactionError("outputs", "a transaction must create at least one output")
    if tx.size > MAX_TX_SIZE:
        raise TransactionError(
            "size",
            "{size} bytes is above the limit {max_tx_size}",
            size=tx.size,
            max_tx_size=MAX_TX_SIZE,
        )
    if len(tx.memo) > MAX_MEMO_SIZE:
        raise TransactionError(
            "memo",
            "{memo_size} bytes is above {max_memo_size}",
            memo_size=len(tx.memo),
            max_memo_size=MAX_MEMO_SIZE,
        )
    if tx.version != 1:
        raise TransactionError("version", "must be 1, got {version}", version=tx.version)
    # Field names such as "outputs[3].amount" are built only when a rule fails:
    # this function runs for every transaction of every block.
    total = 0
    for position, out in enumerate(tx.outputs):
        amount = out.amount
        if out.document is not None:
            if amount != 0:
                raise DocumentError(
                    f"outputs[{position}].amount", "a document output carries 0 coins"
                )
            continue
        if amount <= 0:
            raise TransactionError(
                f"outputs[{position}].amount", "a coin output must carry a positive amount"
            )
        if amount > MAX_MONEY:
            raise TransactionError(
                f"outputs[{position}].amount",
                "{amount} is above MAX_MONEY {max_money}",
                amount=amount,
                max_money=MAX_MONEY,
            )
        total += amount
        if total > MAX_MONEY:
            raise TransactionError("outputs", "the amounts add up to more than MAX_MONEY")
    spends = [tx_in.prevout for tx_in in tx.inputs]
    if len(spends) > 1 and len(set(spends)) != len(spends):
        second = next(i for i, op in enumerate(spends) if op in spends[:i])
        raise DoubleSpendError(
            f"inputs[{second}]",
            "spends {prevout} which inputs[{first}] already spends",
            prevout=spends[second],
            first=spends.index(spends[second]),
        )
    for position, tx_in in enumerate(tx.inputs):
        if len(tx_in.public_key) != PUBLIC_KEY_SIZE:
            raise TransactionError(
                f"inputs[{position}].public_key",
                "must be a {public_key_size}-byte compressed key, got {public_key_size2}",
                public_key_size=PUBLIC_KEY_SIZE,
                public_key_size2=len(tx_in.public_key),
            )
        if not 8 <= len(tx_in.signature) <= MAX_SIGNATURE_SIZE:
            raise TransactionError(
                f"inputs[{position}].signature",
                "must be a DER signature of 8 to {max_signature_size} bytes, got {signature_size}",
                max_signature_size=MAX_SIGNATURE_SIZE,
                signature_size=len(tx_in.signature),
            )
    documents = [out.document for out in tx.outputs if out.document is not None]
    if tx.inputs:
        if tx.issuer_key or tx.issuer_signature:
            raise TransactionError(
                "issuer_key", "only an issuance (a transaction without inputs) has an issuer"
            )
    elif tx.issuer_key:
        if len(tx.issuer_key) != PUBLIC_KEY_SIZE:
            raise DocumentError(
                "issuer_key",
                "must be a {public_key_size}-byte compressed key",
                public_key_size=PUBLIC_KEY_SIZE,
            )
        if not tx.issuer_signature:
            raise DocumentError("issuer_signature", "an issuance must be signed by its issuer")
        if len(documents) != len(tx.outputs):
            raise DocumentError("outputs", "an issuance creates documents only, never coins")
        digests = {document.digest for document in documents}
        if len(digests) != len(documents):
            raise DocumentError("outputs", "the same document digest is issued twice")
    else:
        if tx.issuer_signature:
            raise TransactionError("issuer_signature", "a coinbase has no issuer")
        if documents:
            raise DocumentError(
                "outputs", "a coinbase creates coins only; documents come from issuers"
            )


def check_document_flow(tx: Transaction, spent: Sequence[TxOut]) -> None:
    """A payment moves every document it spends whole, and creates none.

    Each document among the spent outputs must reappear, unchanged, in exactly
    one output: a bill of lading can change hands but not be split into two
    bills, and nobody but an issuer can put a new document on the chain.

    Raises:
        DocumentError: a document is split, dropped, altered or created.
    """
    if not tx.has_documents and all(out.document is None for out in spent):
        return  # a plain payment: nothing to check (the common case, kept fast)
    try:
        _check_document_flow(tx, spent)
    except ConsensusError as error:
        raise error.located(tx.label) from None


# --8<-- [start:document_flow]
def _check_document_flow(tx: Transaction, spent: Sequence[TxOut]) -> None:
    coming_in = [out.document for out in spent if out.document is not None]
    going_out = [out.document for out in tx.outputs if out.document is not None]
    # Positions count every output, coin outputs too, as in every other error.
    passed_on: list[Document] = []
    for position, out in enumerate(tx.outputs):
        document = out.document
        if document is None:
            continue
        if document in passed_on:
            raise DocumentError(
                f"outputs[{position}]",
                "{label} appears in {times} outputs; a document moves whole and cannot be split",
                label=document.label,
                times=going_out.count(document),
            )
        passed_on.append(document)
        if document not in coming_in:
            raise DocumentError(
                f"outputs[{position}]",
                "{label} is not among the spent documents; only issuers create documents",
                label=document.label,
            )
    for document in coming_in:
        if document not in going_out:
            raise DocumentError(
                "outputs",
                "{label} is spent but not passed on; a document moves whole",
                label=document.label,
            )
    # --8<-- [end:document_flow]


# --- building transactions ----------------------------------------------------


def coinbase(
    height: int, miner_address: str, amount: int, note: bytes = b"", suite: Suite | None = None
) -> Transaction:
    """The reward transaction of the block at ``height`` (memo starts with the height, BIP 34).

    Its suite is ``suite``, or else the one the miner's address belongs to.
    """
    memo = U32.pack(require_int(height, "height", 0, 2**32 - 1)) + require_bytes(note, "note")
    suite = suite_of_address(miner_address) if suite is None else suite
    return Transaction((), (TxOut.coin(miner_address, amount),), memo=memo, suite=suite)


def sign(
    tx: Transaction, keys: AnyPrivateKey | Sequence[AnyPrivateKey], chain_id: str
) -> Transaction:
    """Return ``tx`` with every input signed (one key for all, or one key per input).

    The public keys are filled in first, because they are part of what is
    signed. The keys say the suite: secp256k1 keys sign with ECDSA over
    ``sha256d``, :class:`~minichain.suite.GMPrivateKey` keys with SM2 over SM3.

    Raises:
        WrongTypeError: ``keys`` is not a private key or a sequence of them.
        SuiteError: the keys are of two suites.
        TransactionError: the number of keys does not match the number of inputs.
    """
    if isinstance(keys, (PrivateKey, GMPrivateKey)):
        keys = [keys] * len(tx.inputs)
    keys = list(keys)
    if len(keys) != len(tx.inputs):
        raise TransactionError(
            "keys",
            "{keys_size} keys for {inputs_size} inputs",
            tx.label,
            keys_size=len(keys),
            inputs_size=len(tx.inputs),
        )
    for key in keys:
        if not isinstance(key, (PrivateKey, GMPrivateKey)):
            raise WrongTypeError(
                "keys", "must be private keys, got {key_type}", key_type=describe_type(key)
            )
    suite = suite_of(keys[0]) if keys else BITCOIN
    for position, key in enumerate(keys):
        suite.check_private_key(key, f"keys[{position}]")
    with_keys = replace(
        tx,
        suite=suite,
        inputs=tuple(
            TxIn(tx_in.prevout, key.public_key.sec(compressed=True))
            for tx_in, key in zip(tx.inputs, keys)
        ),
    )
    message = with_keys.signature_hash(chain_id, suite)
    signatures: dict[int, bytes] = {}
    inputs = []
    for tx_in, key in zip(with_keys.inputs, keys):
        if key.secret not in signatures:
            signatures[key.secret] = suite.sign(key, message)
        inputs.append(TxIn(tx_in.prevout, tx_in.public_key, signatures[key.secret]))
    return replace(with_keys, inputs=tuple(inputs))


# --8<-- [start:issue]
def issue(
    issuer: AnyPrivateKey,
    grants: Iterable[tuple[str, Document]],
    chain_id: str,
    memo: bytes = b"",
) -> Transaction:
    """An issuance: ``issuer`` registers each document and gives it to an address.

    Args:
        issuer: the issuer's key (a tax bureau, a carrier, a university), of either suite.
        grants: ``(owner_address, document)`` pairs.
        chain_id: the chain the issuance is for (see :meth:`Transaction.signature_hash`).
        memo: optional note, at most 80 bytes.
    """
    outputs = tuple(TxOut.document_to(owner, document) for owner, document in grants)
    suite = suite_of(issuer)
    issuer_key = issuer.public_key.sec(compressed=True)
    unsigned = Transaction((), outputs, memo=memo, issuer_key=issuer_key, suite=suite)
    signature = suite.sign(issuer, unsigned.signature_hash(chain_id, suite))
    return replace(unsigned, issuer_signature=signature)
    # --8<-- [end:issue]
