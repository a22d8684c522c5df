"""A consortium chain at work: one member's node, and every member's nodes in one process.

:mod:`minichain.consensus` defines the rules: the validator set, signed
messages, commit certificates and equivocation evidence. This module runs them.

* :class:`PermissionedChain` is one member's node (or an observer's). It
  wraps a :class:`~minichain.chain.Blockchain` that holds final blocks only.
  Before the node votes, it checks each proposed block against every ledger
  rule on top of the final tip with the chain's own
  :meth:`~minichain.chain.Blockchain.check_block`, without changing the
  chain. It counts votes, finalises a block when a quorum has signed, and
  moves to the next view when a quorum asks for it. It refuses every bad
  message with a specific error and is left as it was.
* :class:`Consortium` runs every member's node in one process and delivers
  their messages through the simulation's event queue (:mod:`minichain.events`)
  with no latency, so they arrive in the order they were sent: no clock, no
  randomness, no sockets. Each :meth:`~Consortium.run_height` returns a
  readable trace of what happened (who proposed, how many voted, view
  changes, the final block, evidence against members who signed two blocks),
  so lessons and tests can print and check it.

A consortium runs on its params' crypto suite (:mod:`minichain.suite`). With
``ChainParams.regtest(name=..., suite="gm")`` and keys from
``seeded_keys(names, GM)`` every member signs transactions, proposals and
votes with SM2, and block hashes, txids, Merkle trees and signed digests are SM3 hashes,
as on the consortium chains Chinese government bodies deploy (FISCO BCOS's
国密 build: GM/T 0003 SM2, GM/T 0004 SM3; GM/T 0002 SM4 encrypts its disks
and links, outside consensus).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from minichain.chain import Added, Blockchain
from minichain.consensus import (
    CommitCertificate,
    Equivocation,
    Proposal,
    SignedMessage,
    Validator,
    ValidatorSet,
    ViewChange,
    Vote,
    seeded_keys,
)
from minichain.errors import (
    DuplicateVoteError,
    EquivocationError,
    FinalityConflictError,
    FutureHeightError,
    NotAMemberError,
    Phrase,
    ReplayError,
    SuiteError,
    WrongBlockError,
    WrongProposerError,
    WrongTypeError,
    WrongViewError,
    describe_type,
)
from minichain.events import EventQueue
from minichain.hashing import short_hex
from minichain.header import block_label
from minichain.ledger import Block
from minichain.miner import build_block
from minichain.params import ChainParams
from minichain.suite import AnyPrivateKey
from minichain.tx import Transaction

# --8<-- [start:cities]
#: The 27 cities of the central area (中心区) of the Outline of the Yangtze River
#: Delta Regional Integration Development Plan (CPC Central Committee and State
#: Council, 2019; scope paragraph quoted at https://scholarmate.com/S/e8tenc):
#: Shanghai, 9 cities of Jiangsu, 9 of Zhejiang and 8 of Anhui. Two are called
#: Taizhou in English (泰州 in Jiangsu, 台州 in Zhejiang), so their province is
#: part of their name. The lessons, exercises and tour use them as a validator set.
YANGTZE_RIVER_DELTA_CITIES: tuple[str, ...] = (
    "Shanghai",
    "Nanjing", "Wuxi", "Changzhou", "Suzhou", "Nantong",
    "Yangzhou", "Zhenjiang", "Yancheng", "Taizhou (Jiangsu)",
    "Hangzhou", "Ningbo", "Wenzhou", "Huzhou", "Jiaxing",
    "Shaoxing", "Jinhua", "Zhoushan", "Taizhou (Zhejiang)",
    "Hefei", "Wuhu", "Ma'anshan", "Tongling", "Anqing",
    "Chuzhou", "Chizhou", "Xuancheng",
)  # fmt: skip
# --8<-- [end:cities]

# --- a node of a permissioned chain ---------------------------------------------------


@dataclass
class _Round:
    """What a node has heard about the height it is deciding (cleared when it is final)."""

    blocks: dict[bytes, Block] = field(default_factory=dict)
    proposals: dict[int, Proposal] = field(default_factory=dict)
    votes: dict[str, Vote] = field(default_factory=dict)
    view_changes: dict[int, dict[str, ViewChange]] = field(default_factory=dict)
    my_vote: bytes | None = None
    verified: set[tuple[bytes, bytes, bytes]] = field(default_factory=set)


class PermissionedChain:
    """One member's node (or an observer's) on a consortium chain.

    It wraps a :class:`~minichain.chain.Blockchain` that holds only final
    blocks. Proposals, votes and view changes come in through the
    ``receive_*`` methods. Every message is checked before it changes
    anything. A rejected message raises a specific
    :class:`~minichain.errors.AuthorityError` (or the ledger's error for an
    invalid block), and the node and its chain stay exactly as they were. One
    exception is deliberate: a vote that proves equivocation is refused, but
    its evidence is kept in :attr:`evidence`.

    Args:
        params: the chain's rules; use :meth:`ChainParams.regtest` so that
            proof-of-work costs nothing. The params' name is the chain id every
            signature commits to.
        validators: the consortium.
        key: this member's private key; ``None`` for an observer that checks
            and follows but never signs.
        backend: signature backend for blocks and votes (see :mod:`minichain.sigcache`).

    Raises:
        NotAMemberError: ``key`` is not the key of any member.
        SuiteError: the validators' or the key's crypto suite is not the params'.
    """

    def __init__(
        self,
        params: ChainParams,
        validators: ValidatorSet,
        key: AnyPrivateKey | None = None,
        *,
        backend: str = "auto",
    ) -> None:
        if not isinstance(validators, ValidatorSet):
            raise WrongTypeError(
                "validators",
                "must be a ValidatorSet, got {validators_type}",
                validators_type=describe_type(validators),
            )
        if validators.suite != params.suite:
            raise SuiteError(
                "validators",
                "sign with {suite}; the chain's params use {suite2}",
                suite=validators.suite,
                suite2=params.suite,
            )
        if key is not None:
            params.suite.check_private_key(key)
        member = None if key is None else validators.by_key(key.public_key)
        if key is not None and member is None:
            raise NotAMemberError(
                "key", "{address} is not the key of any member", address=key.address
            )
        self.chain = Blockchain(params, backend=backend)
        self.validators = validators
        self.key = key
        self.member = member
        self.view = 0
        self.certificates: dict[int, CommitCertificate] = {}
        self.evidence: list[Equivocation] = []
        self._round = _Round()

    # --- reading -----------------------------------------------------------------

    @property
    def chain_id(self) -> str:
        """The chain id signatures commit to: the params' name."""
        return self.chain.params.name

    @property
    def name(self) -> str:
        """This member's name, or ``"observer"``."""
        return "observer" if self.member is None else self.member.name

    @property
    def final_height(self) -> int:
        """Height of the last final block (0: only the genesis block)."""
        return self.chain.height

    @property
    def height(self) -> int:
        """The height being decided: one above the last final block."""
        return self.chain.height + 1

    @property
    def tip(self) -> Block:
        """The last final block."""
        return self.chain.tip

    @property
    def proposer(self) -> Validator:
        """Whose turn it is to propose at the current height and view."""
        return self.validators.proposer(self.height, self.view)

    @property
    def my_vote(self) -> Vote | None:
        """This member's vote at the current height, if it has signed one."""
        return None if self.member is None else self._round.votes.get(self.member.name)

    @property
    def votes(self) -> dict[str, Vote]:
        """The votes counted so far at the current height, by member name."""
        return dict(self._round.votes)

    def tally(self) -> Counter[bytes]:
        """How many members voted for each block at the current height."""
        return Counter(vote.block_hash for vote in self._round.votes.values())

    def __repr__(self) -> str:
        return (
            f"PermissionedChain({self.name!r}, final_height={self.final_height}, "
            f"view={self.view}, votes={len(self._round.votes)})"
        )

    # --- signing (an honest member's rules) ---------------------------------------

    def _require_key(self, action: str) -> AnyPrivateKey:
        if self.key is None or self.member is None:
            raise NotAMemberError("key", "an observer node cannot {action}", action=action)
        return self.key

    def propose(self, transactions: Iterable[Transaction] | None = None) -> tuple[Proposal, Block]:
        """Propose a block for the current height and view (only on this member's turn).

        A member that has already voted at this height proposes that same block
        again. It may sign no other. Otherwise it builds a new block on the final
        tip from its mempool (or ``transactions``). The proposer's own vote is
        counted at once.

        Raises:
            WrongProposerError: it is another member's turn.
            NotAMemberError: this node is an observer.
        """
        key = self._require_key("propose")
        me = self._me()
        where = Phrase("height {height}, view {view}", height=self.height, view=self.view)
        if self.proposer.name != me.name:
            raise WrongProposerError(
                "proposer",
                "it is {name}'s turn at height {height}, view {view}, not {name2}'s",
                where,
                name=self.proposer.name,
                height=self.height,
                view=self.view,
                name2=me.name,
            )
        state = self._round
        if state.my_vote is not None:
            block = state.blocks[state.my_vote]
        else:
            block = self._build_block(key.address, transactions)
            self._check_block(block)
        proposal = Proposal.signed(key, me.name, self.chain_id, self.height, self.view, block.hash)
        state.blocks[block.hash] = block
        state.proposals[self.view] = proposal
        self._vote_for(block.hash)
        return proposal, block

    def _build_block(self, address: str, transactions: Iterable[Transaction] | None) -> Block:
        """The block this member proposes: its mempool's (or the given) transactions on the
        final tip, the reward to ``address``. A contract chain adds its state root here
        (:class:`minichain.contract.ContractChain`)."""
        return build_block(self.chain, address, transactions)

    def _me(self) -> Validator:
        if self.member is None:  # pragma: no cover - _require_key runs first
            raise NotAMemberError("key", "an observer node has no seat")
        return self.member

    # --8<-- [start:one_block_per_height]
    def _vote_for(self, block_hash: bytes) -> Vote | None:
        """Sign a vote for ``block_hash`` unless this member already signed another block here."""
        if self.key is None or self.member is None:
            return None
        state = self._round
        if state.my_vote is not None and state.my_vote != block_hash:
            return None  # the one rule: never a second block at one height
        if self.member.name in state.votes:
            return state.votes[self.member.name]
        vote = Vote.signed(self.key, self.member.name, self.chain_id, self.height, block_hash)
        state.my_vote = block_hash
        state.votes[self.member.name] = vote
        return vote
        # --8<-- [end:one_block_per_height]

    # --8<-- [start:view_change]
    def request_view_change(self) -> ViewChange:
        """Give up on the current view (the proposer is silent): sign a move to the next one.

        The node's own view change is counted at once; it moves when a quorum has signed.
        """
        key = self._require_key("sign a view change")
        new_view = self.view + 1
        change = ViewChange.signed(key, self._me().name, self.chain_id, self.height, new_view)
        self._round.view_changes.setdefault(new_view, {})[change.validator] = change
        self._maybe_move(new_view)
        return change
        # --8<-- [end:view_change]

    # --- receiving ---------------------------------------------------------------

    def _verify(self, sec: bytes, digest: bytes, der: bytes) -> bool:
        """Signature check that remembers what verified at this height (a certificate
        re-counts votes the node has already checked)."""
        triple = (sec, digest, der)
        if triple in self._round.verified:
            return True
        if not self.chain.checker.verify(sec, digest, der):
            return False
        self._round.verified.add(triple)
        return True

    def _check_height(self, message: SignedMessage) -> None:
        if message.height <= self.final_height:
            raise ReplayError(
                "height",
                "{height} is already final (final height {final_height}); a {kind} for it is a "
                "replay",
                message.label,
                height=message.height,
                final_height=self.final_height,
                kind=message.kind,
            )
        if message.height > self.height:
            raise FutureHeightError(
                "height",
                "{height} is ahead of the height this node decides ({height2}); catch up with "
                "certificates first",
                message.label,
                height=message.height,
                height2=self.height,
            )

    def receive_proposal(self, proposal: Proposal, block: Block) -> Vote | None:
        """Check a proposal and its block; return this member's vote for it (or ``None``).

        ``None`` means this member has already signed another block at this
        height, or that the node is an observer. The block is checked against
        every rule of the ledger on top of the final tip, and the chain is left
        as it was.

        Raises:
            ReplayError, FutureHeightError: the proposal is not for the current height.
            WrongViewError: it is for another view than the node's.
            NotAMemberError, WrongProposerError, MessageSignatureError: not signed by
                the member whose turn it is.
            WrongBlockError: ``block`` is not the proposed block.
            EquivocationError: the proposer already proposed another block in
                this view (the evidence is kept).
            FinalityConflictError: the block does not build on the final tip.
            ConsensusError: the block breaks a ledger rule.
        """
        if not isinstance(proposal, Proposal):
            raise WrongTypeError(
                "proposal",
                "must be a Proposal, got {proposal_type}",
                proposal_type=describe_type(proposal),
            )
        if not isinstance(block, Block):
            raise WrongTypeError(
                "block", "must be a Block, got {block_type}", block_type=describe_type(block)
            )
        where = proposal.label
        self._check_height(proposal)
        self.validators.member(proposal.proposer, "proposer", where)
        if proposal.view != self.view:
            raise WrongViewError(
                "view",
                "is {view}; this node is in view {view2} at height {height}",
                where,
                view=proposal.view,
                view2=self.view,
                height=self.height,
            )
        expected = self.validators.proposer(proposal.height, proposal.view)
        if proposal.proposer != expected.name:
            raise WrongProposerError(
                "proposer",
                "{proposer} may not propose at height {height}, view {view}; it is {name}'s "
                "turn ((height + view) % n)",
                where,
                proposer=proposal.proposer,
                height=proposal.height,
                view=proposal.view,
                name=expected.name,
            )
        self.validators.check_signed(proposal, self.chain_id, self._verify)
        if block.hash != proposal.block_hash:
            raise WrongBlockError(
                "block",
                "is {hash}, but the proposal signs {block_hash}",
                where,
                hash=short_hex(block.hash),
                block_hash=short_hex(proposal.block_hash),
            )
        state = self._round
        earlier = state.proposals.get(proposal.view)
        if earlier is not None and earlier.block_hash != proposal.block_hash:
            self._report(Equivocation(proposal.proposer, earlier, proposal))
            raise EquivocationError(
                "block_hash",
                "{proposer} already proposed {block_hash} in view {view}; proposing a second "
                "block is equivocation (evidence kept)",
                where,
                proposer=proposal.proposer,
                block_hash=short_hex(earlier.block_hash),
                view=proposal.view,
            )
        if block.hash not in state.blocks:
            self._check_block(block)
        state.blocks[block.hash] = block
        state.proposals[proposal.view] = proposal
        vote = self._vote_for(block.hash)
        self._maybe_finalise()
        return vote

    def _check_block(self, block: Block) -> None:
        """Every rule a block must meet to follow the final tip; changes nothing.

        The chain checks the block (:meth:`~minichain.chain.Blockchain.check_block`)
        and remembers it, so the block is not checked again when it is final.
        """
        tip = self.chain.tip_entry
        if block.header.prev_hash != tip.hash:
            raise FinalityConflictError(
                "block.prev_hash",
                "must be the final tip {hash} (height {height}); a block on another parent "
                "would compete with final blocks, which are never replaced",
                block_label(self.height, block.hash),
                hash=short_hex(tip.hash),
                height=tip.height,
            )
        self.chain.check_block(block)

    def receive_vote(self, vote: Vote) -> CommitCertificate | None:
        """Count a vote; if its block now has a quorum, finalise it and return the certificate.

        Raises:
            ReplayError: the height is already final.
            FutureHeightError: the height is ahead of this node.
            NotAMemberError, MessageSignatureError: not a member's valid vote.
            DuplicateVoteError: this member's vote was already counted.
            EquivocationError: this member already voted for another block at
                this height (the evidence is kept; the vote is not counted).
        """
        if not isinstance(vote, Vote):
            raise WrongTypeError(
                "vote", "must be a Vote, got {vote_type}", vote_type=describe_type(vote)
            )
        where = vote.label
        if vote.height <= self.final_height:
            self._check_late_vote(vote)
        self._check_height(vote)
        self.validators.check_signed(vote, self.chain_id, self._verify)
        earlier = self._round.votes.get(vote.validator)
        if earlier is not None:
            if earlier.block_hash == vote.block_hash:
                raise DuplicateVoteError(
                    "validator",
                    "{validator}'s vote for {block_hash} is already counted",
                    where,
                    validator=vote.validator,
                    block_hash=short_hex(vote.block_hash),
                )
            self._report(Equivocation(vote.validator, earlier, vote))
            raise EquivocationError(
                "block_hash",
                "{validator} already voted for {block_hash} at height {height}; a second block "
                "is equivocation (evidence kept)",
                where,
                validator=vote.validator,
                block_hash=short_hex(earlier.block_hash),
                height=vote.height,
            )
        self._round.votes[vote.validator] = vote
        return self._maybe_finalise()

    def _check_late_vote(self, vote: Vote) -> None:
        """A vote for a final height still proves equivocation if it contradicts the certificate."""
        certificate = self.certificates.get(vote.height)
        if certificate is None or vote.block_hash == certificate.block_hash:
            return
        counted = next((v for v in certificate.votes if v.validator == vote.validator), None)
        if counted is None:
            return
        self.validators.check_signed(vote, self.chain_id, self.chain.checker.verify)
        self._report(Equivocation(vote.validator, counted, vote))
        raise EquivocationError(
            "block_hash",
            "{validator} signed the final block {block_hash} at height {height} and now "
            "{block_hash2} (evidence kept)",
            vote.label,
            validator=vote.validator,
            block_hash=short_hex(certificate.block_hash),
            height=vote.height,
            block_hash2=short_hex(vote.block_hash),
        )

    def receive_view_change(self, change: ViewChange) -> bool:
        """Count a view change; return ``True`` if a quorum has now moved the node to its view.

        Raises:
            ReplayError, FutureHeightError: not for the current height.
            WrongViewError: not for a view after the node's current one.
            NotAMemberError, MessageSignatureError: not a member's valid signature.
            DuplicateVoteError: this member's view change was already counted.
        """
        if not isinstance(change, ViewChange):
            raise WrongTypeError(
                "change",
                "must be a ViewChange, got {change_type}",
                change_type=describe_type(change),
            )
        where = change.label
        self._check_height(change)
        if change.new_view <= self.view:
            raise WrongViewError(
                "new_view",
                "is {new_view}; this node is already in view {view}",
                where,
                new_view=change.new_view,
                view=self.view,
            )
        self.validators.check_signed(change, self.chain_id, self._verify)
        signed = self._round.view_changes.get(change.new_view, {})
        if change.validator in signed:
            raise DuplicateVoteError(
                "validator",
                "{validator}'s view change to view {new_view} is already counted",
                where,
                validator=change.validator,
                new_view=change.new_view,
            )
        self._round.view_changes.setdefault(change.new_view, {})[change.validator] = change
        return self._maybe_move(change.new_view)

    # --8<-- [start:view_change_quorum]
    def _maybe_move(self, new_view: int) -> bool:
        signers = len(self._round.view_changes.get(new_view, {}))
        if signers < self.validators.quorum:
            return False
        self.view = new_view
        return True
        # --8<-- [end:view_change_quorum]

    def receive_certificate(self, certificate: CommitCertificate, block: Block) -> Added:
        """Make ``block`` final on the strength of a certificate (how a node catches up).

        Returns :attr:`Added.KNOWN` for the certificate of a block already final here.

        Raises:
            FinalityConflictError: a certificate for another block at a final height.
            FutureHeightError: a height beyond the next one.
            WrongBlockError: ``block`` is not the certified block.
            AuthorityError: the certificate is not valid (see :meth:`CommitCertificate.verify`).
            ConsensusError: the block breaks a ledger rule.
        """
        if not isinstance(certificate, CommitCertificate):
            raise WrongTypeError(
                "certificate",
                "must be a CommitCertificate, got {certificate_type}",
                certificate_type=describe_type(certificate),
            )
        if not isinstance(block, Block):
            raise WrongTypeError(
                "block", "must be a Block, got {block_type}", block_type=describe_type(block)
            )
        where = certificate.label
        if block.hash != certificate.block_hash:
            raise WrongBlockError(
                "block",
                "is {hash}, but the certificate is for {block_hash}",
                where,
                hash=short_hex(block.hash),
                block_hash=short_hex(certificate.block_hash),
            )
        if certificate.height <= self.final_height:
            final = self.chain.block_at(certificate.height)
            if final.hash == certificate.block_hash:
                return Added.KNOWN
            certificate.verify(self.validators, self.chain_id, self._verify)
            raise FinalityConflictError(
                "block_hash",
                "height {height} is final with {hash}; a second final block there means more "
                "than f members signed both (see evidence_from_certificates)",
                where,
                height=certificate.height,
                hash=short_hex(final.hash),
            )
        if certificate.height > self.height:
            raise FutureHeightError(
                "height",
                "{height} is ahead of the height this node decides ({height2})",
                where,
                height=certificate.height,
                height2=self.height,
            )
        certificate.verify(self.validators, self.chain_id, self._verify)
        if block.hash not in self._round.blocks:
            self._check_block(block)
        self._finalise(certificate, block)
        return Added.EXTENDED

    # --- finality ------------------------------------------------------------------

    def _maybe_finalise(self) -> CommitCertificate | None:
        """Finalise the block with the most votes if they reach a quorum and the block is known."""
        state = self._round
        leading = self.tally().most_common(1)
        if not leading or leading[0][0] not in state.blocks:
            return None
        block_hash, count = leading[0]
        if count < self.validators.quorum:
            return None
        votes = tuple(vote for vote in state.votes.values() if vote.block_hash == block_hash)
        certificate = CommitCertificate(self.height, block_hash, votes)
        certificate.verify(self.validators, self.chain_id, self._verify)  # the one quorum rule
        self._finalise(certificate, state.blocks[block_hash])
        return certificate

    def _finalise(self, certificate: CommitCertificate, block: Block) -> None:
        added = self.chain.add_block(block)
        if added is not Added.EXTENDED:  # pragma: no cover - _check_block made sure
            raise FinalityConflictError(
                "block",
                "was {value}, not appended to the final tip",
                block_label(certificate.height, block.hash),
                value=added.value,
            )
        self.certificates[certificate.height] = certificate
        self.view = 0
        self._round = _Round()

    def _report(self, evidence: Equivocation) -> None:
        if all(
            (e.validator, e.first, e.second)
            != (evidence.validator, evidence.first, evidence.second)
            for e in self.evidence
        ):
            self.evidence.append(evidence)

    def submit(self, tx: Transaction) -> Transaction:
        """Put a transaction in this node's mempool, for the blocks it proposes."""
        return self.chain.submit(tx)


