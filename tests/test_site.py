"""The course site builds with --strict and `make serve`'s command serves it."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
MKDOCS = [sys.executable, "-m", "mkdocs"]
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


@pytest.fixture(scope="module")
def built_site(tmp_path_factory):
    site = tmp_path_factory.mktemp("site")
    result = subprocess.run(
        [*MKDOCS, "build", "--strict", "--site-dir", str(site)],
        cwd=ROOT,
        env=ENV,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return site


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
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_instructor_guide_shows_the_tested_nbgrader_config(built_site):
    html = (built_site / "instructor" / "index.html").read_text()
    assert "c.Execute.timeout" in html
    assert "add_missing_cells" in html
    assert "ClearHiddenTests" in html


def test_self_study_page_is_built(built_site):
    assert "minichain learn" in (built_site / "learn" / "index.html").read_text()
