"""`minichain tour`, driven as a learner would: straight through (--auto) and in a terminal."""

import hashlib
import io
import os
import re

import pexpect
import pytest

from minichain.cli.tour import STEP_COUNT
from minichain.terminal.tour import STEPS
from tests.captures import ROOT, save
from tests.commands import MINICHAIN, run_minichain

ENV = {**os.environ, "TERM": "dumb", "COLUMNS": "100", "NO_COLOR": "1"}

# The Bitcoin paper, section 11, prints these (q = 0.1 and q = 0.3).
PAPER_ROWS = {(0.1, 6): "0.0002428", (0.1, 10): "0.0000012", (0.3, 10): "0.0416605"}


def tour(*args):
    return run_minichain("tour", *args, env=ENV)


@pytest.fixture(scope="module")
def auto(announce):
    result = tour("--auto")
    announce.append(save("tour-auto.txt", result.stdout))
    return result


def section(output: str, number: int) -> str:
    """The text of step ``number``, from its title to the next step's."""
    start = output.index(f"step {number} of {STEP_COUNT}")
    end = output.find(f"step {number + 1} of {STEP_COUNT}", start)
    return output[start : end if end != -1 else None]


def test_auto_tour_runs_every_step_and_exits_0(auto):
    assert auto.returncode == 0, auto.stderr
    assert auto.stderr == ""
    for number in range(1, STEP_COUNT + 1):
        assert f"step {number} of {STEP_COUNT}: {STEPS[number - 1].title}" in auto.stdout
    assert "end of the tour" in auto.stdout


def test_command_line_knows_how_many_steps_there_are():
    assert len(STEPS) == STEP_COUNT


def site_lessons() -> dict[str, str]:
    """The site's lesson pages as ``{"hashing/": "Lesson 1, Hashing and tamper evidence"}``,
    read from the nav of mkdocs.yml (``- 1 Hashing and tamper evidence: hashing.md``)."""
    nav = re.findall(r"^\s+- (\d) ([^:]+): ([\w-]+)\.md$", (ROOT / "mkdocs.yml").read_text(), re.M)
    return {f"{page}/": f"Lesson {number}, {title}" for number, title, page in nav}


def test_every_step_names_a_lesson_page_of_the_site_by_its_nav_title(auto):
    lessons = site_lessons()
    assert len(lessons) >= 8
    for step in STEPS:
        assert lessons[step.page] == step.lesson, step.title
        assert (ROOT / "course" / f"{step.page.rstrip('/')}.md").is_file()
        assert step.address == f"http://127.0.0.1:8000/{step.page}"
        assert f"learn more: {step.lesson}\n  {step.address} (after make serve)\n" in auto.stdout


def test_the_tour_points_at_the_address_make_serve_uses():
    makefile = (ROOT / "Makefile").read_text()
    assert "PORT   ?= 8000" in makefile
    assert "mkdocs serve --dev-addr 127.0.0.1:$(PORT)" in makefile


def test_hashing_step_shows_the_sha256_of_both_texts(auto):
    text = section(auto.stdout, 1)
    original = b"Loan contract 2019-118: Party A repays Party B 100000 CNY by 2020-06-30."
    tampered = original.replace(b"100000", b"900000")
    assert hashlib.sha256(original).hexdigest() in text
    assert hashlib.sha256(tampered).hexdigest() in text
    before, after = (int(hashlib.sha256(data).hexdigest(), 16) for data in (original, tampered))
    flipped = bin(before ^ after).count("1")
    assert f"{flipped} of 256 bits" in text


def test_merkle_step_verifies_the_proof_and_refuses_a_changed_leaf(auto):
    text = section(auto.stdout, 2)
    assert "Merkle path of leaf 5 of 8 (3 levels)" in text
    assert "✓ reaches the root" in text
    assert "3 sibling hashes prove 1 of 8 invoices; verify_proof: True" in text
    assert "changed to 'USD': verify_proof: False" in text


def test_blocks_step_shows_three_linked_blocks(auto):
    text = section(auto.stdout, 3)
    assert "classroom chain: height 3" in text
    assert "block 3's prev hash is block 2's hash: True" in text


def test_mining_step_finds_a_hash_below_the_target(auto):
    text = section(auto.stdout, 4)
    target = int(re.search(r"target\s+([0-9a-f]{64})", text).group(1), 16)
    digest = int(re.search(r"hash\s+([0-9a-f]{64})", text).group(1), 16)
    assert digest <= target < 2**256 >> 19
    nonce, tries = re.search(r"nonce ([\d,]+) found after ([\d,]+) tries", text).groups()
    assert int(tries.replace(",", "")) == int(nonce.replace(",", "")) + 1


def test_signature_step_verifies_once_and_fails_twice(auto):
    rows = re.findall(r"│(.+?)│\s+(True|False)\s+│", section(auto.stdout, 5))
    assert [(label.strip(), verdict) for label, verdict in rows] == [
        ("the diploma as signed", "True"),
        ("the same signature on 'M.Sc.'", "False"),
        ("checked against another key", "False"),
    ]


