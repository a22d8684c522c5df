"""Validating a chain of 1000 blocks x 10 signed transactions: signatures against the rest.

One chain is built once (regtest, so mining costs nothing; 20 wallets paying one
another). Every measurement then feeds *fresh copies* of its blocks, parsed
again from bytes outside the timing, so that no cached txid, hash or size
carries over from one node to the next: each node pays for what a node that
received the blocks from the network would pay for.

* ``validate_overhead_ratio``: a fresh ``Blockchain(backend="ecdsa")`` adding
  every block, divided by a fresh ``SignatureChecker("ecdsa")`` verifying the
  same signatures (messages computed beforehand), alternating every 50 blocks.
* ``validate_1000x10_s[backend]``: the first of those, for each backend.
* ``revalidate_cached_us_per_tx``: a node whose verified-txid cache already
  holds every transaction (as after :meth:`Blockchain.open`) adding the blocks.
* ``append_cost_ratio``: adding block 1000 / adding block 10 to a chain kept in
  SQLite: medians of rounds that each add the next block to both chains.
* ``reorg_10_ms[backend]``: the block that makes an 11-block branch overtake
  the last 10 blocks (disconnect 10, connect 11 with 110 new signatures,
  rebuild the mempool).
"""

from __future__ import annotations

import gc
import heapq
import statistics
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from functools import partial
from pathlib import Path

from bench.common import cpu_seconds, report, seconds
from minichain.chain import Added, Blockchain
from minichain.keys import PrivateKey
from minichain.ledger import Block
from minichain.miner import mine_block
from minichain.params import ChainParams
from minichain.sigcache import BACKENDS, SignatureChecker, best_backend, coincurve_available
from minichain.store import BlockStatus, ChainStore
from minichain.tx import OutPoint, Transaction, TxIn, TxOut, sign

WALLETS = 20
BLOCKS = 1000
TXS_PER_BLOCK = 10
REORG_DEPTH = 10
ROUNDS = 3
CACHED_ROUNDS = 7
CHUNK = 10
APPEND_WARMUP, APPEND_ROUNDS = 3, 21
APPEND_EARLY, APPEND_LATE = 10, 1000

PARAMS = ChainParams.regtest()
KEYS = [PrivateKey.from_seed(f"w{i}") for i in range(WALLETS)]


def payment_signer() -> Callable[[Transaction, int], Transaction]:
    """Signs a payment with wallet ``index``'s key, as :func:`minichain.tx.sign` does.

    With coincurve, libsecp256k1 makes the same RFC 6979 low-S signatures ten
    times faster; the first one is checked against minichain's own.
    """
    if not coincurve_available():
        return lambda tx, index: sign(tx, KEYS[index], PARAMS.name)
    import coincurve

    secs = [key.public_key.sec() for key in KEYS]
    fast = [coincurve.PrivateKey(key.secret.to_bytes(32, "big")) for key in KEYS]

    def sign_fast(tx: Transaction, index: int) -> Transaction:
        inputs = tuple(TxIn(tx_in.prevout, secs[index]) for tx_in in tx.inputs)
        der = fast[index].sign(replace(tx, inputs=inputs).signature_hash(PARAMS.name))
        return replace(tx, inputs=tuple(TxIn(i.prevout, i.public_key, der) for i in inputs))

    sample = Transaction((TxIn(OutPoint(bytes(32), 0)),), (TxOut(bytes(20), 1),))
    if sign_fast(sample, 0) != sign(sample, KEYS[0], PARAMS.name):
        raise RuntimeError("coincurve and minichain sign differently")
    return sign_fast


