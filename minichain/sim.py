"""A network of nodes in simulated time: forks, reorgs, partitions and attacks, reproducibly.

Real networks are hard to learn from: a fork happens when two miners find a
block seconds apart, and it never happens again the same way. This module runs
many nodes, each with its own real :class:`~minichain.chain.Blockchain`, in
*simulated* time. It is a discrete-event simulation (:mod:`minichain.events`):
a queue of future events (a block is found, a block arrives at a node, a
partition opens) is processed in time order, and nothing ever sleeps. Given
the same seed, a run produces the same events, so a lesson can print a fork
and a test can check it.

* **Mining** is a Poisson process, as in Bitcoin: each miner finds its next
  block after an exponentially distributed wait whose mean is the block
  interval divided by its share of the hash power. Shares are fractions of
  the whole network's hash power; when they add up to 1, blocks come once
  per block interval on average. The block itself is real
  (regtest proof-of-work costs about two hashes), so every node validates it.
  A miner can instead find blocks at ``"regular"`` intervals, which is the
  assumption behind the Bitcoin paper's attack table
  (:mod:`minichain.nakamoto`).
* **Links** join every pair of nodes, with a latency (plus optional random
  jitter) and a probability of losing a message. A :meth:`Network.partition`
  cuts the links between groups until :meth:`Network.heal`.
* **Catching up**: a node that receives a block whose parent it lacks asks the
  sender for what it misses, as Bitcoin's ``getblocks`` does with a *block
  locator*; blocks lost on the way or across a healed partition arrive so.
* **Adversaries**: a node created with ``withhold=True`` mines on a private
  branch and publishes it only when told to (:meth:`Network.release`);
  :func:`double_spend_trial` uses one to reverse a payment.

The :attr:`Network.trace` lists what happened, one :class:`Event` per line.
"""

from __future__ import annotations

import gc
import math
import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from minichain.chain import Added, Blockchain
from minichain.errors import (
    ConsensusError,
    OutOfRangeError,
    SimulationError,
    WrongTypeError,
    describe_type,
    require_int,
    require_real,
)
from minichain.events import EventQueue
from minichain.hashing import short_hex
from minichain.headers import fork_point
from minichain.keys import PrivateKey
from minichain.ledger import Block
from minichain.locator import block_locator, fork_height, hashes_after
from minichain.miner import mine_block
from minichain.params import ChainParams
from minichain.sigcache import SignatureChecker
from minichain.tx import OutPoint, Transaction, TxIn, TxOut, sign

__all__ = [
    "Estimate",
    "Event",
    "Network",
    "SimNode",
    "double_spend_trial",
    "estimate_double_spend",
    "sim_params",
]

MAX_BLOCKS_PER_REPLY = 500
"""Blocks sent for one catch-up request (Bitcoin's ``getblocks`` answers 500 at most)."""


def sim_params(block_interval: int = 600) -> ChainParams:
    """Regtest rules (proof-of-work costs about two hashes) with Bitcoin's 10-minute spacing."""
    return ChainParams.regtest(name="sim", target_spacing=block_interval)


@dataclass(frozen=True)
class Event:
    """One line of a simulation's trace.

    Attributes:
        time: simulated seconds since the start.
        node: the node it happened at ("" for the whole network).
        kind: ``mined``, ``reorg``, ``catch-up``, ``lost``, ``release``,
            ``partition``, ``heal``, ``received`` or ``note``.
        detail: what happened, in words.
    """

    time: float
    node: str
    kind: str
    detail: str

    def __str__(self) -> str:
        return f"{self.time:10.1f}s  {self.node:<10} {self.kind:<9} {self.detail}"


