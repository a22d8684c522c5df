"""The built course site in a real browser: headless Chromium, served over TCP on 127.0.0.1.

Every page is opened once; the checks below read what that visit recorded:
the page rendered (a title, a heading, no script error), every Mermaid
diagram became an SVG, and no request left 127.0.0.1. Search is typed into
like a student would. A PNG screenshot of every page is kept in
build/screenshots/ (git-ignored) for a human to look at.

Chromium: Debian's `chromium` package (or set CHROMIUM to a Chromium or Chrome
binary). Without it these tests skip on a student's machine and fail in CI.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import sys
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.site_build import ROOT, SITE_NAMES, language_of, shared_site, site_pages

SCREENSHOTS = ROOT / "build" / "screenshots"
INSTALL_HINT = (
    "the browser tests need Chromium: install it with `sudo apt-get install chromium` "
    "(Debian/Ubuntu), or set CHROMIUM to a Chromium or Chrome binary"
)
# The flags that work on this project's machines (see the toolchain notes): no sandbox
# (we run as root in CI), no GPU, and none of Chromium's own calls home.
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# material renders each diagram into a *closed* shadow root, which a test cannot
# look into. Before any page script runs, this makes shadow roots open; the
# rendering itself is untouched.
OPEN_SHADOW_ROOTS = """
const attach = Element.prototype.attachShadow;
Element.prototype.attachShadow = function (init) {
  return attach.call(this, { ...init, mode: "open" });
};
"""
DIAGRAMS_RENDERED = """
expected => {
  const rendered = [...document.querySelectorAll("div.mermaid")]
    .filter(div => div.shadowRoot && div.shadowRoot.querySelector("svg"));
  return rendered.length >= expected;
}
"""


def chromium_binary() -> str | None:
    candidates = [os.environ.get("CHROMIUM"), shutil.which("chromium"), "/usr/bin/chromium"]
    candidates.append(shutil.which("chromium-browser"))
    return next((path for path in candidates if path and Path(path).exists()), None)


def require_browser():
    """Playwright's sync API and a Chromium binary, or skip (fail in CI) saying how to get them."""
    binary = chromium_binary()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sync_playwright = None
    if binary and sync_playwright:
        return sync_playwright, binary
    missing = INSTALL_HINT if not binary else "playwright is not installed: run `make install`"
    if os.environ.get("CI"):
        pytest.fail(f"CI must run the browser tests: {missing}")
    pytest.skip(missing)


DIAGRAM_SCALES = """() => [...document.querySelectorAll("div.mermaid")].flatMap(div => {
    const svg = div.shadowRoot && div.shadowRoot.querySelector("svg");
    const box = svg && svg.viewBox.baseVal;
    return box && box.width ? [svg.getBoundingClientRect().width / box.width] : [];
})"""
"""How much each rendered diagram was shrunk to fit the page (1.0: drawn at its own size)."""

SMALLEST_READABLE_SCALE = 0.65
"""Mermaid draws its text at 16 px; shrunk below about 10 px, a diagram is hard to read."""


@dataclass
class Visit:
    """What opening one page recorded."""

    path: str
    status: int | None = None
    title: str = ""
    heading: str = ""
    errors: list[str] = field(default_factory=list)
    diagrams: int = 0
    svgs: int = 0
    scales: list[float] = field(default_factory=list)
    screenshot: Path | None = None


@dataclass
class Session:
    base: str
    visits: dict[str, Visit]
    requests: list[str]
    browser: object


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's signature
        pass


