"""The built course site in a real browser: headless Chromium, served over TCP on 127.0.0.1.

Every page is opened once; the checks below read what that visit recorded:
the page rendered (a title, a heading, no script error), every Mermaid
diagram became an SVG, and no request left 127.0.0.1. Search is typed into
like a student would. A PNG screenshot of every page is kept in
build/screenshots/ (git-ignored) for a human to look at: of the first screen, and of
the whole page for the pages in FULL_PAGE (a whole lesson is a 10,000-pixel picture,
most of the time of a visit).

Accessibility: axe-core (vendored in tests/vendor/axe-core, `make axe`) scans
every page in both palettes, light and dark; a serious or critical violation,
or any of the rules named in NAMED_RULES, fails. Diagrams are checked for a
text alternative and, on a 390 px phone, for text large enough to read; code
blocks for a copy button that covers no code.

Chromium: Debian's `chromium` package (or set CHROMIUM to a Chromium or Chrome
binary). Without it these tests skip on a student's machine and fail in CI.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
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

AXE = ROOT / "tests" / "vendor" / "axe-core" / "axe.min.js"
FAILING_IMPACTS = ("serious", "critical")
NAMED_RULES = ("color-contrast", "link-in-text-block", "aria-dialog-name", "landmark-unique")
"""Rules that must pass on every page whatever their impact (landmark-unique is "moderate")."""

RUN_AXE = """async () => {
    const result = await axe.run(document, {resultTypes: ["violations"]});
    const ran = [...result.passes, ...result.violations, ...result.incomplete,
                 ...result.inapplicable].map(rule => rule.id);
    const violations = result.violations.map(rule => ({
        id: rule.id, impact: rule.impact,
        nodes: rule.nodes.slice(0, 3).map(node => node.target.join(" ")),
        count: rule.nodes.length,
    }));
    return {ran, violations};
}"""

DIAGRAM_NAMES = """() => [...document.querySelectorAll("div.mermaid")].map(div => {
    const svg = div.shadowRoot && div.shadowRoot.querySelector("svg");
    const named = attribute => {
        const id = svg && svg.getAttribute(attribute);
        const element = id && svg.querySelector("#" + CSS.escape(id));
        return element ? element.textContent.trim() : "";
    };
    return {title: named("aria-labelledby"), description: named("aria-describedby")};
})"""
"""Each diagram's text alternative: the <title> and <desc> its SVG names for screen readers."""

COVERED_CODE = """() => [...document.querySelectorAll("pre > code")].flatMap(code => {
    const button = code.parentElement.querySelector(".md-code__button");
    const b = button && button.getBoundingClientRect();
    if (!b || !b.width || !b.height) return [];
    const box = code.getBoundingClientRect();
    const range = document.createRange();
    range.selectNodeContents(code);
    const covered = [...range.getClientRects()].some(r => r.width > 0
        && Math.max(r.left, box.left) < Math.min(r.right, box.right, b.right)
        && Math.min(r.right, box.right) > b.left && r.top < b.bottom && r.bottom > b.top);
    return covered ? [code.parentElement.id] : [];
})"""
"""Code blocks where a line of code runs under the copy button (its visible part only)."""

PHONE = {"width": 390, "height": 844}
"""A phone's viewport in CSS pixels (an iPhone 12-15)."""


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
    scheme: str = ""
    axe_ran: list[str] = field(default_factory=list)
    violations: list[dict] = field(default_factory=list)
    diagram_names: list[dict] = field(default_factory=list)
    covered_code: list[str] = field(default_factory=list)


@dataclass
class Session:
    base: str
    visits: dict[str, Visit]
    requests: list[str]
    browser: object
    dark: dict[str, Visit] = field(default_factory=dict)
    phone: dict[str, Visit] = field(default_factory=dict)


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


def open_context(playwright, binary: str, profile: str, base: str, requests: list[str]):
    """A fresh Chromium profile (the toolchain notes' --user-data-dir) that records every
    request in ``requests`` and lets none leave the machine (a test must not hang on one)."""
    context = playwright.chromium.launch_persistent_context(
        profile,
        executable_path=binary,
        headless=True,
        args=CHROMIUM_FLAGS,
        viewport={"width": 1280, "height": 900},
    )
    context.add_init_script(OPEN_SHADOW_ROOTS)
    context.on("request", lambda req: requests.append(req.url))
    context.route(
        "**/*",
        lambda route: (
            route.continue_() if route.request.url.startswith(base + "/") else route.abort()
        ),
    )
    return context


def has_diagram(site: Path, path: str) -> bool:
    """Whether the built page at ``path`` holds a Mermaid diagram."""
    return 'class="mermaid"' in (site / path.strip("/") / "index.html").read_text()


