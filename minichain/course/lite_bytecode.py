"""Bytecode for the browser: the app's wheels compiled by the Python they run on.

CPython compiles a module's source to bytecode the first time it imports it and
keeps the result in ``__pycache__`` (PEP 3147), so the next start skips the work.
In the browser that cache never helps: the Pyodide kernel unpacks its wheels into
a file system that lives in memory and is new with each kernel, so a wheel of
sources is compiled again at every start. In WebAssembly that is slow: importing
IPython from PyPI's wheel took 3.6 s of a 10 s kernel start on the course's
machine. Pyodide's own distribution ships its packages compiled for this reason;
the wheels the app takes from PyPI are sources.

:func:`compile_wheels` compiles them when the app is built, with the app's own
Python (Pyodide, run by Node.js), because bytecode belongs to one version of
Python (the "magic number" at the head of a ``.pyc``, PEP 3147):

* a third-party wheel gets ``module.pyc`` in place of each ``module.py``, the
  sourceless layout Pyodide's own packages use (the wheel stays about as large);
* minichain keeps its sources, which a student reads in tracebacks and with
  ``??``, and gains ``__pycache__/module.cpython-314.pyc`` beside them.

Every ``.pyc`` is written with PEP 552's *unchecked hash*: the file names the
source's hash instead of its time stamp, so the same sources give the same bytes
(the build stays reproducible) and Python uses the bytecode without comparing
time stamps, which a wheel does not keep. A source that does not compile for the
browser's Python keeps its ``.py``. Each wheel's RECORD lists its new files.

Which modules are compiled depends on every archive (what imports what), so the
compiled set is cached under one key of all the inputs: a build whose archives,
compiler and start imports are unchanged compiles nothing.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import shutil
import subprocess
import tempfile
import zipfile
from collections.abc import Iterable
from pathlib import Path, PurePosixPath
from typing import Any

from minichain.course.errors import LiteBuildError

DATE = (1980, 1, 1, 0, 0, 0)
"""The time stamp of every file a wheel written here gets: the zip format's earliest."""

COMPILER = """\
import ast, importlib.util, json, os, py_compile, sys, sysconfig
spec = json.loads(sys.argv[1])
where = {
    "site": sysconfig.get_path("purelib"),
    "stdlib": next(path for path in sys.path if path.endswith(".zip")),
}
archives = spec["archives"]
sys.path[0:0] = [f"/work/{name}" for name, legacy, place, whole in archives if place == "site"]
def imported_by(tree):
    for folder, _, files in os.walk(tree):
        for file in sorted(files):
            if file.endswith(".py"):
                with open(os.path.join(folder, file), "rb") as source:
                    for node in ast.walk(ast.parse(source.read())):
                        if isinstance(node, ast.Import):
                            yield from (alias.name for alias in node.names)
                        elif isinstance(node, ast.ImportFrom) and node.level == 0:
                            yield node.module
scanned = [module for name in spec["scan"] for module in imported_by(f"/work/{name}")]
for module in [*spec["imports"], *sorted(set(scanned))]:
    try:
        __import__(module)
    except Exception as error:
        print("import", module, type(error).__name__, error, file=sys.stderr)
try:
    from IPython.core.interactiveshell import InteractiveShell
    shell = InteractiveShell.instance()
    for cell in spec["cells"]:
        shell.run_cell(cell, silent=True)
except Exception as error:
    print("cells", type(error).__name__, error, file=sys.stderr)
loaded = set()
for module in list(sys.modules.values()):
    path = getattr(module, "__file__", None) or ""
    for name, legacy, place, whole in archives:
        root = f"/work/{name}/" if place == "site" else where["stdlib"] + "/"
        if path.startswith(root) and path.endswith(".py"):
            loaded.add((name, path[len(root):]))
for name, legacy, place, whole in archives:
    tree = f"/work/{name}"
    for folder, _, files in os.walk(tree):
        for file in files:
            source = os.path.join(folder, file)
            relative = os.path.relpath(source, tree)
            if not file.endswith(".py") or not (whole or (name, relative) in loaded):
                continue
            target = source + "c" if legacy else importlib.util.cache_from_source(source)
            try:
                py_compile.compile(
                    source, cfile=target, dfile=f"{where[place]}/{relative}", doraise=True,
                    invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH,
                )
            except py_compile.PyCompileError:
                pass  # it stays a source
print(sys.implementation.cache_tag)
"""
"""Run by Pyodide: import what the kernel imports as it starts and runs its first cells,
from the archives' sources under ``/work/<name>``; then compile the modules that were
imported (every module of an archive marked whole), each named as it is imported from
in the browser (``dfile``): a wheel's from the site-packages it unpacks into, the
standard library's from the zip on ``sys.path`` (``/lib/python314.zip``)."""

