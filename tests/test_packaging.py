"""`pip install minichain-course` is enough for `minichain learn`: the wheel carries the exercises.

The distribution is "minichain-course" ("minichain" on PyPI is an unrelated project);
the import name and the command are `minichain`.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).parent.parent
SETUPTOOLS = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
DISTRIBUTION = "minichain-course"
WHEEL_NAME = DISTRIBUTION.replace("-", "_")  # as wheels and .dist-info folders spell it
EXERCISES = sorted(
    folder.name for folder in (ROOT / "exercises").iterdir() if (folder / "exercise.toml").is_file()
)


def test_the_distribution_name_is_ours_and_the_docs_install_it():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["name"] == DISTRIBUTION
    assert project["scripts"] == {"minichain": "minichain.cli:main"}
    for page in ("README.md", "course/instructor.md", "course/learn.md"):
        text = (ROOT / page).read_text()
        assert DISTRIBUTION in text, page
        assert "pip install minichain[" not in text and "pip install 'minichain[" not in text, page


def test_every_subpackage_of_minichain_is_listed():
    package = ROOT / "minichain"
    on_disk = {
        ".".join(("minichain", *init.parent.relative_to(package).parts))
        for init in package.rglob("__init__.py")
    }
    listed = {
        name
        for name in SETUPTOOLS["packages"]
        if not name.startswith(("minichain.exercises", "minichain.locale"))
    }
    assert on_disk == listed


def test_every_catalogue_folder_is_listed_as_a_package():
    """Data-only folders are listed too, so setuptools ships them without a warning."""
    folders = {
        ".".join(po.parent.relative_to(ROOT).parts)
        for po in (ROOT / "minichain" / "locale").glob("*/LC_MESSAGES/minichain.po")
    }
    listed = {name for name in SETUPTOOLS["packages"] if name.startswith("minichain.locale")}
    assert folders and folders == listed
    package_data = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    assert all(package_data["package-data"][name] == ["*.po"] for name in listed)


def test_every_exercise_folder_is_listed_as_a_package():
    listed = {name.split(".")[-1] for name in SETUPTOOLS["packages"] if ".exercises." in name}
    assert listed == set(EXERCISES), "list each exercise folder under [tool.setuptools] packages"


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """The package as a wheel installs it: built, then unpacked into a folder of its own."""
    scratch = tmp_path_factory.mktemp("wheel")
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check"]
    built = subprocess.run(
        [*pip, "wheel", "--no-deps", "-q", "-w", str(scratch / "dist"), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = (scratch / "dist").glob(f"{WHEEL_NAME}-*.whl")
    target = scratch / "site"
    unpacked = subprocess.run(
        [*pip, "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert unpacked.returncode == 0, unpacked.stderr
    return target


def run_installed(target, *args, cwd):
    env = {**os.environ, "PYTHONPATH": str(target)}
    env.pop("MINICHAIN_EXERCISES", None)
    return subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, timeout=120, env=env, cwd=cwd
    )


def test_wheel_finds_the_exercises_it_carries(installed, tmp_path):
    code = "from minichain.course.paths import default_root; print(default_root())"
    result = run_installed(installed, "-c", code, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert Path(result.stdout.strip()) == installed / "minichain" / "exercises"


def test_learner_with_only_the_wheel_gets_every_starter(installed, tmp_path):
    result = run_installed(installed, "-m", "minichain", "learn", "list", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    starters = [path.stem for path in (tmp_path / "minichain-exercises").glob("*.py")]
    assert sorted(stem.split("_", 1)[1] for stem in starters) == EXERCISES


def test_the_version_is_written_once_and_the_wheel_carries_it(installed):
    import minichain

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert "version" not in project and "version" in project["dynamic"]
    (dist_info,) = installed.glob(f"{WHEEL_NAME}-*.dist-info")
    assert dist_info.name == f"{WHEEL_NAME}-{minichain.__version__}.dist-info"


def test_the_wheel_carries_the_compiled_chinese_catalogue(installed, tmp_path):
    """setup.py compiles minichain.po into the wheel: the terminal speaks Chinese from it."""
    messages = installed / "minichain" / "locale" / "zh" / "LC_MESSAGES"
    assert (messages / "minichain.po").is_file() and (messages / "minichain.mo").is_file()
    result = run_installed(
        installed, "-m", "minichain", "--lang", "zh", "show", "missing.sqlite", cwd=tmp_path
    )
    assert result.returncode == 1
    assert result.stderr.startswith("minichain：错误：missing.sqlite")
