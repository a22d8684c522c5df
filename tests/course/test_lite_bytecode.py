"""The browser's wheels compiled by Pyodide's own Python (minichain.course.lite_bytecode).

The ground truth for the bytecode is Pyodide's standard library, compiled by
Pyodide's builders: the app's ``.pyc`` files must carry the same magic number.
tests/test_lite.py imports them in Chromium.
"""

from __future__ import annotations

import base64
import hashlib
import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from minichain.course.lite import build_app, distribution
from minichain.course.lite_bytecode import repack


@pytest.fixture(scope="module")
def app() -> Path:
    return build_app()


def wheel_of(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    record = "".join(
        f"{name},sha256={base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b'=').decode()}"
        f",{len(data)}\n"
        for name, data in files.items()
    )
    with zipfile.ZipFile(out, "w") as wheel:
        for name, data in files.items():
            wheel.writestr(name, data)
        wheel.writestr("demo-1.0.dist-info/RECORD", record + "demo-1.0.dist-info/RECORD,,\n")
    return out.getvalue()


def record_is_true(data: bytes) -> None:
    """Every file of the wheel is in its RECORD with its size and hash, and nothing else is."""
    with zipfile.ZipFile(io.BytesIO(data)) as wheel:
        record_name = next(n for n in wheel.namelist() if n.endswith(".dist-info/RECORD"))
        lines = wheel.read(record_name).decode().splitlines()
        listed = {line.rsplit(",", 2)[0]: line for line in lines}
        assert sorted(listed) == sorted(wheel.namelist())
        for name in wheel.namelist():
            if name == record_name:
                continue
            content = wheel.read(name)
            digest = base64.urlsafe_b64encode(hashlib.sha256(content).digest()).rstrip(b"=")
            assert listed[name] == f"{name},sha256={digest.decode()},{len(content)}", name


def test_sourceless_repack_puts_each_pyc_in_place_of_its_source_and_records_it():
    data = wheel_of({"demo/__init__.py": b"x = 1\n", "demo/data.txt": b"kept"})
    new = repack(data, {"demo/__init__.pyc": b"CODE"}, keep_sources=False)
    with zipfile.ZipFile(io.BytesIO(new)) as wheel:
        assert "demo/__init__.py" not in wheel.namelist()
        assert wheel.read("demo/__init__.pyc") == b"CODE"
        assert wheel.read("demo/data.txt") == b"kept"
    record_is_true(new)


def test_a_source_without_bytecode_keeps_its_py():
    data = wheel_of({"demo/a.py": b"x = 1\n", "demo/py2_only.py": b"print 'hi'\n"})
    new = repack(data, {"demo/a.pyc": b"CODE"}, keep_sources=False)
    with zipfile.ZipFile(io.BytesIO(new)) as wheel:
        assert sorted(wheel.namelist())[:2] == ["demo-1.0.dist-info/RECORD", "demo/a.pyc"]
        assert "demo/py2_only.py" in wheel.namelist()
    record_is_true(new)


def test_repacking_twice_gives_the_same_bytes():
    data = wheel_of({"demo/__init__.py": b"x = 1\n"})
    compiled = {"demo/__pycache__/__init__.cpython-314.pyc": b"CODE"}
    assert repack(data, compiled, keep_sources=True) == repack(data, compiled, keep_sources=True)


NODE_PROBE = """\
import { loadPyodide } from "%s/pyodide.mjs";
const pyodide = await loadPyodide({ indexURL: "%s/" });
pyodide.setStdout({ batched: (line) => console.log(line) });
pyodide.runPython(`
import importlib.util, json
print(importlib.util.MAGIC_NUMBER.hex())
print(json.__spec__.origin)
`);
"""


@pytest.fixture(scope="module")
def pyodide_says(app, tmp_path_factory) -> list[str]:
    """What the app's own Pyodide, run by Node.js, says: its magic number, and where it
    imported ``json`` from (its standard library as the app ships it)."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("no Node.js")
    runtime = (app / "static" / "pyodide").resolve()
    script = tmp_path_factory.mktemp("probe") / "probe.mjs"
    script.write_text(NODE_PROBE % (runtime, runtime))
    result = subprocess.run([node, str(script)], capture_output=True, text=True, check=True)
    return result.stdout.split()


def test_the_standard_library_imports_from_its_bytecode(pyodide_says):
    assert pyodide_says[1] == "/lib/python314.zip/json/__init__.pyc"


def test_every_archive_of_the_app_holds_bytecode_of_its_python_and_a_true_record(app, pyodide_says):
    magic = bytes.fromhex(pyodide_says[0])
    pyodide = app / "static" / "pyodide"
    archives = sorted(pyodide.glob("*.whl"))
    assert len(archives) >= 20
    compiled = set()
    for path in [*archives, pyodide / "python_stdlib.zip"]:
        data = path.read_bytes()
        if path.suffix == ".whl":
            record_is_true(data)
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            pycs = [name for name in archive.namelist() if name.endswith(".pyc")]
            if pycs:
                compiled.add(path.name.split("-")[0])
            for name in pycs:
                head = archive.read(name)[:8]
                assert head[:4] == magic, (path.name, name)
                # PEP 552: flags 0b01, a hash-based .pyc whose source is not checked.
                assert int.from_bytes(head[4:8], "little") == 1, (path.name, name)
    assert {"python_stdlib.zip", "ipython", "minichain_course", "pyodide_kernel"} <= compiled


def test_what_a_starting_kernel_imports_is_compiled_and_the_rest_stays_source(app):
    pyodide = app / "static" / "pyodide"
    with zipfile.ZipFile(next(pyodide.glob("ipython-*.whl"))) as wheel:
        ipython = set(wheel.namelist())
    with zipfile.ZipFile(next(pyodide.glob("pygments-*.whl"))) as wheel:
        pygments = set(wheel.namelist())
    with zipfile.ZipFile(pyodide / "python_stdlib.zip") as stdlib:
        standard = set(stdlib.namelist())
    assert "IPython/core/interactiveshell.pyc" in ipython
    assert "IPython/core/completer.pyc" in ipython  # imported by the kernel's own package
    assert "pygments/lexers/haskell.py" in pygments  # a lexer nobody asked for
    assert "json/__init__.pyc" in standard and "asyncio/base_events.pyc" in standard
    for names in (ipython, pygments, standard):
        assert not [n for n in names if n.endswith(".py") and n + "c" in names]


def test_minichain_keeps_its_sources_beside_its_bytecode(app):
    pyodide = app / "static" / "pyodide"
    own = distribution().replace("-", "_")
    with zipfile.ZipFile(next(pyodide.glob(f"{own}-*.whl"))) as wheel:
        names = set(wheel.namelist())
    sources = [name for name in names if name.endswith(".py")]
    assert "minichain/chain.py" in names
    for source in sources:
        folder, _, file = source.rpartition("/")
        assert f"{folder}/__pycache__/{file[:-3]}.cpython-314.pyc" in names, source


def test_the_kernels_own_wheels_are_preloaded_not_installed_after_start(app):
    import json

    config = json.loads((app / "jupyter-lite.json").read_text())["jupyter-config-data"]
    kernel = config["litePluginSettings"]["@jupyterlite/pyodide-kernel-extension:kernel"]
    preloaded = kernel["loadPyodideOptions"]["packages"]
    lock = json.loads((app / "static" / "pyodide" / "pyodide-lock.json").read_text())
    # The kernel installs with micropip, one by one, any of these it does not find preloaded.
    for name in ("micropip", "piplite", "ipykernel", "pyodide-kernel", "comm", "jedi", "ipython"):
        assert name in preloaded and name in lock["packages"], name


def test_without_nodejs_the_build_says_what_to_install(app, tmp_path, monkeypatch):
    from minichain.course.errors import LiteBuildError
    from minichain.course.lite_bytecode import compile_wheels

    monkeypatch.setenv("PATH", str(tmp_path))  # a PATH with no node on it
    wheel = wheel_of({"demo/__init__.py": b"x = 1\n"})
    with pytest.raises(LiteBuildError, match="node: is needed .* apt-get install nodejs"):
        compile_wheels(app / "static" / "pyodide", {"demo": wheel}, set(), set(), set(), tmp_path)


def test_the_cache_keeps_only_the_newest_compiled_sets(tmp_path):
    import os

    from minichain.course.lite_bytecode import _prune

    names = [f"{number:064x}" for number in range(5)]
    for age, name in enumerate(names):
        (tmp_path / name).mkdir()
        os.utime(tmp_path / name, ns=(age * 10**9, age * 10**9))
    (tmp_path / "partial-x").mkdir()  # a build at work: not a set
    _prune(tmp_path, keep=3)
    assert sorted(path.name for path in tmp_path.iterdir()) == [*names[2:], "partial-x"]
