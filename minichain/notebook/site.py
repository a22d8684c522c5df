"""The figures of the course site: their paths in the site and the functions drawing them.

hooks/figures.py adds each to the site when it is built. This module names
them without importing matplotlib, so a build that finds them all in its
cache never loads it.
"""

from __future__ import annotations

SITE_FIGURES = {
    "figures/proof-of-work-tries.svg": "proof_of_work_figure",
    "figures/block-intervals.svg": "block_interval_figure",
    "figures/attack-probability.svg": "attack_probability_figure",
    "figures/merkle-path.svg": "merkle_path_figure",
    "figures/fork-tree.svg": "fork_tree_figure",
}
"""Each figure's path in the site, and the function of :mod:`minichain.notebook.figures`
that draws it (as SVG text, with its default arguments)."""


def draw_site_figure(uri: str) -> str:
    """The SVG text of the site figure at ``uri`` (a key of :data:`SITE_FIGURES`)."""
    from minichain.notebook import figures  # matplotlib: about a second to import

    drawn: str = getattr(figures, SITE_FIGURES[uri])()
    return drawn
