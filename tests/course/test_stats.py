"""The course totals of issue 14: reference lines without blanks, comments and docstrings."""

from pathlib import Path

from minichain.course.model import load_course
from minichain.course.stats import course_stats, reference_lines
from tests.commands import run_minichain
from tests.course import EXERCISES

MANIFEST = """
title = "Made up"
order = 1
lesson = "hashing.md"
summary = "A made-up exercise to count lines in."
scenario = "None."
sources = ["nowhere"]

[[tasks]]
id = "short"
function = "short"
title = "A one-liner"
points = 1
difficulty = "core"
minutes = 5
instructions = "Return 1."
hints = ["Return 1."]

[[tasks]]
id = "longer"
function = "longer"
title = "Four lines among comments, blanks and docstrings"
points = 1
difficulty = "stretch"
minutes = 10
instructions = "Add up."
hints = ["Loop."]
"""

SOLUTION = '''
def short():
    """A docstring is not a line of the answer."""
    ### BEGIN SOLUTION
    return 1
    ### END SOLUTION


def longer(values):
    """Outside the markers."""
    ### BEGIN SOLUTION
    # a comment is not counted

    total = 0
    for value in values:
        """nor a string standing alone as a docstring would."""
        total += value  # a trailing comment keeps its line
    return total
    ### END SOLUTION
'''

STARTER = """
def short():
    raise NotImplementedError


def longer(values):
    raise NotImplementedError
"""

TESTS = """
from exercise import longer, short


def test_short_is_one():
    assert short() == 1


def test_longer_adds_up():
    assert longer([1, 2]) == 3
"""


def made_up_course(root: Path) -> Path:
    folder = root / "made_up"
    folder.mkdir(parents=True)
    for name, text in (
        ("exercise.toml", MANIFEST),
        ("solution.py", SOLUTION),
        ("starter.py", STARTER),
        ("test_public.py", TESTS),
        ("test_hidden.py", ""),
    ):
        (folder / name).write_text(text.lstrip())
    return root


def test_reference_lines_skip_blanks_comments_and_docstrings(tmp_path):
    stats = course_stats(load_course(made_up_course(tmp_path)))
    (exercise,) = stats.exercises
    assert exercise.lines == (1, 4)
    assert (stats.tasks, stats.short, stats.total_lines, stats.minutes) == (2, 1, 5, 15)
    assert stats.short_share == 0.5


def test_without_markers_the_whole_body_counts_but_its_docstring():
    source = 'def f(x):\n    """Doc."""\n\n    y = (x +\n         1)\n    return y\n'
    assert reference_lines(source) == 3


def test_course_stats_prints_the_table_and_the_targets():
    result = run_minichain("course", "stats", "--root", str(EXERCISES))
    assert result.returncode == 0, result.stderr
    stats = course_stats(load_course(EXERCISES))
    assert f"{stats.tasks} tasks" in result.stdout
    assert f"{stats.total_lines} reference lines" in result.stdout
    for target in stats.targets:
        assert target.goal in result.stdout
    for exercise in stats.exercises:
        assert exercise.name in result.stdout
