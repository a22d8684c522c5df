"""How a task's points are shared among its checks: one way for notebooks, learn and feedback.

Each check earns its share of its task's points (:attr:`minichain.course.model.Check.points`);
the grader gives a task the sum of the checks it passed.
"""

from __future__ import annotations

from fractions import Fraction

from minichain.course.model import Check, Exercise


def format_points(points: Fraction) -> str:
    """Points as nbgrader reads them: ``3``, ``1.5``, ``0.43`` (two decimals at most)."""
    return f"{round(float(points), 2):g}"


def weighting(exercise: Exercise, task_id: str, language: str = "en") -> str:
    """One line: how many checks grade the task and what each is worth.

    ``6 checks (2 shown, 4 hidden), 0.5 points each``, or with weights
    ``4 checks: fingerprint is hex 1, empty file 0.5, 2 hidden 1.5 in all``;
    in Chinese (``language="zh"``) ``6 项检查（公开 2 项，隐藏 4 项），每项 0.5 分``.
    """
    checks = exercise.checks_of(task_id)
    hidden = [check for check in checks if check.hidden]
    shown = len(checks) - len(hidden)
    if language == "zh":
        return _weighting_zh(checks, shown, len(hidden))
    if len({check.points for check in checks}) == 1:
        points = checks[0].points
        if (points * 100).denominator == 1:
            each = format_points(points)
            each += " point" if each == "1" else " points"
        else:  # 2 points over 9 checks: "1/9 of the points", not a rounded 0.22
            each = f"{checks[0].share} of the points"
        return f"{len(checks)} checks ({shown} shown, {len(hidden)} hidden), {each} each"
    parts = [f"{check.title} {format_points(check.points)}" for check in checks if not check.hidden]
    if hidden:
        total = sum((check.points for check in hidden), Fraction(0))
        parts.append(f"{len(hidden)} hidden {format_points(total)} in all")
    return f"{len(checks)} checks: " + ", ".join(parts)


def _weighting_zh(checks: tuple[Check, ...], shown: int, hidden: int) -> str:
    """:func:`weighting` in Chinese (check names stay as they are: they are identifiers)."""
    if len({check.points for check in checks}) == 1:
        points = checks[0].points
        if (points * 100).denominator == 1:
            each = f"每项 {format_points(points)} 分"
        else:
            each = f"每项得该任务分数的 {checks[0].share}"
        return f"{len(checks)} 项检查（公开 {shown} 项，隐藏 {hidden} 项），{each}"
    parts = [
        f"{check.title} {format_points(check.points)} 分" for check in checks if not check.hidden
    ]
    if hidden:
        total = sum((check.points for check in checks if check.hidden), Fraction(0))
        parts.append(f"隐藏的 {hidden} 项共 {format_points(total)} 分")
    return f"{len(checks)} 项检查：" + "，".join(parts)