@dataclass(eq=False)
class SimNode:
    """One node of the simulated network.

    Attributes:
        name: how the trace names it.
        chain: its own blockchain; everything it knows.
        hash_share: its share of the hash power (0 for a node that only validates).
        key: the key its coinbase outputs pay.
        schedule: ``"poisson"`` (random, as in reality) or ``"regular"`` block times.
        withhold: keeps the blocks it mines to itself until :meth:`Network.release`.
        private: blocks mined and not yet released.
        public: for a withholding node, the honest chain it watches.
    """

    name: str
    chain: Blockchain
    hash_share: float
    key: PrivateKey
    schedule: str = "poisson"
    withhold: bool = False
    private: list[Block] = field(default_factory=list)
    public: Blockchain | None = None
    _next_find: int = 0  # bumped to cancel a scheduled discovery when the schedule changes

    @property
    def address(self) -> str:
        """The address its coinbase outputs pay."""
        return self.key.address

    def __repr__(self) -> str:
        return f"SimNode({self.name!r}, height={self.chain.height}, share={self.hash_share})"


# Event kinds in the queue (ints sort fast and keep the heap tuples small).
_FIND, _BLOCKS, _TX, _CUT, _HEAL, _ASK = range(6)


class Network:
    """Nodes, links and a queue of events in simulated time.

    Args:
        params: chain rules shared by every node (default :func:`sim_params`).
        seed: seeds every random choice: block times, jitter, losses.
        latency: seconds a message takes on a link.
        jitter: extra random delay, uniform in ``[0, jitter)`` per message.
        loss: probability that a message is lost.
        trace_deliveries: also record every block arrival (long traces).
        checker: a signature cache shared by the nodes (default: a new one).
    """

    def __init__(
        self,
        params: ChainParams | None = None,
        *,
        seed: int = 0,
        latency: float = 1.0,
        jitter: float = 0.0,
        loss: float = 0.0,
        trace_deliveries: bool = False,
        checker: SignatureChecker | None = None,
    ) -> None:
        self.params = sim_params() if params is None else params
        if not isinstance(self.params, ChainParams):
            raise WrongTypeError(
                "params",
                "must be ChainParams, got {params_type}",
                params_type=describe_type(params),
            )
        self.seed = require_int(seed, "seed", 0, 2**63)
        self.latency = _seconds(latency, "latency")
        self.jitter = _seconds(jitter, "jitter")
        self.loss = _probability(loss, "loss")
        self.trace_deliveries = bool(trace_deliveries)
        self.checker = SignatureChecker(suite=self.params.suite) if checker is None else checker
        self.rng = random.Random(self.seed)
        self.events = EventQueue()
        self.checked: dict[bytes, Block] = {}  # blocks checked on their own, shared by the nodes
        self.nodes: dict[str, SimNode] = {}
        self.trace: list[Event] = []
        self.blocks_found = 0
        self._group: dict[str, int] = {}  # partition group of each node; empty when healed
        self._links: dict[tuple[str, str], tuple[float, float]] = {}

    @property
    def now(self) -> float:
        """Simulated seconds since the start."""
        return self.events.now

    # --- building the network -------------------------------------------------

    def add_node(
        self,
        name: str,
        hash_share: float = 0.0,
        *,
        withhold: bool = False,
        schedule: str = "poisson",
    ) -> SimNode:
        """Add a node (a miner when ``hash_share > 0``) that starts from genesis.

        Raises:
            SimulationError: the name is taken, or ``schedule`` is unknown.
            OutOfRangeError: ``hash_share`` outside [0, 1].
        """
        if not isinstance(name, str) or not name:
            raise WrongTypeError(
                "name", "must be a non-empty str, got {name_type}", name_type=describe_type(name)
            )
        if name in self.nodes:
            raise SimulationError("name", "a node called {name!r} already exists", name=name)
        share = require_real(hash_share, "hash_share", 0.0, 1.0)
        _check_schedule(schedule)
        start = self.params.genesis_timestamp
        node = SimNode(
            name=name,
            chain=self._chain(start),
            hash_share=share,
            key=_node_key(name),
            schedule=schedule,
            withhold=bool(withhold),
        )
        if node.withhold:
            node.public = self._chain(start)
        self.nodes[name] = node
        if share > 0:
            self._schedule_find(node)
        return node

    def _chain(self, start: int) -> Blockchain:
        """A node's chain: the network's clock, and checks shared with the other nodes."""
        return Blockchain(
            self.params,
            clock=lambda: start + int(self.events.now),
            checker=self.checker,
            checked=self.checked,
        )

    def link(self, a: str, b: str, *, latency: float, loss: float | None = None) -> None:
        """Give the link between nodes ``a`` and ``b`` its own latency (and loss)."""
        first, second = sorted((self.node(a).name, self.node(b).name))
        self._links[(first, second)] = (
            _seconds(latency, "latency"),
            self.loss if loss is None else _probability(loss, "loss"),
        )

    def node(self, name: str) -> SimNode:
        """The node called ``name``.

        Raises:
            SimulationError: there is no such node.
        """
        found = self.nodes.get(name) if isinstance(name, str) else None
        if found is None:
            raise SimulationError("node", "no node called {name!r}", name=name)
        return found

    def set_schedule(self, name: str, schedule: str) -> None:
        """Switch a miner between ``"poisson"`` and ``"regular"`` block times from now on."""
        node = self.node(name)
        _check_schedule(schedule)
        node.schedule = schedule
        if node.hash_share > 0:
            self._schedule_find(node)

    def partition(self, *groups: Iterable[str], at: float | None = None) -> None:
        """Cut every link between different ``groups`` (now, or at time ``at``).

        Messages already on their way still arrive; nodes left out of every
        group form one more group.
        """
        named = [[self.node(name).name for name in group] for group in groups]
        self.events.schedule(self._when(at), _CUT, named)

    def heal(self, at: float | None = None) -> None:
        """Join the partitioned groups again (now, or at time ``at``)."""
        self.events.schedule(self._when(at), _HEAL)

    def submit(self, name: str, tx: Transaction) -> None:
        """Node ``name`` accepts ``tx`` into its mempool and sends it to the others.

        Raises:
            ConsensusError: the node refuses the transaction.
        """
        node = self.node(name)
        node.chain.submit(tx)
        for other in self.nodes.values():
            if other is not node:
                self._send(node, other, _TX, tx)

    def release(self, name: str) -> int:
        """A withholding node publishes its private blocks; returns how many."""
        node = self.node(name)
        blocks, node.private = node.private, []
        if blocks:
            tip = blocks[-1]
            self._note(node, "release", f"{len(blocks)} private blocks up to {short_hex(tip.hash)}")
            self._broadcast(node, blocks)
        return len(blocks)

    # --- running ----------------------------------------------------------------

    def run(
        self,
        *,
        until: float | None = None,
        blocks: int | None = None,
        stop: Callable[[Network], bool] | None = None,
        max_events: int = 100_000_000,
    ) -> None:
        """Process events until time ``until``, ``blocks`` more found, or ``stop(network)``.

        At least one limit is needed; ``max_events`` bounds the run in any case.

        Raises:
            SimulationError: no limit was given, or nothing is left to happen.
        """
        if until is None and blocks is None and stop is None:
            raise SimulationError("run", "give until=, blocks= or stop=, or it never ends")
        goal = None
        if blocks is not None:
            goal = self.blocks_found + require_int(blocks, "blocks", 0, 2**40)
        events = require_int(max_events, "max_events", 1, 2**63)
        # A long run makes millions of objects that live as long as the network
        # (entries, coins, undo data). Python's cycle collector would scan them
        # again and again, which took 40% of a run of 100 nodes; the run makes
        # no garbage cycles worth that, so it pauses the collector meanwhile.
        collecting = gc.isenabled()
        gc.disable()
        try:
            self._process(until, goal, stop, events)
        finally:
            if collecting:
                gc.enable()

    def _process(
        self,
        until: float | None,
        goal: int | None,
        stop: Callable[[Network], bool] | None,
        events: int,
    ) -> None:
        queue = self.events
        for _ in range(events):
            if goal is not None and self.blocks_found >= goal:
                return
            if stop is not None and stop(self):
                return
            due = queue.next_time()
            if due is None:
                raise SimulationError("run", "no events left: add a miner with hash_share > 0")
            if until is not None and due > until:
                queue.advance(until)
                return
            kind, a, b, c = queue.pop()
            if kind == _BLOCKS:
                self._deliver(a, b, c)  # type: ignore[arg-type]
            elif kind == _FIND:
                self._find(a, b)  # type: ignore[arg-type]
            elif kind == _TX:
                self._receive_tx(b, c)  # type: ignore[arg-type]
            elif kind == _ASK:
                self._answer(a, b, c)  # type: ignore[arg-type]
            elif kind == _CUT:
                self._cut(a)  # type: ignore[arg-type]
            else:
                self._group.clear()
                self._note(None, "heal", "every link works again")

    # --- what the nodes see -------------------------------------------------------

    def tips(self) -> dict[str, str]:
        """Each node's tip, as ``height:hash-end``."""
        return {
            name: f"{node.chain.height}:{short_hex(node.chain.tip_entry.hash)}"
            for name, node in self.nodes.items()
        }

    def agreed(self) -> bool:
        """Whether every node has the same tip."""
        tips = {node.chain.tip_entry.hash for node in self.nodes.values()}
        return len(tips) == 1

    def reorgs(self) -> list[Event]:
        """The reorg events of the trace."""
        return [event for event in self.trace if event.kind == "reorg"]

    def print_trace(self, kinds: Iterable[str] | None = None) -> None:
        """Print the trace (only ``kinds``, if given)."""
        wanted = None if kinds is None else set(kinds)
        for event in self.trace:
            if wanted is None or event.kind in wanted:
                print(event)

    # --- the machinery ---------------------------------------------------------------

    def _when(self, at: float | None) -> float:
        return self.now if at is None else max(self.now, _seconds(at, "at"))

    def _note(self, node: SimNode | None, kind: str, detail: str) -> None:
        self.trace.append(Event(self.now, "" if node is None else node.name, kind, detail))

    def _schedule_find(self, node: SimNode) -> None:
        node._next_find += 1
        mean = self.params.target_spacing / node.hash_share
        wait = self.rng.expovariate(1.0 / mean) if node.schedule == "poisson" else mean
        self.events.schedule(self.now + wait, _FIND, node, node._next_find)

    def _find(self, node: SimNode, ticket: int) -> None:
        if ticket != node._next_find:  # the schedule changed since this was planned
            return
        self.blocks_found += 1
        parent = node.chain.tip_entry
        block = mine_block(node.chain, node.address)
        self._note(
            node,
            "mined",
            f"block {node.chain.height} {short_hex(block.hash)} on {short_hex(parent.hash)}"
            + (" (kept private)" if node.withhold else ""),
        )
        if node.withhold:
            node.private.append(block)
        else:
            self._broadcast(node, [block])
        self._schedule_find(node)

    def _broadcast(self, sender: SimNode, blocks: list[Block]) -> None:
        for other in self.nodes.values():
            if other is not sender:
                self._send(sender, other, _BLOCKS, blocks)

    def _link(self, a: SimNode, b: SimNode) -> tuple[float, float] | None:
        """(latency, loss) of the link, or ``None`` while a partition cuts it."""
        if self._group and self._group.get(a.name, -1) != self._group.get(b.name, -1):
            return None
        if self._links:
            first, second = sorted((a.name, b.name))
            custom = self._links.get((first, second))
            if custom is not None:
                return custom
        return self.latency, self.loss

    def _send(self, sender: SimNode, receiver: SimNode, kind: int, payload: object) -> None:
        link = self._link(sender, receiver)
        if link is None or (link[1] and self.rng.random() < link[1]):
            if self.trace_deliveries:
                self._note(sender, "lost", f"message to {receiver.name}")
            return
        delay = link[0] + (self.rng.random() * self.jitter if self.jitter else 0.0)
        self.events.send(delay, kind, sender, receiver, payload)

    def _deliver(self, sender: SimNode, receiver: SimNode, blocks: list[Block]) -> None:
        # A withholding node files public blocks apart from its private branch.
        chain = receiver.public if receiver.public is not None else receiver.chain
        for block in blocks:
            old_tip = chain.tip_entry
            try:
                added = chain.add_block(block)
            except ConsensusError as error:
                self._note(
                    receiver, "rejected", f"{short_hex(block.hash)} from {sender.name}: {error}"
                )
                return
            if self.trace_deliveries:
                self._note(receiver, "received", f"{short_hex(block.hash)} from {sender.name}")
            # Compare tips rather than trust ``added``: a block can also complete a
            # heavier branch through orphans it releases, which add_block reports
            # as the first block's result.
            if not receiver.withhold and not chain.is_active(old_tip.hash):
                undone = old_tip.height - fork_point(old_tip, chain.tip_entry).height
                self._note(
                    receiver,
                    "reorg",
                    f"tip {chain.height} {short_hex(chain.tip_entry.hash)} replaces "
                    f"{old_tip.height} {short_hex(old_tip.hash)}, "
                    f"{undone} block{'' if undone == 1 else 's'} undone",
                )
            if added is Added.ORPHAN:
                self._note(receiver, "catch-up", f"asks {sender.name} for the blocks it lacks")
                self._send(receiver, sender, _ASK, block_locator(chain.tip_entry))
                return

    def _answer(self, asker: SimNode, node: SimNode, locator: list[bytes]) -> None:
        """``node`` sends ``asker`` its main-chain blocks after the last one they share."""
        chain = node.chain
        start = fork_height(locator, chain.entries, chain.main)
        hashes = hashes_after(chain.main, start, MAX_BLOCKS_PER_REPLY)
        if hashes:
            self._send(node, asker, _BLOCKS, [chain.blocks[block_hash] for block_hash in hashes])

    def _receive_tx(self, receiver: SimNode, tx: Transaction) -> None:
        try:
            receiver.chain.submit(tx)
        except ConsensusError:
            pass  # a conflicting or already-mined transaction: nodes drop it quietly

    def _cut(self, groups: list[list[str]]) -> None:
        self._group = {name: number for number, group in enumerate(groups) for name in group}
        described = " | ".join(",".join(group) for group in groups)
        self._note(None, "partition", f"links cut between {described} (and the rest)")


