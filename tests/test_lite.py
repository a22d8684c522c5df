"""The exercise notebooks in the browser: the JupyterLite app built by minichain.course.lite.

The build's rules are checked on small inputs (the browser wheel, the lock);
the built app is checked for what it must not ship (solutions, hidden
checks) and for an offline configuration; then a real headless Chromium opens
the built site on 127.0.0.1, clicks a lesson's "Run in your browser" button
and works through the notebook as a student would: the setup cell, the
reference answer of task 1 typed in, its public checks passing, task 2's
checks failing with the same lines as in CPython, a save and a reload that
keep the answer, and the download that nbgrader grades like the same answers
made in Jupyter. No request may leave 127.0.0.1.

The first run builds the app (Pyodide from npm, pinned wheels from PyPI);
later runs find it in build/lite/ (see minichain.course.lite).
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import io
import json
import re
import subprocess
import sys
import tempfile
import threading
import zipfile
from pathlib import Path
from types import SimpleNamespace

import pytest
from mkdocs.exceptions import PluginError

from minichain.course.errors import LiteBuildError
from minichain.course.grading import ChecksFailed
from minichain.course.lite import (
    KERNEL_SETTINGS,
    KEY_FILE,
    Wheel,
    browser_environment,
    browser_lock,
    browser_wheel,
    build_app,
    check_preloaded,
    notebook_file,
    read_pins,
)
from minichain.course.model import load_course
from minichain.terminal import i18n
from tests.course import nbgrader_class as course_class
from tests.site_build import ROOT, shared_site
from tests.test_browser import CHROMIUM_FLAGS, QuietHandler, require_browser
from tests.test_site import load_hook

PYODIDE_PYTHON = "3.14.2"
EXERCISE = "evidence_hash"
SCREENSHOT = ROOT / "build" / "lite" / "screenshots" / f"{EXERCISE}.png"
FAILURE_SCREENSHOT = SCREENSHOT.with_name("failed-session.png")


def small_wheel(name: str, version: str, requires: list[str]) -> Wheel:
    """A wheel holding one module and METADATA with ``requires`` as Requires-Dist."""
    metadata = "\n".join(
        ["Metadata-Version: 2.1", f"Name: {name}", f"Version: {version}"]
        + [f"Requires-Dist: {line}" for line in requires]
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as wheel:
        wheel.writestr(f"{name}.py", "VALUE = 1\n")
        wheel.writestr(f"{name}-{version}.dist-info/METADATA", metadata + "\n")
    return Wheel(f"{name}-{version}-py3-none-any.whl", buffer.getvalue())


def npm_lock(**packages: dict) -> dict:
    return {"info": {"python": PYODIDE_PYTHON}, "packages": packages}


# The build's rules, on small inputs


def test_browser_wheel_leaves_out_the_exercise_folders():
    _, data = browser_wheel("0.0.0")
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert not [name for name in names if name.startswith("minichain/exercises")]
    assert "minichain/course/grading.py" in names
    assert "minichain/notebook/__init__.py" in names
    assert "minichain/vectors.json" in names


def test_browser_wheel_carries_each_catalogue_compiled_from_its_source():
    from minichain.terminal.catalogue import catalogues, compiled

    wheel = zipfile.ZipFile(io.BytesIO(browser_wheel("0.0.0")[1]))
    for po in catalogues():
        mo = po.with_suffix(".mo").relative_to(ROOT).as_posix()
        assert wheel.read(mo) == compiled(po)


def test_browser_wheel_is_the_same_bytes_for_the_same_sources():
    assert browser_wheel("0.0.0") == browser_wheel("0.0.0")


def test_minichain_needs_neither_gmpy2_nor_watchfiles_in_the_browser():
    wheel = Wheel(*browser_wheel("0.0.0"))
    assert wheel.depends(browser_environment(PYODIDE_PYTHON)) == ["ecdsa", "rich"]
    cpython = browser_environment("3.11.7") | {"sys_platform": "linux", "platform_system": "Linux"}
    assert {"gmpy2", "watchfiles"} <= set(wheel.depends(cpython))


def test_lock_refuses_a_dependency_the_app_does_not_ship():
    needs_gmpy2 = small_wheel("fastmath", "1.0", ["gmpy2>=2.2"])
    with pytest.raises(LiteBuildError, match=r"fastmath: depends on \['gmpy2'\]"):
        browser_lock(npm_lock(), {"fastmath": needs_gmpy2})


def test_lock_follows_markers_and_skips_extras():
    wheel = small_wheel(
        "tool", "1.0", ["watchfiles; sys_platform != 'emscripten'", "pytest; extra == 'test'"]
    )
    lock = browser_lock(npm_lock(), {"tool": wheel})
    assert lock["packages"]["tool"]["depends"] == []
    assert lock["packages"]["tool"]["imports"] == ["tool"]


def test_lock_keeps_a_listed_package_at_its_version_with_the_shipped_wheels_hash():
    six = small_wheel("six", "1.17.0", [])
    listed = {"name": "six", "version": "1.17.0", "depends": [], "sha256": "0" * 64}
    lock = browser_lock(npm_lock(six=dict(listed, file_name="six-pyodide.whl")), {"six": six})
    entry = lock["packages"]["six"]
    assert entry["file_name"] == six.file_name
    assert entry["sha256"] == __import__("hashlib").sha256(six.data).hexdigest()


def test_lock_refuses_a_pin_at_another_version_than_the_lock():
    listed = {"name": "six", "version": "1.16.0", "depends": [], "file_name": "x", "sha256": ""}
    with pytest.raises(LiteBuildError, match="requirements.txt: six: must be 1.16.0"):
        browser_lock(npm_lock(six=listed), {"six": small_wheel("six", "1.17.0", [])})


def test_lock_adds_the_dependencies_pyodides_lock_leaves_out():
    rich = small_wheel("rich", "14.3.3", ["markdown-it-py>=2.2", "pygments>=2.13"])
    wheels = {
        "rich": rich,
        "markdown-it-py": small_wheel("markdown_it_py", "4.3.0", []),
        "pygments": small_wheel("pygments", "2.20.0", []),
    }
    listed = {"name": "rich", "version": "14.3.3", "depends": [], "file_name": "x", "sha256": ""}
    lock = browser_lock(npm_lock(rich=listed), wheels)
    assert lock["packages"]["rich"]["depends"] == ["markdown-it-py", "pygments"]


def test_the_kernel_must_preload_minichains_distribution():
    check_preloaded(json.loads((ROOT / "lite" / "jupyter-lite.json").read_text()))
    plain = {"litePluginSettings": {KERNEL_SETTINGS: {"loadPyodideOptions": {"packages": []}}}}
    with pytest.raises(LiteBuildError, match="must name 'minichain-course'"):
        check_preloaded({"jupyter-config-data": plain})


def test_pins_refuse_a_line_without_a_hash(tmp_path):
    pins = tmp_path / "requirements.txt"
    pins.write_text("# a comment\nsix==1.17.0\n")
    with pytest.raises(LiteBuildError, match="requirements.txt:2"):
        read_pins(pins)


def test_the_site_hook_names_a_broken_pin_instead_of_building(tmp_path, monkeypatch):
    import minichain.course.lite as lite

    inputs = tmp_path / "lite"
    inputs.mkdir()
    (inputs / "requirements.txt").write_text("six==1.17.0\n")
    (inputs / "jupyter-lite.json").write_text("{}\n")
    monkeypatch.setattr(lite, "LITE", inputs)
    monkeypatch.setattr(lite, "BUILD", tmp_path / "build")
    hook = load_hook("lite")
    with pytest.raises(PluginError, match=r"browser notebooks: requirements.txt:1: must read"):
        hook.on_post_build(
            SimpleNamespace(site_dir=str(tmp_path / "site"), theme={"language": "en"})
        )
    assert not (tmp_path / "site").exists()


def test_every_committed_pin_reads():
    pins = read_pins(ROOT / "lite" / "requirements.txt")
    assert {"micropip", "ipython", "ecdsa", "rich", "comm"} <= {pin.name for pin in pins}


# The built app


@pytest.fixture(scope="module")
def app() -> Path:
    return build_app()


def test_a_second_build_finds_the_app_built(app):
    key = (app / KEY_FILE).read_text()
    started = (app / KEY_FILE).stat().st_mtime_ns
    assert build_app() == app
    assert (app / KEY_FILE).read_text() == key
    assert (app / KEY_FILE).stat().st_mtime_ns == started


def test_the_app_opens_every_exercise_notebook(app):
    names = {f"{exercise.name}.ipynb" for exercise in load_course(ROOT / "exercises")}
    assert names == {path.name for path in (app / "files").glob("*.ipynb")}


def _texts_in(app: Path):
    """Every notebook and JSON file of the app, and every file inside its wheels."""
    for path in app.rglob("*"):
        if path.suffix in (".ipynb", ".json"):
            yield str(path), path.read_text(encoding="utf-8", errors="replace")
        elif path.suffix == ".whl":
            with zipfile.ZipFile(path) as wheel:
                for name in wheel.namelist():
                    text = wheel.read(name).decode("utf-8", errors="replace")
                    yield f"{path.name}:{name}", text


def test_the_app_ships_no_hidden_check_and_no_solution(app):
    """No hidden check's code, and no multi-line solution (a one-line one may be a hint's)."""
    exercises = load_course(ROOT / "exercises")
    hidden = [check for exercise in exercises for check in exercise.hidden.checks]
    solutions = []
    for exercise in exercises:
        for function in exercise.solution_code.functions:
            body = function.source.split("### BEGIN SOLUTION", 1)[-1]
            body = body.split("### END SOLUTION", 1)[0].strip()
            if "\n" in body:
                solutions.append(body)
    assert hidden and solutions
    leaks = []
    for where, text in _texts_in(app):
        leaks += [f"{where}: {check.name}" for check in hidden if check.source in text]
        leaks += [f"{where}: a solution" for body in solutions if body in text]
        if where.endswith(".ipynb"):
            leaks += [f"{where}: {check.name}" for check in hidden if check.name in text]
            leaks += [f"{where}: {m}" for m in ("BEGIN SOLUTION", "HIDDEN TESTS") if m in text]
    assert leaks == []


def test_the_app_loads_everything_from_itself(app):
    config = json.loads((app / "jupyter-lite.json").read_text())["jupyter-config-data"]
    kernel = config["litePluginSettings"]["@jupyterlite/pyodide-kernel-extension:kernel"]
    assert kernel["pyodideUrl"] == "./static/pyodide/pyodide.mjs"
    assert kernel["disablePyPIFallback"] is True
    pyodide = app / "static" / "pyodide"
    lock = json.loads((pyodide / "pyodide-lock.json").read_text())
    for name, entry in lock["packages"].items():
        wheel = pyodide / entry["file_name"]
        assert wheel.is_file(), name
        assert __import__("hashlib").sha256(wheel.read_bytes()).hexdigest() == entry["sha256"]
    assert "minichain-course" in lock["packages"] and "gmpy2" not in lock["packages"]
    assert lock["packages"]["minichain-course"]["imports"] == ["minichain"]


def test_the_apps_home_is_the_file_browser_it_ships(app):
    config = json.loads((app / "jupyter-lite.json").read_text())["jupyter-config-data"]
    assert config["appUrl"] == "./tree"
    assert (app / "tree" / "index.html").is_file()


def test_every_lesson_and_the_home_page_link_their_exercise_in_the_app(tmp_path_factory):
    site = shared_site(tmp_path_factory)
    home = (site / "index.html").read_text()
    assert (site / "lite" / "notebooks" / "index.html").is_file()
    for exercise in load_course(ROOT / "exercises"):
        target = f"lite/notebooks/index.html?path={exercise.name}.ipynb"
        lesson = site / exercise.lesson.removesuffix(".md") / "index.html"
        assert f'href="../{target}"' in lesson.read_text(), exercise.lesson
        assert f'href="{target}"' in home, exercise.name
        assert (site / "lite" / "files" / f"{exercise.name}.ipynb").is_file()


# In the browser


def cpython_output(notebook: dict, answers: dict[str, str], check_cell: str) -> list[str]:
    """The lines the check cell ``check_cell`` shows in CPython (Jupyter or minichain learn).

    The code cells run in order in one namespace, with ``answers`` (by cell id)
    in place of the released text, IPython's ``%`` lines left out.
    """
    namespace: dict = {}
    for cell in notebook["cells"]:
        if cell["cell_type"] != "code":
            continue
        source = answers.get(cell["id"], "".join(cell["source"]))
        source = "\n".join(line for line in source.splitlines() if not line.startswith("%"))
        printed, shown = io.StringIO(), []
        with contextlib.redirect_stdout(printed):
            try:
                exec(compile(source, cell["id"], "exec"), namespace)  # noqa: S102 - the notebook
            except ChecksFailed as failed:
                shown = failed.lines
        if cell["id"] == check_cell:
            return printed.getvalue().splitlines() + shown
    raise AssertionError(f"no cell {check_cell}")


def code_cell(page, cell_id: str):
    """The code cell of evidence_hash's notebook whose id is ``cell_id`` (see CELL_POSITIONS)."""
    return page.locator(".jp-Notebook .jp-CodeCell").nth(CELL_POSITIONS[cell_id])


