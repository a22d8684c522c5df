"""Permissioned consensus: known validators make blocks final with signed votes.

Proof-of-work lets anyone write blocks, and pays for it: a block is never
final, only ever more expensive to replace. A consortium of known
institutions, such as the cities of the Yangtze River Delta, the banks of a
trade-finance platform, or the courts and notaries of a judicial chain, can do
better. Each member registers a key, and a block is final once enough members
have signed it. Deployed consortium chains work this way: FISCO BCOS runs PBFT
(Castro and Liskov, OSDI 1999) with the numbers used here.

**The numbers.** ``n`` validators, of which at most ``f = (n - 1) // 3`` may be
*Byzantine* (silent, lying, signing anything). A block needs a *quorum* of
``n - f`` signatures (FISCO BCOS ``ConsensusEngineBase``: ``f = (n - 1) / 3``,
``minValidNodes = n - f``). For 27 cities: ``f = 8``, quorum 19.

**One height, step by step.** A member's node
(:class:`minichain.consortium.PermissionedChain`) does this:

1. *Proposal.* The proposer for height ``h`` in view ``v`` is
   ``validators[(h + v) % n]`` (FISCO BCOS: ``(view + block_number) % n``). It
   builds a block on the final tip and signs a :class:`Proposal`.
2. *Vote.* Every validator checks the proposal: the right proposer, a valid
   signature, and a block valid on the final tip (every rule of
   :mod:`minichain.ledger`). Then it signs a :class:`Vote` for the block.
3. *Commit.* Votes of ``n - f`` distinct members for one block form a
   :class:`CommitCertificate`, and the block is final. It joins the chain
   and is never reorganised.
4. *View change.* If the proposer is silent, validators sign a
   :class:`ViewChange` to view ``v + 1``. A quorum of them moves the height to
   the next view, where the next member in the rotation proposes.

**Why two blocks can never both be final.** The whole protocol rests on one
rule: *an honest validator signs at most one block per height, in any view*
(a proposal counts as signing). Suppose blocks A and B were both final at
height ``h``. Each certificate holds ``n - f`` signers, so they share at least
``2(n - f) - n = n - 2f >= f + 1`` of them. Each of those signed two blocks at
``h``. At most ``f`` members are faulty, so at least one of them was honest,
and honest members never do that. If more than ``f`` members do misbehave,
the two certificates themselves name at least ``n - 2f`` members who signed
both blocks (:func:`evidence_from_certificates`). The signatures are the
proof, and anyone who knows the validator set can check it (:class:`Equivocation`).
Safety that points at the guilty is called *accountable safety*.

**What the simple rule costs: liveness.** A vote here is a promise that is
never withdrawn. Suppose a faulty proposer shows block A to some honest members
and block B to others. The honest votes may then split so that neither block
can ever reach ``n - f``, and the height stalls for good. The same can happen
when a proposal reaches only some members before the view changes: those
members re-propose the block they voted for when their turn comes, but a
proposer that never saw it proposes a new block, and they cannot vote for
that. PBFT avoids this with a second round of messages (*prepare* before
*commit*) and view changes that carry prepared certificates. Tendermint
(Buchman, Kwon and Milosevic 2018) has validators *lock* on a block after
``2f + 1`` prevotes and *unlock* only when they see a newer such majority.
Both let honest members change their vote safely in a later view. This module
leaves that out so that the safety argument fits in the paragraph above.
When a height stalls, the members have to step in, for example by changing
the validator set.

**Proof-of-work's answer, for comparison.** Without votes a payment is never
final; it only becomes ever more expensive to undo. How many blocks a
merchant should wait is the Bitcoin paper's calculation,
:func:`minichain.nakamoto.attacker_success_probability`.

**What is signed.** Every message is signed over
``sha256d(tag || chain id || fields)``, like transaction signatures in
:mod:`minichain.tx`. The tag stops a vote from passing for a proposal or a
view change. The chain id stops a vote made on one consortium chain from
counting on another.

**National cryptography.** A consortium whose members registered SM2 keys
(:class:`minichain.suite.GMPrivateKey`) signs the same messages with SM2
over ``SM3(tag || chain id || fields)``, as FISCO BCOS's 国密 build does
(:mod:`minichain.suite`). The validator set's keys say which suite it uses
(:attr:`ValidatorSet.suite`); one set never mixes the two.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Any, ClassVar, TypeVar

from minichain.errors import (
    N_,
    AuthorityError,
    DuplicateVoteError,
    EncodingError,
    EvidenceError,
    MessageSignatureError,
    MinichainError,
    NotAMemberError,
    Phrase,
    QuorumError,
    ValidatorSetError,
    WrongBlockError,
    WrongTypeError,
    describe_type,
    require_bytes,
    require_int,
)
from minichain.hashing import short_hex
from minichain.header import block_label
from minichain.keys import PrivateKey, PublicKey
from minichain.sigcache import SignatureChecker
from minichain.suite import (
    BITCOIN,
    AnyPrivateKey,
    AnyPublicKey,
    GMPrivateKey,
    GMPublicKey,
    Suite,
    suite_of,
)
from minichain.tx import MAX_SIGNATURE_SIZE, U16, U32, U64

PROPOSAL_TAG = b"minichain/proposal/v1"
"""Prefixed to what a proposer signs."""
VOTE_TAG = b"minichain/vote/v1"
"""Prefixed to what a voter signs."""
VIEW_CHANGE_TAG = b"minichain/view-change/v1"
"""Prefixed to what a validator signs to give up on a view."""
MAX_HEIGHT = 2**32 - 1
"""Heights fit the coinbase's 4-byte height field (BIP 34)."""
MAX_VIEW = 2**32 - 1
"""Views are 32-bit counters."""
MAX_NAME_LENGTH = 64
"""A validator's name is a label for people ("Shanghai"), not data."""