@lru_cache(maxsize=1024)
def _node_key(name: str) -> PrivateKey:
    """The key of the node called ``name`` (derived from it, so runs repeat exactly)."""
    return PrivateKey.from_seed(f"sim node {name}")


def _seconds(value: object, field_name: str) -> float:
    return require_real(value, field_name, 0.0, math.inf, below_high=True)


def _probability(value: object, field_name: str) -> float:
    return require_real(value, field_name, 0.0, 1.0, below_high=True)


def _check_schedule(schedule: object) -> None:
    if schedule not in ("poisson", "regular"):
        raise SimulationError(
            "schedule", "must be 'poisson' or 'regular', got {schedule!r}", schedule=schedule
        )


# --- the double-spend race ------------------------------------------------------------


MERCHANT = PrivateKey.from_seed("sim merchant")
ATTACKER = _node_key("attacker")


@lru_cache(maxsize=4)
def _race_setup(params: ChainParams) -> tuple[Block, Transaction, Transaction]:
    """A first block paying the attacker, his payment to the merchant and its double.

    Made once and shared by every trial, so each signature is verified once.
    """
    first = mine_block(Blockchain(params), ATTACKER.address)
    coin = OutPoint(first.transactions[0].txid, 0)
    amount = first.transactions[0].outputs[0].amount

    def pay(to: str) -> Transaction:
        unsigned = Transaction((TxIn(coin),), (TxOut.coin(to, amount),))
        return sign(unsigned, ATTACKER, params.name)

    return first, pay(MERCHANT.address), pay(ATTACKER.address)


