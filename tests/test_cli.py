import subprocess
import sys
from pathlib import Path

from minichain import __version__

MINICHAIN = Path(sys.executable).parent / "minichain"


def run(*args):
    return subprocess.run(
        [str(MINICHAIN), *args], capture_output=True, text=True, timeout=60, check=False
    )


def test_console_script_prints_help_and_succeeds():
    result = run("--help")
    assert result.returncode == 0
    assert "usage: minichain" in result.stdout
    assert "merkle" in result.stdout


def test_no_arguments_prints_help():
    result = run()
    assert result.returncode == 0
    assert "usage: minichain" in result.stdout


def test_version_flag_prints_the_package_version():
    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"minichain {__version__}"


def test_unknown_option_is_a_usage_error_with_exit_code_2():
    result = run("--frobnicate")
    assert result.returncode == 2
    assert "unrecognized arguments: --frobnicate" in result.stderr
    assert "Traceback" not in result.stderr


def test_python_dash_m_runs_the_same_command():
    result = subprocess.run(
        [sys.executable, "-m", "minichain", "--version"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.stdout.strip() == f"minichain {__version__}"