class Wallets:
    """The spendable outputs of the bench's wallets, largest first for each wallet."""

    def __init__(self) -> None:
        self.sign = payment_signer()
        self.coins: list[list[tuple[int, bytes, int, OutPoint]]] = [[] for _ in KEYS]
        self.hashes = [key.public_key.key_hash for key in KEYS]
        self.count = 0
        self.next_payer = 0

    @classmethod
    def at_tip(cls, chain: Blockchain) -> Wallets:
        """The wallets' coins in ``chain``'s UTXO set (all spendable in the next block)."""
        wallets = cls()
        for index, owner in enumerate(wallets.hashes):
            for outpoint, coin in chain.utxo.owned_by(owner).items():
                wallets.receive(index, outpoint, coin.output.amount)
        return wallets

    def receive(self, wallet: int, outpoint: OutPoint, amount: int) -> None:
        self.count += 1
        heapq.heappush(self.coins[wallet], (-amount, outpoint.txid, outpoint.index, outpoint))

    def payment(self, salt: int) -> Transaction:
        """The next wallet with coins pays 1 to 3 coins from its largest output."""
        payer = next(
            (self.next_payer + k) % WALLETS
            for k in range(WALLETS)
            if self.coins[(self.next_payer + k) % WALLETS]
        )
        self.next_payer = (payer + 1) % WALLETS
        negative, _, _, outpoint = heapq.heappop(self.coins[payer])
        amount = -negative
        self.count += 1
        pay = min(amount, 1 + (self.count + salt) % 3)
        payee = (payer + 1 + (self.count * 7 + salt) % (WALLETS - 1)) % WALLETS
        outputs = [TxOut(self.hashes[payee], pay)]
        if amount > pay:
            outputs.append(TxOut(self.hashes[payer], amount - pay))
        tx = self.sign(Transaction((TxIn(outpoint),), tuple(outputs)), payer)
        # Outputs of a transaction may be spent later in the same block.
        self.receive(payee, OutPoint(tx.txid, 0), pay)
        if amount > pay:
            self.receive(payer, OutPoint(tx.txid, 1), amount - pay)
        return tx

    def mine(self, chain: Blockchain, blocks: int, salt: int = 0) -> list[Block]:
        """Mine ``blocks`` blocks of ``TXS_PER_BLOCK`` payments on ``chain``."""
        mined = []
        for _ in range(blocks):
            txs = [self.payment(salt) for _ in range(TXS_PER_BLOCK)]
            miner = (chain.height + 1 + salt) % WALLETS
            block = mine_block(chain, KEYS[miner].address, transactions=txs)
            self.receive(miner, OutPoint(block.transactions[0].txid, 0), block_reward(block))
            mined.append(block)
        return mined


def block_reward(block: Block) -> int:
    return block.transactions[0].outputs[0].amount


def build_chain() -> list[Block]:
    """Height 1 pays wallet 1 its first coins; every later block holds 10 payments.

    Heights 2 to 1001 are the chain the bench validates; the few after them
    are for ``append_cost_ratio``.
    """
    chain = Blockchain(PARAMS, backend=best_backend())
    wallets = Wallets()
    first = mine_block(chain, KEYS[1].address, transactions=[])
    wallets.receive(1, OutPoint(first.transactions[0].txid, 0), block_reward(first))
    return [first, *wallets.mine(chain, BLOCKS + APPEND_WARMUP + APPEND_ROUNDS)]


def build_rival(raws: list[bytes]) -> list[Block]:
    """REORG_DEPTH + 1 blocks of other payments from height ``tip - REORG_DEPTH``."""
    chain = Blockchain(PARAMS, backend=best_backend())
    shared = fresh(raws[:-REORG_DEPTH])
    for block in shared:  # verified once already, while the chain was built
        for tx in block.transactions:
            chain.checker.mark_verified(tx.txid, PARAMS.name)
    add_all(chain, shared)
    return Wallets.at_tip(chain).mine(chain, REORG_DEPTH + 1, salt=1)


@contextmanager
def inputs_frozen() -> Iterator[None]:
    """Keep the garbage collector off the objects that exist now: the bench's input blocks.

    A node receives blocks one at a time; a bench that parses all 1000 first
    holds 10,000 transactions in memory, and every full collection would scan
    them too: about 15 us per transaction that has nothing to do with the node.
    """
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def fresh(raws: list[bytes]) -> list[Block]:
    """The blocks as a node receives them: parsed again, nothing cached."""
    return [Block.parse(raw) for raw in raws]


def add_all(
    chain: Blockchain, blocks: list[Block], clock: Callable[[Callable[[], object]], float] = seconds
) -> float:
    """Seconds for ``chain`` to add ``blocks``; each must extend the chain."""
    results: list[Added] = []
    spent = clock(lambda: results.extend(chain.add_block(block) for block in blocks))
    if results != [Added.EXTENDED] * len(blocks):
        raise RuntimeError(f"a block did not extend the chain: {sorted(set(results))}")
    return spent


