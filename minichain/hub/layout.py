"""The class folder: its settings, the exchange, and every user's home.

One folder holds a whole class (``make class`` uses ``build/class``)::

    class.json              the settings below (passwords and the driver's token: mode 0600)
    hub/                    JupyterHub's database, cookie secret, pid files and log
    exchange/               nbgrader's exchange: released assignments, submissions, feedback
    home/<user>/            each user's home and notebook folder
    home/<user>/.jupyter/   that user's Jupyter configuration (see :func:`user_files`)
    home/instructor/course/ the course root: nbgrader_config.py, source/, gradebook.db, ...

Every user's ``~/.jupyter/nbgrader_config.py`` names the course and the
exchange (nbgrader reads it from the Jupyter configuration path). Students get
nbgrader's assignment list and validation, and neither the formgrader nor the
course list nor the create-assignment toolbar (and nobody gets JupyterLab's
offer to fetch news from the internet): nbgrader's documented switches
are the ``jpserver_extensions`` of ``jupyter_server_config.json`` and
JupyterLab's ``labconfig/page_config.json``, both read from ``~/.jupyter``.
Each student's names their student id: the class's servers all run as one
system user (see :mod:`minichain.hub.config`), and nbgrader's exchange
otherwise files a submission under the system account's name. The
instructor's configuration also loads the course's own ``nbgrader_config.py``
(the sandboxed autograde of :mod:`minichain.course.autograde`), because the
formgrader reads only the Jupyter configuration path and its working folder.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from minichain.hub.errors import ClassSettingsError

SETTINGS_FILE = "class.json"
COURSE_ID = "minichain"
"""The course id of ``exercises/nbgrader_config.py`` (``c.CourseDirectory.course_id``)."""

USER_NAME = re.compile(r"^[a-z][a-z0-9_-]{0,31}$")
MAX_STUDENTS = 500
STUDENT_PASSWORD_CHARS = 12
"""JupyterHub's SharedPasswordAuthenticator needs at least 8 characters for users..."""
INSTRUCTOR_PASSWORD_CHARS = 32
"""...and at least 32 for admins, and the two must differ."""

NBGRADER_EXTENSIONS = ("formgrader", "assignment_list", "course_list", "validate_assignment")
STUDENT_SERVER_EXTENSIONS = ("assignment_list", "validate_assignment")
HIDDEN_LAB_PLUGINS = ("@jupyterlab/apputils-extension:announcements",)
"""For everyone: JupyterLab's offer to fetch Jupyter news from the internet."""
STUDENT_HIDDEN_LAB_PLUGINS = (
    "@jupyter/nbgrader:formgrader",
    "@jupyter/nbgrader:course-list",
    "@jupyter/nbgrader:create-assignment",
)


def _password(length: int, token: Callable[[int], str]) -> str:
    return token(length)[:length]


@dataclass(frozen=True)
class ClassSettings:
    """Everything that describes one class on one machine.

    Attributes:
        folder: The class folder (absolute).
        port: The public port on 127.0.0.1; the proxy's API uses ``port + 1`` and
            the hub itself ``port + 2``.
        instructor: The instructor's user name (a JupyterHub admin).
        students: The students' user names.
        student_password: The students' shared password (a demo: see the guide).
        instructor_password: The instructor's password (32 characters or more).
        driver_token: The API token of the ``class-driver`` service (tests and tools).
        course_id: nbgrader's course id.
    """

    folder: Path
    port: int
    instructor: str
    students: tuple[str, ...]
    student_password: str
    instructor_password: str
    driver_token: str
    course_id: str = COURSE_ID
    users: tuple[str, ...] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "folder", Path(self.folder).resolve())
        object.__setattr__(self, "students", tuple(self.students))
        object.__setattr__(self, "users", (self.instructor, *self.students))
        if not 1024 <= self.port <= 65533:
            raise ClassSettingsError(
                "port", "must be 1024 to 65533 (it uses 3), got {port}", port=self.port
            )
        for name in self.users:
            if not USER_NAME.match(name):
                raise ClassSettingsError(
                    "user name",
                    "{name!r} must be a lower-case letter, then letters, digits, _ or -",
                    name=name,
                )
        if len(set(self.users)) != len(self.users):
            raise ClassSettingsError("students", "every user name must be different")
        if len(self.student_password) < STUDENT_PASSWORD_CHARS:
            raise ClassSettingsError(
                "student_password",
                "needs {student_password_chars}+ chars",
                student_password_chars=STUDENT_PASSWORD_CHARS,
            )
        if len(self.instructor_password) < INSTRUCTOR_PASSWORD_CHARS:
            raise ClassSettingsError(
                "instructor_password",
                "needs {instructor_password_chars}+ characters",
                instructor_password_chars=INSTRUCTOR_PASSWORD_CHARS,
            )

    @property
    def url(self) -> str:
        """Where users log in."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def exchange(self) -> Path:
        return self.folder / "exchange"

    @property
    def hub_folder(self) -> Path:
        return self.folder / "hub"

    def home(self, user: str) -> Path:
        """``user``'s home, which is also their notebook folder."""
        return self.folder / "home" / user

    @property
    def course(self) -> Path:
        """The course root, inside the instructor's home (the formgrader requires that)."""
        return self.home(self.instructor) / "course"