Verify = Callable[[bytes, bytes, bytes], bool]
"""``verify(sec, digest, der)``: whether ``der`` is the key's signature of ``digest``."""


def _chain_bytes(chain_id: str) -> bytes:
    if not isinstance(chain_id, str) or not chain_id:
        raise WrongTypeError(
            "chain_id",
            "must be a non-empty str, got {chain_id_type}",
            chain_id_type=describe_type(chain_id),
        )
    encoded = chain_id.encode("utf-8")
    return U16.pack(len(encoded)) + encoded


def check_member_name(value: Any, field_name: str) -> str:
    """A member's name is for people: 1 to :data:`MAX_NAME_LENGTH` printable characters.

    Raises:
        WrongTypeError: ``value`` is not a str.
        EncodingError: it is empty, too long or holds a control character.
    """
    if not isinstance(value, str):
        raise WrongTypeError(
            field_name, "must be a str, got {value_type}", value_type=describe_type(value)
        )
    if not value or len(value) > MAX_NAME_LENGTH or not value.isprintable():
        raise EncodingError(
            field_name,
            "must be 1 to {max_name_length} printable characters, got {value!r}",
            max_name_length=MAX_NAME_LENGTH,
            value=value,
        )
    return value


def _check_signature_bytes(value: Any, field_name: str) -> bytes:
    data = require_bytes(value, field_name)
    if not 0 < len(data) <= MAX_SIGNATURE_SIZE:
        raise EncodingError(
            field_name,
            "must be a DER signature of 1 to {max_signature_size} bytes, got {data_size}",
            max_signature_size=MAX_SIGNATURE_SIZE,
            data_size=len(data),
        )
    return data


def default_verify(suite: Suite = BITCOIN) -> Verify:
    """A verifier backed by a new :class:`~minichain.sigcache.SignatureChecker` for ``suite``."""
    return SignatureChecker(suite=suite).verify


MESSAGE_LABELS = {
    "proposal": N_("proposal by {signer} at height {height}"),
    "vote": N_("vote by {signer} at height {height}"),
    "view change": N_("view change by {signer} at height {height}"),
}
"""How errors name a signed message of each kind (``vote by Wuxi at height 3``)."""
MESSAGE_KINDS = {"proposal": N_("proposal"), "vote": N_("vote"), "view change": N_("view change")}
"""Each kind's name in a rule (``over this vote``), marked so the tooling translates it."""


# --- validators ------------------------------------------------------------------


@dataclass(frozen=True)
class Validator:
    """A member of the consortium: a name people read and the key its signatures verify with.

    Attributes:
        name: how the member is named in messages and traces ("Shanghai").
        public_key: the registered key: secp256k1 or SM2 (:class:`~minichain.suite.GMPublicKey`).
    """

    name: str
    public_key: AnyPublicKey

    def __post_init__(self) -> None:
        check_member_name(self.name, "name")
        if not isinstance(self.public_key, (PublicKey, GMPublicKey)):
            raise WrongTypeError(
                "public_key",
                "must be a PublicKey or GMPublicKey, got {public_key_type}",
                public_key_type=describe_type(self.public_key),
            )

    @cached_property
    def sec(self) -> bytes:
        """The registered key in compressed SEC 1 form (what signatures are checked against)."""
        return self.public_key.sec(compressed=True)

    @property
    def suite(self) -> Suite:
        """The crypto suite of the member's key."""
        return suite_of(self.public_key)


