"""Nineteen of twenty-seven: fill in the three functions marked TODO."""

from minichain.consensus import Equivocation, ValidatorSet, Vote, default_verify
from minichain.errors import AuthorityError


def first_live_view(
    validators: ValidatorSet, height: int, silent: set[str]
) -> tuple[int, str] | None:
    """The first view at ``height`` whose proposer speaks, and its name; None without a quorum."""
    # TODO: no quorum of speaking members -> None; else try views 0, 1, 2, ... in turn.
    raise NotImplementedError("first_live_view")


def is_final(
    validators: ValidatorSet, chain_id: str, height: int, block_hash: bytes, votes: list[Vote]
) -> bool:
    """Whether valid votes of at least a quorum of distinct members sign this block."""
    # TODO: skip votes for anything else and votes that fail check_signed; count members once.
    raise NotImplementedError("is_final")


def find_equivocators(
    validators: ValidatorSet, chain_id: str, votes: list[Vote]
) -> dict[str, Equivocation]:
    """Every member with valid votes for two blocks at one height, with the two votes as proof."""
    # TODO: remember each member's first valid vote per height; a different block is evidence.
    raise NotImplementedError("find_equivocators")