def double_spend_trial(
    q: float,
    z: int,
    *,
    seed: int,
    model: str = "poisson",
    give_up: int | None = None,
    checker: SignatureChecker | None = None,
) -> bool:
    """Run one double-spend race between an attacker with share ``q`` and the honest rest.

    The attacker first mines, in secret, a block where his coin goes back to
    himself; then he pays the merchant with the same coin. The honest node
    mines the payment; the merchant waits until it has ``z`` confirmations.
    The attacker keeps mining his private branch and publishes it as soon as
    the merchant has accepted and the branch has more work than the honest
    chain; the honest node reorganises and the payment vanishes. He gives up
    when ``give_up`` blocks behind (by default when catching up has become
    less likely than one in a million).

    With ``model="nakamoto"`` the honest blocks come at regular intervals until
    the merchant accepts: the assumption of section 11 of the Bitcoin paper,
    so the success rate estimates :func:`~minichain.nakamoto.attacker_success_probability`.
    With ``model="poisson"`` (reality) it estimates
    :func:`~minichain.nakamoto.exact_attacker_success_probability`.

    Returns:
        ``True`` if the honest node ends with the attacker's transaction and
        without the merchant's payment.
    """
    q = require_real(q, "q", 0.0, 1.0)
    if not 0 < q < 1:
        raise OutOfRangeError("q", "the race needs both sides mining: 0 < q < 1, got {q}", q=q)
    z = require_int(z, "z", 0, 10_000)
    if model not in ("poisson", "nakamoto"):
        raise SimulationError(
            "model", "must be 'poisson' or 'nakamoto', got {model!r}", model=model
        )
    if give_up is None:
        ratio = q / (1 - q)
        give_up = 10_000 if ratio >= 1 else max(1, math.ceil(math.log(1e-6) / math.log(ratio)))
    give_up = require_int(give_up, "give_up", 1, 10_000)
    params = sim_params()
    first, payment, refund = _race_setup(params)
    net = Network(params, seed=seed, latency=0.0, checker=checker)
    honest = net.add_node("honest", 1 - q, schedule="regular" if model == "nakamoto" else "poisson")
    attacker = net.add_node("attacker", q, withhold=True)
    for chain in (honest.chain, attacker.chain, attacker.public):
        if chain is not None:
            chain.add_block(first)
    attacker.private.append(mine_block(attacker.chain, attacker.address, [refund]))  # in advance
    net.submit("honest", payment)

    accepted = z == 0

    def decided(network: Network) -> bool:
        nonlocal accepted
        if not accepted and honest.chain.confirmations(payment.txid) >= z:
            accepted = True
            if model == "nakamoto":
                network.set_schedule("honest", "poisson")
        if accepted and attacker.chain.tip_entry.chainwork > honest.chain.tip_entry.chainwork:
            return True
        return honest.chain.height - attacker.chain.height >= give_up

    net.run(stop=decided)
    if attacker.chain.tip_entry.chainwork > honest.chain.tip_entry.chainwork:
        net.release("attacker")
        net.run(until=net.now)  # links have no latency: the branch arrives at once
    return honest.chain.confirmations(payment.txid) == 0