class ValidatorSet:
    """The members of a consortium, in rotation order.

    Args:
        validators: the members; their order fixes whose turn it is to propose.

    Raises:
        ValidatorSetError: no members, a name or a key listed twice (one
            institution with two votes would break the ``n - f`` arithmetic),
            or keys of two crypto suites.
    """

    def __init__(self, validators: Iterable[Validator]) -> None:
        members = tuple(validators)
        if not members:
            raise ValidatorSetError("validators", "a consortium needs at least one member")
        by_name: dict[str, int] = {}
        by_key: dict[bytes, int] = {}
        for position, member in enumerate(members):
            if not isinstance(member, Validator):
                raise WrongTypeError(
                    f"validators[{position}]",
                    "must be a Validator, got {member_type}",
                    member_type=describe_type(member),
                )
            if member.name in by_name:
                raise ValidatorSetError(
                    f"validators[{position}].name",
                    "{name!r} is already validators[{by_name}]",
                    name=member.name,
                    by_name=by_name[member.name],
                )
            sec = member.sec
            if sec in by_key:
                raise ValidatorSetError(
                    f"validators[{position}].public_key",
                    "is already the key of {name!r}; one key may hold one seat",
                    name=members[by_key[sec]].name,
                )
            if member.suite != members[0].suite:
                raise ValidatorSetError(
                    f"validators[{position}].public_key",
                    "is a key of {suite}, but {name!r} has one of {suite2}; a consortium signs "
                    "with one suite",
                    suite=member.suite,
                    name=members[0].name,
                    suite2=members[0].suite,
                )
            by_name[member.name] = position
            by_key[sec] = position
        self._members = members
        self.suite: Suite = members[0].suite
        """The crypto suite every member signs with."""
        self._by_name = {member.name: member for member in members}
        self._by_key = {member.sec: member for member in members}

    @classmethod
    def from_keys(cls, keys: Mapping[str, AnyPrivateKey | AnyPublicKey]) -> ValidatorSet:
        """The set of ``{name: key}`` in the mapping's order (private keys give public keys)."""
        members = []
        for name, key in keys.items():
            public = key.public_key if isinstance(key, (PrivateKey, GMPrivateKey)) else key
            members.append(Validator(name, public))
        return cls(members)

    @property
    def n(self) -> int:
        """How many members the set has."""
        return len(self._members)

    # --8<-- [start:quorum]
    @property
    def f(self) -> int:
        """The most faulty members it tolerates: ``(n - 1) // 3`` (so that ``n >= 3f + 1``)."""
        return (self.n - 1) // 3

    @property
    def quorum(self) -> int:
        """Distinct signatures a block needs to be final: ``n - f``."""
        return self.n - self.f

    @property
    def names(self) -> tuple[str, ...]:
        """The members' names in rotation order."""
        return tuple(member.name for member in self._members)

    def proposer(self, height: int, view: int) -> Validator:
        """Whose turn it is at ``height`` in ``view``: ``validators[(height + view) % n]``."""
        require_int(height, "height", 0, MAX_HEIGHT)
        require_int(view, "view", 0, MAX_VIEW)
        return self._members[(height + view) % self.n]
        # --8<-- [end:quorum]

    def member(self, name: str, field_name: str = "validator", where: str = "") -> Validator:
        """The member called ``name``.

        Raises:
            WrongTypeError: ``name`` is not a str.
            NotAMemberError: nobody of that name is in the set.
        """
        if not isinstance(name, str):
            raise WrongTypeError(
                field_name,
                "must be a member's name, got {name_type}",
                name_type=describe_type(name),
            )
        found = self._by_name.get(name)
        if found is None:
            raise NotAMemberError(
                field_name,
                "{name!r} is not a member of this consortium ({n} validators)",
                where,
                name=name,
                n=self.n,
            )
        return found

    def by_key(self, key: AnyPublicKey | bytes) -> Validator | None:
        """The member whose registered key is ``key`` (a public key or SEC bytes), or ``None``."""
        if not isinstance(key, (PublicKey, GMPublicKey)):
            try:
                key = self.suite.parse_public_key(key)
            except MinichainError:  # not a key at all, so nobody's
                return None
        if suite_of(key) != self.suite:
            return None
        return self._by_key.get(key.sec(compressed=True))

    def __contains__(self, item: object) -> bool:
        if isinstance(item, str):
            return item in self._by_name
        if isinstance(item, (PublicKey, GMPublicKey, bytes)):
            return self.by_key(item) is not None
        return False

    def __iter__(self) -> Iterator[Validator]:
        return iter(self._members)

    def __len__(self) -> int:
        return self.n

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ValidatorSet) and self._members == other._members

    def __hash__(self) -> int:
        return hash(self._members)

    def __repr__(self) -> str:
        return f"ValidatorSet(n={self.n}, f={self.f}, quorum={self.quorum})"

    # --8<-- [start:check_signed]
    def check_signed(self, message: SignedMessage, chain_id: str, verify: Verify) -> Validator:
        """The member who signed ``message``, after checking membership and the signature.

        Raises:
            NotAMemberError: the signer named in the message is not a member.
            MessageSignatureError: the signature does not verify with that member's
                key over what the message says (another block, height, view or chain).
        """
        where = message.label
        member = self.member(message.signer, message.signer_field, where)
        if not verify(member.sec, message.digest(chain_id, self.suite), message.signature):
            raise MessageSignatureError(
                "signature",
                "does not verify with {name}'s registered key over this {kind} on chain "
                "{chain_id!r} (signed for another block, height, view or chain, or by another "
                "key)",
                where,
                name=member.name,
                kind=Phrase(MESSAGE_KINDS[message.kind]),
                chain_id=chain_id,
            )
        return member
        # --8<-- [end:check_signed]