# --- every member in one process ------------------------------------------------------

# What a message on the consortium's event queue carries (see Consortium._deliver).
_PROPOSAL, _VOTE, _VIEW_CHANGE = range(3)


@dataclass(frozen=True)
class Event:
    """One line of a consortium's trace.

    Attributes:
        height: the height being decided.
        view: the view it happened in.
        kind: ``"behind"``, ``"propose"``, ``"silent"``, ``"view change"``, ``"votes"``,
            ``"final"``, ``"late votes"``, ``"equivocation"`` or ``"stalled"``.
        text: what happened, in words.
    """

    height: int
    view: int
    kind: str
    text: str

    def __str__(self) -> str:
        return f"height {self.height}, view {self.view}: {self.text}"


class Consortium:
    """Every member's node in one process; messages delivered in a fixed order.

    Each member runs a :class:`PermissionedChain` with its own key. A message a
    member sends goes to every other node in rotation order, on one event
    queue (:class:`~minichain.events.EventQueue`) with no latency: messages
    arrive in the order they were sent, and their effect and any refusal are
    recorded. The same members and the same calls always give the same trace.

    Args:
        keys: ``{name: private key}`` of every member, in rotation order.
        params: the chain's rules (default ``ChainParams.regtest(name="consortium")``).
        backend: signature backend of every node.
    """

    def __init__(
        self,
        keys: Mapping[str, AnyPrivateKey],
        params: ChainParams | None = None,
        *,
        backend: str = "auto",
    ) -> None:
        params = ChainParams.regtest(name="consortium") if params is None else params
        self.validators = ValidatorSet.from_keys(keys)
        self.params = params
        self._keys: dict[str, AnyPrivateKey] = dict(keys)
        self.nodes = {
            name: self._make_node(name, params, key, backend) for name, key in keys.items()
        }
        self.evidence: list[Equivocation] = []
        self.trace: list[Event] = []
        self.events = EventQueue()

    def _make_node(
        self, name: str, params: ChainParams, key: AnyPrivateKey, backend: str
    ) -> PermissionedChain:
        """Member ``name``'s node (a contract consortium makes contract nodes)."""
        return PermissionedChain(params, self.validators, key, backend=backend)

    @classmethod
    def seeded(
        cls, names: Iterable[str], params: ChainParams | None = None, *, backend: str = "auto"
    ) -> Consortium:
        """A consortium with keys from :func:`~minichain.consensus.seeded_keys` (lessons only).

        The keys are of the params' suite: SM2 keys when ``params.suite`` is
        :data:`~minichain.suite.GM`.
        """
        suite = (ChainParams.regtest(name="consortium") if params is None else params).suite
        return cls(seeded_keys(names, suite), params, backend=backend)

    @property
    def chain_id(self) -> str:
        """The chain id every signature commits to."""
        return self.params.name

    @property
    def final_height(self) -> int:
        """The height every node has made final."""
        return min(node.final_height for node in self.nodes.values())

    @property
    def ahead(self) -> PermissionedChain:
        """The node of the first member whose chain is furthest ahead: the chain as decided.

        Every block there is final on a quorum's certificate. A member can fall
        behind (it refused a block the others made final, or it was offline);
        it is not the one to read.
        """
        top = max(node.final_height for node in self.nodes.values())
        return next(node for node in self.nodes.values() if node.final_height == top)

    @property
    def behind(self) -> list[str]:
        """The members whose final height is below :attr:`ahead`'s, in rotation order."""
        top = self.ahead.final_height
        return [name for name, node in self.nodes.items() if node.final_height < top]

    def submit(self, tx: Transaction) -> Transaction:
        """Gossip a transaction into every node's mempool (each node checks it)."""
        for node in self.nodes.values():
            node.submit(tx)
        return tx

    def _members(self, names: Iterable[str], field_name: str) -> list[str]:
        if isinstance(names, str):
            raise WrongTypeError(field_name, "must be a list of names, not one str")
        chosen = list(names)
        for name in chosen:
            self.validators.member(name, field_name)
        return chosen

    def run_height(
        self, silent: Iterable[str] = (), equivocators: Iterable[str] = ()
    ) -> list[Event]:
        """Decide the next height; return what happened, event by event (kept in :attr:`trace`).

        Args:
            silent: members that send nothing at this height (they still
                listen). A silent proposer makes the others change view.
            equivocators: members that also sign a second, conflicting block:
                a second vote, and a second proposal if it is their turn to
                propose. Both their votes go out before any other member's
                (the one for the proposed block first), so every node sees
                them before the height is final.

        The height decided is the one above the members furthest ahead. A
        member that has fallen behind them takes no part and hears nothing of
        a height it has not reached (it would refuse it as a future height); it
        catches up with the certificates of the heights it missed
        (:meth:`PermissionedChain.receive_certificate`).

        Raises:
            NotAMemberError: a name that is not a member.
        """
        quiet = set(self._members(silent, "silent"))
        double = self._members(equivocators, "equivocators")
        events: list[Event] = []
        leader = self.ahead
        height = leader.height
        for name in self.behind:
            quiet.add(name)
            events.append(
                Event(
                    height,
                    leader.view,
                    "behind",
                    f"{name} is behind at final height {self.nodes[name].final_height} and "
                    "takes no part until it catches up with certificates",
                )
            )
        speaking = [name for name in self.nodes if name not in quiet]
        quorum = self.validators.quorum
        if len(speaking) < quorum:
            events.append(
                Event(
                    height,
                    leader.view,
                    "stalled",
                    f"only {len(speaking)} of {self.validators.n} members speak; no quorum of "
                    f"{quorum} can form, so nothing is final",
                )
            )
            return self._record(events)
        for _ in range(self.validators.n):
            view = leader.view
            proposer = self.validators.proposer(height, view)
            if proposer.name in quiet:
                events.append(Event(height, view, "silent", f"{proposer.name} is silent"))
            else:
                self._propose_and_vote(proposer, speaking, double, events)
                if self.ahead.final_height >= height:  # the leader itself may refuse
                    return self._record(events)
                events.append(
                    Event(height, view, "stalled", "no block reached a quorum in this view")
                )
            self._change_view(height, view, speaking, events)
        events.append(
            Event(height, leader.view, "stalled", "every member's turn passed without a block")
        )
        return self._record(events)

    def _record(self, events: list[Event]) -> list[Event]:
        self.trace.extend(events)
        return events

    def _propose_and_vote(
        self, proposer: Validator, speaking: list[str], double: list[str], events: list[Event]
    ) -> None:
        node = self.nodes[proposer.name]
        height, view = node.height, node.view
        proposal, block = node.propose()
        events.append(
            Event(
                height,
                view,
                "propose",
                f"{proposer.name} proposes block {short_hex(block.hash)} "
                f"({len(block.transactions) - 1} transactions)",
            )
        )
        votes: dict[str, Vote] = {}
        first_vote = node.my_vote
        if first_vote is not None:
            votes[proposer.name] = first_vote
        self._send(proposer.name, _PROPOSAL, (proposal, block))
        for name, _, vote in self._deliver():
            if isinstance(vote, Vote) and name in speaking:
                votes[name] = vote
        outbox: list[Vote] = []
        for name in double:  # the equivocators speak first: both of their signatures
            second = self._second_block(name)
            if name == proposer.name:
                self._double_propose(proposer, second, events)
            if name in votes:
                outbox += [votes.pop(name), self._sign_vote(name, second.hash)]
        outbox += votes.values()
        events.append(
            Event(
                height,
                view,
                "votes",
                f"{len(set(v.validator for v in outbox))} of {self.validators.n} members vote for "
                f"{short_hex(block.hash)}",
            )
        )
        late = Counter[str]()
        for vote in outbox:
            self._send(vote.validator, _VOTE, vote)
        for _, message, outcome in self._deliver():
            if isinstance(outcome, ReplayError) and isinstance(message, Vote):
                late[message.validator] += 1
            # an EquivocationError: the node keeps the evidence; reported below
        self._report_evidence(height, view, events)
        final = [n.certificates[height] for n in self.nodes.values() if n.final_height >= height]
        if not final:
            return
        sizes = sorted({len(certificate.votes) for certificate in final})
        events.append(
            Event(
                height,
                view,
                "final",
                f"block {short_hex(final[0].block_hash)} is final at {len(final)} of "
                f"{len(self.nodes)} nodes, each with a certificate of "
                f"{' or '.join(map(str, sizes))} votes (quorum {self.validators.quorum} = n - f, "
                f"f = {self.validators.f})",
            )
        )
        if late:
            events.append(
                Event(
                    height,
                    view,
                    "late votes",
                    f"{sum(late.values())} vote deliveries came after their node had "
                    "finalised the height and were refused as replays",
                )
            )

    def _second_block(self, name: str) -> Block:
        """A conflicting block an equivocator signs: same parent, another coinbase."""
        node = self.nodes[name]
        return build_block(node.chain, self._keys[name].address, [], note=b"second block")

    def _sign_vote(self, name: str, block_hash: bytes) -> Vote:
        """A vote signed with a member's key directly, past its node's one-block rule."""
        height = self.nodes[name].height
        return Vote.signed(self._keys[name], name, self.chain_id, height, block_hash)

    def _double_propose(self, proposer: Validator, second: Block, events: list[Event]) -> None:
        """The proposer signs a second proposal in the same view and sends it to everyone."""
        node = self.nodes[proposer.name]
        proposal = Proposal.signed(
            self._keys[proposer.name],
            proposer.name,
            self.chain_id,
            node.height,
            node.view,
            second.hash,
        )
        self._send(proposer.name, _PROPOSAL, (proposal, second))
        refused = sum(isinstance(outcome, EquivocationError) for *_, outcome in self._deliver())
        events.append(
            Event(
                node.height,
                node.view,
                "propose",
                f"{proposer.name} also proposes block {short_hex(second.hash)} in the same "
                f"view; {refused} nodes refuse it",
            )
        )

    def _report_evidence(self, height: int, view: int, events: list[Event]) -> None:
        """Gather the nodes' new evidence, check each with the validator set alone, report it."""
        reported = {(e.validator, e.first, e.second) for e in self.evidence}
        found: dict[tuple[str, str], tuple[Equivocation, int]] = {}
        for node in self.nodes.values():
            for evidence in node.evidence:
                if evidence.height != height:
                    continue
                if (evidence.validator, evidence.first, evidence.second) in reported:
                    continue
                key = (evidence.validator, evidence.first.kind)
                earliest, count = found.get(key, (evidence, 0))
                found[key] = (earliest, count + 1)
        for (validator, kind), (evidence, count) in found.items():
            evidence.verify(self.validators, self.chain_id)
            self.evidence.append(evidence)
            message = evidence.first
            place = (
                f"in view {message.view}"
                if isinstance(message, Proposal)
                else f"at height {height}"
            )
            blocks = f"{short_hex(message.block_hash)} and {short_hex(evidence.second.block_hash)}"
            events.append(
                Event(
                    height,
                    view,
                    "equivocation",
                    f"{validator} signed {kind}s for two blocks {place} ({blocks}); {count} "
                    f"nodes hold both {kind}s as evidence, checkable with the validator set alone",
                )
            )

    def _change_view(
        self, height: int, view: int, speaking: list[str], events: list[Event]
    ) -> None:
        """Every speaking member times out at once and signs; then the messages go out."""
        for name in speaking:
            self._send(name, _VIEW_CHANGE, self.nodes[name].request_view_change())
        self._deliver()
        moved = sum(1 for node in self.nodes.values() if node.view == view + 1)
        events.append(
            Event(
                height,
                view,
                "view change",
                f"{len(speaking)} members sign a view change to view {view + 1} (quorum "
                f"{self.validators.quorum}); {moved} of {len(self.nodes)} nodes move on",
            )
        )

    # --- messages ----------------------------------------------------------------------

    def _send(self, sender: str, kind: int, payload: object) -> None:
        """``sender`` sends a message to every other node at its height, in rotation order,
        with no latency (a node behind would refuse it as a future height)."""
        height = self.nodes[sender].height
        for name, node in self.nodes.items():
            if name != sender and node.height == height:
                self.events.send(0.0, kind, sender, name, payload)

    #: Refusals a node may answer a delivered message with (anything else is a bug).
    _tolerated: tuple[type[Exception], ...] = (ReplayError, EquivocationError)

    def _deliver(self) -> list[tuple[str, object, object]]:
        """Deliver every message sent, in the order sent: ``(receiver, message, outcome)`` each.

        The outcome is what the receiving node returned, or the
        :class:`~minichain.errors.ReplayError` or
        :class:`~minichain.errors.EquivocationError` it refused the message with
        (a late vote, a second block); any other refusal is a bug and raised.
        A view change reaches only the nodes still in an earlier view.
        """
        outcomes: list[tuple[str, object, object]] = []
        while len(self.events):
            _, _, name, message = self.events.pop()
            node = self.nodes[str(name)]
            outcome: object = None
            try:
                if isinstance(message, Vote):
                    outcome = node.receive_vote(message)
                elif isinstance(message, ViewChange):
                    if node.view < message.new_view:
                        outcome = node.receive_view_change(message)
                elif isinstance(message, tuple):
                    message, block = message
                    outcome = node.receive_proposal(message, block)
            except self._tolerated as error:
                outcome = error
            outcomes.append((str(name), message, outcome))
        return outcomes