def dark_and_phone_scans(sync_playwright, binary, base, site: Path, requests) -> dict:
    """The dark palette's scans (axe) and the phone's (diagrams readable, code uncovered)."""
    pages = pages_to_visit(site)
    with tempfile.TemporaryDirectory() as profile, sync_playwright() as playwright:
        context = open_context(playwright, binary, profile, base, requests)
        try:
            # The pages in the dark palette (the reader's system asks for it), axe only.
            dark = {path: scan(context, base, path, "dark") for path in pages if in_dark(path)}
            # Pages with diagrams or code on a phone.
            phone = {
                path: scan(context, base, path, "light", viewport=PHONE, axe=False)
                for path in pages
                if has_diagram(site, path) or path in ("/", "/learn/", "/zh/")
            }
        finally:
            context.close()
    return {"dark": dark, "phone": phone}


@pytest.fixture(scope="module")
def session(served_site, request):
    sync_playwright, binary = require_browser()
    site, base = served_site
    shutil.rmtree(SCREENSHOTS, ignore_errors=True)
    SCREENSHOTS.mkdir(parents=True)
    requests: list[str] = []
    pages = pages_to_visit(site)
    # Two browsers at once, one per core: this thread opens every page (light palette,
    # screenshots); the other scans the dark palette and phones. Each thread has its own
    # Playwright, as Playwright's synchronous API asks.
    scans: dict = {}

    def scan_dark_and_phone() -> None:
        try:
            scans.update(dark_and_phone_scans(sync_playwright, binary, base, site, requests))
        except BaseException as error:  # raised again in the test's thread, below
            scans["error"] = error

    second = threading.Thread(target=scan_dark_and_phone)
    second.start()
    with tempfile.TemporaryDirectory() as profile, sync_playwright() as playwright:
        context = open_context(playwright, binary, profile, base, requests)
        try:
            visits = {path: visit(context, base, path) for path in pages}
        finally:
            second.join()
        if "error" in scans:
            raise scans["error"]
        dark, phone = scans["dark"], scans["phone"]
        yield Session(base, visits, requests, context, dark, phone)
        context.close()
    # Say where the screenshots are, past pytest's output capture.
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    if capture is not None and reporter is not None:
        with capture.global_and_fixture_disabled():
            reporter.write_line(f"\nbrowser screenshots of {len(visits)} pages: {SCREENSHOTS}")


REFERENCE_SAMPLE = ("/reference/", "/reference/hashing/", "/reference/chain/", "/reference/suite/")
"""The API reference pages the browser opens: its index and three module pages. The
reference is one template over the docstrings, its HTML checked on every page by
tests/test_site.py and ``mkdocs build --strict``; opening all of its pages in the browser
took minutes and found nothing the sample does not."""


def in_browser(path: str) -> bool:
    """Whether the browser opens the page at ``path``: every lesson and page of both editions;
    of the API reference, :data:`REFERENCE_SAMPLE` (and of the Chinese one, its index only:
    its module pages are the English ones under the Chinese navigation)."""
    if path.startswith("/zh/reference/"):
        return path == "/zh/reference/"
    if path.startswith("/reference/"):
        return path in REFERENCE_SAMPLE
    return True


DARK_SAMPLE = (
    "/",
    "/policy/",
    "/hashing/",
    "/permissioned/",
    "/capstone/",
    "/glossary/",
    "/learn/",
    "/reference/",
    "/reference/chain/",
    "/zh/",
    "/zh/hashing/",
)
"""The pages the dark-palette scan opens: every kind of content the site has (home, a
policy table, lessons with diagrams, admonitions, tabs and code, the glossary, the
terminal page, the API reference) in both editions. The pages are one template and one
set of style sheets; the light scan opens every page."""

FULL_PAGE = ("/", "/hashing/", "/capstone/", "/zh/", "/zh/hashing/")
"""The pages whose screenshot is the whole page, not only its first screen."""


def in_dark(path: str) -> bool:
    """Whether the dark-palette scan opens ``path`` (:data:`DARK_SAMPLE`)."""
    return path in DARK_SAMPLE


def pages_to_visit(site: Path) -> list[str]:
    """The pages the browser opens (:func:`in_browser`), as URL paths."""
    return [page for page in site_pages(site) if in_browser(page)]


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
        record.diagram_names = page.evaluate(DIAGRAM_NAMES)
        record.covered_code = page.evaluate(COVERED_CODE)
        run_axe(page, record)
        record.screenshot = SCREENSHOTS / screenshot_name(path)
        page.screenshot(path=str(record.screenshot), full_page=path in FULL_PAGE)
    finally:
        page.close()
    return record


def run_axe(page, record: Visit) -> None:
    """Scan the page as it is now with axe-core; keep which rules ran and what they found."""
    record.scheme = page.evaluate("() => document.body.getAttribute('data-md-color-scheme')")
    page.add_script_tag(content=AXE.read_text())
    result = page.evaluate(RUN_AXE)
    record.axe_ran, record.violations = result["ran"], result["violations"]