def seeded_keys(names: Iterable[str], suite: Suite = BITCOIN) -> dict[str, AnyPrivateKey]:
    """``{name: key from_seed(name)}``: reproducible keys of ``suite`` for lessons and tests.

    Anyone who knows a member's name can compute its key, so this is for
    teaching only, never for a real consortium.
    """
    return {check_member_name(name, "names"): suite.key_from_seed(name) for name in names}


# --- signed messages ---------------------------------------------------------------


def proposal_digest(
    chain_id: str, height: int, view: int, block_hash: bytes, suite: Suite = BITCOIN
) -> bytes:
    """What a proposer signs: ``sha256d(PROPOSAL_TAG || chain || height || view || block_hash)``.

    ``chain`` is the chain id's UTF-8 bytes after their length (2 bytes LE);
    ``height`` is 8 bytes LE, ``view`` 4 bytes LE. The national ``suite``
    hashes with SM3 instead (so do the two digests below).
    """
    return suite.hash(
        PROPOSAL_TAG + _chain_bytes(chain_id) + U64.pack(height) + U32.pack(view) + block_hash
    )


# --8<-- [start:vote_digest]
def vote_digest(chain_id: str, height: int, block_hash: bytes, suite: Suite = BITCOIN) -> bytes:
    """What a voter signs: ``sha256d(VOTE_TAG || chain || height || block_hash)`` (no view)."""
    return suite.hash(VOTE_TAG + _chain_bytes(chain_id) + U64.pack(height) + block_hash)
    # --8<-- [end:vote_digest]


def view_change_digest(chain_id: str, height: int, new_view: int, suite: Suite = BITCOIN) -> bytes:
    """What a validator signs to leave a view: ``sha256d(VIEW_CHANGE_TAG || chain || height ||
    new_view)``."""
    return suite.hash(
        VIEW_CHANGE_TAG + _chain_bytes(chain_id) + U64.pack(height) + U32.pack(new_view)
    )


_Message = TypeVar("_Message", bound="SignedMessage")


