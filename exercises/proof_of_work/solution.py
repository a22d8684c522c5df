"""What it costs to rewrite an anchored block: the reference solution."""

from minichain.header import BlockHeader
from minichain.pow import block_work, meets_target, mine


def anchor(prev_hash: bytes, evidence_root: bytes, timestamp: int, bits: int) -> BlockHeader:
    """The mined header (version 1) that anchors ``evidence_root`` after block ``prev_hash``."""
    ### BEGIN SOLUTION
    return mine(BlockHeader(1, prev_hash, evidence_root, timestamp, bits, 0))
    ### END SOLUTION


def work_to_rewrite(headers: list[BlockHeader], height: int) -> int:
    """Expected hashes to redo the block at ``height`` and every block after it."""
    ### BEGIN SOLUTION
    return sum(block_work(header.bits) for header in headers[height:])
    ### END SOLUTION


def forgery_overtakes(honest: list[BlockHeader], forged: list[BlockHeader]) -> bool:
    """Whether a node would give up the ``honest`` blocks for the ``forged`` branch."""
    ### BEGIN SOLUTION
    if not all(meets_target(header) for header in forged):
        return False
    for before, after in zip(forged, forged[1:]):
        if after.prev_hash != before.hash():
            return False
    return work_to_rewrite(forged, 0) > work_to_rewrite(honest, 0)
    ### END SOLUTION
