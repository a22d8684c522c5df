"""Nineteen of twenty-seven: fill in the five functions marked TODO."""

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
    # TODO: no quorum of speaking members -> None; else try views 0, 1, 2, ... in turn.
    raise NotImplementedError("first_live_view")


def reached_view(
    validators: ValidatorSet, chain_id: str, height: int, changes: list[ViewChange]
) -> int:
    """The view a node deciding ``height`` is in after receiving ``changes`` in order (from 0)."""
    # TODO: skip stale and badly signed view changes; count signers per new view;
    # move when a quorum asks for the same view.
    raise NotImplementedError("reached_view")


def is_final(
    validators: ValidatorSet, chain_id: str, height: int, block_hash: bytes, votes: list[Vote]
) -> bool:
    """Whether valid votes of at least a quorum of distinct members sign this block."""
    # TODO: skip votes for anything else and votes that fail check_signed; count members once.
    raise NotImplementedError("is_final")


def certificate_rule(
    validators: ValidatorSet, chain_id: str, proposal: Proposal, certificate: CommitCertificate
) -> str | None:
    """The first rule the proposal and its certificate break, or None: the block is final."""
    # TODO: rebuild the bytes a proposal and a vote sign; check the proposer, its signature,
    # the certificate's height and block, then every vote, then the quorum.
    raise NotImplementedError("certificate_rule")


def find_equivocators(
    validators: ValidatorSet, chain_id: str, votes: list[Vote]
) -> dict[str, Equivocation]:
    """Every member with valid votes for two blocks at one height, with the two votes as proof."""
    # TODO: remember each member's first valid vote per height; a different block is evidence.
    raise NotImplementedError("find_equivocators")