class SignedMessage:
    """What proposals, votes and view changes share: a signer, a height, a signature, a digest.

    Each kind of message says what its signer signs (:meth:`digest`) and
    which of its fields names the signer (``signer_field``); the checks every
    message needs when it is made, the signer's name and signing itself are
    written once, here.
    """

    __dataclass_fields__: ClassVar[dict[str, Any]]  # every message is a frozen dataclass
    kind: ClassVar[str] = "message"
    signer_field: ClassVar[str] = "signer"
    height: int
    signature: bytes

    def __post_init__(self) -> None:
        require_int(self.height, "height", 1, MAX_HEIGHT)
        self._check_fields()
        _check_signature_bytes(self.signature, "signature")
        check_member_name(getattr(self, self.signer_field), self.signer_field)

    def _check_fields(self) -> None:
        """Check the fields this kind of message adds (a block hash, a view)."""

    @property
    def signer(self) -> str:
        """The name of the member who signed."""
        return str(getattr(self, self.signer_field))

    @cached_property
    def label(self) -> str:
        """How errors name this message: ``vote by Wuxi at height 3``."""
        return Phrase(MESSAGE_LABELS[self.kind], signer=self.signer, height=self.height)

    def digest(self, chain_id: str, suite: Suite = BITCOIN) -> bytes:
        """What the signer signs on the chain ``chain_id``: ``sha256d(tag || chain || fields)``.

        With the national ``suite``, SM3 in place of ``sha256d``.
        """
        raise NotImplementedError

    def signed_with(self: _Message, key: AnyPrivateKey, chain_id: str) -> _Message:
        """This message, signed with ``key``: its signature is ``key``'s of :meth:`digest`.

        The key says the suite: ECDSA over ``sha256d`` or SM2 over SM3.
        """
        suite = suite_of(key)
        return replace(self, signature=suite.sign(key, self.digest(chain_id, suite)))


_UNSIGNED = b"\x00"
"""The signature a message holds for the moment between checking its fields and signing it."""


@dataclass(frozen=True)
class Proposal(SignedMessage):
    """The proposer's signed statement "at ``height``, in ``view``, I propose block ``block_hash``".

    Attributes:
        height: the height the block is for (the final tip's height plus one).
        view: the view, 0 first, one more after each view change at this height.
        block_hash: the proposed block's hash.
        proposer: the proposer's name.
        signature: DER signature of :meth:`digest` by the proposer's key.
    """

    height: int
    view: int
    block_hash: bytes
    proposer: str
    signature: bytes

    kind = "proposal"
    signer_field = "proposer"

    def _check_fields(self) -> None:
        require_bytes(self.block_hash, "block_hash", 32)
        require_int(self.view, "view", 0, MAX_VIEW)

    def digest(self, chain_id: str, suite: Suite = BITCOIN) -> bytes:
        """:func:`proposal_digest` of this proposal's fields."""
        return proposal_digest(chain_id, self.height, self.view, self.block_hash, suite)

    @classmethod
    def signed(
        cls,
        key: AnyPrivateKey,
        proposer: str,
        chain_id: str,
        height: int,
        view: int,
        block_hash: bytes,
    ) -> Proposal:
        """A proposal signed with ``key`` in the name of ``proposer``."""
        return cls(height, view, block_hash, proposer, _UNSIGNED).signed_with(key, chain_id)


@dataclass(frozen=True)
class Vote(SignedMessage):
    """A validator's signed statement "at ``height``, block ``block_hash`` should be final".

    The view is not part of a vote: an honest validator signs one block per
    height whatever the view, so its vote stays valid across view changes.

    Attributes:
        height: the height voted on.
        block_hash: the block voted for.
        validator: the voter's name.
        signature: DER signature of :meth:`digest` by the voter's key.
    """

    height: int
    block_hash: bytes
    validator: str
    signature: bytes

    kind = "vote"
    signer_field = "validator"

    def _check_fields(self) -> None:
        require_bytes(self.block_hash, "block_hash", 32)

    def digest(self, chain_id: str, suite: Suite = BITCOIN) -> bytes:
        """:func:`vote_digest` of this vote's fields."""
        return vote_digest(chain_id, self.height, self.block_hash, suite)

    @classmethod
    def signed(
        cls, key: AnyPrivateKey, validator: str, chain_id: str, height: int, block_hash: bytes
    ) -> Vote:
        """A vote signed with ``key`` in the name of ``validator``."""
        return cls(height, block_hash, validator, _UNSIGNED).signed_with(key, chain_id)


