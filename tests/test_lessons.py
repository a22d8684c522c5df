"""Every lesson page has the parts a lesson needs, and shows code only from tested files.

A lesson page is a page under course/ that an exercise names in its exercise.toml
(`lesson = "hashing.md"`). Pages not written yet are skipped.
"""

import re
from pathlib import Path

import pytest

from minichain.course.model import load_course

ROOT = Path(__file__).resolve().parent.parent
COURSE_DIR = ROOT / "course"
EXERCISES = load_course(ROOT / "exercises")
LESSONS = sorted(
    {exercise.lesson for exercise in EXERCISES if (COURSE_DIR / exercise.lesson).is_file()}
)
INCLUDE = re.compile(r'^\s*--8<-- "([^"]+)"\s*$', re.MULTILINE)


def page(lesson: str) -> str:
    return (COURSE_DIR / lesson).read_text(encoding="utf-8")


def includes(lesson: str) -> list[tuple[str, str]]:
    """(file, what follows the file name) for every snippet include of the page."""
    found = []
    for target in INCLUDE.findall(page(lesson)):
        path, _, rest = target.partition(":")
        found.append((path, rest))
    return found


def exercises_of(lesson: str):
    return [exercise for exercise in EXERCISES if exercise.lesson == lesson]


def nav_pages() -> list[str]:
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    return re.findall(r"(\S+\.md)\s*$", text.split("\nnav:", 1)[1], re.MULTILINE)


def test_there_are_lesson_pages_to_check():
    assert LESSONS


@pytest.mark.parametrize("lesson", LESSONS)
def test_lesson_states_its_learning_goals(lesson):
    assert "\n## Learning goals\n" in page(lesson)


@pytest.mark.parametrize("lesson", LESSONS)
def test_lesson_draws_the_idea_as_a_mermaid_diagram(lesson):
    assert "```mermaid\n" in page(lesson)


@pytest.mark.parametrize("lesson", LESSONS)
def test_lesson_includes_real_minichain_code_by_named_section(lesson):
    library = [(path, rest) for path, rest in includes(lesson) if path.startswith("minichain/")]
    assert library, "show the library's own code, included from minichain/"
    for path, section in library:
        assert re.fullmatch(r"[a-z0-9_]+", section), f"{path}: include a named section"


@pytest.mark.parametrize("lesson", LESSONS)
def test_lesson_shows_runnable_examples_with_their_checked_output(lesson):
    examples = {path for path, _ in includes(lesson) if path.startswith("course/examples/")}
    scripts = {path for path in examples if path.endswith(".py")}
    assert scripts, "include at least one example from course/examples/"
    for script in scripts:
        assert script[: -len(".py")] + ".out" in examples, f"{script}: show its output too"


@pytest.mark.parametrize("lesson", LESSONS)
def test_lesson_line_ranges_of_example_output_are_inside_the_file(lesson):
    for path, rest in includes(lesson):
        if not rest or not path.endswith(".out"):
            continue
        first, _, last = rest.partition(":")
        length = len((ROOT / path).read_text(encoding="utf-8").splitlines())
        assert 1 <= int(first) <= length, f"{path}:{rest} starts past the end ({length} lines)"
        assert not last or int(first) <= int(last) <= length, f"{path}:{rest} ends past the end"


@pytest.mark.parametrize("lesson", LESSONS)
def test_lesson_never_includes_python_by_line_numbers(lesson):
    for path, rest in includes(lesson):
        if path.endswith(".py"):
            assert not re.match(r"\d", rest), f"{path}:{rest}: use a named section"


@pytest.mark.parametrize("lesson", LESSONS)
def test_lesson_has_terminal_and_notebook_tabs_naming_its_exercises(lesson):
    text = page(lesson)
    terminal = text.split('=== "Terminal"', 1)[1].split('=== "Notebook"', 1)[0]
    notebook = text.split('=== "Notebook"', 1)[1].split("\n## ", 1)[0]
    for exercise in exercises_of(lesson):
        assert "minichain learn" in terminal and exercise.name in terminal
        assert f"](notebooks/{exercise.name}.ipynb)" in notebook


@pytest.mark.parametrize("lesson", LESSONS)
def test_lesson_cites_its_sources_as_footnotes(lesson):
    definitions = re.findall(r"^\[\^([^\]]+)\]: ", page(lesson), re.MULTILINE)
    assert definitions
    for name in definitions:
        assert f"[^{name}]" in page(lesson).split(f"[^{name}]: ", 1)[0], f"[^{name}] is unused"


@pytest.mark.parametrize("lesson", LESSONS)
def test_lesson_asks_three_to_five_questions_with_collapsible_answers(lesson):
    assert 3 <= page(lesson).count('\n??? question "') <= 5


@pytest.mark.parametrize("lesson", LESSONS)
def test_lesson_ends_with_further_reading(lesson):
    assert "\n## Further reading\n" in page(lesson)


@pytest.mark.parametrize("lesson", LESSONS)
def test_lesson_is_in_the_site_navigation(lesson):
    assert lesson in nav_pages()


def test_exercises_are_ordered_like_their_lessons():
    nav = nav_pages()
    positions = [nav.index(exercise.lesson) for exercise in EXERCISES if exercise.lesson in nav]
    assert positions == sorted(positions)


@pytest.mark.parametrize("lesson", LESSONS)
def test_lesson_writes_no_latex_the_site_cannot_render(lesson):
    # The site has no maths renderer: $e^{-3}$ would reach the reader as typed.
    assert not re.findall(r"\$[^$\n]*[\\^_{][^$\n]*\$", page(lesson))
