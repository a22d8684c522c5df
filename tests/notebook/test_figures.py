"""The course's figures: drawn from minichain's own numbers, valid SVG, the same on every build.

Each plot is checked for what a reader relies on (its axis labels, its
legend), the data behind it against the rule it illustrates, and the site
hook for adding the figures to the built site and reusing them from its cache.
"""

from __future__ import annotations

import importlib.util
import shutil
import xml.etree.ElementTree as ET

import pytest
from mkdocs.exceptions import PluginError

from minichain.nakamoto import attacker_success_probability
from minichain.notebook import figures
from minichain.notebook.site import SITE_FIGURES, draw_site_figure
from minichain.pow import block_work, target_to_bits
from tests.site_build import ROOT, shared_site

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def drawn() -> dict[str, str]:
    return {uri: draw_site_figure(uri) for uri in SITE_FIGURES}


def texts(svg: str) -> list[str]:
    return ["".join(element.itertext()) for element in ET.fromstring(svg).iter(f"{SVG}text")]


def load_hook():
    spec = importlib.util.spec_from_file_location("site_hook_figures", ROOT / "hooks/figures.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# --- every figure ---------------------------------------------------------------------


@pytest.mark.parametrize("uri", SITE_FIGURES)
def test_figure_is_an_svg_document(drawn, uri):
    root = ET.fromstring(drawn[uri])
    assert root.tag == f"{SVG}svg"
    assert float(root.get("width").removesuffix("pt")) > 100


@pytest.mark.parametrize("uri", SITE_FIGURES)
def test_figure_is_the_same_on_every_run(drawn, uri):
    assert draw_site_figure(uri) == drawn[uri]


@pytest.mark.parametrize("uri", SITE_FIGURES)
def test_figure_loads_nothing_from_elsewhere(drawn, uri):
    svg = drawn[uri]
    assert "<script" not in svg and "<image" not in svg and "url(http" not in svg
    assert "href=" not in svg.replace('xlink:href="#', "")


@pytest.mark.parametrize("uri", [uri for uri in SITE_FIGURES if "tree" not in uri])
def test_plot_carries_no_date(drawn, uri):
    assert "<dc:date>" not in drawn[uri]


# --- the plots' labels and data ----------------------------------------------------------


def test_proof_of_work_plot_labels_its_axes_and_the_expectation(drawn):
    labels = texts(drawn["figures/proof-of-work-tries.svg"])
    assert "difficulty: leading zero bits the hash must have" in labels
    assert "hashes tried to find a block" in labels
    assert "expected: block_work(bits)" in labels


def test_expected_tries_double_with_each_zero_bit():
    measured = figures.measure_tries(range(0, 9), samples=4)
    assert [point.expected for point in measured] == [2**bits for bits in range(0, 9)]
    assert all(
        point.expected == block_work(target_to_bits(2 ** (256 - point.zero_bits) - 1))
        for point in measured
    )


def test_average_tries_stay_near_the_expectation():
    for point in figures.measure_tries(range(4, 11), samples=12):
        assert point.expected / 4 < point.mean < point.expected * 4, point
        assert all(tries >= 1 for tries in point.tries)


def test_block_interval_plot_labels_its_axes_and_the_density(drawn):
    labels = texts(drawn["figures/block-intervals.svg"])
    assert "minutes between one block and the next" in labels
    assert "share of blocks per minute" in labels
    assert "exponential density, mean 10 minutes" in labels
    assert "400 simulated blocks (seed 7)" in labels


def test_simulated_intervals_average_the_target_spacing():
    gaps, spacing = figures.block_intervals(seed=7, blocks=400)
    assert len(gaps) == 400 and spacing == 600 and min(gaps) > 0
    assert 0.85 * spacing < sum(gaps) / len(gaps) < 1.15 * spacing


def test_simulated_intervals_depend_only_on_the_seed():
    assert figures.block_intervals(seed=3, blocks=50) == figures.block_intervals(seed=3, blocks=50)
    assert figures.block_intervals(seed=3, blocks=50) != figures.block_intervals(seed=4, blocks=50)


def test_attack_plot_labels_its_axes_and_each_attacker_share(drawn):
    labels = texts(drawn["figures/attack-probability.svg"])
    assert "confirmations z the merchant waits for" in labels
    assert "chance the attacker succeeds" in labels
    for share in figures.ATTACKER_SHARES:
        assert f"q = {share:g}" in labels
    assert {"the paper (Poisson)", "exact (negative binomial)"} <= set(labels)


def test_attack_plot_draws_the_papers_numbers():
    # The paper's table: q = 0.1, z = 5 gives 0.0009137; the plot's line passes through it.
    assert round(attacker_success_probability(0.1, 5), 7) == 0.0009137
    assert "10⁻³" in texts(figures.attack_probability_figure(shares=(0.1,), confirmations=5))


def test_power_labels_are_plain_text_superscripts():
    assert figures.power_label(10, -8) == "10⁻⁸"
    assert figures.power_label(2, 12) == "2¹²"


# --- the site ----------------------------------------------------------------------------


def test_site_hook_reuses_cached_figures_while_the_sources_are_unchanged(tmp_path, monkeypatch):
    hook = load_hook()
    first = hook.drawn_figures(tmp_path)
    assert set(first) == set(SITE_FIGURES)

    def refuse(uris):
        raise AssertionError(f"{uris} were drawn again")

    monkeypatch.setattr(hook, "draw_figures", refuse)
    assert hook.drawn_figures(tmp_path) == first
    assert [path.name for path in tmp_path.iterdir()] == [hook.source_key()]


def test_site_hook_forgets_figures_of_older_sources(tmp_path):
    hook = load_hook()
    (tmp_path / "0123456789abcdef0123").mkdir()
    hook.drawn_figures(tmp_path)
    assert [path.name for path in tmp_path.iterdir()] == [hook.source_key()]


def copy_of_the_sources(destination, drawing: str):
    """minichain copied to ``destination``, its site figures all drawn as ``drawing``."""
    shutil.copytree(
        ROOT / "minichain", destination / "minichain", ignore=shutil.ignore_patterns("__pycache__")
    )
    set_drawing(destination, drawing)
    return destination


def set_drawing(sources, drawing: str) -> None:
    (sources / "minichain" / "notebook" / "site.py").write_text(
        f"SITE_FIGURES = {dict.fromkeys(SITE_FIGURES, 'unused')!r}\n\n\n"
        f"def draw_site_figure(uri):\n    {drawing}\n",
        encoding="utf-8",
    )


def test_site_hook_draws_with_the_changed_code_when_a_source_changes(tmp_path, monkeypatch):
    # mkdocs serve keeps the minichain it imported at start; the figures must still
    # come from the files as they are now, or old drawings are cached under the new key.
    hook = load_hook()
    monkeypatch.setattr(hook, "ROOT", copy_of_the_sources(tmp_path / "src", "return 'first'"))
    assert set(hook.drawn_figures(tmp_path / "cache").values()) == {"first"}
    set_drawing(hook.ROOT, "return 'second'")
    assert set(hook.drawn_figures(tmp_path / "cache").values()) == {"second"}


def test_site_hook_names_the_figure_that_cannot_be_drawn(tmp_path, monkeypatch):
    hook = load_hook()
    failing = "raise ValueError(f'no data for {uri}')"
    monkeypatch.setattr(hook, "ROOT", copy_of_the_sources(tmp_path / "src", failing))
    first = next(iter(SITE_FIGURES))
    with pytest.raises(PluginError, match=f"figure {first}: ValueError: no data for {first}"):
        hook.drawn_figures(tmp_path / "cache")


@pytest.fixture(scope="module")
def built_site(tmp_path_factory):
    return shared_site(tmp_path_factory)


def test_built_site_holds_every_figure(built_site, drawn):
    for uri in SITE_FIGURES:
        assert (built_site / uri).read_text(encoding="utf-8") == drawn[uri], uri


def test_proof_of_work_lesson_shows_its_figure_with_a_caption(built_site):
    html = (built_site / "proof-of-work" / "index.html").read_text(encoding="utf-8")
    assert 'src="../figures/proof-of-work-tries.svg"' in html
    assert "<figcaption>" in html and "doubles the expected" in html
