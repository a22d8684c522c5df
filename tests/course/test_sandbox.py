"""The sandbox walls a student's code off: no network, no course files, nothing survives it.

Real bubblewrap, real processes, a real TCP listener on 127.0.0.1. Without
bubblewrap these tests skip on a student's machine and fail in CI (.ci/run
installs it); the fallback without it is tested on its own.
"""

import logging
import os
import socket
import time
import uuid
from pathlib import Path

import pytest

from minichain.course import sandbox as sandbox_module
from minichain.course.sandbox import Sandbox
from tests.course import EXERCISES, ROOT


def need_bwrap() -> None:
    if sandbox_module.bwrap_path() is None:
        missing = "bubblewrap is not installed (sudo apt-get install bubblewrap)"
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the sandbox tests: {missing}")
        pytest.skip(missing)


@pytest.fixture
def box():
    need_bwrap()
    with Sandbox(isolate=True) as started:
        yield started


def run(box: Sandbox, code: str, seconds: float = 10.0) -> str:
    """Run one cell; return "" or its one-line error."""
    reply = box.request(["cell", 0, code, seconds], seconds)
    assert reply.kind == "cell", reply
    return str(reply.body[0])


def test_the_sandbox_cannot_reach_a_listener_on_the_hosts_loopback(box):
    with socket.create_server(("127.0.0.1", 0)) as server:
        port = server.getsockname()[1]
        error = run(box, f"import socket\nsocket.create_connection(('127.0.0.1', {port}), 2)")
    assert error.startswith(("ConnectionRefusedError", "OSError")), error


def test_the_sandbox_sees_no_course_root_gradebook_or_hidden_checks(box, tmp_path):
    gradebook = tmp_path / "course" / "gradebook.db"
    gradebook.parent.mkdir()
    gradebook.write_bytes(b"SQLite format 3\x00")
    for secret in (gradebook, EXERCISES / "evidence_hash" / "test_hidden.py", ROOT / "README.md"):
        assert secret.exists()
        error = run(box, f"open({str(secret)!r}, 'rb').read()")
        assert error.startswith("FileNotFoundError"), (secret, error)
    assert run(box, f"import os\nassert not os.path.exists({str(EXERCISES)!r})") == ""


def test_the_sandbox_can_write_only_its_own_tmp(box, tmp_path):
    assert run(box, "open('/tmp/notes.txt', 'w').write('scratch')") == ""
    for target in (tmp_path / "planted.txt", ROOT / "minichain" / "planted.py", Path("/planted")):
        error = run(box, f"open({str(target)!r}, 'w').write('x')")
        assert error.startswith(("OSError", "FileNotFoundError", "PermissionError")), error
        assert not target.exists()


def test_the_sandbox_runs_the_installed_minichain_read_only(box):
    assert run(box, "from minichain.hashing import sha256\nassert len(sha256(b'')) == 32") == ""
    error = run(box, "import minichain, pathlib\n(pathlib.Path(minichain.__file__)).write_text('')")
    assert error.startswith("OSError"), error


def test_a_process_started_in_its_own_session_does_not_survive_the_sandbox(box):
    token = uuid.uuid4().hex
    code = (
        "import subprocess, sys\n"
        f"subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(120) # {token}'],"
        " start_new_session=True)"
    )
    assert run(box, code) == ""
    assert run(box, "import time\ntime.sleep(0.3)") == ""
    assert wait_for(lambda: survivors(token)), "the child runs while the sandbox does"
    box.stop()
    assert not survivors(token)


def wait_for(condition, seconds: float = 10.0):
    """Poll ``condition`` until it holds or ``seconds`` pass (a bound, not a speed check)."""
    deadline = time.monotonic() + seconds
    while not (result := condition()) and time.monotonic() < deadline:
        time.sleep(0.05)
    return result


def survivors(token: str) -> list[str]:
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if token in (entry / "cmdline").read_bytes().decode(errors="replace"):
                found.append(entry.name)
        except OSError:
            continue
    return found


def test_an_endless_loop_is_stopped_and_the_sandbox_answers_the_next_request(box):
    assert run(box, "while True:\n    pass", seconds=1.0).startswith("stopped after 1 s")
    assert run(box, "x = 1") == ""


def test_a_loop_that_ignores_the_stop_gets_the_sandbox_killed(box):
    code = "import signal\nsignal.signal(signal.SIGALRM, signal.SIG_IGN)\nwhile True:\n    pass"
    assert box.request(["cell", 0, code, 0.5], 0.5).kind == "timeout"
    assert box.process is None
    assert run(box, "x = 1") == "", "the next request starts a fresh sandbox"


def test_a_ten_gigabyte_allocation_fails_inside_the_sandbox_only(box):
    assert run(box, "data = bytearray(10 * 2**30)") == "MemoryError"
    assert run(box, "data = bytearray(2**20)") == ""


def test_an_exception_whose_str_raises_is_described_without_breaking_the_worker(box):
    run(box, "class Nasty(Exception):\n    def __str__(self):\n        raise RuntimeError('no')")
    run(box, "class Stop(BaseException):\n    pass")
    run(box, "def nasty():\n    raise Nasty()\ndef stop():\n    raise Stop('bye')")
    nasty = box.request(["call", "nasty", (), {}, 5.0], 5.0)
    assert nasty.kind == "raised"
    assert nasty.body[0][:2] == ["Nasty", "Exception"] and nasty.body[1] == ""
    stop = box.request(["call", "stop", (), {}, 5.0], 5.0)
    assert stop.kind == "raised" and stop.body[0][0] == "Stop" and "Exception" not in stop.body[0]
    assert run(box, "x = 1") == ""


def test_a_value_that_is_not_plain_data_is_refused_by_the_worker(box):
    run(box, "class Liar:\n    def __eq__(self, other):\n        return True")
    run(box, "def f():\n    return Liar()")
    reply = box.request(["call", "f", (), {}, 5.0], 5.0)
    assert reply.kind == "refused"


def test_without_bubblewrap_the_code_still_runs_and_one_warning_says_so(monkeypatch, caplog):
    monkeypatch.setattr(sandbox_module, "_warned", [])
    with caplog.at_level(logging.WARNING, logger="minichain.course.sandbox"):
        for _ in range(2):
            with Sandbox(isolate=False) as plain:
                assert not plain.isolated
                assert run(plain, "def f(x):\n    return x + 1") == ""
                assert plain.request(["call", "f", (41,), {}, 5.0], 5.0).body[0] == 42
                assert run(plain, "data = bytearray(10 * 2**30)") == "MemoryError"
    warnings = [record.getMessage() for record in caplog.records]
    assert len(warnings) == 1
    assert "not isolated" in warnings[0] and "apt-get install bubblewrap" in warnings[0]