START_IMPORTS = (
    "IPython", "comm", "micropip", "piplite.piplite", "minichain.notebook", "rich.console",
    "rich.pretty", "rich.traceback", "ecdsa", "asyncio", "json",
)  # fmt: skip
"""What a kernel imports by the time a student's first check has run: the kernel
(IPython, comm, piplite, micropip), and minichain with its pictures (rich) and its
signatures (ecdsa). The kernel's own package (``pyodide_kernel``) needs the browser, so
what its sources import is imported instead (``scan``)."""

START_CELLS = ("x = 1\nx", "1 / 0", "%load_ext minichain.notebook", "import hashlib")
"""Cells run in an IPython shell after :data:`START_IMPORTS`: a value shown, an error's
traceback formatted, the notebook pictures loaded, as the first cells of a notebook do."""

STDLIB = "python_stdlib.zip"
"""Pyodide's standard library, a zip it imports from: as the npm package ships it,
sources only (and Pyodide runs with ``sys.dont_write_bytecode``)."""

RUNNER = """\
import { readFile } from "node:fs/promises";
import { pathToFileURL } from "node:url";
const [runtime, work, spec] = process.argv.slice(2);
const { loadPyodide } = await import(pathToFileURL(runtime + "/pyodide.mjs").href);
const pyodide = await loadPyodide({ indexURL: runtime + "/", args: ["-", spec] });
pyodide.FS.mkdirTree("/work");
pyodide.FS.mount(pyodide.FS.filesystems.NODEFS, { root: work }, "/work");
pyodide.setStdout({ batched: (line) => console.log(line) });
const code = await readFile(work + "/compile.py", "utf8");
pyodide.runPython(`import sys\\nsys.argv = ["-", ${JSON.stringify(spec)}]\\n` + code);
"""
"""Run by Node.js: start the app's Pyodide with ``/work`` mounted from the host, run
:data:`COMPILER`."""


def record_hash(data: bytes) -> str:
    """A file's hash as a wheel's RECORD writes it (PEP 376, PEP 627): URL-safe base64
    of its SHA-256, without padding."""
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=")
    return f"sha256={digest.decode('ascii')}"


def zip_entry(name: str) -> zipfile.ZipInfo:
    """A wheel's entry for the file ``name``: read-write for its owner, read for the rest,
    dated :data:`DATE` so that the same files give the same bytes."""
    entry = zipfile.ZipInfo(name, date_time=DATE)
    entry.external_attr = 0o644 << 16
    return entry


def _sources(data: bytes) -> dict[str, bytes]:
    """The ``.py`` files of a wheel, by their path in it."""
    with zipfile.ZipFile(io.BytesIO(data)) as wheel:
        return {name: wheel.read(name) for name in wheel.namelist() if name.endswith(".py")}


