"""mkdocs hook: the student version of every exercise notebook, downloadable from the site.

At build time each exercise's notebook is built from its folder with
:func:`minichain.course.notebook.build_notebook` (the same function that writes
the nbgrader source notebooks), turned into what a student may see, and added
to the site as ``notebooks/<exercise>.ipynb``: in the Chinese edition
(``theme.language`` ``zh``, hooks/translations.py) the Chinese notebook of every
exercise translated into Chinese (same cells, ids and checks; its words from
the exercise's ``[zh]`` tables), the English one otherwise. Being a site file, a lesson's
link ``[the notebook](notebooks/evidence_hash.ipynb)`` is checked by
``mkdocs build --strict`` like any other link.

What a student may see is what ``nbgrader generate_assignment`` releases:
:func:`minichain.course.notebook.student_version` removes the solutions and the
hidden checks the way nbgrader does, without importing nbgrader (it takes
seconds to import, and the site must build in well under 15 s).
tests/test_site.py checks that it gives the same cells as nbgrader's own
preprocessors.

The hook also replaces the marker ``<!-- exercise-notebooks -->`` in a page
with a table of the exercises (lesson, title, download link), so the list on
the home page grows with the exercises and never names one that is gone, and
puts under each lesson's ``## Exercise`` heading how many tasks it has and the
time they take, added up from ``exercise.toml`` (a lesson without that heading
stops the build), and a "Run in your browser" button that opens the notebook
in the JupyterLite app hooks/lite.py adds to the site.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from minichain.course.lite import notebook_file
from minichain.course.model import Exercise, load_course
from minichain.course.notebook import localized, student_notebook_text

ROOT = Path(__file__).resolve().parent.parent
EXERCISES = ROOT / "exercises"
SITE_FOLDER = "notebooks"
LITE_FOLDER = "lite"
"""Where hooks/lite.py puts the JupyterLite app in the site."""
MARKER = "<!-- exercise-notebooks -->"


def notebook_uri(exercise: Exercise) -> str:
    """Where the student notebook of ``exercise`` lives in the site."""
    return f"{SITE_FOLDER}/{exercise.name}.ipynb"


def browser_uri(exercise: Exercise, language: str = "en") -> str:
    """Where the student notebook of ``exercise`` opens in the browser (hooks/lite.py's app),
    for the edition of ``language`` (the app holds the Chinese notebooks in ``zh/``)."""
    path = notebook_file(exercise.name, edition_language(exercise, language))
    return f"{LITE_FOLDER}/notebooks/index.html?path={path}"


BUTTON = {
    "en": (
        "Run in your browser",
        "JupyterLite: nothing to install; your work stays in this browser",
    ),
    "zh": ("在浏览器中运行", "JupyterLite：无需安装，作业保存在你的浏览器里"),
}
"""The browser button's text and tooltip in each edition."""


def browser_button(exercise: Exercise, up: str, language: str = "en") -> str:
    """The "Run in your browser" button of ``exercise``, on a page ``up`` below the site root.

    Raw HTML: the app is copied into the site after the build, so mkdocs cannot
    check a Markdown link to it (tests/test_lite.py opens every button's target).
    """
    text, tooltip = BUTTON[language]
    return (
        f'<a class="md-button md-button--primary" href="{up}{browser_uri(exercise, language)}" '
        f'title="{tooltip}">{text}</a>'
    )


def site_up(page_url: str, language: str) -> str:
    """The relative path from the page at ``page_url`` of an edition to the site's root."""
    return "../" * (page_url.count("/") + EDITION_DEPTH[language])


def edition_language(exercise: Exercise, language: str) -> str:
    """The language ``exercise``'s words are shown in by the edition of ``language``:
    its own when the exercise is translated into it, else English."""
    return language if language in exercise.languages else "en"


def in_edition(exercise: Exercise, language: str) -> Exercise:
    """``exercise`` with its words as the edition of ``language`` shows them."""
    return localized(exercise, edition_language(exercise, language))


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add ``notebooks/<exercise>.ipynb`` for every exercise to the site's files, in the
    edition's language where the exercise is translated into it."""
    language = str(config.theme["language"])
    try:
        exercises = load_course(EXERCISES)
        for exercise in exercises:
            text = student_notebook_text(exercise, edition_language(exercise, language))
            files.append(File.generated(config, notebook_uri(exercise), content=text))
    except (ValueError, OSError) as error:  # ManifestError is a ValueError
        raise PluginError(f"student notebooks: {error}") from error
    return files


def nav_titles(nav: Any) -> dict[str, str]:
    """The title each page has in mkdocs.yml's ``nav``, by file path."""
    titles: dict[str, str] = {}
    items = nav if isinstance(nav, list) else [nav]
    for item in items:
        if isinstance(item, dict):
            for title, value in item.items():
                if isinstance(value, str):
                    titles[value] = title
                else:
                    titles.update(nav_titles(value))
    return titles


TABLE_HEADINGS = {
    "en": "| Lesson | Exercise | Student notebook | In the browser |",
    "zh": "| 课 | 练习 | 学生笔记本 | 在浏览器中 |",
}
"""The exercise table's headings in each edition of the site (hooks/translations.py)."""
RUN_IT = {"en": "run it", "zh": "运行"}
EDITION_DEPTH = {"en": 0, "zh": 1}
"""How many folders below the site's root each edition is (the Chinese one is ``zh/``):
the browser app is at the root, ``lite/``, for both."""


def exercise_table(page_uri: str, nav: Any, page_url: str = "", language: str = "en") -> str:
    """A Markdown table of the exercises, with links relative to the page at ``page_uri``.

    ``page_url`` is the page's address in its edition (``""`` for the home page),
    for the raw HTML links into the browser app.
    """
    up = "../" * page_uri.count("/")
    up_to_root = site_up(page_url, language)
    titles = nav_titles(nav or [])
    rows = [TABLE_HEADINGS[language], "| --- | --- | --- | --- |"]
    for exercise in (in_edition(exercise, language) for exercise in load_course(EXERCISES)):
        lesson_title = titles.get(exercise.lesson, exercise.lesson.removesuffix(".md"))
        rows.append(
            f"| [{lesson_title}]({up}{exercise.lesson}) "
            f"| **{exercise.title}**: {exercise.summary} "
            f"| [{exercise.name}.ipynb]({up}{notebook_uri(exercise)}) "
            f'| <a href="{up_to_root}{browser_uri(exercise, language)}">{RUN_IT[language]}</a> |'
        )
    return "\n".join(rows)


EXERCISE_HEADING = "## Exercise"
EXERCISE_HEADINGS = {"en": EXERCISE_HEADING, "zh": "## 练习"}
"""The heading an exercise's time goes under, in each edition of the site."""


def time_line(exercise: Exercise, language: str = "en") -> str:
    """What the lesson says under its exercise's heading: its tasks and their time."""
    tasks = len(exercise.tasks)
    if language == "zh":
        core, stretch = exercise.minutes_of("core"), exercise.minutes_of("stretch")
        split = f"（核心 {core} 分钟，拓展 {stretch} 分钟）" if stretch else "（均为核心任务）"
        return f"*共 {tasks} 个任务，约 {exercise.minutes} 分钟{split}。*"
    return f"*{tasks} task{'s' if tasks != 1 else ''}, {exercise.time_summary}.*"


def with_exercise_time(
    markdown: str, exercise: Exercise, page_url: str = "", language: str = "en"
) -> str:
    """``markdown`` with :func:`time_line` and :func:`browser_button` after its exercise
    heading (``## Exercise``); ``page_url`` is the page's address in its edition (``"hashing/"``).

    Raises:
        PluginError: the page has no such heading.
    """
    heading = EXERCISE_HEADINGS[language]
    lines = markdown.split("\n")
    for number, line in enumerate(lines):
        if line.startswith(heading):
            button = browser_button(exercise, site_up(page_url, language), language)
            lines[number + 1 : number + 1] = ["", time_line(exercise, language), "", button]
            return "\n".join(lines)
    folder = "course/" if language == "en" else f"course/{language}/"
    raise PluginError(
        f"{folder}{exercise.lesson}: needs a heading starting {heading!r} "
        f"for the exercise {exercise.name}"
    )


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Add the exercise table where the marker is, and each exercise's time to its lesson."""
    language = str(config.theme["language"])
    if MARKER in markdown:
        table = exercise_table(page.file.src_uri, config.nav, page.url, language)
        markdown = markdown.replace(MARKER, table)
    for exercise in load_course(EXERCISES):
        if exercise.lesson == page.file.src_uri:
            markdown = with_exercise_time(markdown, exercise, page.url, language)
    return markdown
