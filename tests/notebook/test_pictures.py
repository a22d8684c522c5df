"""Blocks, chains, Merkle proofs and transactions as pictures in Jupyter (minichain.notebook).

The cards and drawings are parsed as XML (so a browser gets well-formed
markup), searched for the facts they must show, and displayed by a real
IPython shell and a real Jupyter kernel after ``%load_ext minichain.notebook``.
"""

from __future__ import annotations

import importlib
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from minichain.block import to_display_hex
from minichain.chain import Blockchain
from minichain.course.model import load_course
from minichain.course.notebook import LOAD_PICTURES, build_notebook
from minichain.keys import PrivateKey
from minichain.merkle import merkle_levels, merkle_proof, merkle_root
from minichain.notebook import (
    FORMATTERS,
    block_card,
    chain_card,
    chain_tree,
    header_card,
    merkle_path,
    merkle_tree_path,
    transaction_card,
)
from minichain.params import ChainParams
from minichain.tx import Document, Transaction, TxOut, issue
from tests.site_build import ROOT

PARAMS = ChainParams.regtest(name="pictures")
MINER, RIVAL = PrivateKey.from_seed("picture miner"), PrivateKey.from_seed("picture rival")
SVG = "{http://www.w3.org/2000/svg}"


def forked_chain() -> tuple[Blockchain, list]:
    """A chain of 3 blocks that also knows a losing branch of 2 blocks forking after block 1."""
    chain = Blockchain(PARAMS)
    chain.mine(MINER.address)
    rival = Blockchain(PARAMS)
    rival.add_block(chain.tip)
    losing = [rival.mine(RIVAL.address) for _ in range(2)]
    chain.mine(MINER.address)
    chain.mine(MINER.address)
    for block in losing:
        chain.add_block(block)
    return chain, losing


def groups(svg: str, kind: str) -> list[ET.Element]:
    return [g for g in ET.fromstring(svg).iter(f"{SVG}g") if g.get("class") == kind]


def texts(svg: str) -> list[str]:
    return ["".join(element.itertext()) for element in ET.fromstring(svg).iter(f"{SVG}text")]


def assert_self_contained(markup: str) -> None:
    without_namespace = markup.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "http" not in without_namespace and "//" not in without_namespace
    assert "<script" not in markup and "url(" not in markup and "<link" not in markup


# --- blocks and transactions -----------------------------------------------------------


def test_block_card_shows_height_hash_and_header_fields():
    chain, _ = forked_chain()
    card = str(block_card(chain.tip, chain))
    ET.fromstring(card)  # well-formed
    assert f"block {chain.height} {chain.tip.hash_hex[:16]}" in card
    assert f"{chain.height} (active chain)" in card
    for value in (chain.tip.hash_hex, to_display_hex(chain.tip.header.prev_hash)):
        assert value in card
    assert f"{chain.tip.header.bits:#010x}" in card and f">{chain.tip.header.nonce}<" in card
    assert f"{chain.tip_entry.chainwork:,}" in card
    assert_self_contained(card)


def test_block_card_says_when_a_block_lies_on_a_side_branch():
    chain, losing = forked_chain()
    card = str(block_card(losing[-1], chain))
    assert f"{chain.entries[losing[-1].hash].height} (side branch)" in card


def test_block_card_without_a_chain_shows_no_height():
    chain, _ = forked_chain()
    card = str(block_card(chain.tip))
    assert "height" not in card and chain.tip.hash_hex in card


def test_header_card_shows_the_block_hash_and_target():
    header = Blockchain(PARAMS).genesis.header
    card = str(header_card(header))
    ET.fromstring(card)
    assert header.hash_hex() in card and f"{header.bits:#010x}" in card


def test_transaction_card_lists_inputs_outputs_and_documents():
    issuer = PrivateKey.from_seed("picture issuer")
    document = Document.of("invoice", b"invoice 44", seller="Hangzhou")
    tx = issue(issuer, [(MINER.address, document)], PARAMS.name)
    card = str(transaction_card(tx))
    ET.fromstring(card)
    assert tx.txid_hex in card and "issuance" in card
    assert MINER.address in card and document.label in card and "seller=Hangzhou" in card
    assert_self_contained(card)


def test_transaction_card_escapes_text_from_the_transaction():
    document = Document.of("invoice", b"x", note="<script>alert(1)</script>")
    tx = Transaction((), (TxOut(bytes(20), 0, document),))
    card = str(transaction_card(tx))
    ET.fromstring(card)
    assert "<script>" not in card and "&lt;script&gt;alert(1)&lt;/script&gt;" in card


# --- chains with side branches ---------------------------------------------------------


