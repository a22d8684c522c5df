"""The exercises in Chinese (issue 21): their words beside the English, stamped, kept in step.

``exercise.toml`` holds a ``[zh]`` table (title, summary, scenario) and a
``[tasks.zh]`` table per task (title, instructions, hints), each recording the
hash of the English words it translates. These tests change the English of a
copied exercise and watch the translation go stale, break the Chinese fields
and read the errors, and compare the Chinese nbgrader notebook with the English
one cell by cell.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
from pathlib import Path

import pytest

from minichain.course.errors import ExerciseError, ManifestError
from minichain.course.manifest import read_manifest
from minichain.course.model import load_exercise
from minichain.course.notebook import (
    SOURCE_FOLDERS,
    build_notebook,
    generate,
    localized,
    notebook_path,
    stale_notebooks,
    student_version,
)
from minichain.course.translations import (
    CURRENT,
    MISSING,
    STALE,
    UNRECORDED,
    TranslationError,
    exercise_problems,
    exercise_states,
    stamp_exercise,
)
from tests.commands import run_minichain
from tests.course import COURSE, EXERCISES

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

NAME = "evidence_hash"
CJK = "\u4e00-\u9fff"


def test_no_exercise_translation_is_behind_its_english():
    problems = [problem for exercise in COURSE for problem in exercise_problems(exercise)]
    assert problems == []


def test_every_exercise_is_translated_and_records_the_hash_of_its_english_words():
    for exercise in COURSE:
        states = exercise_states(exercise, "zh")
        assert len(states) == 1 + len(exercise.tasks)
        assert {state.state for state in states} == {CURRENT}, exercise.name


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A course root holding one translated exercise and its notebooks in both languages."""
    course = tmp_path / "exercises"
    course.mkdir()
    shutil.copy(EXERCISES / "nbgrader_config.py", course)
    shutil.copytree(EXERCISES / NAME, course / NAME, ignore=shutil.ignore_patterns("__pycache__"))
    for folder in SOURCE_FOLDERS.values():
        shutil.copytree(EXERCISES / folder / NAME, course / folder / NAME)
    return course


def manifest_of(root: Path) -> Path:
    return root / NAME / "exercise.toml"


def edit(root: Path, old: str, new: str) -> None:
    path = manifest_of(root)
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def states(root: Path) -> dict[str, str]:
    return {state.block: state.state for state in exercise_states(read_manifest(root / NAME), "zh")}


def test_changing_the_english_of_a_task_makes_only_its_translation_stale(root):
    edit(root, 'title = "Check a file against its receipt"', 'title = "Check a receipt"')
    found = states(root)
    assert found["tasks[1].zh"] == STALE
    assert {block: state for block, state in found.items() if block != "tasks[1].zh"} == {
        block: CURRENT for block in found if block != "tasks[1].zh"
    }
    (problem,) = exercise_problems(read_manifest(root / NAME))
    assert f"{manifest_of(root)}: tasks[1].zh.source_sha256: the English words changed" in problem
    assert f"--stamp {root / NAME}" in problem


def test_changing_the_story_makes_the_exercises_own_translation_stale(root):
    edit(root, "You are writing the clerk's checking tool", "You write the clerk's tool")
    assert states(root)["zh"] == STALE


def test_blank_lines_around_a_text_are_not_a_change(root):
    edit(root, 'scenario = """\nIn June 2018', 'scenario = """\n\n\nIn June 2018')
    assert set(states(root).values()) == {CURRENT}


def test_stamping_brings_stale_blocks_up_to_date_and_changes_nothing_else(root):
    edit(root, 'title = "Check a file against its receipt"', 'title = "Check a receipt"')
    before = manifest_of(root).read_text(encoding="utf-8")
    blocks = stamp_exercise(root / NAME)
    assert blocks[:2] == ["zh", "tasks[0].zh"] and len(blocks) == 11
    assert set(states(root).values()) == {CURRENT}
    after = manifest_of(root).read_text(encoding="utf-8")
    changed = [
        (old, new) for old, new in zip(before.splitlines(), after.splitlines()) if old != new
    ]
    assert len(changed) == 1 and changed[0][1].startswith('source_sha256 = "')
    assert stamp_exercise(manifest_of(root)) == blocks  # the file's path works too
    assert manifest_of(root).read_text(encoding="utf-8") == after