def editor_text(page, cell_id: str) -> str:
    """The text in a code cell's editor, once drawn: the notebook draws a cell's editor
    only when the cell scrolls into view."""
    cell = code_cell(page, cell_id)
    cell.scroll_into_view_if_needed()
    content = cell.locator(".cm-content").element_handle()
    page.wait_for_function("el => el.textContent.trim() !== ''", arg=content, timeout=20_000)
    return content.inner_text()


def last_line(source: str) -> str:
    """The last non-empty line of ``source``, stripped: what shows an answer is there."""
    return [line.strip() for line in source.splitlines() if line.strip()][-1]


SIGNING = """import sys
import ecdsa, rich.console  # importable in the browser too, as the course promises
from minichain.keys import PrivateKey
key = PrivateKey.from_seed("lite")
signature = key.sign(b"diploma")
print(sys.platform, key.address, signature.der().hex())
print("verified:", key.public_key.verify(b"diploma", signature))
"""
"""ECDSA with minichain: in the browser (no gmpy2, no coincurve) deterministic (RFC 6979) and
the same as in CPython."""

CELL_POSITIONS = {
    "setup": 0,
    "answer_fingerprint": 1,
    "check_fingerprint": 2,
    "answer_matches_record": 3,
    "check_matches_record": 4,
}
"""Code cells of evidence_hash in order (tests/test_lite.py checks them against the notebook)."""