def repack(data: bytes, compiled: dict[str, bytes], keep_sources: bool) -> bytes:
    """The wheel ``data`` with the bytecode ``compiled`` (by path in the wheel).

    With ``keep_sources`` the ``.pyc`` files (``__pycache__/...``) are added; without,
    each ``x.pyc`` replaces its ``x.py``. RECORD is rewritten to match.
    """
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as wheel, zipfile.ZipFile(out, "w") as new:
        records = [n for n in wheel.namelist() if n.endswith(".dist-info/RECORD")]
        record_name = records[0] if records else None  # a plain zip has none
        dropped = set() if keep_sources else {name[:-1] for name in compiled}
        lines = []
        for line in wheel.read(record_name).decode("utf-8").splitlines() if record_name else []:
            path = line.rsplit(",", 2)[0]
            if line and path not in dropped and path != record_name:
                lines.append(line)
        for info in wheel.infolist():
            if info.filename in dropped or info.filename == record_name:
                continue
            new.writestr(info, wheel.read(info.filename), compress_type=zipfile.ZIP_DEFLATED)
        for name, code in sorted(compiled.items()):
            new.writestr(zip_entry(name), code, compress_type=zipfile.ZIP_DEFLATED)
            lines.append(f"{name},{record_hash(code)},{len(code)}")
        if record_name:
            lines.append(f"{record_name},,")
            record = "\n".join(lines) + "\n"
            new.writestr(zip_entry(record_name), record, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _bytecode(tree: Path, sources: Iterable[str], keep_sources: bool, tag: str) -> dict[str, bytes]:
    """The ``.pyc`` Pyodide wrote in ``tree`` for each source, by its path in the wheel."""
    compiled = {}
    for name in sources:
        path = PurePosixPath(name)
        if keep_sources:
            pyc = path.parent / "__pycache__" / f"{path.stem}.{tag}.pyc"
        else:
            pyc = path.with_suffix(".pyc")
        if (tree / pyc).is_file():
            compiled[pyc.as_posix()] = (tree / pyc).read_bytes()
    return compiled


def compile_wheels(
    runtime: Path,
    wheels: dict[str, bytes],
    keep_sources: set[str],
    whole: set[str],
    scan: set[str],
    cache: Path,
) -> dict[str, bytes]:
    """Every wheel of ``wheels`` (bytes by name) compiled by the Pyodide in ``runtime``,
    and the standard library, :data:`STDLIB`, under that name.

    Args:
        runtime: the folder of ``pyodide.mjs``, its WebAssembly, its standard library
            and a ``pyodide-lock.json``.
        wheels: the wheels' bytes by a name unique among them (not :data:`STDLIB`).
        keep_sources: the names of the wheels whose sources stay beside their bytecode.
        whole: the names of the wheels compiled whole; of the others (and the standard
            library) only the modules a starting kernel imports (:data:`START_IMPORTS`)
            are compiled, the rest stay sources, so the app grows by what speeds it up.
        scan: the names of the wheels whose own imports (read from their sources) count as
            imported at start too: the kernel's, which cannot be imported outside a browser.
        cache: where compiled archives are kept, by the SHA-256 of their input.

    Raises:
        LiteBuildError: Node.js is missing, or Pyodide failed to run.
    """
    archives = {**wheels, STDLIB: (runtime / STDLIB).read_bytes()}
    plan = [
        [name, name not in keep_sources, "stdlib" if name == STDLIB else "site", name in whole]
        for name in sorted(archives)
    ]
    spec = json.dumps(
        {"archives": plan, "imports": START_IMPORTS, "cells": START_CELLS, "scan": sorted(scan)}
    )
    # Which modules are compiled depends on every archive (what imports what): one key.
    key = hashlib.sha256(f"{COMPILER}\n{RUNNER}\n{spec}".encode())
    for name in sorted(archives):
        key.update(hashlib.sha256(archives[name]).digest())
    folder = cache / key.hexdigest()
    if not folder.is_dir():
        _compile(runtime, archives, plan, spec, folder)
        _prune(cache, keep=KEEP)
    return {name: (folder / name).read_bytes() for name in archives}


KEEP = 3
"""How many compiled sets the cache keeps: every change to minichain makes a new one."""


def _prune(cache: Path, keep: int) -> None:
    """Delete all but the ``keep`` newest compiled sets in ``cache``."""
    sets = [path for path in cache.iterdir() if path.is_dir() and len(path.name) == 64]
    sets.sort(key=lambda path: path.stat().st_mtime_ns, reverse=True)
    for old in sets[keep:]:
        shutil.rmtree(old, ignore_errors=True)


def _compile(
    runtime: Path, archives: dict[str, bytes], plan: list[list[Any]], spec: str, folder: Path
) -> None:
    """Run :data:`COMPILER` in Pyodide under Node.js; write the compiled archives to ``folder``."""
    node = shutil.which("node")
    if node is None:
        raise LiteBuildError(
            "node", "is needed to compile the browser's wheels (Debian: apt-get install nodejs)"
        )
    with tempfile.TemporaryDirectory(prefix="minichain-bytecode-") as scratch:
        work = Path(scratch)
        sources = {name: _sources(data) for name, data in archives.items()}
        for name, files in sources.items():
            for path, text in files.items():
                (work / name / path).parent.mkdir(parents=True, exist_ok=True)
                (work / name / path).write_bytes(text)
        (work / "compile.py").write_text(COMPILER, encoding="utf-8")
        (work / "run.mjs").write_text(RUNNER, encoding="utf-8")
        result = subprocess.run(
            [node, str(work / "run.mjs"), str(runtime.resolve()), str(work), spec],
            capture_output=True,
            text=True,
            check=False,
        )
        lines = result.stdout.strip().splitlines()
        tag = lines[-1] if lines else ""
        if result.returncode != 0 or not tag.startswith("cpython-"):
            tail = "\n".join((result.stderr or result.stdout).strip().splitlines()[-10:])
            raise LiteBuildError("bytecode", "Pyodide under Node.js failed:\n{tail}", tail=tail)
        folder.parent.mkdir(parents=True, exist_ok=True)
        partial = Path(tempfile.mkdtemp(prefix="partial-", dir=folder.parent))
        for name, legacy, _place, _whole in plan:
            compiled = _bytecode(work / name, sources[name], not legacy, tag)
            (partial / name).write_bytes(repack(archives[name], compiled, not legacy))
        try:
            partial.rename(folder)
        except OSError:  # another build finished the same folder first
            shutil.rmtree(partial, ignore_errors=True)