def test_double_spend_step_prints_the_librarys_refusals(auto):
    text = " ".join(section(auto.stdout, 6).split())
    assert text.count("DoubleSpendError") == 2
    assert "is already spent by tx" in text and "in the mempool" in text
    assert "is already spent in the chain (created at height 1)" in text


def test_fork_step_draws_the_reorg(auto):
    text = section(auto.stdout, 7)
    assert text.count("stored on a side branch with less work") == 2
    assert "became the tip of a branch with more work: the chain reorganised" in text
    assert "after the reorg: active chain to tip 3" in text
    after = text[text.index("after the reorg") :]
    assert "side branch, 2 blocks (less work: stale)" in after
    assert after.count("Alice") == 2 and after.count("Bob") == 3


def test_nakamoto_step_reproduces_the_papers_table(auto):
    text = section(auto.stdout, 8)
    for value in PAPER_ROWS.values():
        assert value in text


def test_quorum_step_survives_a_silent_proposer_and_names_the_double_signer(auto):
    text = " ".join(section(auto.stdout, 9).split())
    assert "n = 27 cities, tolerating f = 8 faulty ones" in text
    assert "a block is final with a quorum of 19 signatures" in text
    assert "Wuxi is silent" in text
    assert "26 members sign a view change to view 1" in text
    assert "Suzhou signed votes for two blocks at height 3" in text
    assert "evidence against Suzhou verifies with the validator set alone" in text


def test_same_steps_print_the_same_output_twice():
    first, second = tour("--auto", "--step", "5"), tour("--auto", "--step", "5")
    assert first.returncode == second.returncode == 0
    assert first.stdout == second.stdout
    assert "step 4 of" not in first.stdout and "step 5 of 9" in first.stdout


@pytest.mark.parametrize("step", ["0", "10", "two"])
def test_a_step_that_does_not_exist_is_a_usage_error(step):
    result = tour("--step", step)
    assert result.returncode == 2
    assert "--step" in result.stderr and "Traceback" not in result.stderr


def test_help_names_the_options():
    result = tour("--help")
    assert result.returncode == 0
    assert "--auto" in result.stdout and "--step N" in result.stdout


# --- in a terminal -----------------------------------------------------------------------


@pytest.fixture
def spawn():
    children = []

    def start(*args, term="dumb"):
        child = pexpect.spawn(
            str(MINICHAIN),
            ["tour", *args],
            env={**ENV, "TERM": term},
            encoding="utf-8",
            timeout=60,
            dimensions=(50, 100),
        )
        child.logfile_read = io.StringIO()
        children.append(child)
        return child

    yield start
    for child in children:
        if child.isalive():
            child.terminate(force=True)


def test_enter_moves_to_the_next_step_and_the_tour_ends(spawn, announce):  # noqa: F811
    child = spawn("--step", "8")
    child.expect("step 8 of 9")
    child.expect("Enter: step 9")
    assert "step 9 of 9" not in child.before  # it waits for the learner
    child.sendline("")
    child.expect("step 9 of 9")
    child.expect("end of the tour")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    transcript = child.logfile_read.getvalue().replace("\r\n", "\n")
    announce.append(save("tour-steps-8-9-terminal.txt", transcript))


def test_q_quits_before_the_next_step(spawn):
    child = spawn("--step", "8")
    child.expect("Enter: step 9")
    child.sendline("q")
    child.expect("Tour stopped after step 8. Resume with: minichain tour --step 9")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert "step 9 of 9" not in child.before


def test_mining_shows_a_live_hash_rate_in_a_terminal(spawn):
    child = spawn("--step", "4", term="xterm")
    child.expect(r"[1-9][\d,]* hashes +\d+(\.\d)? [kMG]?H/s")  # as `minichain mine` writes it
    child.expect("Enter: step 5")
    child.sendline("q")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


# --- 80 columns ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def auto_80():
    result = run_minichain("tour", "--auto", env={**ENV, "COLUMNS": "80"})
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_at_80_columns_no_line_of_the_tour_is_wider(auto_80):
    widths = [len(line) for line in auto_80.splitlines()]
    assert max(widths) <= 80


def test_at_80_columns_no_table_header_is_cut(auto_80):
    headers = [line for line in auto_80.splitlines() if line.startswith("┃")]
    assert headers
    assert not [line for line in headers if "…" in line]


def test_at_80_columns_the_hashing_step_keeps_each_sentence_on_one_line(auto_80):
    text = section(auto_80, 1)
    assert "Party A repays Party B 100000 CNY by 2020-06-30." in text
    assert "Party A repays Party B 900000 CNY by 2020-06-30." in text


def test_at_80_columns_the_merkle_table_names_its_rule_in_full(auto_80):
    text = section(auto_80, 2)
    assert "┃ parent" in text
    assert "parent = sha256d(left + right)" in text


def test_at_80_columns_the_double_spend_table_keeps_the_document_readable(auto_80):
    text = section(auto_80, 6)
    assert "address, then coins / document" in text
    assert re.search(r"│ invoice [0-9a-f]{16}… +│", text)
    assert text.count("│        │   │") <= 4  # two lines more per row, not eleven