@dataclass(frozen=True)
class Estimate:
    """A Monte Carlo estimate of a probability with its 99% Wilson interval.

    Attributes:
        successes: trials the attacker won.
        trials: trials run.
    """

    successes: int
    trials: int

    @property
    def probability(self) -> float:
        """The observed success rate."""
        return self.successes / self.trials

    @property
    def interval(self) -> tuple[float, float]:
        """The 99% Wilson score interval (it behaves well near 0 and 1)."""
        z = 2.5758293035489  # the 99.5% point of the normal distribution
        n, p = self.trials, self.probability
        centre = (p + z * z / (2 * n)) / (1 + z * z / n)
        half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
        return max(0.0, centre - half), min(1.0, centre + half)

    def contains(self, value: float) -> bool:
        """Whether ``value`` lies inside :attr:`interval`."""
        low, high = self.interval
        return low <= value <= high

    def __str__(self) -> str:
        low, high = self.interval
        return f"{self.probability:.4f} (99% interval {low:.4f}..{high:.4f}, {self.trials} trials)"


def estimate_double_spend(
    q: float,
    z: int,
    *,
    trials: int,
    seed: int = 0,
    model: str = "poisson",
    progress: Callable[[int], object] | None = None,
) -> Estimate:
    """Run :func:`double_spend_trial` ``trials`` times with seeds from ``seed``.

    ``progress``, if given, is called with the number of trials done after each one.
    """
    trials = require_int(trials, "trials", 1, 10_000_000)
    if progress is not None and not callable(progress):
        raise WrongTypeError(
            "progress",
            "must be callable, got {progress_type}",
            progress_type=describe_type(progress),
        )
    checker = SignatureChecker()
    wins = 0
    for number in range(trials):
        wins += double_spend_trial(q, z, seed=seed + number, model=model, checker=checker)
        if progress is not None:
            progress(number + 1)
    return Estimate(wins, trials)
