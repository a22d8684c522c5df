"""Releasing an assignment in Chinese or in English, with real nbgrader, into one gradebook.

The Chinese source notebooks (``source_zh/``) have the English ones' cells,
ids, points and code; only their Markdown is Chinese. So an instructor can
release either language (``--CourseDirectory.source_directory=source_zh``), and
a submission in either language is graded the same by one gradebook.
"""

from __future__ import annotations

import copy
import csv
import html
import json
import re
from pathlib import Path

import pytest

from minichain.course.autograde import submission_language
from minichain.course.model import load_exercise
from minichain.course.notebook import build_notebook, student_version
from minichain.course.weights import format_points
from tests.course import nbgrader_class as course_class

ASSIGNMENT = course_class.ASSIGNMENT


def gradebook_cells(course: Path) -> dict[str, list[tuple]]:
    """What the gradebook of ``course`` recorded about the assignment's cells."""
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        notebook = gradebook.find_notebook(ASSIGNMENT, ASSIGNMENT)
        return {
            "grade": sorted(
                (cell.name, cell.max_score, cell.cell_type) for cell in notebook.grade_cells
            ),
            "solution": sorted(cell.name for cell in notebook.solution_cells),
            "source": sorted(
                (cell.name, cell.cell_type, cell.locked, cell.checksum)
                for cell in notebook.source_cells
            ),
        }


@pytest.fixture(scope="module")
def released(tmp_path_factory):
    """The assignment released in English in one course root and in Chinese in another."""
    course_class.prepare_environment()
    courses = {}
    for language, source in (("en", "source"), ("zh", "source_zh")):
        course = course_class.copy_course(tmp_path_factory.mktemp(f"nbgrader_{language}"))
        generated = course_class.api_for(course, source).generate_assignment(ASSIGNMENT)
        assert generated["success"], generated["log"]
        courses[language] = course
    return courses


@pytest.mark.parametrize(
    ("metadata", "source", "language"),
    [
        ({"minichain": {"language": "zh"}}, "source", "zh"),
        ({"minichain": {"language": "en"}}, "source_zh", "en"),
        ({}, "source_zh", "zh"),  # an editor dropped it: the release's language
        ({"minichain": {"language": "fr"}}, "source", "en"),
        ({"minichain": "zh"}, "/course/source", "en"),
    ],
)
def test_a_submission_is_graded_in_its_own_language_else_the_releases(metadata, source, language):
    assert submission_language({"metadata": metadata, "cells": []}, source) == language