def new_settings(
    folder: Path,
    *,
    port: int = 8100,
    students: int = 3,
    instructor: str = "instructor",
    token: Callable[[int], str] = secrets.token_urlsafe,
) -> ClassSettings:
    """Settings for a new class of ``students`` students (``student01``...), fresh passwords.

    ``token(n)`` makes the secrets (at least ``n`` characters); pass a fixed one in tests.
    """
    if not 1 <= students <= MAX_STUDENTS:
        raise ClassSettingsError(
            "students",
            "must be 1 to {max_students}, got {students}",
            max_students=MAX_STUDENTS,
            students=students,
        )
    width = max(2, len(str(students)))
    return ClassSettings(
        folder=folder,
        port=port,
        instructor=instructor,
        students=tuple(f"student{n:0{width}d}" for n in range(1, students + 1)),
        student_password=_password(STUDENT_PASSWORD_CHARS, token),
        instructor_password=_password(INSTRUCTOR_PASSWORD_CHARS + 8, token),
        driver_token=_password(43, token),
    )


def save(settings: ClassSettings) -> Path:
    """Write ``class.json`` (readable by its owner only: it holds the passwords)."""
    settings.folder.mkdir(parents=True, exist_ok=True)
    path = settings.folder / SETTINGS_FILE
    data = asdict(settings)
    data.pop("users")
    data["folder"] = str(settings.folder)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as stream:
        json.dump(data, stream, indent=2)
    return path


def load(folder: Path) -> ClassSettings:
    """Read a class folder's ``class.json``."""
    path = Path(folder) / SETTINGS_FILE
    try:
        data = json.loads(path.read_text())
        data["folder"] = Path(folder)
        data["students"] = tuple(data["students"])
        return ClassSettings(**data)
    except FileNotFoundError:
        raise ClassSettingsError(str(path), "no class here: start one first") from None
    except (ValueError, TypeError, KeyError) as error:
        raise ClassSettingsError(
            str(path), "not a class's settings ({error})", error=error
        ) from None


def nbgrader_config(settings: ClassSettings, user: str) -> str:
    """The text of ``user``'s ``~/.jupyter/nbgrader_config.py``."""
    lines = [
        '"""nbgrader settings of this class, written by `minichain course class`."""',
        "",
        "c = get_config()  # noqa: F821",
    ]
    if user == settings.instructor:
        course = settings.course / "nbgrader_config.py"
        lines += [
            "# The course's own settings: the sandboxed autograde, partial credit, feedback.",
            f"load_subconfig({str(course)!r})  # noqa: F821",
            f"c.CourseDirectory.root = {str(settings.course)!r}",
        ]
    else:
        lines += [
            "# Every server of this class runs as one system user, so nbgrader cannot tell",
            "# students apart by their account: each one's submissions carry this id.",
            f"c.CourseDirectory.student_id = {user!r}",
        ]
    lines += [
        f"c.CourseDirectory.course_id = {settings.course_id!r}",
        f"c.Exchange.root = {str(settings.exchange)!r}",
        "",
    ]
    return "\n".join(lines)


def user_files(settings: ClassSettings, user: str) -> dict[str, str]:
    """The files of ``user``'s ``~/.jupyter``, relative path -> text."""
    instructor = user == settings.instructor
    enabled = NBGRADER_EXTENSIONS if instructor else STUDENT_SERVER_EXTENSIONS
    server = {
        "ServerApp": {
            "jpserver_extensions": {
                f"nbgrader.server_extensions.{name}": name in enabled
                for name in NBGRADER_EXTENSIONS
            }
        }
    }
    plugins = HIDDEN_LAB_PLUGINS if instructor else HIDDEN_LAB_PLUGINS + STUDENT_HIDDEN_LAB_PLUGINS
    hidden = {plugin: True for plugin in plugins}
    return {
        "nbgrader_config.py": nbgrader_config(settings, user),
        "jupyter_server_config.json": json.dumps(server, indent=2) + "\n",
        "labconfig/page_config.json": json.dumps({"disabledExtensions": hidden}, indent=2) + "\n",
    }


def prepare(settings: ClassSettings, exercises: Path) -> None:
    """Create the class folder: settings, exchange, homes, and the course root if absent.

    The course root (``exercises/nbgrader_config.py``, ``source/`` and the Chinese
    ``source_zh/``) is copied
    only when the instructor's home has none, so a running term's gradebook and
    submissions are never overwritten. Users' ``~/.jupyter`` files are rewritten.
    """
    save(settings)
    settings.hub_folder.mkdir(parents=True, exist_ok=True)
    settings.exchange.mkdir(parents=True, exist_ok=True)
    # nbgrader's exchange must be writable by every user of the machine.
    settings.exchange.chmod(0o777)
    for user in settings.users:
        config = settings.home(user) / ".jupyter"
        for relative, text in user_files(settings, user).items():
            path = config / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)
    if not (settings.course / "nbgrader_config.py").exists():
        settings.course.mkdir(parents=True, exist_ok=True)
        shutil.copy(exercises / "nbgrader_config.py", settings.course / "nbgrader_config.py")
        if (exercises / ".gitignore").exists():  # student data stays out of any repository
            shutil.copy(exercises / ".gitignore", settings.course / ".gitignore")
        for folder in ("source", "source_zh"):
            if (exercises / folder).is_dir():
                shutil.copytree(exercises / folder, settings.course / folder, dirs_exist_ok=True)
    roster = settings.course / "students.csv"
    rows = ["id,first_name,last_name", *(f"{name},,{name}" for name in settings.students)]
    roster.write_text("\n".join(rows) + "\n")