PROMPT = """([position, before, done]) => {
    const cells = document.querySelectorAll('.jp-Notebook .jp-CodeCell');
    const prompt = cells[position] && cells[position].querySelector('.jp-InputPrompt');
    if (!prompt || prompt.textContent === before) return false;
    return !done || /\\[\\d+\\]/.test(prompt.textContent);
}"""
"""Whether code cell ``position``'s prompt has left what it showed before the run (``[ ]`` or
``[2]``), or with ``done``, shows this run's new execution count. The prompt is looked up
afresh each time: the notebook may draw a cell anew while its kernel starts."""


def run(page, cell_id: str, timeout_ms: int) -> str:
    """Run one code cell as a student does (click it, Shift+Enter); return its output's text.

    A key pressed while the page is still busy setting the notebook up can be
    lost; a student would press it again, and so does this, once.
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    position = CELL_POSITIONS[cell_id]
    cell = code_cell(page, cell_id)
    before = cell.locator(".jp-InputPrompt").text_content()
    for attempt in (1, 2):
        cell.locator(".jp-InputArea-editor").click()
        page.keyboard.press("Shift+Enter")
        try:
            page.wait_for_function(PROMPT, arg=[position, before, False], timeout=15_000)
            break
        except PlaywrightTimeout:
            if attempt == 2:
                raise
    page.wait_for_function(PROMPT, arg=[position, before, True], timeout=timeout_ms)
    return cell.locator(".jp-OutputArea").inner_text()


def type_answer(page, cell_id: str, source: str) -> None:
    """Replace the answer cell's text, as pasting does (no auto-indent on the way in)."""
    editor = code_cell(page, cell_id).locator(".cm-content")
    editor.click()
    page.keyboard.press("Control+a")
    page.keyboard.insert_text(source)