def reorg_seconds(chain: Blockchain, rival_raws: list[bytes]) -> float:
    """CPU seconds to add the rival block that makes ``chain`` reorganise."""
    rival = fresh(rival_raws)
    for block in rival[:-1]:
        if chain.add_block(block) is not Added.SIDE_BRANCH:
            raise RuntimeError("a rival block should wait on a side branch")
    results: list[Added] = []
    spent = cpu_seconds(lambda: results.append(chain.add_block(rival[-1])))
    if results != [Added.REORGANIZED] or chain.tip.hash != rival[-1].hash:
        raise RuntimeError(f"the rival branch did not take over: {results}")
    return spent


def signature_jobs(blocks: list[Block]) -> list[tuple[bytes, bytes, bytes]]:
    """``(key, message, signature)`` for every input of every payment."""
    jobs = []
    for block in blocks:
        for tx in block.transactions[1:]:
            message = tx.signature_hash(PARAMS.name)
            jobs += [(tx_in.public_key, message, tx_in.signature) for tx_in in tx.inputs]
    return jobs


def verify_seconds(checker: SignatureChecker, jobs: list[tuple[bytes, bytes, bytes]]) -> float:
    """CPU seconds for ``checker`` to verify every job (each must verify)."""
    results: list[bool] = []
    verify = checker.verify
    spent = cpu_seconds(lambda: results.extend(verify(key, msg, der) for key, msg, der in jobs))
    if not all(results):
        raise RuntimeError("a signature of the bench chain did not verify")
    return spent


def validate_beside_verify(
    raws: list[bytes], jobs: list[list[tuple[bytes, bytes, bytes]]]
) -> tuple[float, float, Blockchain]:
    """CPU seconds to add every block to a fresh ecdsa node and to verify its signatures alone.

    The signatures are verified by a fresh ecdsa checker (which caches keys as
    the node's does). The two alternate every ``CHUNK`` blocks, so that a
    change in the machine's load falls on both sides alike, and both count CPU
    time: wall-clock time would also count the moments another tenant held the core.
    """
    blocks = fresh(raws)
    chain = Blockchain(PARAMS, backend="ecdsa")
    checker = SignatureChecker("ecdsa")
    validating = verifying = 0.0
    with inputs_frozen():
        for n, start in enumerate(range(0, len(blocks), CHUNK)):
            if n % 2:
                verifying += verify_seconds(checker, jobs[n])
            validating += add_all(chain, blocks[start : start + CHUNK], cpu_seconds)
            if not n % 2:
                verifying += verify_seconds(checker, jobs[n])
    return validating, verifying, chain


def append_times(raws: list[bytes], backend: str) -> tuple[list[float], list[float]]:
    """Seconds to add blocks APPEND_EARLY... and APPEND_LATE... to chains kept in SQLite.

    Two chain files are written in one transaction each (blocks 1 to
    ``APPEND_EARLY - 1`` and 1 to ``APPEND_LATE - 1``) and opened as a node
    restarting would open them; then, round after round, the next block is
    added to each, side by side. Every timed block has 10 payments that this
    node has not verified yet, and is written to the file before ``add_block``
    returns. The first ``APPEND_WARMUP`` rounds are not counted (first key
    parses, cold SQLite pages).
    """
    early: list[float] = []
    late: list[float] = []
    with tempfile.TemporaryDirectory() as directory:
        chains = []
        for height in (APPEND_EARLY, APPEND_LATE):
            path = Path(directory) / f"to-{height}.chain"
            store = ChainStore(path, PARAMS)
            store.save([(block, BlockStatus.VALID) for block in fresh(raws[: height - 1])], {}, [])
            store.close()
            chains.append(Blockchain.open(path, PARAMS, backend=backend))
        try:
            for round_ in range(APPEND_WARMUP + APPEND_ROUNDS):
                pairs = [(chains[0], APPEND_EARLY, early), (chains[1], APPEND_LATE, late)]
                for chain, height, times in pairs[:: 1 if round_ % 2 else -1]:
                    if chain.height != height + round_ - 1:
                        raise RuntimeError("the stored chain is not where the bench expects it")
                    times.append(add_all(chain, fresh([raws[height + round_ - 1]])))
        finally:
            for chain in chains:
                chain.close()
    return early[APPEND_WARMUP:], late[APPEND_WARMUP:]


def chunked_jobs(raws: list[bytes]) -> list[list[tuple[bytes, bytes, bytes]]]:
    """The signature jobs of the blocks, ``CHUNK`` blocks at a time."""
    blocks = fresh(raws)
    return [signature_jobs(blocks[start : start + CHUNK]) for start in range(0, len(blocks), CHUNK)]


