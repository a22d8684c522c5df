"""The notebooks in the browser (JupyterLite, minichain.course.lite), in headless Chromium.

* ``lite_first_check_s``: from clicking a lesson's "Run in your browser" to the
  output of the first check cell (the setup cell, then task 1's checks), in a
  fresh browser profile (``cold``: nothing cached) and again in the same profile
  (``warm``).
* ``lite_first_visit_mb``: the bytes of the site's files the cold visit loaded.
* ``lite_check_ratio``: every exercise's public checks against its reference
  answers, run by the same code in Pyodide and in this CPython (the time of the
  checks only, not of starting either): how much slower the browser is;
  ``lite_check_ratio_pure`` against CPython with ecdsa's pure-Python arithmetic
  (no gmpy2, no coincurve), as in the browser.
* ``lite_slowest_checks_s``: the exercise whose public checks take longest in
  the browser, all its tasks together (a student runs them one task at a time).
* ``site_size_mb``: the built site with the app (goal: at most 60 MB).
"""

from __future__ import annotations

import functools
import http.server
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from bench.common import report
from minichain.course.model import load_course, load_exercise
from minichain.course.notebook import build_notebook, student_version
from tests.site_build import ROOT, build_site
from tests.test_browser import CHROMIUM_FLAGS, QuietHandler, chromium_binary
from tests.test_lite import open_notebook, run, type_answer

PURE_PYTHON = "import sys\nsys.modules['gmpy2'] = sys.modules['coincurve'] = None\n"
"""What makes CPython check signatures as the browser does: ecdsa's pure-Python arithmetic
(the browser has neither gmpy2 nor coincurve's libsecp256k1)."""


def checks_program(name: str) -> str:
    """Python that runs ``name``'s setup, reference answers and public checks and prints the time.

    It runs them twice and times the second run, so imports are not counted.
    The checks' own output is swallowed; the last line printed is ``ELAPSED <seconds>``.
    """
    exercise = load_exercise(ROOT / "exercises" / name)
    source = build_notebook(exercise)
    released = student_version(source)
    cells = []
    for original, student in zip(source["cells"], released["cells"]):
        if original["cell_type"] != "code":
            continue
        cell = original if original["id"].startswith("answer_") else student
        text = "".join(cell["source"])
        cells.append("\n".join(line for line in text.splitlines() if not line.startswith("%")))
    work = "\n\n".join(cells)
    return (
        "import contextlib, io, time\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    exec({work!r}, {{}})  # once to import what the checks use\n"
        "    _start = time.perf_counter()\n"
        f"    exec({work!r}, {{}})\n"
        "print('ELAPSED', time.perf_counter() - _start)\n"
    )


def elapsed(text: str, count: int = 1) -> list[float]:
    """The ``count`` times a run of :func:`checks_program` programs printed."""
    times = [float(value) for value in re.findall(r"ELAPSED ([0-9.]+)", text)]
    if len(times) != count:
        raise RuntimeError(f"expected {count} timings in {text!r}")
    return times


def run_program(page, code: str, timeout_ms: int) -> str:
    """Type ``code`` into task 2's answer cell (not saved), run it, return its output."""
    type_answer(page, "answer_matches_record", code)
    return run(page, "answer_matches_record", timeout_ms=timeout_ms)


def cpython_seconds(program: str) -> float:
    """The time ``program`` (see :func:`checks_program`) reports in a fresh CPython process."""
    result = subprocess.run(
        [sys.executable, "-"], input=program, capture_output=True, text=True, check=True
    )
    return elapsed(result.stdout)[0]


def first_check(page, base: str) -> float:
    """Seconds from the lesson's button to the first check cell's output."""
    page.goto(base + "/hashing/", wait_until="load")
    start = time.perf_counter()
    page.get_by_role("link", name="Run in your browser").click()
    open_notebook(page)
    run(page, "setup", timeout_ms=180_000)
    run(page, "answer_fingerprint", timeout_ms=60_000)
    run(page, "check_fingerprint", timeout_ms=60_000)
    return time.perf_counter() - start


def main() -> None:
    from playwright.sync_api import sync_playwright

    binary = chromium_binary()
    if binary is None:
        print("lite: skipped (no Chromium)")
        return
    names = [exercise.name for exercise in load_course(ROOT / "exercises")]
    with tempfile.TemporaryDirectory(prefix="minichain-lite-bench-") as scratch:
        site = build_site(Path(scratch) / "site")
        size = sum(path.stat().st_size for path in site.rglob("*") if path.is_file())
        handler = functools.partial(QuietHandler, directory=str(site))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}"
        loaded: set[str] = set()
        try:
            with sync_playwright() as playwright:
                context = playwright.chromium.launch_persistent_context(
                    str(Path(scratch) / "profile"),
                    executable_path=binary,
                    headless=True,
                    args=CHROMIUM_FLAGS,
                )
                context.on(
                    "request",
                    lambda request: loaded.add(request.url.split("?")[0].removeprefix(base)),
                )
                page = context.new_page()
                cold = first_check(page, base)
                cold_files = set(loaded)
                every = "\n".join(f"exec({checks_program(name)!r}, {{}})" for name in names)
                browser = elapsed(run_program(page, every, 900_000), len(names))
                page.close()
                warm = first_check(context.new_page(), base)
                context.close()
        finally:
            server.shutdown()
            server.server_close()
        visited = [site / path.lstrip("/") for path in cold_files if path.startswith("/")]
        first_visit = sum(path.stat().st_size for path in visited if path.is_file())
    cpython = [cpython_seconds(checks_program(name)) for name in names]
    pure = [cpython_seconds(PURE_PYTHON + checks_program(name)) for name in names]
    slowest = max(range(len(names)), key=lambda at: browser[at])
    report("lite_first_check_s", cold, "cold, fresh profile; goal <= 10 s")
    report("lite_first_check_warm_s", warm, "same profile again; goal <= 4 s")
    report("lite_first_visit_mb", first_visit / 1e6, "the site's files a cold visit loads")
    report(
        "lite_check_ratio",
        sum(browser) / sum(cpython),
        f"every exercise's public checks: Pyodide {sum(browser):.2f} s / "
        f"CPython {sum(cpython):.2f} s (with gmpy2 and coincurve when installed)",
    )
    report(
        "lite_check_ratio_pure",
        sum(browser) / sum(pure),
        f"against CPython without gmpy2 and coincurve ({sum(pure):.2f} s), as in the browser",
    )
    report(
        "lite_slowest_checks_s",
        browser[slowest],
        f"{names[slowest]}, all its tasks (pure-Python CPython: {pure[slowest]:.2f} s)",
    )
    report("site_size_mb", size / 1e6, "the site with the browser notebooks; goal <= 60 MB")


if __name__ == "__main__":
    main()
