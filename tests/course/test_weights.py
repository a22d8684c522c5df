"""Each task says how its points are shared among its checks, in the notebook and in learn alike."""

from fractions import Fraction

from minichain.course.model import find_exercise
from minichain.course.weights import format_points, weighting
from tests.course import COURSE


def test_equal_shares_are_stated_as_points_each():
    evidence = find_exercise(COURSE, "evidence_hash")
    assert (
        weighting(evidence, "first_tampered")
        == "7 checks (3 shown, 4 hidden), 1/7 of the points each"
    )


def test_a_share_without_an_exact_decimal_is_stated_as_a_fraction():
    lines = {weighting(exercise, task.id) for exercise in COURSE for task in exercise.tasks}
    assert "3 checks (2 shown, 1 hidden), 1/3 of the points each" in lines


def test_points_are_written_as_nbgrader_reads_them():
    assert [format_points(Fraction(n, d)) for n, d in ((3, 1), (3, 2), (3, 7))] == [
        "3",
        "1.5",
        "0.43",
    ]