def test_stamping_records_a_hash_a_block_lacks(root):
    path = manifest_of(root)
    lines = path.read_text(encoding="utf-8").split("\n")
    first_task_record = [n for n, line in enumerate(lines) if line.startswith("source_sha256")][1]
    del lines[first_task_record]
    path.write_text("\n".join(lines), encoding="utf-8")
    assert states(root)["tasks[0].zh"] == UNRECORDED
    assert "records no hash" in exercise_problems(read_manifest(root / NAME))[0]
    stamp_exercise(root / NAME)
    assert set(states(root).values()) == {CURRENT}


def test_an_exercise_without_chinese_is_missing_and_cannot_be_stamped(root):
    path = manifest_of(root)
    table = tomllib.loads(path.read_text(encoding="utf-8"))
    english = path.read_text(encoding="utf-8").split("\n[zh]\n", 1)[0]
    for task in table["tasks"]:  # keep the English tasks, drop every [tasks.zh]
        english += "\n[[tasks]]\n" + "".join(
            f"{key} = {json.dumps(value, ensure_ascii=False)}\n"
            for key, value in task.items()
            if key not in ("zh", "weights")
        )
    path.write_text(english, encoding="utf-8")
    exercise = read_manifest(root / NAME)
    assert exercise.languages == ("en",)
    assert [state.state for state in exercise_states(exercise, "zh")] == [MISSING]
    (problem,) = exercise_problems(exercise)
    assert problem.startswith(f"{path}: zh: the exercise has no translation into 'zh'")
    with pytest.raises(TranslationError, match=r"exercise\.toml: zh: has no translation"):
        stamp_exercise(root / NAME)
    with pytest.raises(ExerciseError, match="not translated"):
        localized(load_exercise(root / NAME), "zh")


@pytest.mark.parametrize(
    ("old", "new", "field", "rule"),
    [
        (
            'title = "用回执核对文件"\n',
            "",
            r"tasks\[1\]\.zh\.title",
            "is required",
        ),
        (
            'title = "防篡改的法庭证据"',
            'title = ""',
            r"zh\.title",
            "must be a non-empty string",
        ),
        (
            "    '用一个变量保存前一个链接值，初值为 `GENESIS`；用 `enumerate` 遍历各条记录。',\n",
            "",
            r"tasks\[2\]\.zh\.hints",
            "must hold 3 hints, as the English does, not 2",
        ),
        (
            'title = "用回执核对文件"',
            'title = "用回执核对文件"\nsubtitle = "多余"',
            r"tasks\[1\]\.zh\.subtitle",
            "is not a manifest field",
        ),
        (
            'source_sha256 = "56d84e57',
            'source_sha256 = "XYZ',
            r"zh\.source_sha256",
            "must be 64 lowercase hex digits",
        ),
    ],
)
def test_a_broken_chinese_field_is_refused_naming_file_and_field(root, old, new, field, rule):
    edit(root, old, new)
    with pytest.raises(ManifestError, match=rf"exercise\.toml: {field}: {rule}"):
        read_manifest(root / NAME)


def test_a_task_without_its_chinese_table_is_refused(root):
    path = manifest_of(root)
    text = path.read_text(encoding="utf-8")
    start = text.index("[tasks.zh]\n", text.index('id = "pad_blocks"'))
    end = text.index("[[tasks]]", start)
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    with pytest.raises(ManifestError, match=r"exercise\.toml: tasks\[4\]\.zh: is required"):
        read_manifest(root / NAME)


def test_a_chinese_task_needs_the_chinese_exercise_table(root):
    path = manifest_of(root)
    text = path.read_text(encoding="utf-8")
    start = text.index("\n[zh]\n")
    path.write_text(text[:start] + "\n" + text[text.index("[[tasks]]", start) :], encoding="utf-8")
    with pytest.raises(ManifestError, match=r"exercise\.toml: zh: is required: tasks\[0\]"):
        read_manifest(root / NAME)


# --- The notebooks -----------------------------------------------------------------


def cells_by_kind(notebook: dict) -> tuple[list[dict], list[dict]]:
    code = [cell for cell in notebook["cells"] if cell["cell_type"] == "code"]
    markdown = [cell for cell in notebook["cells"] if cell["cell_type"] == "markdown"]
    return code, markdown


