"""The notebooks' test cells (``run_checks``) speak the learner's language, as the terminal does.

Each test runs the first task's cells of a real exercise's notebook in a fresh Python
process under a given locale: the student's copy (the answer still raises
``NotImplementedError``, so the checks fail) and the source notebook (the reference
answer, so the public and hidden checks pass).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest

from minichain.course.notebook import build_notebook, student_version
from tests.cells import LOCALE_VARIABLES
from tests.course import COURSE

EXERCISE = COURSE[0]
TASK = EXERCISE.tasks[0]
PUBLIC = EXERCISE.public.for_task(TASK.id)
HIDDEN = EXERCISE.hidden.for_task(TASK.id)

RUN_CELLS = textwrap.dedent(
    """
    import json, sys
    from minichain.course.grading import ChecksFailed

    namespace = {}
    for source in json.load(sys.stdin):
        code = "\\n".join(line for line in source.splitlines() if not line.startswith("%"))
        try:
            exec(compile(code, "<cell>", "exec"), namespace)
        except ChecksFailed as failed:
            print("\\n".join(failed.lines))
    """
)


def words(name: str) -> str:
    """A check's English title: its name as words."""
    return name.removeprefix("test_").replace("_", " ")


def first_task_cells(notebook: dict) -> list[str]:
    """The code of the setup cell, the first task's answer cell and its test cell."""
    wanted = {"setup", f"answer_{TASK.id}", f"check_{TASK.id}"}
    return [
        "".join(cell["source"])
        for cell in notebook["cells"]
        if cell["cell_type"] == "code" and cell["metadata"]["nbgrader"]["grade_id"] in wanted
    ]


def run_cells(cells: list[str], locale: str) -> str:
    """What the cells print, run one after another in a fresh process with ``LANG=locale``."""
    env = {key: value for key, value in os.environ.items() if key not in LOCALE_VARIABLES}
    done = subprocess.run(
        [sys.executable, "-c", RUN_CELLS],
        input=json.dumps(cells),
        capture_output=True,
        text=True,
        env={**env, "LANG": locale},
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture(scope="module")
def student_cells():
    return first_task_cells(student_version(build_notebook(EXERCISE, "zh")))


@pytest.fixture(scope="module")
def source_cells():
    return first_task_cells(build_notebook(EXERCISE, "zh"))


def test_failing_checks_in_chinese_under_a_chinese_locale(student_cells):
    lines = run_cells(student_cells, "zh_CN.UTF-8").splitlines()
    for check in PUBLIC:
        assert f"失败 {check.doc}" in lines
    summary = f"ChecksFailed：{len(PUBLIC)} 项检查中有 {len(PUBLIC)} 项未通过"
    assert summary in lines
    not_written = "尚未完成：函数仍然抛出 NotImplementedError（请替换 TODO 处的代码）"
    assert f"  {PUBLIC[0].doc}：{not_written}" in lines
    assert not any(check.doc in "\n".join(lines) for check in HIDDEN)  # nor their titles


def test_failing_checks_in_english_under_the_c_locale(student_cells):
    lines = run_cells(student_cells, "C").splitlines()
    for check in PUBLIC:
        assert f"FAIL {words(check.name)}" in lines
    assert f"ChecksFailed: {len(PUBLIC)} of {len(PUBLIC)} checks failed" in lines
    assert not any("\u4e00" <= character <= "\u9fff" for character in "".join(lines))


def test_passing_and_hidden_checks_in_chinese_under_a_chinese_locale(source_cells):
    lines = run_cells(source_cells, "zh_CN.UTF-8").splitlines()
    assert lines == [f"通过 {check.doc}" for check in PUBLIC] + [
        f"隐藏检查：{len(HIDDEN)} 项全部通过"
    ]


def test_passing_and_hidden_checks_in_english_under_the_c_locale(source_cells):
    lines = run_cells(source_cells, "C").splitlines()
    assert lines == [f"ok   {words(check.name)}" for check in PUBLIC] + [
        f"hidden checks: {len(HIDDEN)} passed"
    ]