@pytest.fixture(scope="module")
def served_site(tmp_path_factory):
    site = shared_site(tmp_path_factory)
    handler = functools.partial(QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def screenshot_name(path: str) -> str:
    return (path.strip("/").replace("/", "_") or "home") + ".png"


@pytest.fixture(scope="module")
def session(served_site, request):
    sync_playwright, binary = require_browser()
    site, base = served_site
    shutil.rmtree(SCREENSHOTS, ignore_errors=True)
    SCREENSHOTS.mkdir(parents=True)
    requests: list[str] = []
    with tempfile.TemporaryDirectory() as profile, sync_playwright() as playwright:
        # A fresh profile directory for every run (the toolchain notes' --user-data-dir).
        context = playwright.chromium.launch_persistent_context(
            profile,
            executable_path=binary,
            headless=True,
            args=CHROMIUM_FLAGS,
            viewport={"width": 1280, "height": 900},
        )
        context.add_init_script(OPEN_SHADOW_ROOTS)
        context.on("request", lambda req: requests.append(req.url))
        # Record every request, but let none leave the machine (a test must not hang on one).
        context.route(
            "**/*",
            lambda route: (
                route.continue_() if route.request.url.startswith(base + "/") else route.abort()
            ),
        )
        visits = {path: visit(context, base, path) for path in pages_to_visit(site)}
        yield Session(base, visits, requests, context)
        context.close()
    # Say where the screenshots are, past pytest's output capture.
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    if capture is not None and reporter is not None:
        with capture.global_and_fixture_disabled():
            reporter.write_line(f"\nbrowser screenshots of {len(visits)} pages: {SCREENSHOTS}")


def pages_to_visit(site: Path) -> list[str]:
    """Every page, but of the Chinese API reference only its index: the modules' pages
    are the English ones (same docstrings, same HTML) under the Chinese navigation."""
    return [
        page
        for page in site_pages(site)
        if not (page.startswith("/zh/reference/") and page != "/zh/reference/")
    ]


def visit(context, base: str, path: str) -> Visit:
    record = Visit(path)
    page = context.new_page()
    page.on("pageerror", lambda error: record.errors.append(f"script error: {error}"))
    page.on(
        "console",
        lambda message: (
            record.errors.append(f"console: {message.text}") if message.type == "error" else None
        ),
    )
    try:
        response = page.goto(base + path, wait_until="load")
        record.status = response.status if response else None
        record.title = page.title()
        record.heading = page.locator("article h1").first.inner_text(timeout=10_000)
        record.diagrams = page.locator(".mermaid").count()
        if record.diagrams:
            try:
                page.wait_for_function(DIAGRAMS_RENDERED, arg=record.diagrams, timeout=30_000)
            except Exception as error:  # a timeout: recorded, and the check below fails
                record.errors.append(f"diagrams: {error}")
        record.svgs = page.evaluate(
            """() => [...document.querySelectorAll("div.mermaid")]
                   .filter(div => div.shadowRoot && div.shadowRoot.querySelector("svg")).length"""
        )
        record.scales = page.evaluate(DIAGRAM_SCALES)
        record.screenshot = SCREENSHOTS / screenshot_name(path)
        # Whole pages for reading; the long generated API pages only as far as the first screen.
        full_page = not path.startswith("/reference/")
        page.screenshot(path=str(record.screenshot), full_page=full_page)
    finally:
        page.close()
    return record


def test_every_page_renders_with_its_title_and_heading(session):
    assert "/" in session.visits and "/policy/" in session.visits
    assert "/zh/" in session.visits and "/zh/policy/" in session.visits
    for path, record in session.visits.items():
        assert record.status == 200, path
        site_name = SITE_NAMES[language_of(path)]
        assert record.title.endswith(site_name), (path, record.title)
        assert record.heading.strip(), path


def test_no_page_has_a_script_error(session):
    errors = {path: record.errors for path, record in session.visits.items() if record.errors}
    assert errors == {}


def test_every_mermaid_diagram_becomes_an_svg(session):
    with_diagrams = {path: r for path, r in session.visits.items() if r.diagrams}
    assert "/policy/" in with_diagrams, "the policy page's timeline diagram was not found"
    for path, record in with_diagrams.items():
        assert record.svgs == record.diagrams, (path, record.svgs, record.diagrams)


def test_no_request_leaves_localhost(session):
    local = session.base + "/"
    outside = sorted({url for url in session.requests if not url.startswith(local)})
    outside = [url for url in outside if not url.startswith(("data:", "blob:"))]
    assert outside == []
    assert any(url.endswith("/assets/mermaid/mermaid.min.js") for url in session.requests)


def test_every_page_has_a_screenshot(session):
    for path, record in session.visits.items():
        assert record.screenshot is not None and record.screenshot.stat().st_size > 10_000, path


def test_search_finds_a_term_from_the_glossary(session):
    page = session.browser.new_page()
    try:
        page.goto(session.base + "/", wait_until="load")
        search = page.locator("input.md-search__input")
        search.click()
        # Typed only once the search index is built (a busy machine takes seconds).
        page.locator(".md-search-result__meta", has_text="Type to start searching").wait_for(
            timeout=20_000
        )
        search.press_sequentially("chainwork")
        results = page.locator(".md-search-result__item")
        results.first.wait_for(timeout=20_000)
        links = [
            link.get_attribute("href") for link in page.locator(".md-search-result__item a").all()
        ]
        assert any("glossary/" in (href or "") for href in links), links
    finally:
        page.close()


def test_missing_browser_skips_with_the_install_command(monkeypatch):
    monkeypatch.setattr(sys.modules[__name__], "chromium_binary", lambda: None)
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="sudo apt-get install chromium"):
        require_browser()