def open_notebook(page) -> None:
    page.locator(".jp-Notebook .jp-CodeCell").first.wait_for(timeout=60_000)


def student_session(page, base: str, record: dict, downloads: Path) -> None:
    """The student's steps, from the lesson's button to the download; ``record`` keeps what
    each step showed."""
    page.goto(base + "/hashing/", wait_until="load")
    page.get_by_role("link", name="Run in your browser").click()
    open_notebook(page)
    record["url"] = page.url
    # The kernel starts with the first cell run: generous, the machine may be busy.
    record["setup"] = run(page, "setup", timeout_ms=240_000)
    # A scratch computation first, in task 1's cell (the answer replaces it below).
    type_answer(page, "answer_fingerprint", SIGNING)
    record["signing"] = run(page, "answer_fingerprint", timeout_ms=60_000)
    type_answer(page, "answer_fingerprint", record["answer"])
    run(page, "answer_fingerprint", timeout_ms=30_000)
    record["task1"] = run(page, "check_fingerprint", timeout_ms=30_000)
    run(page, "answer_matches_record", timeout_ms=30_000)  # as released: a TODO
    record["task2"] = run(page, "check_matches_record", timeout_ms=30_000)
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT))
    page.keyboard.press("Control+s")
    page.get_by_text("Last Checkpoint").wait_for(timeout=20_000)
    page.reload(wait_until="load")
    open_notebook(page)
    record["after_reload"] = editor_text(page, "answer_fingerprint")
    page.locator(".lm-MenuBar-item", has_text="File").click()
    with page.expect_download(timeout=20_000) as download:
        page.locator(".lm-Menu-item", has_text="Download").first.click()
    record["download"] = downloads / download.value.suggested_filename
    download.value.save_as(record["download"])
    # The same lesson in Chinese: its button opens the Chinese notebook (zh/ in the app),
    # whose check lines are Chinese, though its code cells are the English one's.
    page.goto(base + "/zh/hashing/", wait_until="load")
    page.get_by_role("link", name="在浏览器中运行").click()
    open_notebook(page)
    record["zh_url"] = page.url
    record["zh_setup"] = run(page, "setup", timeout_ms=240_000)
    run(page, "answer_fingerprint", timeout_ms=30_000)  # as released: a TODO
    record["zh_task1"] = run(page, "check_fingerprint", timeout_ms=30_000)


