"""The course's plots, drawn with matplotlib from minichain's own functions, as SVG text.

Three plots, each a function returning a finished SVG document:

* :func:`proof_of_work_figure`: hashes a miner really tried
  (:func:`minichain.pow.mine` on easy targets) against the expected
  :func:`minichain.pow.block_work`, for 0 to 12 leading zero bits;
* :func:`block_interval_figure`: the gaps between blocks found in a seeded
  :class:`minichain.sim.Network`, against the exponential density the
  Poisson mining process predicts;
* :func:`attack_probability_figure`: the double-spend risk against
  confirmations, from :func:`minichain.nakamoto.attacker_success_probability`
  (the paper's formula) and :func:`minichain.nakamoto.exact_attacker_success_probability`.

The same inputs give the same bytes: the data is seeded, and the SVG has no
date and a fixed ``svg.hashsalt`` (matplotlib otherwise makes random element
ids). matplotlib's object API is used without ``pyplot``, so nothing here
touches a notebook's current figure or backend. :mod:`minichain.notebook.site`
lists the figures the course site builds with these functions (hooks/figures.py).
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from matplotlib import rc_context
from matplotlib.figure import Figure
from matplotlib.ticker import FixedLocator, FuncFormatter

from minichain.hashing import sha256, sha256d
from minichain.header import BlockHeader
from minichain.nakamoto import attacker_success_probability, exact_attacker_success_probability
from minichain.notebook.svg import chain_tree, merkle_tree_path
from minichain.pow import block_work, mine, target_to_bits
from minichain.sim import Network

STYLE: dict[str, Any] = {
    # Fixed ids and no date: two runs give the same file (matplotlib's own advice).
    "svg.hashsalt": "minichain",
    # Text stays text: smaller files, selectable, and searchable on the page.
    "svg.fonttype": "none",
    "font.size": 10,
    "axes.grid": True,
    "grid.alpha": 0.3,
}
SIZE = (6.4, 3.8)
"""Width and height of every plot, in inches (at 100 dots per inch: 640 by 380 pixels)."""


def svg_text(figure: Figure) -> str:
    """``figure`` as an SVG document, the same text on every run."""
    buffer = io.StringIO()
    with rc_context(STYLE):  # type: ignore[arg-type]  # keys checked at run time
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    return buffer.getvalue()


SUPERSCRIPTS = str.maketrans(
    "-0123456789", "\u207b\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079"
)


def power_label(base: int, exponent: int) -> str:
    """``10⁻⁸`` as plain text: matplotlib's own log labels go through its slow TeX parser."""
    return f"{base}{str(exponent).translate(SUPERSCRIPTS)}"


def _figure() -> Figure:
    with rc_context(STYLE):  # type: ignore[arg-type]  # keys checked at run time
        return Figure(figsize=SIZE, layout="constrained")


# --- proof-of-work: tries against the expectation -------------------------------------


@dataclass(frozen=True)
class TriesAtDifficulty:
    """How many hashes mining really took at one difficulty.

    Attributes:
        zero_bits: leading zero bits of the target (target ``2**(256 - zero_bits) - 1``).
        expected: :func:`minichain.pow.block_work` of the header's bits.
        tries: the hashes each sample header needed (its winning nonce + 1).
    """

    zero_bits: int
    expected: int
    tries: tuple[int, ...]

    @property
    def mean(self) -> float:
        """The average number of tries over the samples."""
        return sum(self.tries) / len(self.tries)


def measure_tries(
    zero_bits: Iterable[int] = range(13), samples: int = 12
) -> list[TriesAtDifficulty]:
    """Mine ``samples`` different headers at each difficulty and count the hashes tried.

    The headers differ in their Merkle root (``sha256`` of ``"sample <n>"``),
    so each is a fresh lottery; :func:`minichain.pow.mine` searches from nonce
    0, so the winning nonce + 1 is the number of hashes tried.
    """
    results = []
    for bits_count in zero_bits:
        bits = target_to_bits(2 ** (256 - bits_count) - 1)
        tries = []
        for sample in range(samples):
            header = BlockHeader(1, bytes(32), sha256(f"sample {sample}".encode()), 0, bits, 0)
            found = mine(header)
            if found is None:  # pragma: no cover - these targets are met within a few thousand
                raise RuntimeError(f"no nonce met {bits:#x}")
            tries.append(found.nonce + 1)
        results.append(TriesAtDifficulty(bits_count, block_work(bits), tuple(tries)))
    return results


def proof_of_work_figure(zero_bits: Iterable[int] = range(13), samples: int = 12) -> str:
    """Hashes tried per block against the expected ``2**k``, on a log scale."""
    data = measure_tries(zero_bits, samples)
    figure = _figure()
    axes = figure.add_subplot()
    xs = [point.zero_bits for point in data]
    axes.plot(
        xs,
        [point.expected for point in data],
        color="#1d4ed8",
        label="expected: block_work(bits)",
    )
    for point in data:
        axes.scatter(
            [point.zero_bits] * len(point.tries),
            point.tries,
            s=9,
            color="#9ca3af",
            alpha=0.7,
            label="one block" if point is data[0] else None,
        )
    axes.scatter(
        xs,
        [point.mean for point in data],
        marker="D",
        s=22,
        color="#b45309",
        zorder=3,
        label=f"average of {samples} blocks",
    )
    axes.set_yscale("log", base=2)
    top = max(max(point.tries) for point in data).bit_length()
    axes.yaxis.set_major_locator(FixedLocator([2.0**power for power in range(0, top + 1, 2)]))
    axes.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{round(value):,}"))
    axes.yaxis.set_minor_locator(FixedLocator([]))
    axes.set_xlabel("difficulty: leading zero bits the hash must have")
    axes.set_ylabel("hashes tried to find a block")
    axes.set_title("Each zero bit doubles the work; single blocks vary by luck")
    axes.legend(loc="upper left")
    return svg_text(figure)