def test_missing_browser_fails_in_ci(monkeypatch):
    monkeypatch.setattr(sys.modules[__name__], "chromium_binary", lambda: None)
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI must run the browser tests"):
        require_browser()


def test_every_diagram_is_drawn_large_enough_to_read(session):
    shrunk = [
        f"{path} diagram {number}: drawn at {scale:.0%}"
        for path, visit in session.visits.items()
        for number, scale in enumerate(visit.scales, 1)
        if scale < SMALLEST_READABLE_SCALE
    ]
    assert not shrunk, "\n".join(shrunk)


# --- The Chinese edition ----------------------------------------------------------


def switch_language(session: Session, start: str, to: str) -> str:
    """Open ``start``, pick the language named ``to`` in the header's switcher; the new path."""
    page = session.browser.new_page()
    try:
        page.goto(session.base + start, wait_until="load")
        page.locator(".md-header__option .md-select button").hover()
        with page.expect_navigation(wait_until="load"):
            page.locator(".md-select__link", has_text=to).click()
        assert page.locator("article h1").first.inner_text(timeout=10_000).strip()
        return page.url.removeprefix(session.base)
    finally:
        page.close()


@pytest.mark.parametrize(
    "english", ["/", "/policy/", "/glossary/", "/hashing/", "/reference/hashing/"]
)
def test_the_language_switcher_lands_on_the_same_page(session, english):
    chinese = "/zh" + english
    assert switch_language(session, english, "中文") == chinese
    assert switch_language(session, chinese, "English") == english


def test_chinese_pages_draw_chinese_characters_with_a_cjk_font(session):
    page = session.browser.new_page()
    try:
        page.goto(session.base + "/zh/", wait_until="load")
        assert "区块链" in page.locator("article h1").first.inner_text()
        # Which fonts Chromium really drew the heading's glyphs with (DevTools protocol).
        devtools = session.browser.new_cdp_session(page)
        devtools.send("DOM.enable")
        devtools.send("CSS.enable")
        root = devtools.send("DOM.getDocument")["root"]["nodeId"]
        heading = devtools.send("DOM.querySelector", {"nodeId": root, "selector": "article h1"})
        fonts = devtools.send("CSS.getPlatformFontsForNode", {"nodeId": heading["nodeId"]})
        used = {font["familyName"]: font["glyphCount"] for font in fonts["fonts"]}
        assert any("CJK" in name and count for name, count in used.items()), used
    finally:
        page.close()


def test_chinese_search_finds_a_word_from_inside_a_sentence(session):
    page = session.browser.new_page()
    try:
        page.goto(session.base + "/zh/", wait_until="load")
        search = page.locator("input.md-search__input")
        search.click()
        # Chinese arrives through an input method: the word is committed into the field,
        # then a key is released (material's search runs on keyup). fill() and one key
        # do the same; Playwright's typing of Chinese characters releases no key.
        page.locator(".md-search-result__meta", has_text="键入以开始搜索").wait_for(timeout=20_000)
        search.fill("默克尔")
        search.press("End")
        results = page.locator(".md-search-result__item")
        results.first.wait_for(timeout=20_000)
        # Results show the words' cuts as zero-width spaces (material's jieba segmentation).
        found = [
            text.replace("\u200b", "")
            for text in page.locator(".md-search-result__item").all_inner_texts()
        ]
        # The home page's sentence "…一份默克尔证明、一个挖出的区块…" has the word in its middle.
        assert any("一份默克尔证明" in text for text in found), found
        marked = page.locator(".md-search-result mark").all_inner_texts()
        assert any(mark.startswith("默克尔") for mark in marked), marked
    finally:
        page.close()