@pytest.fixture(scope="module")
def browser_session(tmp_path_factory):
    """One student's session in the app, from the lesson page to the downloaded notebook."""
    sync_playwright, binary = require_browser()
    site = shared_site(tmp_path_factory)
    handler = functools.partial(QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    answer = course_class.solution_functions()["fingerprint"]
    record: dict = {"requests": [], "failed": [], "base": base, "answer": answer}
    downloads = tmp_path_factory.mktemp("downloads")
    try:
        with tempfile.TemporaryDirectory() as profile, sync_playwright() as playwright:
            context = playwright.chromium.launch_persistent_context(
                profile,
                executable_path=binary,
                headless=True,
                args=CHROMIUM_FLAGS,
                viewport={"width": 1280, "height": 900},
                accept_downloads=True,
            )
            context.on("request", lambda request: record["requests"].append(request.url))
            context.on(
                "response",
                lambda response: (
                    record["failed"].append(f"{response.status} {response.url}")
                    if response.status >= 400
                    else None
                ),
            )
            context.route(
                "**/*",
                lambda route: (
                    route.continue_() if route.request.url.startswith(base + "/") else route.abort()
                ),
            )
            page = context.new_page()
            try:
                student_session(page, base, record, downloads)
            except Exception:
                # What the student would have seen when it went wrong, for whoever reads the log.
                FAILURE_SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(FAILURE_SCREENSHOT))
                print(f"lite: the page when the session failed: {FAILURE_SCREENSHOT}")
                raise
            context.close()
    finally:
        server.shutdown()
        server.server_close()
    return record


def released_notebook(language: str = "en") -> dict:
    path = ROOT / "build" / "lite" / "app" / "files" / notebook_file(EXERCISE, language)
    return json.loads(path.read_text())


def test_cell_positions_are_the_notebooks_code_cells(app):
    codes = [cell["id"] for cell in released_notebook()["cells"] if cell["cell_type"] == "code"]
    assert {cell_id: codes.index(cell_id) for cell_id in CELL_POSITIONS} == CELL_POSITIONS


def test_the_lesson_button_opens_the_exercise_notebook(browser_session):
    assert browser_session["url"].startswith(browser_session["base"] + "/lite/notebooks/")
    assert browser_session["url"].endswith(f"path={EXERCISE}.ipynb")


def test_the_setup_cell_imports_minichain_without_an_error(browser_session):
    assert "Error" not in browser_session["setup"]


def test_minichain_signs_in_the_browser_exactly_as_in_cpython(browser_session):
    result = subprocess.run(
        [sys.executable, "-c", SIGNING], capture_output=True, text=True, timeout=60, check=True
    )
    platform, rest = result.stdout.split(" ", 1)
    assert platform != "emscripten"
    assert browser_session["signing"].strip() == f"emscripten {rest}".strip()


def test_the_typed_answer_passes_its_public_checks_with_jupyters_lines(browser_session):
    expected = cpython_output(
        released_notebook(),
        {"answer_fingerprint": browser_session["answer"]},
        "check_fingerprint",
    )
    assert expected and all(line.startswith("ok") for line in expected)
    for line in expected:
        assert line in browser_session["task1"], (line, browser_session["task1"])