@dataclass(frozen=True)
class ViewChange(SignedMessage):
    """A validator's signed statement "at ``height``, give up on the view before ``new_view``".

    Attributes:
        height: the height being decided.
        new_view: the view to move to.
        validator: the signer's name.
        signature: DER signature of :meth:`digest` by the signer's key.
    """

    height: int
    new_view: int
    validator: str
    signature: bytes

    kind = "view change"
    signer_field = "validator"

    def _check_fields(self) -> None:
        require_int(self.new_view, "new_view", 1, MAX_VIEW)

    def digest(self, chain_id: str, suite: Suite = BITCOIN) -> bytes:
        """:func:`view_change_digest` of this view change's fields."""
        return view_change_digest(chain_id, self.height, self.new_view, suite)

    @classmethod
    def signed(
        cls, key: AnyPrivateKey, validator: str, chain_id: str, height: int, new_view: int
    ) -> ViewChange:
        """A view change signed with ``key`` in the name of ``validator``."""
        return cls(height, new_view, validator, _UNSIGNED).signed_with(key, chain_id)


# --- certificates and evidence -------------------------------------------------------


@dataclass(frozen=True)
class CommitCertificate:
    """Votes of a quorum of distinct members for one block: the proof that it is final.

    Attributes:
        height: the block's height.
        block_hash: the final block.
        votes: the votes, one per member.
    """

    height: int
    block_hash: bytes
    votes: tuple[Vote, ...]

    def __post_init__(self) -> None:
        require_int(self.height, "height", 1, MAX_HEIGHT)
        require_bytes(self.block_hash, "block_hash", 32)
        if not isinstance(self.votes, (tuple, list)):
            raise WrongTypeError(
                "votes",
                "must be a tuple of Votes, got {votes_type}",
                votes_type=describe_type(self.votes),
            )
        for position, vote in enumerate(self.votes):
            if not isinstance(vote, Vote):
                raise WrongTypeError(
                    f"votes[{position}]",
                    "must be a Vote, got {vote_type}",
                    vote_type=describe_type(vote),
                )
        object.__setattr__(self, "votes", tuple(self.votes))

    @property
    def signers(self) -> tuple[str, ...]:
        """The names of the members who signed, in the certificate's order."""
        return tuple(vote.validator for vote in self.votes)

    @cached_property
    def label(self) -> str:
        """How errors name this certificate: ``certificate for block 3 (00a3…)``."""
        return Phrase("certificate for {block}", block=block_label(self.height, self.block_hash))

    # --8<-- [start:certificate]
    def verify(self, validators: ValidatorSet, chain_id: str, verify: Verify | None = None) -> None:
        """Check that the certificate proves its block final; raise the first rule it breaks.

        Each vote must be for this height and block, from a member, valid with
        that member's key, and from a member not counted before; and there must
        be at least ``validators.quorum`` of them.

        Raises:
            WrongBlockError: a vote for another height or block.
            NotAMemberError: a vote from outside the set.
            DuplicateVoteError: two votes from one member.
            MessageSignatureError: a signature that does not verify.
            QuorumError: fewer than ``n - f`` distinct members signed.
        """
        verify = default_verify(validators.suite) if verify is None else verify
        where = self.label
        seen: set[str] = set()
        for position, vote in enumerate(self.votes):
            if vote.height != self.height:
                raise WrongBlockError(
                    f"votes[{position}].height",
                    "is {height}; every vote must be for the certificate's height {height2}",
                    where,
                    height=vote.height,
                    height2=self.height,
                )
            if vote.block_hash != self.block_hash:
                raise WrongBlockError(
                    f"votes[{position}].block_hash",
                    "is {block_hash}; every vote must be for the certificate's block {block_hash2}",
                    where,
                    block_hash=short_hex(vote.block_hash),
                    block_hash2=short_hex(self.block_hash),
                )
            if vote.validator in seen:
                raise DuplicateVoteError(
                    f"votes[{position}].validator",
                    "{validator} has already signed this certificate; each member counts once",
                    where,
                    validator=vote.validator,
                )
            try:
                validators.check_signed(vote, chain_id, verify)
            except AuthorityError as error:
                raise type(error)(f"votes[{position}].{error.field}", error.rule, where) from None
            seen.add(vote.validator)
        require_quorum(len(seen), validators, "votes", where)
        # --8<-- [end:certificate]


# --8<-- [start:require_quorum]
def require_quorum(distinct: int, validators: ValidatorSet, field_name: str, where: str) -> None:
    """The quorum rule, in one place: ``distinct`` members must be at least ``n - f``.

    Raises:
        QuorumError: fewer members signed.
    """
    if distinct < validators.quorum:
        raise QuorumError(
            field_name,
            "{distinct} distinct members signed; {quorum} of {n} are needed (n - f with f = {f})",
            where,
            distinct=distinct,
            quorum=validators.quorum,
            n=validators.n,
            f=validators.f,
        )
    # --8<-- [end:require_quorum]