# --- block intervals from the simulator ----------------------------------------------


def block_intervals(seed: int = 7, blocks: int = 400) -> tuple[list[float], float]:
    """The gaps between blocks found by three miners in a seeded simulation.

    Returns the gaps in seconds and the chain's target spacing. Shares of the
    hash power add up to 1, so together the miners find one block per target
    spacing on average.
    """
    network = Network(seed=seed)
    for name, share in (("miner-a", 0.5), ("miner-b", 0.3), ("miner-c", 0.2)):
        network.add_node(name, share)
    network.run(blocks=blocks)
    times = [event.time for event in network.trace if event.kind == "mined"]
    gaps = [later - earlier for earlier, later in zip([0.0, *times], times)]
    return gaps, float(network.params.target_spacing)


def block_interval_figure(seed: int = 7, blocks: int = 400) -> str:
    """A histogram of the simulated gaps between blocks, and the exponential density."""
    gaps, spacing = block_intervals(seed, blocks)
    figure = _figure()
    axes = figure.add_subplot()
    limit = 5 * spacing
    axes.hist(
        [gap / 60 for gap in gaps if gap <= limit],
        bins=25,
        range=(0, limit / 60),
        density=True,
        color="#93c5fd",
        edgecolor="#1d4ed8",
        label=f"{len(gaps)} simulated blocks (seed {seed})",
    )
    minutes = [limit / 60 * step / 200 for step in range(201)]
    mean = spacing / 60
    axes.plot(
        minutes,
        [math.exp(-minute / mean) / mean for minute in minutes],
        color="#b45309",
        linewidth=2,
        label=f"exponential density, mean {mean:g} minutes",
    )
    average = sum(gaps) / len(gaps) / 60
    axes.axvline(average, color="#374151", linestyle="--", linewidth=1)
    axes.annotate(
        f"measured mean {average:.1f} min",
        (average, 0),
        xytext=(6, 120),
        textcoords="offset points",
        color="#374151",
    )
    axes.set_xlabel("minutes between one block and the next")
    axes.set_ylabel("share of blocks per minute")
    axes.set_title("Blocks arrive at random: short gaps are the most common")
    axes.legend(loc="upper right")
    return svg_text(figure)


# --- the double-spend race -------------------------------------------------------------

ATTACKER_SHARES = (0.1, 0.2, 0.3)
COLOURS = ("#1d4ed8", "#b45309", "#047857")


def attack_probability_figure(
    shares: Iterable[float] = ATTACKER_SHARES, confirmations: int = 30
) -> str:
    """The attacker's chance of undoing a payment against the confirmations waited for."""
    figure = _figure()
    axes = figure.add_subplot()
    depths = list(range(confirmations + 1))
    for q, colour in zip(shares, COLOURS * 4):
        axes.plot(
            depths,
            [attacker_success_probability(q, z) for z in depths],
            color=colour,
            label=f"q = {q:g}",
        )
        axes.plot(
            depths,
            [exact_attacker_success_probability(q, z) for z in depths],
            color=colour,
            linestyle="--",
        )
    # Line styles explained once, apart from the colours.
    axes.plot([], [], color="#374151", label="the paper (Poisson)")
    axes.plot([], [], color="#374151", linestyle="--", label="exact (negative binomial)")
    axes.axhline(0.001, color="#6b7280", linestyle=":", linewidth=1)
    axes.annotate("0.1 %", (0, 0.001), xytext=(2, 3), textcoords="offset points", color="#374151")
    axes.set_yscale("log")
    axes.set_ylim(1e-8, 1.5)
    axes.yaxis.set_major_locator(FixedLocator([10.0**power for power in range(-8, 1)]))
    axes.yaxis.set_major_formatter(
        FuncFormatter(lambda value, _: power_label(10, round(math.log10(value))))
    )
    axes.yaxis.set_minor_locator(FixedLocator([]))
    axes.set_xlabel("confirmations z the merchant waits for")
    axes.set_ylabel("chance the attacker succeeds")
    axes.set_title("The risk falls exponentially with the confirmations")
    axes.legend(loc="upper left", bbox_to_anchor=(1.02, 1), fontsize=9)
    return svg_text(figure)


# --- drawings for the lessons ------------------------------------------------------------


def merkle_path_figure() -> str:
    """The receipt of invoice 2 in lesson 3's batch of five, drawn as its path to the root.

    The same invoices as ``course/examples/merkle_receipt.py``, so the picture
    shows the hashes that example prints.
    """
    invoices = [f"invoice 44031800{n:04d}; amount {100 + 7 * n}.00 CNY".encode() for n in range(5)]
    return str(merkle_tree_path([sha256d(invoice) for invoice in invoices], 2))


def fork_tree_figure(seed: int = 11) -> str:
    """A node's chain after a simulated fork was resolved: the losing block hangs below."""
    network = Network(seed=seed, latency=120)
    for name, share in (("beijing", 0.4), ("hangzhou", 0.35), ("guangzhou", 0.25)):
        network.add_node(name, share)
    network.run(stop=lambda net: len(net.reorgs()) >= 1)
    network.run(stop=lambda net: net.agreed())
    return str(chain_tree(network.node("beijing").chain, last=6))
