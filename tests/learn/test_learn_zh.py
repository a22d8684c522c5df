"""`minichain learn` in Chinese: its own words and the exercises' texts (their ``[zh]`` tables).

Run as a learner runs it, with ``LANG=zh_CN.UTF-8``: one-off actions through pipes and
the loop in a terminal (pexpect). Columns are measured in cells (a Chinese character is two).
"""

import shutil

import pexpect
from rich.cells import cell_len

from minichain.course.notebook import localized
from tests.cells import chinese_environment, widest
from tests.commands import MINICHAIN, run_minichain
from tests.course import COURSE

ENV = chinese_environment(80)
CHINESE = [localized(exercise, "zh") for exercise in COURSE]
"""The course's exercises with their Chinese words, as a Chinese learner reads them."""


def learn(workspace, *args):
    result = run_minichain("learn", "--workspace", str(workspace), *args, env=ENV, timeout=60)
    assert "Traceback" not in result.stderr
    return result


def first_file(workspace):
    return workspace / f"{COURSE[0].order:02d}_{COURSE[0].name}.py"


def test_list_in_chinese_keeps_its_columns_aligned(tmp_path):
    workspace = tmp_path / "work"
    learn(workspace, "list")
    shutil.copyfile(COURSE[0].solution, first_file(workspace))
    assert learn(workspace, "check").returncode == 0
    lines = learn(workspace, "list").stdout.splitlines()
    assert len(lines) == len(COURSE)
    assert "已完成" in lines[0] and all("未完成" in line for line in lines[1:])
    tasks_at = {cell_len(line[: line.index(" 个任务")].rsplit(" ", 1)[0]) for line in lines}
    assert len(tasks_at) == 1, lines  # "0/2 个任务" starts in one column on every line
    for line, exercise in zip(lines, COURSE):
        assert f" {exercise.minutes} 分钟" in line


def test_check_on_the_starter_in_chinese(tmp_path):
    result = learn(tmp_path / "work", "check")
    assert result.returncode == 1
    assert result.stdout.startswith("正在检查……")
    first = COURSE[0].public.checks[0]
    assert f"✗ {first.title}（任务 1，{COURSE[0].tasks[0].function}）" in result.stdout
    assert result.stdout.rstrip().endswith("运行 minichain learn hint 查看提示。")


def test_check_on_a_solution_in_chinese(tmp_path):
    workspace = tmp_path / "work"
    learn(workspace, "list")
    shutil.copyfile(COURSE[0].solution, first_file(workspace))
    out = learn(workspace, "check").stdout
    assert f"✓ 全部 {len(COURSE[0].public.checks)} 项检查通过" in out
    assert "✓ 任务 1（" in out and "参考答案如下" in out
    assert "继续下一个练习：minichain learn goto 2。" in out


def test_show_in_chinese_at_80_columns(tmp_path):
    out = learn(tmp_path / "work", "show").stdout
    assert widest(out) <= 80
    exercise = CHINESE[0]
    assert f"练习 1/{len(COURSE)}：{exercise.title}" in out
    for number, task in enumerate(exercise.tasks, 1):
        assert f"任务 {number}：{task.title}" in out
        assert f"约 {task.minutes} 分钟" in out
    said = "".join(out.split())  # lines are cut between Chinese characters
    first = exercise.tasks[0].instructions.split("\n\n")[0]
    assert "".join(first.replace("`", "").split()) in said
    assert COURSE[0].tasks[0].instructions.split()[0] not in out.split()
    assert "检查（共 " in out and "项规则相同的隐藏检查，由评分程序运行" in out


def test_hint_goto_and_reset_in_chinese(tmp_path):
    workspace = tmp_path / "work"
    hints = CHINESE[0].tasks[0].hints
    said = "".join(learn(workspace, "hint").stdout.split())
    assert said == f"提示1/{len(hints)}：{''.join(hints[0].split())}"
    goto = learn(workspace, "goto", "2").stdout
    assert goto.startswith(f"当前练习：{COURSE[1].name}（")
    reset = learn(workspace, "reset", "1").stdout
    assert reset.startswith("已重置 ") and "不再标记为已完成" in reset


def test_the_loop_in_chinese(tmp_path):
    child = pexpect.spawn(
        str(MINICHAIN),
        ["learn", "--workspace", str(tmp_path / "work"), "--manual-run"],
        env=ENV,
        encoding="utf-8",
        timeout=30,
        dimensions=(40, 120),
    )
    try:
        child.expect("重新检查")
        child.expect("手动模式：每次保存后按 Enter 检查")
        child.sendline("x")
        child.expect("未知命令 'x'。")
        child.sendline("n")
        child.expect("这个练习还没有通过")
        child.sendline("q")
        child.expect("再见：你的代码和进度都保存在工作区里")
        child.expect(pexpect.EOF)
    finally:
        if child.isalive():
            child.terminate(force=True)
