"""The scenarios ``minichain sim`` runs: a fork, a partition, withheld blocks, a double spend.

Each scenario builds a :class:`minichain.sim.Network` (or runs
:func:`minichain.sim.double_spend_trial`) from a seed and reports what the
simulator did. The scenarios choose *situations*; every rule that decides
what happens (fork choice, validation, the race) is the library's.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from minichain.errors import SimulationError
from minichain.nakamoto import attacker_success_probability, exact_attacker_success_probability
from minichain.sim import Estimate, Network, estimate_double_spend
from minichain.terminal.i18n import _, ngettext
from minichain.terminal.style import grouped

__all__ = [
    "SCENARIOS",
    "DoubleSpendResult",
    "NetworkResult",
    "double_spend",
    "fork",
    "partition",
    "run_network",
    "withhold",
]

SCENARIOS = ("fork", "partition", "withhold", "double-spend")

Progress = Callable[[int], object]
"""Told how many units of work (blocks found, trials run) are done so far."""

FORK_MINERS = (("beijing", 0.4), ("hangzhou", 0.35), ("guangzhou", 0.25))
PARTITION_GROUPS = ((("shanghai", 0.3), ("nanjing", 0.2)), (("hangzhou", 0.3), ("hefei", 0.2)))
ATTACKER = "mallory"
HONEST_MINERS = ("beijing", "hangzhou")
MAX_SETTLE_BLOCKS = 1000
"""Blocks a run may go on for after its planned part, waiting for the nodes to agree."""


@dataclass
class NetworkResult:
    """A finished network scenario and the facts it prints.

    Attributes:
        network: the simulated network, with its trace.
        watched: the node whose block tree is drawn.
        honest: the nodes that follow the rules (a withholding node is not one).
        facts: label -> value lines for the summary.
    """

    network: Network
    watched: str
    honest: list[str]
    facts: list[tuple[str, str]] = field(default_factory=list)


def _watched(net: Network, watch: str | None, default: str) -> str:
    """The node whose tree is drawn: ``watch`` if it exists (else an error), or ``default``."""
    return net.node(default if watch is None else watch).name


def _most_stale(net: Network, nodes: list[str]) -> str:
    """The first of ``nodes`` with the most blocks on side branches: the one with a story."""

    def stale(name: str) -> int:
        return net.node(name).chain.stale_block_count()

    return max(nodes, key=stale)


def _run_blocks(net: Network, blocks: int, progress: Progress | None, done: int = 0) -> None:
    """Run until ``blocks`` more blocks are found, telling ``progress`` after each."""
    for found in range(1, blocks + 1):
        net.run(blocks=1)
        if progress is not None:
            progress(done + found)


def _settle(net: Network, nodes: list[str]) -> bool:
    """Run until ``nodes`` share a tip (at most :data:`MAX_SETTLE_BLOCKS` blocks); agreed?"""

    def agreed(network: Network) -> bool:
        return len({network.node(name).chain.tip_entry.hash for name in nodes}) == 1

    goal = net.blocks_found + MAX_SETTLE_BLOCKS
    net.run(stop=lambda network: agreed(network) or network.blocks_found >= goal)
    return agreed(net)


def _common_facts(result: NetworkResult, agreed: bool) -> None:
    net = result.network
    watched = net.node(result.watched).chain
    branches = watched.side_branches()
    tips = net.tips()
    result.facts += [
        (_("blocks found"), str(net.blocks_found)),
        (_("simulated time"), f"{net.now:.1f}s"),
        (_("tips"), "\n".join(f"{name} {tips[name]}" for name in result.honest)),
        (_("agreed"), _yes_no(agreed)),
        (_("reorgs"), str(len(net.reorgs()))),
        (
            _("stale blocks at {node}").format(node=result.watched),
            ngettext(
                "{stale} on {count} side branch", "{stale} on {count} side branches", len(branches)
            ).format(stale=watched.stale_block_count(), count=grouped(len(branches))),
        ),
    ]


def _yes_no(answer: bool) -> str:
    return _("yes") if answer else _("no")


def fork(
    *,
    seed: int,
    blocks: int,
    latency: float = 120.0,
    watch: str | None = None,
    progress: Progress | None = None,
) -> NetworkResult:
    """Three miners, slow links: two blocks at one height now and then, and a reorg to settle it."""
    net = Network(seed=seed, latency=latency)
    for name, share in FORK_MINERS:
        net.add_node(name, share)
    names = [name for name, _share in FORK_MINERS]
    result = NetworkResult(net, _watched(net, watch, names[0]), names)
    _run_blocks(net, blocks, progress)
    agreed = _settle(net, names)
    if watch is None:
        result.watched = _most_stale(net, names)
    _common_facts(result, agreed)
    return result


def partition(
    *,
    seed: int,
    blocks: int,
    latency: float = 2.0,
    watch: str | None = None,
    progress: Progress | None = None,
) -> NetworkResult:
    """Two halves of a network cut apart for ``blocks`` blocks, then healed: one half reorgs."""
    net = Network(seed=seed, latency=latency)
    for group in PARTITION_GROUPS:
        for name, share in group:
            net.add_node(name, share)
    halves = [[name for name, _share in group] for group in PARTITION_GROUPS]
    names = list(net.nodes)
    result = NetworkResult(net, _watched(net, watch, names[0]), names)
    net.partition(*halves)
    _run_blocks(net, blocks, progress)
    heights = {name: net.node(name).chain.height for name in net.nodes}
    net.heal()
    agreed = _settle(net, names)
    if watch is None:
        result.watched = _most_stale(net, names)
    result.facts.append(
        (
            _("heights when healed"),
            " | ".join(", ".join(f"{n} {heights[n]}" for n in half) for half in halves),
        )
    )
    _common_facts(result, agreed)
    return result


def withhold(
    *,
    seed: int,
    blocks: int,
    share: float = 0.3,
    latency: float = 2.0,
    watch: str | None = None,
    progress: Progress | None = None,
) -> NetworkResult:
    """An attacker with ``share`` of the hash power mines in secret, then releases his branch.

    He wins (the honest nodes reorganise onto his blocks) only if his secret
    branch has more work than the honest chain when he releases it.
    """
    net = Network(seed=seed, latency=latency)
    honest_share = (1 - share) / len(HONEST_MINERS)
    for name in HONEST_MINERS:
        net.add_node(name, honest_share)
    net.add_node(ATTACKER, share, withhold=True)
    honest = list(HONEST_MINERS)
    result = NetworkResult(net, _watched(net, watch, honest[0]), honest)
    _run_blocks(net, blocks, progress)
    secret_tip = net.node(ATTACKER).chain.tip_entry.hash
    released = net.release(ATTACKER)
    net.run(until=net.now + 10 * latency)  # the released blocks reach everyone
    agreed = _settle(net, honest)
    if watch is None:
        result.watched = _most_stale(net, honest)
    active = {entry.hash for entry in net.node(honest[0]).chain.main}
    won = released > 0 and secret_tip in active
    result.facts += [
        (_("{attacker}'s hash share").format(attacker=ATTACKER), f"{share:g}"),
        (_("blocks withheld, then released"), str(released)),
        (_("honest nodes took the secret branch"), _yes_no(won)),
    ]
    _common_facts(result, agreed)
    return result


@dataclass(frozen=True)
class DoubleSpendResult:
    """A Monte Carlo estimate of the double-spend race beside the Bitcoin paper's formulas.

    Attributes:
        share: the attacker's hash share ``q``.
        confirmations: blocks the merchant waits for (``z``).
        estimate: how often the simulated attacker won.
        paper: :func:`minichain.nakamoto.attacker_success_probability`.
        exact: :func:`minichain.nakamoto.exact_attacker_success_probability`.
    """

    share: float
    confirmations: int
    estimate: Estimate
    paper: float
    exact: float

    @property
    def facts(self) -> list[tuple[str, str]]:
        """Label -> value lines for the summary."""
        return [
            (_("attacker's hash share q"), f"{self.share:g}"),
            (_("confirmations z"), str(self.confirmations)),
            (_("simulated success rate"), str(self.estimate)),
            (_("exact (negative binomial)"), f"{self.exact:.4f}"),
            (_("Bitcoin paper (Poisson)"), f"{self.paper:.4f}"),
            (_("exact value inside the 99% interval"), _yes_no(self.estimate.contains(self.exact))),
        ]


def double_spend(
    *,
    seed: int,
    trials: int,
    share: float = 0.3,
    confirmations: int = 2,
    progress: Progress | None = None,
) -> DoubleSpendResult:
    """Run the race ``trials`` times (:func:`minichain.sim.estimate_double_spend`)."""
    return DoubleSpendResult(
        share,
        confirmations,
        estimate_double_spend(share, confirmations, trials=trials, seed=seed, progress=progress),
        attacker_success_probability(share, confirmations),
        exact_attacker_success_probability(share, confirmations),
    )


def run_network(
    scenario: str,
    *,
    seed: int,
    blocks: int,
    share: float,
    watch: str | None = None,
    progress: Progress | None = None,
) -> NetworkResult:
    """Run the network scenario called ``scenario`` (not ``double-spend``).

    Raises:
        SimulationError: ``watch`` names no node of the scenario (checked before running).
    """
    if scenario == "fork":
        return fork(seed=seed, blocks=blocks, watch=watch, progress=progress)
    if scenario == "partition":
        return partition(seed=seed, blocks=blocks, watch=watch, progress=progress)
    if scenario == "withhold":
        return withhold(seed=seed, blocks=blocks, share=share, watch=watch, progress=progress)
    raise SimulationError(
        "scenario",
        "must be one of {scenarios}, got {scenario!r}",
        scenarios=", ".join(SCENARIOS),
        scenario=scenario,
    )