def release_of(course: Path) -> dict:
    return json.loads((course / "release" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").read_text())


def test_both_releases_record_the_same_cells_points_and_checks(released):
    english, chinese = (gradebook_cells(released[language]) for language in ("en", "zh"))
    assert english["grade"] and english == chinese
    exercise = load_exercise(course_class.EXERCISES / ASSIGNMENT)
    assert sum(points for _, points, _ in chinese["grade"]) == exercise.points


def test_the_chinese_release_is_chinese_and_is_what_the_site_offers(released):
    release = release_of(released["zh"])
    assert release["cells"][0]["source"][0].startswith("# 防篡改的法庭证据")
    exercise = load_exercise(course_class.EXERCISES / ASSIGNMENT)
    ours = student_version(build_notebook(exercise, "zh"))
    assert ["".join(cell["source"]) for cell in release["cells"]] == [
        "".join(cell["source"]) for cell in ours["cells"]
    ]


SUBMISSIONS = {
    # student: (the notebook handed in, what they did to it)
    "wang": ("zh", course_class.fully_correct),
    "smith": ("en", course_class.fully_correct),
    "li": ("zh", course_class.raises_an_exception),
    "jones": ("en", course_class.raises_an_exception),
}
"""The class was given the Chinese release; two students worked in the English notebook."""


@pytest.fixture(scope="module")
def autograded(released, tmp_path_factory):
    """Every submission of :data:`SUBMISSIONS` autograded from ``source_zh`` (with a Chinese
    ``LANGUAGE`` in the grader's environment), feedback generated and grades exported."""
    course = released["zh"]
    roster = course / "students.csv"
    roster.write_text(
        "id,first_name,last_name\n" + "".join(f"{name},{name},X\n" for name in SUBMISSIONS)
    )
    imported = course_class.nbgrader(course, "db", "student", "import", str(roster))
    assert imported.returncode == 0, imported.stderr
    english = student_version(build_notebook(load_exercise(course_class.EXERCISES / ASSIGNMENT)))
    for student, (language, change) in SUBMISSIONS.items():
        notebook = copy.deepcopy(release_of(course) if language == "zh" else english)
        change(notebook)
        target = course / "submitted" / student / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
        target.parent.mkdir(parents=True)
        target.write_text(json.dumps(notebook, indent=1, ensure_ascii=False))
        (target.parent / "timestamp.txt").write_text("2026-12-05 10:00:00.000000 UTC\n")
    api = course_class.api_for(course, "source_zh")
    with pytest.MonkeyPatch.context() as patch:
        # The instructor's own locale must not decide the students' language.
        patch.setenv("LANGUAGE", "zh_CN:zh")
        for student in SUBMISSIONS:
            result = api.autograde(ASSIGNMENT, student)
            assert result["success"], result["log"]
    feedback = api.generate_feedback(ASSIGNMENT)
    assert feedback["success"], feedback["log"]
    exported = course_class.nbgrader(course, "export", "--to", "grades.csv")
    assert exported.returncode == 0, exported.stderr
    return course


def graded_lines(course: Path, student: str) -> list[str]:
    """What the grader wrote into the student's test cells (the autograded notebook)."""
    notebook = json.loads(
        (course / "autograded" / student / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").read_text()
    )
    return [
        line
        for cell in notebook["cells"]
        if cell["id"].startswith("check_")
        for output in cell["outputs"]
        if output["output_type"] == "stream"
        for line in "".join(output["text"]).splitlines()
    ]


def feedback_text(course: Path, student: str) -> str:
    page = (course / "feedback" / student / ASSIGNMENT / f"{ASSIGNMENT}.html").read_text()
    return html.unescape(re.sub(r"<[^>]+>", "", page))


def test_an_english_and_a_chinese_submission_get_full_marks_from_one_gradebook(autograded):
    full = float(load_exercise(course_class.EXERCISES / ASSIGNMENT).points)
    with (autograded / "grades.csv").open() as handle:
        scores = {row["student_id"]: float(row["score"]) for row in csv.DictReader(handle)}
    assert scores["wang"] == scores["smith"] == full
    assert scores["li"] == scores["jones"] < full


def test_the_release_and_the_autograded_copy_keep_the_notebooks_language(released, autograded):
    assert release_of(released["zh"])["metadata"]["minichain"] == {"language": "zh"}
    assert release_of(released["en"])["metadata"]["minichain"] == {"language": "en"}
    for student, (language, _) in SUBMISSIONS.items():
        path = autograded / "autograded" / student / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
        assert json.loads(path.read_text())["metadata"]["minichain"] == {"language": language}


def test_a_chinese_submission_gets_chinese_verdicts_in_its_notebook_and_feedback(autograded):
    exercise = load_exercise(course_class.EXERCISES / ASSIGNMENT)
    fingerprint = exercise.checks_of("fingerprint")
    public = next(check for check in fingerprint if not check.hidden)
    hidden = next(check for check in fingerprint if check.hidden)
    passed = graded_lines(autograded, "wang")
    assert f"通过 {public.doc.splitlines()[0]} （{format_points(public.points)} 分）" in passed
    assert f"得分：{exercise.task('fingerprint').points} / " in "\n".join(passed)
    failed = graded_lines(autograded, "li")
    line = f"失败 隐藏检查：{hidden.doc.splitlines()[0]} （{format_points(hidden.points)} 分）："
    assert any(text.startswith(line + "你的函数抛出了 ") for text in failed), failed
    for student in ("wang", "li"):
        shown = feedback_text(autograded, student)
        assert not [text for text in graded_lines(autograded, student) if text not in shown]
        assert " ok " not in shown and "FAIL" not in shown and " points" not in shown


def test_an_english_submission_gets_english_verdicts_whatever_the_release(autograded):
    exercise = load_exercise(course_class.EXERCISES / ASSIGNMENT)
    hidden = next(check for check in exercise.checks_of("fingerprint") if check.hidden)
    passed = graded_lines(autograded, "smith")
    assert passed and all(line.startswith("ok ") or " of " in line for line in passed)
    assert not [line for line in passed if re.search(r"[\u4e00-\u9fff]", line)]
    failed = graded_lines(autograded, "jones")
    title = hidden.name.removeprefix("test_").replace("_", " ")
    line = f"FAIL hidden: {title} ({format_points(hidden.points)} pt): your function raised"
    assert any(text.startswith(line) for text in failed), failed
    shown = feedback_text(autograded, "jones")
    assert not [text for text in failed if text not in shown]