@pytest.mark.parametrize(
    "exercise",
    [exercise for exercise in COURSE if "zh" in exercise.languages],
    ids=lambda exercise: exercise.name,
)
def test_the_chinese_notebook_differs_from_the_english_in_its_words_only(exercise):
    english, chinese = build_notebook(exercise), build_notebook(exercise, "zh")
    assert [cell["id"] for cell in chinese["cells"]] == [cell["id"] for cell in english["cells"]]
    # the notebook's metadata (never checksummed by nbgrader) says its language, and only that
    assert chinese["metadata"] == english["metadata"] | {"minichain": {"language": "zh"}}
    assert english["metadata"]["minichain"] == {"language": "en"}
    (english_code, english_words), (chinese_code, chinese_words) = map(
        cells_by_kind, (english, chinese)
    )
    assert chinese_code == english_code  # ids, grade ids, points, locks, checks, answers
    for before, after in zip(english_words, chinese_words):
        assert before["source"] != after["source"]
        text = "".join(after["source"])
        assert sum("\u4e00" <= char <= "\u9fff" for char in text) > 20, after["id"]
    intro = "".join(chinese_words[0]["source"])
    assert intro.startswith(f"# {exercise.text('zh').title}\n")
    for task in exercise.tasks:
        words = "".join(next(c for c in chinese_words if c["id"] == f"task_{task.id}")["source"])
        assert f"：{task.text('zh').title}（{task.points} 分）" in words
        assert words.count("<summary>提示 ") == len(task.hints)
        assert "项检查" in words
    # what a student receives in Chinese is the English release with other words
    assert cells_by_kind(student_version(chinese))[0] == cells_by_kind(student_version(english))[0]


def test_chinese_text_has_no_line_break_between_two_chinese_characters():
    # Jupyter shows such a break as a space, which Chinese text has not.
    for exercise in COURSE:
        if "zh" in exercise.languages:
            for cell in build_notebook(exercise, "zh")["cells"]:
                if cell["cell_type"] == "markdown":
                    text = "".join(cell["source"])
                    assert not re.search(f"[{CJK}]\n *[{CJK}]", text), (exercise.name, cell["id"])


def test_generate_writes_each_language_into_its_source_folder(root):
    for folder in SOURCE_FOLDERS.values():
        shutil.rmtree(root / folder)
    exercise = load_exercise(root / NAME)
    assert generate(root, ("zh",)) == [notebook_path(root, exercise, "zh")]
    assert notebook_path(root, exercise, "zh") == root / "source_zh" / NAME / f"{NAME}.ipynb"
    assert stale_notebooks(root) == [notebook_path(root, exercise, "en")]
    assert generate(root) == [notebook_path(root, exercise, "en")]
    assert stale_notebooks(root) == []
    with pytest.raises(ExerciseError, match="'fr' is not a language"):
        generate(root, ("fr",))


def test_the_generate_command_takes_a_language(root):
    shutil.rmtree(root / "source_zh")
    result = run_minichain("course", "generate", "--root", str(root), "--lang", "zh")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"wrote {root / 'source_zh' / NAME / f'{NAME}.ipynb'}"


def test_course_check_fails_on_a_stale_translation_until_it_is_stamped(root):
    edit(root, 'title = "Check a file against its receipt"', 'title = "Check a receipt"')
    generate(root)
    result = run_minichain("course", "check", "--root", str(root))
    assert result.returncode == 1, result.stdout
    assert "tasks[1].zh.source_sha256: the English words changed" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr
    stamped = run_minichain(
        "course", "translations", "--docs", str(EXERCISES.parent / "course"),
        "--root", str(root), "--stamp", str(root / NAME),
    )  # fmt: skip
    assert f"{root / NAME}: recorded source_sha256 of zh, tasks[0].zh" in stamped.stdout
    assert "zh: 1 of 1 exercises translated and current" in stamped.stdout
    result = run_minichain("course", "check", "--root", str(root))
    assert result.returncode == 0, result.stdout
    assert "all 1 exercises are sound" in result.stdout


def test_course_check_fails_on_a_stale_chinese_notebook(root):
    edit(root, 'title = "用回执核对文件"', 'title = "核对回执"')
    result = run_minichain("course", "check", "--root", str(root))
    assert result.returncode == 1
    assert f"{root / 'source_zh' / NAME / f'{NAME}.ipynb'}: out of date" in result.stdout
