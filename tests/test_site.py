"""The course site builds with --strict and `make serve`'s command serves it.

Also the site's own machinery: the vendored Mermaid, loaded only where a page
has a diagram; the API reference generated per teaching module; and the
student notebooks built into the site (hooks/notebooks.py; that they are what
nbgrader releases is tests/course/test_notebook.py's job).
"""

import importlib.util
import json
import re
import socket
import subprocess
import time
import urllib.request

import pytest

import minichain
from minichain.course.model import load_course
from minichain.course.notebook import build_notebook
from tests.site_build import ENV, MKDOCS, ROOT, shared_site, site_pages

EXERCISES = ROOT / "exercises"
MERMAID = ROOT / "course" / "assets" / "mermaid"


def load_hook(name: str):
    """Import hooks/<name>.py the way mkdocs does: by file path."""
    spec = importlib.util.spec_from_file_location(
        f"site_hook_{name}", ROOT / "hooks" / f"{name}.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def built_site(tmp_path_factory):
    return shared_site(tmp_path_factory)


def test_home_page_shows_the_genesis_example_included_from_the_tested_file(built_site):
    html = (built_site / "index.html").read_text()
    assert "000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f" in html
    assert "BlockHeader" in html
    assert "--8&lt;--" not in html and "--8<--" not in html


def test_site_requests_no_web_fonts(built_site):
    html = (built_site / "index.html").read_text()
    assert "fonts.googleapis.com" not in html


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_serve_answers_on_loopback():
    port = free_port()
    server = subprocess.Popen(
        [*MKDOCS, "serve", "--dev-addr", f"127.0.0.1:{port}", "--no-livereload"],
        cwd=ROOT,
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
                    page = response.read().decode()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"mkdocs serve did not answer: {server.stderr.read().decode()}")
                time.sleep(0.3)
        assert "minichain" in page
        # The Chinese edition is built and served with it (hooks/translations.py).
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/zh/", timeout=5) as response:
            assert '<html lang="zh"' in response.read().decode()
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_instructor_guide_shows_the_tested_nbgrader_config(built_site):
    html = (built_site / "instructor" / "index.html").read_text()
    assert "c.JudgeNotebook.task_timeout" in html
    assert "add_missing_cells" in html
    assert "ClearHiddenTests" in html


def test_instructor_guide_shows_the_tested_z2jh_values_and_make_class(built_site):
    html = (built_site / "instructor" / "index.html").read_text()
    assert "nbgrader-exchange" in html and "minichain_role" in html  # deploy/z2jh/values.yaml
    assert "make class" in html and "minichain-course" in html


def test_self_study_page_is_built(built_site):
    assert "minichain learn" in (built_site / "learn" / "index.html").read_text()


# --- Mermaid, shipped with the site ------------------------------------------------


def test_vendored_mermaid_is_version_11_as_recorded():
    version = (MERMAID / "VERSION").read_text().strip()
    assert re.fullmatch(r"11\.\d+\.\d+", version), version
    script = (MERMAID / "mermaid.min.js").read_text(encoding="utf-8")
    assert f'version:"{version}"' in script, "mermaid.min.js is not the version VERSION names"


def test_vendored_mermaid_keeps_its_mit_licence():
    assert "MIT License" in (MERMAID / "LICENSE").read_text()


def test_mermaid_is_loaded_only_by_pages_with_a_diagram(built_site):
    pages = site_pages(built_site)
    with_diagram = []
    for page in pages:
        html = (built_site / page.strip("/") / "index.html").read_text()
        has_diagram = 'class="mermaid"' in html
        assert ("mermaid.min.js" in html) == has_diagram, page
        with_diagram += [page] if has_diagram else []
    assert "/policy/" in with_diagram
    assert len(with_diagram) < len(pages)


def test_mermaid_loads_before_the_theme_bundle_so_the_theme_uses_it(built_site):
    html = (built_site / "policy" / "index.html").read_text()
    mermaid = html.index('src="../assets/mermaid/mermaid.min.js"')
    bundle = re.search(r'src="../assets/javascripts/bundle\.[0-9a-f]+\.min\.js"', html)
    assert bundle and mermaid < bundle.start()


def test_the_diagram_helper_loads_after_mermaid_and_before_the_bundle(built_site):
    html = (built_site / "policy" / "index.html").read_text()
    mermaid = html.index('src="../assets/mermaid/mermaid.min.js"')
    helper = html.index('src="../assets/javascripts/mermaid-readable.js"')
    bundle = re.search(r'src="../assets/javascripts/bundle\.[0-9a-f]+\.min\.js"', html)
    assert bundle and mermaid < helper < bundle.start()


def test_every_diagram_in_the_course_states_its_text_alternative():
    blocks = [
        (page.name, block)
        for page in sorted((ROOT / "course").glob("*.md"))
        for block in re.findall(r"```mermaid\n(.*?)```", page.read_text(), re.S)
    ]
    assert len(blocks) >= 20
    for name, block in blocks:
        lines = [line.strip() for line in block.splitlines()]
        assert any(re.fullmatch(r"accTitle: \S.{5,}", line) for line in lines), (name, lines[0])
        assert any(re.fullmatch(r"accDescr: \S.{40,}", line) for line in lines), (name, lines[0])


def test_every_page_offers_the_light_and_the_dark_palette(built_site):
    for page in site_pages(built_site):
        html = (built_site / page.strip("/") / "index.html").read_text()
        assert 'data-md-color-scheme="default"' in html, page
        assert 'title="Switch to the dark palette"' in html, page
        assert 'title="Switch to the light palette"' in html, page
        assert "assets/stylesheets/accessibility.css" in html, page
        assert "assets/javascripts/accessibility.js" in html, page


def test_pages_load_scripts_and_styles_only_from_the_site(built_site):
    for page in site_pages(built_site):
        html = (built_site / page.strip("/") / "index.html").read_text()
        for tag in re.findall(r"<(?:script|link)\b[^>]*>", html):
            url = re.search(r'(?:src|href)="([^"]*)"', tag)
            if url:
                assert not re.match(r"(https?:)?//", url.group(1)), f"{page}: {tag}"


# --- The API reference ------------------------------------------------------------


def test_every_teaching_module_has_a_reference_page(built_site):
    for module in minichain.TEACHING_MODULES:
        page = built_site / "reference" / module.removeprefix("minichain.") / "index.html"
        assert f'id="{module}"' in page.read_text(), module


def test_reference_index_lists_the_modules_in_reading_order(built_site):
    html = (built_site / "reference" / "index.html").read_text()
    positions = [html.index(f"<code>{module}</code>") for module in minichain.TEACHING_MODULES]
    assert positions == sorted(positions)


def test_reference_shows_a_function_documented_in_the_code(built_site):
    html = (built_site / "reference" / "hashing" / "index.html").read_text()
    assert 'id="minichain.hashing.sha256d"' in html
    assert ":func:" not in html


def test_reference_hook_refuses_a_nav_without_the_reference_entry():
    hook = load_hook("api_reference")
    nav = [{"Home": "index.md"}]
    assert hook.expand_nav(nav) is False
    nav = [{"Home": "index.md"}, {hook.NAV_TITLE: hook.INDEX}]
    assert hook.expand_nav(nav) is True
    pages = nav[1][hook.NAV_TITLE]
    assert pages[0] == {hook.INDEX_TITLE: hook.INDEX}
    assert [list(item)[0] for item in pages[1:]] == list(minichain.TEACHING_MODULES)


# --- Student notebooks ------------------------------------------------------------


def region(text: str, begin: str, end: str) -> str:
    return text[text.index(begin) : text.index(end) + len(end)]


def test_every_exercise_has_a_downloadable_student_notebook(built_site):
    for exercise in load_course(EXERCISES):
        notebook = json.loads((built_site / "notebooks" / f"{exercise.name}.ipynb").read_text())
        assert notebook["nbformat"] == 4
        assert [cell["id"] for cell in notebook["cells"]] == [
            cell["id"] for cell in build_notebook(exercise)["cells"]
        ]


def test_downloaded_notebook_has_no_solution_and_no_hidden_test(built_site):
    for exercise in load_course(EXERCISES):
        text = (built_site / "notebooks" / f"{exercise.name}.ipynb").read_text()
        released = {cell["id"]: "".join(cell["source"]) for cell in json.loads(text)["cells"]}
        everything = "\n".join(released.values())
        assert "BEGIN SOLUTION" not in everything and "BEGIN HIDDEN TESTS" not in everything
        for cell in build_notebook(exercise)["cells"]:
            source = "".join(cell["source"])
            if "### BEGIN SOLUTION" in source:
                solution = region(source, "### BEGIN SOLUTION", "### END SOLUTION")
                body = solution.split("\n", 1)[1].rsplit("\n", 1)[0]
                assert body.strip() and body not in released[cell["id"]], cell["id"]
                assert "raise NotImplementedError()" in released[cell["id"]], cell["id"]
            if "### BEGIN HIDDEN TESTS" in source:
                hidden = region(source, "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS")
                for name in re.findall(r"^def (test_\w+)", hidden, flags=re.MULTILINE):
                    assert name not in everything, (exercise.name, name)


def test_home_page_links_every_exercise_notebook_and_its_lesson(built_site):
    html = (built_site / "index.html").read_text()
    for exercise in load_course(EXERCISES):
        assert f'href="notebooks/{exercise.name}.ipynb"' in html, exercise.name
        lesson = exercise.lesson.removesuffix(".md")
        assert f'href="{lesson}/"' in html, exercise.lesson


def test_each_lesson_states_its_exercises_tasks_and_time_from_the_manifest(built_site):
    for exercise in load_course(EXERCISES):
        html = (built_site / exercise.lesson.removesuffix(".md") / "index.html").read_text()
        section = html.split('id="exercise', 1)[1]
        minutes = sum(task.minutes for task in exercise.tasks)
        assert f"{len(exercise.tasks)} tasks, about {minutes} minutes" in section, exercise.name


def test_a_lesson_without_an_exercise_heading_stops_the_build():
    hook = load_hook("notebooks")
    exercise = load_course(EXERCISES)[0]
    with pytest.raises(hook.PluginError, match=exercise.lesson):
        hook.with_exercise_time("# A lesson\n\n## Try it\n", exercise)


# --- Pages ------------------------------------------------------------------------


def nav_lessons() -> list[str]:
    """The pages of the navigation's Lessons section, in order."""
    nav = (ROOT / "mkdocs.yml").read_text(encoding="utf-8").split("\nnav:", 1)[1]
    section = nav.split("  - Lessons:\n", 1)[1].split("\n  - ", 1)[0]
    return re.findall(r"^\s+- [^:]+: (\S+\.md)$", section, re.MULTILINE)


def test_home_page_lesson_list_links_every_lesson_in_order(built_site):
    html = (built_site / "index.html").read_text()
    section = html.split('id="what-you-will-build"', 1)[1]
    lesson_list = section.split("<ol>", 1)[1].split("</ol>", 1)[0]
    items = re.findall(r"<li>(.*?)</li>", lesson_list, re.DOTALL)
    linked = [re.match(r'<a href="([^"/]+)/">', item) for item in items]
    assert all(linked), [item for item, link in zip(items, linked) if not link]
    assert [link.group(1) + ".md" for link in linked] == nav_lessons()


def test_policy_page_cites_a_source_for_its_facts(built_site):
    html = (built_site / "policy" / "index.html").read_text()
    assert "October 2019" in html and "1024 meeting" in html
    footnotes = re.findall(r'<li id="fn:[^"]+">', html)
    assert len(footnotes) >= 20
    for lesson in ("hashing", "blocks", "merkle", "signatures", "transactions", "proof-of-work"):
        assert f'href="../{lesson}/"' in html, lesson


def test_glossary_defines_the_terms_the_lessons_use(built_site):
    html = (built_site / "glossary" / "index.html").read_text()
    for term in ("Digest", "Merkle root", "UTXO", "Nonce", "Target", "Chainwork", "Fork"):
        assert f"<dt><strong>{term}" in html, term
    for term in ("Reorg", "Finality", "Quorum", "Validator", "Equivocation"):
        assert f"<dt><strong>{term}" in html, term