def test_chain_tree_draws_the_active_chain_and_every_side_branch_block():
    chain, losing = forked_chain()
    svg = str(chain_tree(chain))
    main = {g.get("data-hash"): int(g.get("data-height")) for g in groups(svg, "main")}
    side = {g.get("data-hash"): int(g.get("data-height")) for g in groups(svg, "side")}
    assert main == {entry.hash_hex: entry.height for entry in chain.main}
    branch = chain.side_branches()[0]
    assert side == {entry.hash_hex: entry.height for entry in branch}
    assert {block.hash_hex for block in losing} == set(side)
    assert any("1 side branch" in text for text in texts(svg))
    assert_self_contained(svg)


def test_chain_tree_places_a_side_branch_under_the_blocks_it_competed_with():
    chain, _ = forked_chain()
    svg = ET.fromstring(str(chain_tree(chain)))
    x_of = {}
    for g in svg.iter(f"{SVG}g"):
        rect = g.find(f"{SVG}rect")
        x_of[(g.get("class"), g.get("data-height"))] = (float(rect.get("x")), float(rect.get("y")))
    assert x_of[("side", "2")][0] == x_of[("main", "2")][0]
    assert x_of[("side", "2")][1] > x_of[("main", "2")][1]


def two_branches_sharing_a_block() -> Blockchain:
    """An active chain of 3 and two side branches that share their first block."""
    chain, rival = Blockchain(PARAMS), Blockchain(PARAMS)
    shared = rival.mine(RIVAL.address)
    other = Blockchain(PARAMS)
    other.add_block(shared)
    ours, theirs = rival.mine(RIVAL.address), other.mine(MINER.address)
    for _ in range(3):
        chain.mine(MINER.address)
    for block in (shared, ours, theirs):
        chain.add_block(block)
    return chain


def test_chain_tree_draws_a_block_two_side_branches_share_once():
    chain = two_branches_sharing_a_block()
    side = [g.get("data-hash") for g in groups(str(chain_tree(chain)), "side")]
    assert len(side) == len(set(side)) == chain.stale_block_count() == 3


def test_chain_card_counts_a_shared_side_block_once():
    card = str(chain_card(two_branches_sharing_a_block()))
    assert re.search(r"side branches</th><td[^>]*>2<", card)
    assert re.search(r"blocks off the active chain</th><td[^>]*>3<", card)


def test_chain_tree_of_a_long_chain_draws_only_the_last_blocks():
    chain = Blockchain(PARAMS)
    for _ in range(12):
        chain.mine(MINER.address)
    svg = str(chain_tree(chain, last=4))
    assert [int(g.get("data-height")) for g in groups(svg, "main")] == [9, 10, 11, 12]
    assert "… 9 earlier" in texts(svg)


def test_chain_card_counts_branches_and_embeds_the_tree():
    chain, losing = forked_chain()
    card = str(chain_card(chain))
    ET.fromstring(card)
    assert chain.tip_entry.hash_hex in card and losing[0].hash_hex in card
    assert re.search(r"side branches</th><td[^>]*>1<", card)


# --- Merkle proofs ------------------------------------------------------------------------

LEAVES = [bytes([number]) * 32 for number in range(6)]


def test_merkle_path_lights_the_path_from_leaf_to_root():
    svg = str(merkle_tree_path(LEAVES, 5))
    levels = merkle_levels(LEAVES)
    path = groups(svg, "path")
    assert [(int(g.get("data-level")), int(g.get("data-position"))) for g in path] == [
        (0, 5),
        (1, 2),
        (2, 1),
        (3, 0),
    ]
    for g, level in zip(path, levels):
        assert level[5 >> levels.index(level)].hex() in g.find(f"{SVG}title").text
    assert merkle_root(LEAVES).hex() in path[-1].find(f"{SVG}title").text
    assert "verify_proof: the leaf is in the tree with this root" in texts(svg)


def test_merkle_path_shows_each_sibling_the_proof_supplies():
    proof = merkle_proof(LEAVES, 5)
    svg = str(merkle_path(proof, LEAVES[5], merkle_root(LEAVES)))
    siblings = groups(svg, "sibling")
    assert len(siblings) == len(proof.siblings)
    for g, sibling in zip(siblings, proof.siblings):
        assert sibling.hex() in g.find(f"{SVG}title").text
    # At level 1 the path runs through node 2 of 2..3 nodes: the odd last one, paired with itself.
    assert "copy of itself (odd last node)" in texts(svg)


def test_merkle_path_computes_the_same_root_as_the_tree():
    proof = merkle_proof(LEAVES, 2)
    svg = str(merkle_path(proof, LEAVES[2]))
    assert merkle_root(LEAVES).hex() in groups(svg, "path")[-1].find(f"{SVG}title").text