def scan(context, base: str, path: str, scheme: str, viewport=None, axe: bool = True) -> Visit:
    """Open ``path`` with the system colour scheme ``scheme``: axe, diagrams, copy buttons."""
    record = Visit(path)
    page = context.new_page()
    page.on("pageerror", lambda error: record.errors.append(f"script error: {error}"))
    try:
        # material remembers the palette a reader chose (or was first given) in local
        # storage; forget it, so the system colour scheme decides as on a first visit.
        page.add_init_script("localStorage.clear()")
        page.emulate_media(color_scheme=scheme)
        if viewport is not None:
            page.set_viewport_size(viewport)
        response = page.goto(base + path, wait_until="load")
        record.status = response.status if response else None
        record.diagrams = page.locator(".mermaid").count()
        if record.diagrams:
            try:
                page.wait_for_function(DIAGRAMS_RENDERED, arg=record.diagrams, timeout=30_000)
            except Exception as error:  # a timeout: recorded, and the checks below fail
                record.errors.append(f"diagrams: {error}")
        record.scales = page.evaluate(DIAGRAM_SCALES)
        record.covered_code = page.evaluate(COVERED_CODE)
        record.errors += [] if page.evaluate(FITS_THE_PAGE) else ["wider than the viewport"]
        if axe:
            run_axe(page, record)
    finally:
        page.close()
    return record


FITS_THE_PAGE = "() => document.scrollingElement.scrollWidth <= window.innerWidth"
"""Nothing makes the whole page scroll sideways (a wide diagram scrolls in its own box)."""


def failing(visits: dict[str, Visit]) -> list[str]:
    """Every violation that fails: serious or critical, or one of NAMED_RULES."""
    return [
        f"{path} ({record.scheme}): {v['id']} ({v['impact']}) on {v['count']}: {v['nodes']}"
        for path, record in visits.items()
        for v in record.violations
        if v["impact"] in FAILING_IMPACTS or v["id"] in NAMED_RULES
    ]


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


# --- accessibility: axe-core in both palettes ---------------------------------------------


def test_axe_finds_no_serious_violation_in_the_light_palette(session):
    assert {record.scheme for record in session.visits.values()} == {"default"}
    assert failing(session.visits) == []


def test_axe_finds_no_serious_violation_in_the_dark_palette(session):
    assert set(session.dark) == {path for path in session.visits if in_dark(path)}
    assert "/glossary/" in session.dark and "/zh/hashing/" in session.dark
    assert "/reference/chain/" in session.dark
    assert {record.scheme for record in session.dark.values()} == {"slate"}
    assert [record.errors for record in session.dark.values() if record.errors] == []
    assert failing(session.dark) == []


def test_axe_really_checked_the_named_rules_on_every_page(session):
    for visits in (session.visits, session.dark):
        for path, record in visits.items():
            assert set(NAMED_RULES) <= set(record.axe_ran), path


def test_the_vendored_axe_core_says_its_version_and_licence():
    folder = AXE.parent
    assert (folder / "VERSION").read_text().strip().startswith("4.")
    assert "Mozilla Public License" in (folder / "LICENSE").read_text()
    assert AXE.stat().st_size > 100_000


def test_the_palette_toggle_switches_light_to_dark_and_back(session):
    page = session.browser.new_page()
    try:
        page.emulate_media(color_scheme="light")
        page.goto(session.base + "/glossary/", wait_until="load")
        scheme = "() => document.body.getAttribute('data-md-color-scheme')"
        assert page.evaluate(scheme) == "default"
        page.locator("label[title='Switch to the dark palette']").first.click()
        page.wait_for_function(f"() => ({scheme})() === 'slate'", timeout=10_000)
        page.locator("label[title='Switch to the light palette']").first.click()
        page.wait_for_function(f"() => ({scheme})() === 'default'", timeout=10_000)
    finally:
        page.close()


# --- diagrams and code blocks: text alternatives, phones, copy buttons --------------------


def test_every_diagram_has_a_title_and_a_description_for_screen_readers(session):
    unnamed = [
        f"{path} diagram {number}"
        for path, record in session.visits.items()
        for number, names in enumerate(record.diagram_names, 1)
        if not names["title"] or len(names["description"]) < 40
    ]
    assert sum(len(record.diagram_names) for record in session.visits.values()) >= 20
    assert unnamed == []


def test_every_diagram_is_readable_on_a_phone(session):
    assert "/signatures/" in session.phone  # the sequence diagram once drawn at 6 px
    shrunk = [
        f"{path} diagram {number}: drawn at {scale:.0%}"
        for path, record in session.phone.items()
        for number, scale in enumerate(record.scales, 1)
        if scale < SMALLEST_READABLE_SCALE
    ]
    assert shrunk == []
    assert [f"{p}: {r.errors}" for p, r in session.phone.items() if r.errors] == []


def test_no_copy_button_covers_code_on_a_desktop_or_a_phone(session):
    for visits in (session.visits, session.phone):
        covered = {path: r.covered_code for path, r in visits.items() if r.covered_code}
        assert covered == {}


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
        # Found inside sentences: after another Chinese character, not only as a heading's
        # first word (without jieba and the separator, only such headings are found).
        inside = [text for text in found if re.search("[\u4e00-\u9fff]默克尔", text)]
        assert inside, found
        marked = page.locator(".md-search-result mark").all_inner_texts()
        assert any(mark.startswith("默克尔") for mark in marked), marked
    finally:
        page.close()
