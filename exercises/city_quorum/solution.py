"""Nineteen of twenty-seven: the reference solution."""

from minichain.consensus import Equivocation, ValidatorSet, Vote, default_verify
from minichain.errors import AuthorityError


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
