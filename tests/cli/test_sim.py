"""`minichain sim`, run as a user would, checked against the simulator it drives."""

import os
import re

import pytest

from minichain.sim import estimate_double_spend
from minichain.terminal import scenarios
from tests.captures import save
from tests.commands import run_minichain

ENV = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100"}


def sim(*args):
    return run_minichain("sim", *args, env=ENV)


def fact(output: str, label: str) -> str:
    """The value printed beside ``label`` in the facts table."""
    match = re.search(rf"│{re.escape(label)}\s*│ (.+?)\s*│", output)
    assert match, label
    return match.group(1)


@pytest.fixture(scope="module")
def fork_run(announce):
    result = sim("--scenario", "fork", "--seed", "1", "--blocks", "30")
    announce.append(save("sim-fork.txt", result.stdout))
    return result


def test_fork_scenario_prints_the_simulators_facts(fork_run):
    assert fork_run.returncode == 0, fork_run.stderr
    expected = scenarios.fork(seed=1, blocks=30)
    net = expected.network
    assert fact(fork_run.stdout, "reorgs") == str(len(net.reorgs())) != "0"
    assert fact(fork_run.stdout, "agreed") == "yes"
    assert fork_run.stdout.count("REORG tip") == len(net.reorgs())
    for name, tip in net.tips().items():
        assert f"{name} {tip}" in fork_run.stdout
    branches = net.node(expected.watched).chain.side_branches()
    stale = len({entry.hash for branch in branches for entry in branch})
    assert f"{expected.watched}'s block tree" in fork_run.stdout
    assert f"{stale} stale block" in fork_run.stdout
    assert "side branch, 1 block" in fork_run.stdout


def test_same_seed_prints_the_same_output(fork_run):
    again = sim("--scenario", "fork", "--seed", "1", "--blocks", "30")
    assert again.stdout == fork_run.stdout


def test_another_seed_tells_another_story(fork_run):
    other = sim("--scenario", "fork", "--seed", "2", "--blocks", "30")
    assert other.returncode == 0
    assert other.stdout != fork_run.stdout


def test_partition_heals_and_the_smaller_side_reorganises(announce):  # noqa: F811
    result = sim("--scenario", "partition", "--seed", "1", "--blocks", "20")
    announce.append(save("sim-partition.txt", result.stdout))
    assert result.returncode == 0, result.stderr
    assert "PARTITION links" in result.stdout and "HEAL every link" in result.stdout
    assert fact(result.stdout, "agreed") == "yes"
    assert (
        fact(result.stdout, "heights when healed")
        == "shanghai 8, nanjing 8 | hangzhou 11, hefei 12"
    )
    assert fact(result.stdout, "reorgs") == "2"  # shanghai and nanjing switch
    assert "shanghai's block tree" in result.stdout
    assert "side branch, 8 blocks (less work: stale)" in result.stdout


def test_withheld_branch_that_is_longer_takes_over(announce):  # noqa: F811
    result = sim("--scenario", "withhold", "--seed", "2", "--share", "0.45")
    announce.append(save("sim-withhold.txt", result.stdout))
    assert result.returncode == 0, result.stderr
    assert "RELEASE" in result.stdout and "(kept private)" in result.stdout
    assert fact(result.stdout, "honest nodes took the secret branch") == "yes"
    assert fact(result.stdout, "reorgs") == "2"


def test_withheld_branch_that_is_shorter_goes_stale():
    result = sim("--scenario", "withhold", "--seed", "1")
    assert result.returncode == 0, result.stderr
    released = int(fact(result.stdout, "blocks withheld, then released"))
    assert fact(result.stdout, "honest nodes took the secret branch") == "no"
    assert f"side branch, {released} blocks (less work: stale)" in result.stdout


def test_double_spend_estimate_is_the_simulators(announce):  # noqa: F811
    result = sim("--scenario", "double-spend", "--trials", "60", "--seed", "5")
    announce.append(save("sim-double-spend.txt", result.stdout))
    assert result.returncode == 0, result.stderr
    estimate = estimate_double_spend(0.3, 2, trials=60, seed=5)
    assert fact(result.stdout, "simulated success rate") == str(estimate)
    assert fact(result.stdout, "exact (negative binomial)") == "0.4320"
    assert fact(result.stdout, "Bitcoin paper (Poisson)") == "0.4457"


def test_unknown_node_is_one_line_and_exit_1():
    result = sim("--node", "atlantis", "--blocks", "2")
    assert result.returncode == 1
    assert result.stderr == "minichain: node: no node called 'atlantis'\n"


@pytest.mark.parametrize(
    "args",
    [
        ("--scenario", "eclipse"),
        ("--share", "1.5"),
        ("--share", "nan"),
        ("--blocks", "0"),
        ("--seed", "-1"),
    ],
)
def test_bad_options_are_usage_errors(args):
    result = sim(*args)
    assert result.returncode == 2
    assert args[0] in result.stderr and "Traceback" not in result.stderr


def test_help_lists_the_scenarios():
    result = sim("--help")
    assert result.returncode == 0
    assert "fork,partition,withhold,double-spend" in result.stdout