def test_an_unanswered_task_fails_with_jupyters_message(browser_session):
    expected = cpython_output(released_notebook(), {}, "check_matches_record")
    assert any(line.startswith("ChecksFailed") for line in expected)
    shown = [line.strip() for line in browser_session["task2"].splitlines()]
    for line in expected:
        assert line.strip() in shown, (line, browser_session["task2"])


def test_the_chinese_lessons_button_opens_the_chinese_notebook(browser_session):
    assert browser_session["zh_url"].endswith(f"path=zh/{EXERCISE}.ipynb")
    assert "Error" not in browser_session["zh_setup"]


def test_the_chinese_notebook_prints_chinese_check_lines_as_cpython_does_in_chinese(
    browser_session,
):
    chinese = released_notebook("zh")
    english = released_notebook("en")
    code = [
        (cell["id"], cell["source"]) for cell in english["cells"] if cell["cell_type"] == "code"
    ]
    assert code == [(c["id"], c["source"]) for c in chinese["cells"] if c["cell_type"] == "code"]
    i18n.use_language("zh")
    try:
        expected = cpython_output(chinese, {}, "check_fingerprint")
    finally:
        i18n.use_language()
    assert expected[0].startswith("失败 ") and "尚未完成" in "\n".join(expected)
    shown = [line.strip() for line in browser_session["zh_task1"].splitlines()]
    for line in expected:
        assert line.strip() in shown, (line, browser_session["zh_task1"])


def test_the_answer_is_kept_over_a_reload(browser_session):
    assert last_line(browser_session["answer"]) in browser_session["after_reload"]


FAVICON = re.compile(r"/favicon[-\w]*\.ico$")


def test_every_file_the_session_asked_for_was_there(browser_session):
    """Nothing the app loads is missing: not the icon fonts' WOFF2 (the older formats are
    dropped), not a wheel, not a notebook.

    Only the tab's icons may be: JupyterLite's notebook page swaps its favicon for
    ``static/favicons/favicon-busy-1.ico`` while the kernel works, a file its build does
    not write, and the browser asks the server root for ``/favicon.ico``.
    """
    failed = [line for line in browser_session["failed"] if not FAVICON.search(line)]
    assert not failed, "\n".join(failed)


def test_no_request_leaves_localhost(browser_session):
    local = browser_session["base"] + "/"
    outside = {url for url in browser_session["requests"] if not url.startswith(local)}
    assert {url for url in outside if not url.startswith(("data:", "blob:"))} == set()
    assert any(url.endswith("/pyodide.asm.wasm") for url in browser_session["requests"])


@pytest.fixture(scope="module")
def graded(browser_session, tmp_path_factory):
    """The downloaded notebook and the same answer made in Jupyter, graded by nbgrader's API."""
    course_class.prepare_environment()
    course = course_class.copy_course(tmp_path_factory.mktemp("lite_grading"))
    api = course_class.api_for(course)
    generated = api.generate_assignment(course_class.ASSIGNMENT)
    assert generated["success"], generated["log"]

    def same_answer(notebook: dict) -> None:
        for cell in notebook["cells"]:
            if cell["id"] == "answer_fingerprint":
                cell["source"] = browser_session["answer"]

    course_class.submit(course, "jupyter", same_answer)
    browser = course_class.submit(course, "browser", lambda notebook: None)
    browser.write_text(browser_session["download"].read_text())
    logs = {}
    for student in ("browser", "jupyter"):
        result = api.autograde(course_class.ASSIGNMENT, student)
        assert result["success"], f"{student}: {result['log']}"
        logs[student] = result["log"]
    with api.gradebook as gradebook:
        scores = {
            student: gradebook.find_submission(course_class.ASSIGNMENT, student).score
            for student in logs
        }
    return scores, logs


def test_the_download_is_the_notebook_with_the_answer(browser_session):
    notebook = json.loads(browser_session["download"].read_text())
    released = released_notebook()
    assert [cell["id"] for cell in notebook["cells"]] == [cell["id"] for cell in released["cells"]]
    answer = next(cell for cell in notebook["cells"] if cell["id"] == "answer_fingerprint")
    assert last_line(browser_session["answer"]) in "".join(answer["source"])
    nbgrader = [cell["metadata"].get("nbgrader") for cell in notebook["cells"]]
    assert nbgrader == [cell["metadata"].get("nbgrader") for cell in released["cells"]]


@pytest.mark.heavy
def test_nbgrader_grades_the_download_like_the_same_answers_from_jupyter(graded):
    scores, logs = graded
    assert scores["browser"] == scores["jupyter"] == 1.0, logs