def validation_rounds(
    raws: list[bytes],
    rival_raws: list[bytes],
    jobs: list[list[tuple[bytes, bytes, bytes]]],
    backends: list[str],
) -> tuple[dict[str, list[float]], dict[str, list[float]], list[float]]:
    """Full validation and reorg seconds by backend, and seconds of the signatures alone."""
    validate: dict[str, list[float]] = {backend: [] for backend in backends}
    reorg: dict[str, list[float]] = {backend: [] for backend in backends}
    verify: list[float] = []
    for _ in range(ROUNDS):
        for backend in backends:
            gc.collect()  # each node starts on a clean heap: only its own garbage counts
            if backend == "ecdsa":
                validating, verifying, chain = validate_beside_verify(raws, jobs)
                verify.append(verifying)
            else:
                chain, blocks = Blockchain(PARAMS, backend=backend), fresh(raws)
                with inputs_frozen():
                    validating = add_all(chain, blocks, cpu_seconds)
            validate[backend].append(validating)
            reorg[backend].append(reorg_seconds(chain, rival_raws))
            del chain
    return validate, reorg, verify


def cached_rounds(raws: list[bytes]) -> list[float]:
    """CPU seconds to add every block to a node that has all their txids in its verified cache."""
    times = []
    for _ in range(CACHED_ROUNDS):
        gc.collect()
        chain = Blockchain(PARAMS, backend="ecdsa")
        copies = fresh(raws)
        for block in copies:  # what Blockchain.open does for blocks stored as valid
            for tx in block.transactions:
                chain.checker.mark_verified(tx.txid, PARAMS.name)
        with inputs_frozen():
            times.append(cpu_seconds(partial(add_all, chain, copies)))
        del chain, copies
    return times


def main() -> None:
    all_raws = [block.serialize() for block in build_chain()]
    raws = all_raws[: 1 + BLOCKS]
    rival_raws = [block.serialize() for block in build_rival(raws)]
    jobs = chunked_jobs(raws)
    payments = BLOCKS * TXS_PER_BLOCK
    backends = [b for b in BACKENDS if b != "coincurve" or coincurve_available()]

    validate, reorg, verify = validation_rounds(raws, rival_raws, jobs, backends)
    ratios = [full / alone for full, alone in zip(validate["ecdsa"], verify)]
    report(
        "validate_overhead_ratio",
        statistics.median(ratios),
        f"goal <= 1.15; CPU time; full validation {statistics.median(validate['ecdsa']):.2f} s / "
        f"verifying its {sum(map(len, jobs))} signatures alone "
        f"{statistics.median(verify):.2f} s, ecdsa",
    )
    for backend in BACKENDS:
        if backend not in backends:
            print(f"validate_1000x10_s[{backend}]: skipped ({backend} is not installed)")
            continue
        report(
            f"validate_1000x10_s[{backend}]",
            statistics.median(validate[backend]),
            "goal: report; CPU time; fresh node, empty caches",
        )

    cached = cached_rounds(raws)
    report(
        "revalidate_cached_us_per_tx",
        # The best round, as timeit advises: on a shared host, load only ever adds CPU time.
        min(cached) / payments * 1e6,
        f"goal <= 15; CPU time, best of {CACHED_ROUNDS} (median "
        f"{statistics.median(cached) / payments * 1e6:.1f}); "
        f"all {payments} payments already in the verified-txid cache",
        1,
    )

    backend = best_backend()
    early, late = append_times(all_raws, backend)
    report(
        "append_cost_ratio",
        statistics.median(b / a for a, b in zip(early, late)),
        f"goal <= 1.5; SQLite, {backend}, {APPEND_ROUNDS} rounds: blocks {APPEND_LATE}+ "
        f"{statistics.median(late) * 1e3:.2f} ms / blocks {APPEND_EARLY}+ "
        f"{statistics.median(early) * 1e3:.2f} ms",
    )

    for backend in BACKENDS:
        if backend not in backends:
            print(f"reorg_10_ms[{backend}]: skipped ({backend} is not installed)")
            continue
        report(
            f"reorg_10_ms[{backend}]",
            statistics.median(reorg[backend]) * 1e3,
            f"goal: report, < 100; CPU time; {REORG_DEPTH} blocks out, {REORG_DEPTH + 1} in "
            f"({(REORG_DEPTH + 1) * TXS_PER_BLOCK} new signatures), mempool rebuilt",
            1,
        )


if __name__ == "__main__":
    main()