Evidence = Proposal | Vote
"""What can prove equivocation: two votes, or two proposals."""


@dataclass(frozen=True)
class Equivocation:
    """Proof that a member signed two different blocks where it may sign one.

    Either two votes at the same height, or two proposals for the same
    height and view, each for a different block. Anyone who knows the
    validator set and the chain id can check it with :meth:`verify`. No trust
    in whoever reports it is needed.

    Attributes:
        validator: the member who equivocated.
        first: one signed message.
        second: the other, for a different block.
    """

    validator: str
    first: Evidence
    second: Evidence

    def __post_init__(self) -> None:
        check_member_name(self.validator, "validator")
        for name in ("first", "second"):
            if not isinstance(getattr(self, name), (Proposal, Vote)):
                raise WrongTypeError(
                    name,
                    "must be a Vote or a Proposal, got {getattr_type}",
                    getattr_type=describe_type(getattr(self, name)),
                )

    @property
    def height(self) -> int:
        """The height at which the member signed twice."""
        return self.first.height

    @cached_property
    def label(self) -> str:
        """How errors and traces name this evidence."""
        return Phrase(
            "equivocation by {validator} at height {height}",
            validator=self.validator,
            height=self.height,
        )

    def verify(self, validators: ValidatorSet, chain_id: str, verify: Verify | None = None) -> None:
        """Check the evidence; raise if it does not prove equivocation.

        Raises:
            EvidenceError: messages of different kinds, by someone else, at
                different heights (or views), or for the same block.
            NotAMemberError, MessageSignatureError: a message not validly signed by
                a member.
        """
        verify = default_verify(validators.suite) if verify is None else verify
        where = self.label
        first, second = self.first, self.second
        if type(first) is not type(second):
            raise EvidenceError("second", "must be the same kind of message as first", where)
        for name, message in (("first", first), ("second", second)):
            if message.signer != self.validator:
                raise EvidenceError(
                    f"{name}.{message.signer_field}",
                    "is {signer!r}, not the accused {validator!r}",
                    where,
                    signer=message.signer,
                    validator=self.validator,
                )
        if first.height != second.height:
            raise EvidenceError(
                "second.height",
                "is {height}, first is {height2}; signing two blocks at different heights is "
                "allowed",
                where,
                height=second.height,
                height2=first.height,
            )
        if isinstance(first, Proposal) and isinstance(second, Proposal):
            if first.view != second.view:
                raise EvidenceError(
                    "second.view",
                    "is {view}, first is {view2}; proposals in different views are not an "
                    "equivocation",
                    where,
                    view=second.view,
                    view2=first.view,
                )
        if first.block_hash == second.block_hash:
            raise EvidenceError(
                "second.block_hash", "is the same block as first; that is no equivocation", where
            )
        for name, message in (("first", first), ("second", second)):
            try:
                validators.check_signed(message, chain_id, verify)
            except AuthorityError as error:
                raise type(error)(f"{name}.{error.field}", error.rule, where) from None


# --8<-- [start:evidence]
def evidence_from_certificates(
    first: CommitCertificate,
    second: CommitCertificate,
    validators: ValidatorSet,
    chain_id: str,
    verify: Verify | None = None,
) -> list[Equivocation]:
    """The members who signed both of two conflicting certificates, with their votes as proof.

    If both certificates are valid (each has a quorum), they share at least
    ``n - 2f >= f + 1`` signers. So this list is never empty. Every entry is
    verified before it is returned.

    Raises:
        EvidenceError: the certificates are for different heights or the same block.
        AuthorityError: one of the certificates is not valid (see :meth:`CommitCertificate.verify`).
    """
    verify = default_verify(validators.suite) if verify is None else verify
    if first.height != second.height or first.block_hash == second.block_hash:
        raise EvidenceError(
            "second", "conflicting certificates are for one height and two different blocks"
        )
    first.verify(validators, chain_id, verify)
    second.verify(validators, chain_id, verify)
    by_signer = {vote.validator: vote for vote in second.votes}
    found = []
    for vote in first.votes:
        other = by_signer.get(vote.validator)
        if other is not None:
            evidence = Equivocation(vote.validator, vote, other)
            evidence.verify(validators, chain_id, verify)
            found.append(evidence)
    return found
    # --8<-- [end:evidence]
