"""Merkle trees and inclusion proofs, exactly as Bitcoin builds them.

A block header commits to all of its transactions with one 32-byte value, the
Merkle root. Bitcoin's rules (Bitcoin Core ``consensus/merkle.cpp``):

* the leaves are 32-byte digests (transaction ids) in internal byte order;
* each parent is ``sha256d(left + right)``;
* a level with an odd number of nodes pairs its last node with itself;
* a single leaf is its own root; an empty list has no root.

An inclusion proof lists the siblings on the path from one leaf to the root,
so a verifier who trusts the root needs ``log2(n)`` hashes, not all ``n``
leaves. This is how a court receipt or an e-invoice receipt can prove that one
record was anchored in a batch without revealing the others.

Duplicating the odd last node has a price, CVE-2012-2459: the lists
``[a, b, c]`` and ``[a, b, c, c]`` have the same root. :func:`find_mutation`
reports the pattern that gives it away, two identical siblings on one level,
which is how Bitcoin Core detects such a "mutated" block.

**Another hash.** Every function takes ``node_hash``, the function that makes
a parent from ``left + right``: ``None`` means Bitcoin's ``sha256d``. A chain of
the national suite (:mod:`minichain.suite`) builds the same tree with SM3, as
FISCO BCOS's 国密 build does; the shape and the rules above stay the same.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from minichain.errors import MerkleError, WrongTypeError, describe_type, require_bytes, require_int

HASH_SIZE = 32
"""Length in bytes of every node of the tree."""

NodeHash = Callable[[bytes], bytes]
"""How a parent is made from ``left + right`` (64 bytes): a 32-byte hash function."""


def tree_depth(leaf_count: int) -> int:
    """Number of levels above the leaves: 0 for one leaf, 1 for two, 2 for three or four.

    This is also the number of siblings in every inclusion proof.
    """
    require_int(leaf_count, "leaf_count", 1, 2**63)
    return (leaf_count - 1).bit_length()


def _checked_leaves(leaves: Iterable[bytes]) -> list[bytes]:
    """Copy ``leaves`` into a list, refusing anything that is not a 32-byte digest."""
    if isinstance(leaves, (bytes, bytearray, memoryview, str)):
        raise WrongTypeError(
            "leaves",
            "must be a list of 32-byte hashes, got one {leaves_type} value",
            leaves_type=describe_type(leaves),
        )
    try:
        checked = list(leaves)
    except TypeError:
        raise WrongTypeError(
            "leaves",
            "must be a list of 32-byte hashes, got {leaves_type}",
            leaves_type=describe_type(leaves),
        ) from None
    if not checked:
        raise MerkleError("leaves", "a Merkle tree needs at least one leaf, got none")
    # The common case, all bytes of the right size, is checked by two passes in C;
    # only otherwise does a Python loop look for the culprit (or convert bytearrays).
    if set(map(type, checked)) != {bytes} or set(map(len, checked)) != {HASH_SIZE}:
        for position, leaf in enumerate(checked):
            checked[position] = require_bytes(leaf, f"leaves[{position}]", HASH_SIZE)
    return checked


# --8<-- [start:parent_level]
def _parent_level(level: list[bytes], node_hash: NodeHash | None = None) -> list[bytes]:
    """Hash each pair of ``level`` into the next level up (duplicating an odd last node).

    Without ``node_hash`` this is :func:`minichain.hashing.sha256d` inlined: a tree
    of a million leaves calls it a million times, and the call overhead would
    cost a fifth of the time.
    """
    if len(level) % 2:
        level = level + [level[-1]]
    pairs = iter(level)
    if node_hash is not None:
        return [node_hash(left + right) for left, right in zip(pairs, pairs)]
    sha = hashlib.sha256
    return [sha(sha(left + right).digest()).digest() for left, right in zip(pairs, pairs)]


# --8<-- [end:parent_level]


def merkle_levels(
    leaves: Iterable[bytes], *, node_hash: NodeHash | None = None
) -> list[list[bytes]]:
    """Return every level of the tree, leaves first and ``[root]`` last.

    Useful to draw a tree or to answer many proofs from one computation.
    ``node_hash`` makes parents (``None``: ``sha256d``, see the module docstring).

    Raises:
        MerkleError: ``leaves`` is empty.
        EncodingError: a leaf is not 32 bytes long.
        WrongTypeError: ``leaves`` is not a list of bytes.
    """
    levels = [_checked_leaves(leaves)]
    while len(levels[-1]) > 1:
        levels.append(_parent_level(levels[-1], node_hash))
    return levels


# --8<-- [start:merkle_root]
def merkle_root(leaves: Iterable[bytes], *, node_hash: NodeHash | None = None) -> bytes:
    """Return the 32-byte Merkle root of ``leaves`` (Bitcoin's ``ComputeMerkleRoot``).

    Args:
        leaves: transaction ids or other 32-byte digests, in internal byte order.
        node_hash: makes a parent from ``left + right``; ``None`` for ``sha256d``.

    Raises:
        MerkleError: ``leaves`` is empty.
        EncodingError: a leaf is not 32 bytes long.
        WrongTypeError: ``leaves`` is not a list of bytes.
    """
    level = _checked_leaves(leaves)
    while len(level) > 1:
        level = _parent_level(level, node_hash)
    return level[0]


# --8<-- [end:merkle_root]


@dataclass(frozen=True)
class MerkleMutation:
    """Where a leaf list shows the CVE-2012-2459 pattern.

    Attributes:
        level: 0 for the leaves, 1 for their parents, and so on.
        position: index of the left node of the identical pair within that level.
    """

    level: int
    position: int


# --8<-- [start:find_mutation]
def find_mutation(
    leaves: Iterable[bytes], *, node_hash: NodeHash | None = None
) -> MerkleMutation | None:
    """Report the first pair of identical siblings in the tree, or ``None``.

    Two identical siblings mean the same root could come from a shorter list
    whose odd last node was duplicated by the rules (CVE-2012-2459). Bitcoin
    Core's ``ComputeMerkleRoot`` sets its ``mutated`` flag on exactly this
    condition and rejects such a block. Only real pairs count: the copy made
    for an odd last node is not a mutation.

    Raises:
        MerkleError: ``leaves`` is empty.
        EncodingError: a leaf is not 32 bytes long.
    """
    for depth, level in enumerate(merkle_levels(leaves, node_hash=node_hash)):
        for position in range(0, len(level) - 1, 2):
            if level[position] == level[position + 1]:
                return MerkleMutation(level=depth, position=position)
    return None


# --8<-- [end:find_mutation]


@dataclass(frozen=True)
class MerkleProof:
    """The siblings on the path from one leaf up to the root.

    Attributes:
        index: position of the proven leaf, counting from 0.
        leaf_count: number of leaves in the tree; fixes the shape of the path.
        siblings: one 32-byte hash per level, from the leaves upwards. Where a
            node is the odd last one of its level, its sibling is itself.
    """

    index: int
    leaf_count: int
    siblings: tuple[bytes, ...]

    def __post_init__(self) -> None:
        require_int(self.leaf_count, "leaf_count", 1, 2**63)
        require_int(self.index, "index", 0, self.leaf_count - 1)
        if isinstance(self.siblings, (bytes, bytearray, str)) or not isinstance(
            self.siblings, (tuple, list)
        ):
            raise WrongTypeError(
                "siblings",
                "must be a tuple of 32-byte hashes, got {siblings_type}",
                siblings_type=describe_type(self.siblings),
            )
        siblings = tuple(
            require_bytes(sibling, f"siblings[{level}]", HASH_SIZE)
            for level, sibling in enumerate(self.siblings)
        )
        expected = tree_depth(self.leaf_count)
        if len(siblings) != expected:
            raise MerkleError(
                "siblings",
                "a tree of {leaf_count} leaves needs {expected} siblings, got {siblings_size}",
                leaf_count=self.leaf_count,
                expected=expected,
                siblings_size=len(siblings),
            )
        object.__setattr__(self, "siblings", siblings)


# --8<-- [start:proof_from_levels]
def proof_from_levels(levels: list[list[bytes]], index: int) -> MerkleProof:
    """Build the proof for leaf ``index`` from levels made by :func:`merkle_levels`."""
    leaf_count = len(levels[0])
    require_int(index, "index", 0, leaf_count - 1)
    siblings = []
    position = index
    for level in levels[:-1]:
        partner = position ^ 1  # the other child of the same parent
        siblings.append(level[partner] if partner < len(level) else level[position])
        position //= 2
    return MerkleProof(index=index, leaf_count=leaf_count, siblings=tuple(siblings))


# --8<-- [end:proof_from_levels]


def merkle_proof(
    leaves: Iterable[bytes], index: int, *, node_hash: NodeHash | None = None
) -> MerkleProof:
    """Return the inclusion proof of ``leaves[index]`` (``node_hash`` as in :func:`merkle_root`).

    Raises:
        MerkleError: ``leaves`` is empty.
        OutOfRangeError: ``index`` is not a position in ``leaves``.
        EncodingError: a leaf is not 32 bytes long.
    """
    return proof_from_levels(merkle_levels(leaves, node_hash=node_hash), index)


# --8<-- [start:verify_proof]
def verify_proof(
    leaf: bytes, proof: MerkleProof, root: bytes, *, node_hash: NodeHash | None = None
) -> bool:
    """Return ``True`` if ``proof`` shows that ``leaf`` is in the tree with ``root``.

    The leaf is hashed upwards with each sibling, on the side the index bits
    say: bit ``k`` of the index is 0 where the path goes through a left child
    at level ``k``. Where the path runs through the odd last node of a level,
    the sibling must be that node itself, as the tree-building rule says.
    ``node_hash`` must be the tree's (``None``: ``sha256d``).

    Raises:
        EncodingError: ``leaf`` or ``root`` is not 32 bytes long.
        WrongTypeError: ``proof`` is not a :class:`MerkleProof`.
    """
    node = require_bytes(leaf, "leaf", HASH_SIZE)
    root = require_bytes(root, "root", HASH_SIZE)
    if not isinstance(proof, MerkleProof):
        raise WrongTypeError(
            "proof", "must be a MerkleProof, got {proof_type}", proof_type=describe_type(proof)
        )
    sha = hashlib.sha256
    position, width = proof.index, proof.leaf_count
    for sibling in proof.siblings:
        is_odd_last = position == width - 1 and width % 2 == 1
        if is_odd_last and sibling != node:
            return False
        pair = sibling + node if position % 2 else node + sibling
        node = sha(sha(pair).digest()).digest() if node_hash is None else node_hash(pair)
        position, width = position // 2, (width + 1) // 2
    return node == root


# --8<-- [end:verify_proof]
