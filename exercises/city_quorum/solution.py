"""Nineteen of twenty-seven: the reference solution."""

from minichain.consensus import (
    PROPOSAL_TAG,
    VOTE_TAG,
    CommitCertificate,
    Equivocation,
    Proposal,
    ValidatorSet,
    ViewChange,
    Vote,
    default_verify,
)
from minichain.errors import AuthorityError, MinichainError
from minichain.hashing import sha256d
from minichain.keys import Signature


def first_live_view(
    validators: ValidatorSet, height: int, silent: set[str]
) -> tuple[int, str] | None:
    """The first view at ``height`` whose proposer speaks, and its name; None without a quorum."""
    ### BEGIN SOLUTION
    if validators.n - len(silent) < validators.quorum:
        return None  # no view change, and no block, can gather a quorum
    for view in range(validators.n):
        proposer = validators.proposer(height, view).name
        if proposer not in silent:
            return view, proposer
    return None
    ### END SOLUTION


def reached_view(
    validators: ValidatorSet, chain_id: str, height: int, changes: list[ViewChange]
) -> int:
    """The view a node deciding ``height`` is in after receiving ``changes`` in order (from 0)."""
    ### BEGIN SOLUTION
    verify = default_verify()
    view = 0
    signers: dict[int, set[str]] = {}
    for change in changes:
        if change.height != height or change.new_view <= view:
            continue  # another height, or a view the node has already left
        try:
            validators.check_signed(change, chain_id, verify)
        except AuthorityError:
            continue
        names = signers.setdefault(change.new_view, set())
        names.add(change.validator)
        if len(names) >= validators.quorum:
            view = change.new_view
    return view
    ### END SOLUTION


def is_final(
    validators: ValidatorSet, chain_id: str, height: int, block_hash: bytes, votes: list[Vote]
) -> bool:
    """Whether valid votes of at least a quorum of distinct members sign this block."""
    ### BEGIN SOLUTION
    verify = default_verify()
    signers = set()
    for vote in votes:
        if vote.height != height or vote.block_hash != block_hash:
            continue
        try:
            validators.check_signed(vote, chain_id, verify)
        except AuthorityError:
            continue
        signers.add(vote.validator)
    return len(signers) >= validators.quorum
    ### END SOLUTION


def certificate_rule(
    validators: ValidatorSet, chain_id: str, proposal: Proposal, certificate: CommitCertificate
) -> str | None:
    """The first rule the proposal and its certificate break, or None: the block is final."""
    ### BEGIN SOLUTION
    chain = chain_id.encode()
    prefix = len(chain).to_bytes(2, "little") + chain

    def signed_by(name: str, message: bytes, signature: bytes) -> bool:
        try:
            key = validators.member(name).public_key
            return key.verify(message, Signature.parse_der(signature))
        except MinichainError:  # not a member, or not a DER signature
            return False

    height, view = proposal.height, proposal.view
    if proposal.proposer != validators.proposer(height, view).name:
        return "wrong-proposer"
    proposed = (
        PROPOSAL_TAG
        + prefix
        + height.to_bytes(8, "little")
        + view.to_bytes(4, "little")
        + proposal.block_hash
    )
    if not signed_by(proposal.proposer, sha256d(proposed), proposal.signature):
        return "bad-proposal-signature"
    if certificate.height != height:
        return "wrong-height"
    if certificate.block_hash != proposal.block_hash:
        return "wrong-block"
    voted = sha256d(VOTE_TAG + prefix + height.to_bytes(8, "little") + certificate.block_hash)
    seen = set()
    for vote in certificate.votes:
        if vote.height != height:
            return "wrong-height"
        if vote.block_hash != certificate.block_hash:
            return "wrong-block"
        if vote.validator in seen:
            return "duplicate-vote"
        if vote.validator not in validators:
            return "not-a-member"
        if not signed_by(vote.validator, voted, vote.signature):
            return "bad-signature"
        seen.add(vote.validator)
    if len(seen) < validators.quorum:
        return "no-quorum"
    return None
    ### END SOLUTION


def find_equivocators(
    validators: ValidatorSet, chain_id: str, votes: list[Vote]
) -> dict[str, Equivocation]:
    """Every member with valid votes for two blocks at one height, with the two votes as proof."""
    ### BEGIN SOLUTION
    verify = default_verify()
    seen: dict[tuple[str, int], Vote] = {}
    found: dict[str, Equivocation] = {}
    for vote in votes:
        try:
            validators.check_signed(vote, chain_id, verify)
        except AuthorityError:
            continue
        first = seen.setdefault((vote.validator, vote.height), vote)
        if first.block_hash != vote.block_hash and vote.validator not in found:
            found[vote.validator] = Equivocation(vote.validator, first, vote)
    return found
    ### END SOLUTION