def test_merkle_path_says_when_the_root_is_not_reached():
    proof = merkle_proof(LEAVES, 2)
    svg = str(merkle_path(proof, LEAVES[3], merkle_root(LEAVES)))
    assert any(text.startswith("verify_proof: NOT proven") for text in texts(svg))


def test_merkle_path_of_a_bare_proof_draws_the_shape_without_the_leaf():
    proof = merkle_proof(LEAVES, 0)
    svg = str(merkle_path(proof))
    assert len(groups(svg, "path")) == 4 and len(groups(svg, "sibling")) == 3
    assert "leaf 0 of 6: 3 siblings in the proof" in texts(svg)
    assert_self_contained(svg)


# --- IPython and Jupyter ------------------------------------------------------------------


@pytest.fixture
def shell():
    interactiveshell = pytest.importorskip("IPython.core.interactiveshell")
    shell = interactiveshell.InteractiveShell.instance()
    yield shell
    shell.run_line_magic("unload_ext", "minichain.notebook")


def test_load_ext_makes_ipython_show_minichain_objects_as_html(shell):
    chain, _ = forked_chain()
    proof = merkle_proof(LEAVES, 1)
    shell.run_line_magic("load_ext", "minichain.notebook")
    for value, fact in (
        (chain.tip, chain.tip.hash_hex[:16]),
        (chain.tip.header, chain.tip.hash_hex[:16]),
        (chain, chain.tip_entry.hash_hex),
        (proof, "leaf 1 of 6"),
        (chain.tip.transactions[0], chain.tip.transactions[0].txid_hex),
    ):
        data, _ = shell.display_formatter.format(value)
        assert fact in data["text/html"], type(value).__name__


def test_every_formatter_names_a_real_minichain_class():
    for dotted in FORMATTERS:
        module, name = dotted.rsplit(".", 1)
        kind = getattr(importlib.import_module(module), name)
        assert (kind.__module__, kind.__name__) == (module, name)


def test_loading_the_extension_imports_no_drawing_and_no_chain():
    # Every exercise notebook loads it in its first cell, once per graded kernel.
    code = (
        "import sys, minichain.notebook\n"
        "print(sorted(m for m in sys.modules if m.startswith('minichain')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "['minichain', 'minichain.notebook']"


def test_unload_ext_goes_back_to_the_plain_repr(shell):
    chain, _ = forked_chain()
    shell.run_line_magic("load_ext", "minichain.notebook")
    shell.run_line_magic("unload_ext", "minichain.notebook")
    data, _ = shell.display_formatter.format(chain.tip)
    assert "text/html" not in data
    shell.run_line_magic("load_ext", "minichain.notebook")  # for the fixture's unload


def test_every_generated_notebook_loads_the_pictures_in_its_setup_cell():
    for exercise in load_course(ROOT / "exercises"):
        cells = {cell["id"]: "".join(cell["source"]) for cell in build_notebook(exercise)["cells"]}
        assert cells["setup"].startswith(LOAD_PICTURES), exercise.name


def test_a_jupyter_kernel_shows_a_block_as_html_after_the_setup_cell():
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    setup = next(
        "".join(cell["source"])
        for cell in build_notebook(load_course(ROOT / "exercises")[0])["cells"]
        if cell["id"] == "setup"
    )
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_code_cell(setup),
        nbformat.v4.new_code_cell(
            "from minichain.chain import Blockchain\n"
            "from minichain.keys import PrivateKey\n"
            "from minichain.params import ChainParams\n"
            "chain = Blockchain(ChainParams.regtest())\n"
            "chain.mine(PrivateKey.from_seed('kernel').address)\n"
            "print(chain.tip.hash_hex)\n"
            "chain.tip"
        ),
        nbformat.v4.new_code_cell(
            "from minichain.notebook import block_card\nblock_card(chain.tip, chain)"
        ),
        nbformat.v4.new_code_cell("chain"),
    ]
    client = nbclient.NotebookClient(
        notebook, timeout=60, kernel_name="python3", shutdown_kernel="immediate"
    )
    client.execute(cwd=str(ROOT))
    printed, shown = notebook.cells[1].outputs
    block_hash = printed["text"].strip()
    assert shown["output_type"] == "execute_result"
    assert 'class="minichain-block"' in shown["data"]["text/html"]
    assert f"block {block_hash[:16]}" in shown["data"]["text/html"]
    in_chain = notebook.cells[2].outputs[-1]["data"]["text/html"]
    assert f"block 1 {block_hash[:16]}" in in_chain and "1 (active chain)" in in_chain
    chain_html = notebook.cells[3].outputs[-1]["data"]["text/html"]
    assert "<svg" in chain_html and "regtest chain at height 1" in chain_html
