"""The exercise notebooks in the browser: a JupyterLite app with the Pyodide kernel, offline.

JupyterLite (https://jupyterlite.readthedocs.io) is Jupyter as static files;
its Pyodide kernel runs CPython compiled to WebAssembly in the page. By default
that kernel fetches the Pyodide runtime and every wheel from public servers at
run time. This module builds an app that needs none of them, so a student's
browser runs the course's notebooks from the course site alone:

* the runtime is the npm package ``pyodide`` (at :data:`PYODIDE_VERSION`, the
  one the pinned ``jupyterlite-pyodide-kernel`` is built for), unpacked into the
  app's ``static/pyodide/`` where the kernel's build addon finds it;
* the wheels the kernel loads are pure-Python wheels from PyPI at the versions
  and checksums of ``lite/requirements.txt``, plus a browser wheel of
  minichain (:func:`browser_wheel`), all listed in the runtime's
  ``pyodide-lock.json`` (:func:`browser_lock`, the format of
  https://pyodide.org/en/stable/usage/api/js-api.html#pyodide.loadPackage:
  a listed package is loaded from beside the lock, checked against its
  ``sha256``);
* ``lite/jupyter-lite.json`` turns off the kernel's fallback to PyPI and has
  the kernel load minichain when it starts;
* the contents are the student notebooks, the same text the site offers for
  download (:func:`minichain.course.notebook.student_notebook_text`): no
  solutions, no hidden checks; the Chinese ones in the folder ``zh/``. The
  browser wheel leaves out the exercise folders for the same reason (they hold
  the solutions and hidden checks). The wheel carries the gettext catalogues
  compiled (each ``.mo`` from its ``.po``, as the package build does), so the
  check lines of a notebook in ``zh/`` are Chinese: the kernel runs in the
  notebook's folder (:func:`minichain.terminal.i18n.browser_notebook_language`).

Everything is built under ``build/lite/`` (git-ignored): ``downloads/`` keeps
what was fetched (checked against the pins, so a later build needs no
network), and ``app/`` is the built app with the key of its inputs
(:func:`inputs_key`); a build whose inputs have not changed returns at once.
``make lite`` runs :func:`build_app`; the site hook (hooks/lite.py) copies the
app into the site as ``lite/``.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from email.parser import Parser
from fnmatch import fnmatch
from pathlib import Path
from typing import Any

from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from minichain.course.errors import LiteBuildError
from minichain.course.lite_bytecode import STDLIB, compile_wheels, record_hash, zip_entry
from minichain.course.model import load_course
from minichain.course.notebook import student_notebook_text

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[2]
"""The checkout: the app is built from its files, not from an installed minichain."""

LITE = ROOT / "lite"
"""The committed inputs: ``requirements.txt`` (the pinned wheels) and ``jupyter-lite.json``."""

BUILD = ROOT / "build" / "lite"
"""Where downloads, the work folder and the built app go."""

PYODIDE_VERSION = "314.0.6"
"""The npm package ``pyodide`` the app runs; jupyterlite-pyodide-kernel 0.8.6 is built for it."""

PYODIDE_PYTHON = "3.14"
"""The Python version of that Pyodide: the wheels are downloaded for it."""

PYODIDE_SHA256 = "d78ac549b28a2a58600cd06f44e017024151775f8c6b2d73fab1475400d38ea2"
"""The SHA-256 of ``npm pack pyodide@314.0.6``."""

PYODIDE_FILES = (
    "pyodide.mjs",
    "pyodide.asm.mjs",
    "pyodide.asm.wasm",
    "python_stdlib.zip",
    "package.json",
)
"""The files of the npm package the kernel loads (its worker imports ``pyodide.mjs``)."""

CONFIG_FILES = ("jupyter-lite.json",)
"""JupyterLite's configuration in ``lite/``: the app's home and the kernel's settings. A
notebook's kernelspec stays Jupyter's ``python3``: JupyterLite starts its Python kernel for
it (the same language), so the download is the notebook nbgrader released."""

KERNEL_EXTENSION = "@jupyterlite/pyodide-kernel-extension"
"""The JupyterLab extension of the Pyodide kernel (the app's only extension)."""

KEY_FILE = ".minichain-lite-key"
"""The file in a built app that holds the key of its inputs."""

EXCLUDED_PACKAGES = "minichain.exercises"
"""The packages (and subpackages) the browser wheel leaves out: solutions and hidden checks."""

KERNEL_SETTINGS = "@jupyterlite/pyodide-kernel-extension:kernel"
"""The key of the Pyodide kernel's settings in ``jupyter-lite.json``."""


@dataclass(frozen=True)
class Pin:
    """One line of ``lite/requirements.txt``: a wheel by name, version and SHA-256."""

    name: str
    version: str
    sha256: str


def read_pins(path: Path) -> list[Pin]:
    """The pins of a requirements file written as ``name==version --hash=sha256:HEX`` lines.

    Raises:
        LiteBuildError: a line is not of that form.
    """
    pins = []
    pattern = re.compile(r"^([A-Za-z0-9._-]+)==(\S+)\s+--hash=sha256:([0-9a-f]{64})$")
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        match = pattern.match(line)
        if match is None:
            raise LiteBuildError(
                f"{path.name}:{number}", "must read name==version --hash=sha256:<64 hex digits>"
            )
        pins.append(Pin(canonicalize_name(match[1]), match[2], match[3]))
    return pins


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _run(command: list[str], what: str, cwd: Path | None = None) -> None:
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        tail = "\n".join((result.stderr or result.stdout).strip().splitlines()[-15:])
        raise LiteBuildError(
            what, "`{command} ...` failed:\n{tail}", command=" ".join(command[:4]), tail=tail
        )


def fetch_pyodide(downloads: Path) -> Path:
    """The npm tarball of Pyodide in ``downloads``, fetched with ``npm pack`` when missing.

    Raises:
        LiteBuildError: npm failed, or the tarball's checksum is not the pinned one.
    """
    tarball = downloads / f"pyodide-{PYODIDE_VERSION}.tgz"
    if not tarball.is_file() or _sha256(tarball.read_bytes()) != PYODIDE_SHA256:
        downloads.mkdir(parents=True, exist_ok=True)
        npm = shutil.which("npm")
        if npm is None:
            raise LiteBuildError(
                "npm", "is needed once to fetch Pyodide (Debian: apt-get install npm)"
            )
        _run([npm, "pack", "--silent", f"pyodide@{PYODIDE_VERSION}"], "pyodide", cwd=downloads)
        got = _sha256(tarball.read_bytes()) if tarball.is_file() else "nothing"
        if got != PYODIDE_SHA256:
            raise LiteBuildError(
                "pyodide",
                "npm gave {got}, the pin is {pyodide_sha256}",
                got=got,
                pyodide_sha256=PYODIDE_SHA256,
            )
    return tarball


def fetch_wheels(pins: list[Pin], downloads: Path, requirements: Path) -> dict[str, Path]:
    """Every pinned wheel in ``downloads`` by name; ``pip download`` fetches the missing ones.

    pip checks each download against its pinned hash (``--require-hashes``).

    Raises:
        LiteBuildError: pip failed, or a pinned wheel is still missing.
    """
    downloads.mkdir(parents=True, exist_ok=True)

    def present() -> dict[str, Path]:
        by_hash = {_sha256(path.read_bytes()): path for path in downloads.glob("*.whl")}
        return {pin.name: by_hash[pin.sha256] for pin in pins if pin.sha256 in by_hash}

    found = present()
    if len(found) < len(pins):
        command = [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps"]
        command += ["--only-binary=:all:", "--python-version", PYODIDE_PYTHON, "--require-hashes"]
        command += ["-r", str(requirements), "-d", str(downloads)]
        _run(command, "wheels")
        found = present()
    missing = sorted(pin.name for pin in pins if pin.name not in found)
    if missing:
        raise LiteBuildError(
            requirements.name, "no downloaded wheel matches the pins of {missing}", missing=missing
        )
    return found


def _project() -> dict[str, Any]:
    with (ROOT / "pyproject.toml").open("rb") as file:
        project: dict[str, Any] = tomllib.load(file)
    return project


def browser_files() -> dict[str, bytes]:
    """The files of minichain the browser gets, by path in the wheel.

    The packages and package data ``pyproject.toml`` lists for ``minichain``,
    less :data:`EXCLUDED_PACKAGES`, and beside each gettext catalogue (``.po``)
    its compiled ``.mo`` (:func:`minichain.terminal.catalogue.compiled`, what
    ``setup.py`` builds into a wheel), compiled here, never taken from the checkout.
    """
    from minichain.terminal.catalogue import compiled

    tool = _project()["tool"]["setuptools"]
    data_patterns = tool.get("package-data", {})
    files: dict[str, bytes] = {}
    for package in tool["packages"]:
        if package == EXCLUDED_PACKAGES or package.startswith(EXCLUDED_PACKAGES + "."):
            continue
        folder = ROOT.joinpath(*package.split("."))
        patterns = ["*.py", *data_patterns.get(package, [])]
        for path in sorted(folder.iterdir()):
            if path.is_file() and any(fnmatch(path.name, pattern) for pattern in patterns):
                files[path.relative_to(ROOT).as_posix()] = path.read_bytes()
                if path.suffix == ".po":
                    mo = path.with_suffix(".mo").relative_to(ROOT).as_posix()
                    files[mo] = compiled(path)
    return files


def distribution() -> str:
    """minichain's distribution name, canonical (``pyproject.toml``: ``minichain-course``)."""
    return canonicalize_name(_project()["project"]["name"])


def check_preloaded(config: dict[str, Any]) -> None:
    """Refuse a ``jupyter-lite.json`` whose kernel does not load minichain as it starts.

    Pyodide preloads packages by their name in the lock, the distribution name.

    Raises:
        LiteBuildError: ``loadPyodideOptions.packages`` does not name :func:`distribution`.
    """
    settings = config.get("jupyter-config-data", {}).get("litePluginSettings", {})
    options = settings.get(KERNEL_SETTINGS, {}).get("loadPyodideOptions", {})
    if distribution() not in options.get("packages", []):
        raise LiteBuildError(
            "lite/jupyter-lite.json: loadPyodideOptions.packages",
            "must name {distribution!r}, minichain's distribution, so the kernel loads it",
            distribution=distribution(),
        )


def browser_wheel(version: str) -> tuple[str, bytes]:
    """minichain's browser wheel: its file name and bytes, the same bytes for the same sources.

    A wheel (https://packaging.python.org/en/latest/specifications/binary-distribution-format/)
    is a zip of the package files and a ``.dist-info`` folder (METADATA, WHEEL,
    RECORD). The dependencies in METADATA are ``pyproject.toml``'s, markers and all.
    """
    project = _project()["project"]
    stem = f"{canonicalize_name(project['name']).replace('-', '_')}-{version}"
    info = f"{stem}.dist-info"
    metadata = [
        "Metadata-Version: 2.1",
        f"Name: {project['name']}",
        f"Version: {version}",
        f"Summary: {project['description']}",
        f"Requires-Python: {project['requires-python']}",
        *(f"Requires-Dist: {requirement}" for requirement in project["dependencies"]),
    ]
    files = browser_files()
    files[f"{info}/METADATA"] = ("\n".join(metadata) + "\n").encode("utf-8")
    files[f"{info}/WHEEL"] = (
        b"Wheel-Version: 1.0\nGenerator: minichain.course.lite\nRoot-Is-Purelib: true\n"
        b"Tag: py3-none-any\n"
    )
    record = [f"{path},{record_hash(data)},{len(data)}" for path, data in files.items()]
    files[f"{info}/RECORD"] = ("\n".join([*record, f"{info}/RECORD,,"]) + "\n").encode("utf-8")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as wheel:
        for path, data in files.items():
            wheel.writestr(zip_entry(path), data, compress_type=zipfile.ZIP_DEFLATED)
    return f"{stem}-py3-none-any.whl", buffer.getvalue()


def browser_environment(python: str) -> dict[str, str]:
    """The values of PEP 508 markers in Pyodide running Python ``python`` (e.g. ``"3.14.2"``)."""
    environment = {key: str(value) for key, value in default_environment().items()}
    environment.update(
        {
            "sys_platform": "emscripten",
            "platform_system": "Emscripten",
            "platform_machine": "wasm32",
            "platform_release": "",
            "platform_version": "",
            "os_name": "posix",
            "implementation_name": "cpython",
            "platform_python_implementation": "CPython",
            "python_full_version": python,
            "python_version": ".".join(python.split(".")[:2]),
            "implementation_version": python,
        }
    )
    return environment


@dataclass(frozen=True)
class Wheel:
    """A wheel's file name, bytes and what the lock says of it."""

    file_name: str
    data: bytes

    def _zip(self) -> zipfile.ZipFile:
        return zipfile.ZipFile(io.BytesIO(self.data))

    def metadata(self) -> Any:
        with self._zip() as wheel:
            name = next(n for n in wheel.namelist() if n.endswith(".dist-info/METADATA"))
            return Parser().parsestr(wheel.read(name).decode("utf-8"))

    def imports(self) -> list[str]:
        """The top-level modules and packages the wheel installs."""
        with self._zip() as wheel:
            tops = {name.split("/", 1)[0] for name in wheel.namelist()}
        return sorted(
            top.removesuffix(".py")
            for top in tops
            if not top.endswith((".dist-info", ".data")) and (top.endswith(".py") or "." not in top)
        )

    def depends(self, environment: dict[str, str]) -> list[str]:
        """The names of the dependencies it declares that apply in ``environment`` (no extras)."""
        names = []
        for line in self.metadata().get_all("Requires-Dist") or []:
            requirement = Requirement(line)
            if requirement.marker is None or requirement.marker.evaluate(
                {**environment, "extra": ""}
            ):
                names.append(canonicalize_name(requirement.name))
        return sorted(set(names))


def browser_lock(npm_lock: dict[str, Any], wheels: dict[str, Wheel]) -> dict[str, Any]:
    """``pyodide-lock.json`` for exactly ``wheels`` (by canonical name), all shipped with the app.

    A package the npm lock lists keeps its entry at the lock's version, with
    the file name and SHA-256 of the PyPI wheel (PyPI's build of a wheel is not
    byte-for-byte Pyodide's). A package it does not list gets an entry made
    from its wheel, depending on every dependency its metadata declares for the
    browser (PEP 508 markers evaluated for Pyodide, :func:`browser_environment`).
    A listed package depends on what the lock says and on every declared
    dependency that the app ships (Pyodide's lock leaves some out, such as
    rich's markdown-it-py). The lock's other packages are dropped: the
    app does not ship them, and a notebook importing one gets Python's usual
    ``ModuleNotFoundError`` instead of a failing download.

    Raises:
        LiteBuildError: a wheel's version differs from the lock's, or a package
            depends on one the app does not ship.
    """
    listed: dict[str, Any] = {
        canonicalize_name(name): entry for name, entry in npm_lock["packages"].items()
    }
    environment = browser_environment(npm_lock["info"]["python"])
    packages: dict[str, Any] = {}
    for name, wheel in sorted(wheels.items()):
        version = wheel.metadata()["Version"]
        declared = wheel.depends(environment)
        if name in listed:
            entry = dict(listed[name])
            if entry["version"] != version:
                raise LiteBuildError(
                    f"lite/requirements.txt: {name}",
                    "must be {listed}, the version pyodide-lock.json lists, not {version}",
                    listed=entry["version"],
                    version=version,
                )
            shipped = {dep for dep in declared if dep in wheels}
            depends = sorted({canonicalize_name(dep) for dep in entry["depends"]} | shipped)
        else:
            entry = {
                "name": wheel.metadata()["Name"],
                "version": version,
                "install_dir": "site",
                "package_type": "package",
                "imports": wheel.imports(),
                "unvendored_tests": False,
            }
            depends = declared
        entry.update(file_name=wheel.file_name, sha256=_sha256(wheel.data), depends=depends)
        packages[name] = entry
    for name, entry in packages.items():
        missing = [dep for dep in entry["depends"] if dep not in packages]
        if missing:
            raise LiteBuildError(
                f"lite/requirements.txt: {name}",
                "depends on {missing}, which the browser app does not ship: pin them",
                missing=missing,
            )
    return {"info": npm_lock["info"], "packages": packages}


def _versions() -> str:
    from importlib.metadata import version

    return " ".join(
        f"{name}=={version(name)}"
        for name in ("jupyterlite-core", "jupyterlite-pyodide-kernel", "packaging")
    )


def notebook_file(name: str, language: str = "en") -> str:
    """Where the student notebook of the exercise ``name`` in ``language`` is in the app:
    ``evidence_hash.ipynb``, ``zh/evidence_hash.ipynb``."""
    return f"{name}.ipynb" if language == "en" else f"{language}/{name}.ipynb"


def notebooks() -> dict[str, str]:
    """The student notebook of every exercise in every language it is in, by file path
    (:func:`notebook_file`), as the site's editions offer them."""
    return {
        notebook_file(exercise.name, language): student_notebook_text(exercise, language)
        for exercise in load_course(ROOT / "exercises")
        for language in exercise.languages
    }


def inputs_key(wheel: bytes, contents: dict[str, str]) -> str:
    """The SHA-256 of everything the app is built from; the same key means the same app."""
    digest = hashlib.sha256()
    parts: Iterable[bytes] = [
        Path(__file__).read_bytes(),
        *((LITE / name).read_bytes() for name in ("requirements.txt", *CONFIG_FILES)),
        PYODIDE_SHA256.encode("ascii"),
        _versions().encode("utf-8"),
        wheel,
        *(f"{name}\n{text}".encode() for name, text in sorted(contents.items())),
    ]
    for part in parts:
        digest.update(hashlib.sha256(part).digest())
    return digest.hexdigest()


def _check_kernel_version() -> None:
    from jupyterlite_pyodide_kernel.constants import PYODIDE_VERSION as KERNEL_PYODIDE

    if KERNEL_PYODIDE != PYODIDE_VERSION:
        raise LiteBuildError(
            "PYODIDE_VERSION",
            "the installed jupyterlite-pyodide-kernel needs Pyodide {kernel_pyodide}, the pin "
            "is {pyodide_version}: move the pin and its checksum together",
            kernel_pyodide=KERNEL_PYODIDE,
            pyodide_version=PYODIDE_VERSION,
        )


def _unpack_pyodide(tarball: Path, destination: Path) -> dict[str, Any]:
    destination.mkdir(parents=True)
    with tarfile.open(tarball) as archive:
        for name in PYODIDE_FILES:
            member = archive.extractfile(f"package/{name}")
            if member is None:
                raise LiteBuildError("pyodide", "the npm package has no {name}", name=name)
            (destination / name).write_bytes(member.read())
        lock_file = archive.extractfile("package/pyodide-lock.json")
        if lock_file is None:
            raise LiteBuildError("pyodide", "the npm package has no pyodide-lock.json")
        lock: dict[str, Any] = json.load(lock_file)
    return lock


def build_app(build: Path | None = None, *, force: bool = False) -> Path:
    """Build the app into ``build/app`` (default :data:`BUILD`) unless it is already built
    from the same inputs.

    Returns:
        The app folder (its ``notebooks/index.html?path=<exercise>.ipynb`` opens a notebook).

    Raises:
        LiteBuildError: a download, a pin or the JupyterLite build failed.
    """
    import minichain

    build = BUILD if build is None else build
    wheel_name, wheel_data = browser_wheel(minichain.__version__)
    contents = notebooks()
    key = inputs_key(wheel_data, contents)
    app = build / "app"
    if not force and (app / KEY_FILE).is_file() and (app / KEY_FILE).read_text() == key:
        return app
    _check_kernel_version()
    downloads = build / "downloads"
    requirements = LITE / "requirements.txt"
    pins = read_pins(requirements)
    tarball = fetch_pyodide(downloads)
    fetched = fetch_wheels(pins, downloads, requirements)

    # A work folder of its own, so that two builds at once (a test run and `make serve`)
    # do not write into each other's; the finished app replaces the old one in one rename.
    work = Path(tempfile.mkdtemp(prefix="work-", dir=build))
    try:
        output = _build_in(work, tarball, fetched, Wheel(wheel_name, wheel_data), contents)
        (output / KEY_FILE).write_text(key)
        if app.exists():
            app.rename(work / "old-app")
        output.rename(app)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return app


def _build_in(
    work: Path, tarball: Path, fetched: dict[str, Path], own: Wheel, contents: dict[str, str]
) -> Path:
    """Lay out the JupyterLite folder in ``work``, build the app there, return its folder."""
    lite_dir = work / "lite"
    pyodide_dir = lite_dir / "static" / "pyodide"
    npm_lock = _unpack_pyodide(tarball, pyodide_dir)
    # Pyodide under Node.js reads the lock as it starts, to compile the wheels with.
    (pyodide_dir / "pyodide-lock.json").write_text(json.dumps(npm_lock))
    files = dict(fetched)
    files.update(kernel_wheels())
    sources = {name: path.read_bytes() for name, path in files.items()}
    sources[distribution()] = own.data
    whole = {distribution(), *KERNEL_WHEELS}
    compiled = compile_wheels(
        pyodide_dir, sources, {distribution()}, whole, set(KERNEL_WHEELS), work.parent / "compiled"
    )
    wheels = {name: Wheel(path.name, compiled[name]) for name, path in files.items()}
    wheels[distribution()] = Wheel(own.file_name, compiled[distribution()])
    (pyodide_dir / STDLIB).write_bytes(compiled[STDLIB])
    for wheel in wheels.values():
        (pyodide_dir / wheel.file_name).write_bytes(wheel.data)
    lock = browser_lock(npm_lock, wheels)
    (pyodide_dir / "pyodide-lock.json").write_text(json.dumps(lock, indent=1, sort_keys=True))
    check_preloaded(json.loads((LITE / "jupyter-lite.json").read_text(encoding="utf-8")))
    for name in CONFIG_FILES:
        shutil.copy(LITE / name, lite_dir / name)
    contents_dir = work / "contents"
    contents_dir.mkdir()
    for name, text in contents.items():
        (contents_dir / name).parent.mkdir(parents=True, exist_ok=True)
        (contents_dir / name).write_text(text, encoding="utf-8")

    output = work / "app"
    command = [sys.executable, "-m", "jupyterlite_core", "build", "--lite-dir", str(lite_dir)]
    command += ["--output-dir", str(output), "--contents", str(contents_dir)]
    # Of the Jupyter extensions installed beside Python, only the Pyodide kernel's.
    command += [
        "--ignore-sys-prefix",
        f"--LiteBuildConfig.federated_extensions={_kernel_extension()}",
    ]
    command += ["--no-sourcemaps", "--no-unused-shared-packages"]
    command += ["--apps", "notebooks", "--apps", "tree"]
    _run(command, "jupyter lite build", cwd=lite_dir)
    _check_offline(output)
    drop_legacy_fonts(output / "build")
    return output


LEGACY_FONT_FORMATS = (".eot", ".svg", ".ttf", ".woff")
"""The older formats JupyterLab's icon fonts also come in. Every browser that runs
WebAssembly, which the kernel needs, reads WOFF2, and takes the first format of a
``@font-face`` list it reads: WOFF2 comes before these, so they are never loaded."""


def drop_legacy_fonts(folder: Path) -> list[str]:
    """Delete each font in ``folder`` that has a ``.woff2`` of the same name; return their names.

    About 2.8 MB of the app (Font Awesome's SVG, EOT, TTF and WOFF files).
    """
    dropped = []
    for woff2 in sorted(folder.glob("*.woff2")):
        for suffix in LEGACY_FONT_FORMATS:
            legacy = woff2.with_suffix(suffix)
            if legacy.is_file():
                legacy.unlink()
                dropped.append(legacy.name)
    return dropped


KERNEL_WHEELS = ("ipykernel", "piplite", "pyodide-kernel")
"""The kernel's own wheels, shipped in its extension: listed in the lock and preloaded
(``lite/jupyter-lite.json``) with the rest, instead of installed one by one with micropip
after Pyodide has started, which the kernel does for any it does not find loaded."""


def kernel_wheels() -> dict[str, Path]:
    """The wheels of :data:`KERNEL_WHEELS` in the kernel's extension, by canonical name.

    Raises:
        LiteBuildError: the extension lacks one.
    """
    found: dict[str, Path] = {}
    for path in sorted((_kernel_extension() / "static" / "pypi").glob("*.whl")):
        name = canonicalize_name(path.name.split("-", 1)[0])
        if name in KERNEL_WHEELS:
            found[name] = path
    missing = sorted(set(KERNEL_WHEELS) - set(found))
    if missing:
        raise LiteBuildError(
            "jupyterlite-pyodide-kernel", "its extension has no wheel of {missing}", missing=missing
        )
    return found


def _kernel_extension() -> Path:
    """The folder of the Pyodide kernel's JupyterLab extension, installed with its package."""
    folder = Path(sys.prefix, "share", "jupyter", "labextensions", *KERNEL_EXTENSION.split("/"))
    if not (folder / "package.json").is_file():
        raise LiteBuildError(
            "jupyterlite-pyodide-kernel",
            "its extension is not in {folder}: run `make install`",
            folder=folder,
        )
    return folder


def _check_offline(app: Path) -> None:
    """Refuse an app whose kernel would load Pyodide from elsewhere (the known trap)."""
    config = json.loads((app / "jupyter-lite.json").read_text(encoding="utf-8"))
    settings = config["jupyter-config-data"]["litePluginSettings"]
    kernel = settings[KERNEL_SETTINGS]
    url = kernel.get("pyodideUrl", "")
    if not url.startswith("./"):
        raise LiteBuildError("pyodideUrl", "must point into the app, not {url!r}", url=url)


def app_size(app: Path) -> int:
    """The bytes of every file in ``app``."""
    return sum(path.stat().st_size for path in app.rglob("*") if path.is_file())


def main() -> int:
    """``python -m minichain.course.lite``: build the app; print where it is and its size."""
    try:
        app = build_app(force="--force" in sys.argv[1:])
    except LiteBuildError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"browser notebooks: {app} ({app_size(app) / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
