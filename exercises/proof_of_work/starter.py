"""What it costs to rewrite an anchored block: fill in the three functions marked TODO."""

from minichain.header import BlockHeader
from minichain.pow import block_work, meets_target, mine


def anchor(prev_hash: bytes, evidence_root: bytes, timestamp: int, bits: int) -> BlockHeader:
    """The mined header (version 1) that anchors ``evidence_root`` after block ``prev_hash``."""
    # TODO: build the header with nonce 0 and let minichain's miner find the nonce.
    raise NotImplementedError("anchor")


def work_to_rewrite(headers: list[BlockHeader], height: int) -> int:
    """Expected hashes to redo the block at ``height`` and every block after it."""
    # TODO: add up block_work of the bits of headers[height], headers[height + 1], ...
    raise NotImplementedError("work_to_rewrite")


def forgery_overtakes(honest: list[BlockHeader], forged: list[BlockHeader]) -> bool:
    """Whether a node would give up the ``honest`` blocks for the ``forged`` branch."""
    # TODO: every forged header meets its target and links to the one before; then compare work.
    raise NotImplementedError("forgery_overtakes")
