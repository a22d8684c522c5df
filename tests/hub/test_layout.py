"""The class folder and the JupyterHub configuration, read back by the real loaders."""

import json

import pytest
from traitlets.config import Config
from traitlets.config.loader import PyFileConfigLoader

from minichain.hub import config as hub_config
from minichain.hub.errors import ClassSettingsError
from minichain.hub.layout import (
    HIDDEN_LAB_PLUGINS,
    STUDENT_HIDDEN_LAB_PLUGINS,
    load,
    new_settings,
    prepare,
    save,
)
from tests.course import EXERCISES


def counting_token():
    made = iter(range(1000))
    return lambda n: (f"{next(made):04d}" * n)[:n]


@pytest.fixture
def settings(tmp_path):
    return new_settings(tmp_path / "class", port=8100, students=3, token=counting_token())


def test_a_new_class_has_an_instructor_numbered_students_and_fresh_secrets(settings):
    assert settings.users == ("instructor", "student01", "student02", "student03")
    secrets = {settings.student_password, settings.instructor_password, settings.driver_token}
    assert len(secrets) == 3
    assert len(settings.student_password) >= 8 and len(settings.instructor_password) >= 32


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"port": 80}, "port"),
        ({"port": 65534}, "port"),
        ({"students": ("Student1",)}, "user name"),
        ({"students": ("instructor",)}, "students"),
        ({"student_password": "short"}, "student_password"),
        ({"instructor_password": "x" * 31}, "instructor_password"),
    ],
)
def test_settings_refuse_what_jupyterhub_or_nbgrader_would(settings, change, field):
    import dataclasses

    with pytest.raises(ClassSettingsError) as refused:
        dataclasses.replace(settings, **change)
    assert refused.value.field == field


def test_a_class_of_none_is_refused(tmp_path):
    with pytest.raises(ClassSettingsError, match="students: must be 1 to"):
        new_settings(tmp_path, students=0)


def test_settings_round_trip_and_stay_private(settings):
    path = save(settings)
    assert load(settings.folder) == settings
    assert path.stat().st_mode & 0o077 == 0


def test_load_names_a_folder_without_a_class(tmp_path):
    with pytest.raises(ClassSettingsError, match="no class here"):
        load(tmp_path)


def read_nbgrader_config(settings, user):
    folder = settings.home(user) / ".jupyter"
    return PyFileConfigLoader("nbgrader_config.py", path=str(folder)).load_config()


def test_students_name_themselves_and_the_exchange_and_see_no_grading_tools(settings):
    prepare(settings, EXERCISES)
    config = read_nbgrader_config(settings, "student02")
    assert config.CourseDirectory.student_id == "student02"
    assert config.CourseDirectory.course_id == "minichain"
    assert config.Exchange.root == str(settings.exchange)
    assert "root" not in config.CourseDirectory
    home = settings.home("student02") / ".jupyter"
    server = json.loads((home / "jupyter_server_config.json").read_text())
    enabled = {k for k, v in server["ServerApp"]["jpserver_extensions"].items() if v}
    assert enabled == {
        "nbgrader.server_extensions.assignment_list",
        "nbgrader.server_extensions.validate_assignment",
    }
    lab = json.loads((home / "labconfig" / "page_config.json").read_text())
    assert set(lab["disabledExtensions"]) == {*STUDENT_HIDDEN_LAB_PLUGINS, *HIDDEN_LAB_PLUGINS}


def test_the_instructor_grades_with_the_courses_own_settings(settings):
    prepare(settings, EXERCISES)
    config = read_nbgrader_config(settings, "instructor")
    assert config.CourseDirectory.root == str(settings.course)
    assert "student_id" not in config.CourseDirectory
    # loaded from the course root's nbgrader_config.py: the sandboxed autograde
    assert config.Autograde.autograde_preprocessors[0].__name__ == "JudgeNotebook"
    assert (settings.course / "source" / "evidence_hash" / "evidence_hash.ipynb").is_file()
    assert (settings.course / "students.csv").read_text().splitlines()[1:] == [
        f"{name},,{name}" for name in settings.students
    ]


def test_prepare_keeps_a_running_terms_course(settings):
    prepare(settings, EXERCISES)
    (settings.course / "gradebook.db").write_text("the term's grades")
    (settings.course / "nbgrader_config.py").write_text("# edited by the instructor\n")
    prepare(settings, EXERCISES)
    assert (settings.course / "gradebook.db").read_text() == "the term's grades"
    assert (settings.course / "nbgrader_config.py").read_text() == "# edited by the instructor\n"


def test_the_hub_listens_on_loopback_only_and_knows_the_class(settings, tmp_path):
    c = Config()
    hub_config.configure(c, settings, tmp_path / "configurable-http-proxy")
    assert (c.JupyterHub.ip, c.JupyterHub.hub_ip) == ("127.0.0.1", "127.0.0.1")
    assert (c.JupyterHub.port, c.JupyterHub.hub_port) == (8100, 8102)
    assert c.ConfigurableHTTPProxy.api_url == "http://127.0.0.1:8101"
    assert c.Authenticator.admin_users == {"instructor"}
    assert c.Authenticator.allowed_users == {"student01", "student02", "student03"}
    assert c.SharedPasswordAuthenticator.admin_password == settings.instructor_password
    assert c.SimpleLocalProcessSpawner.home_dir_template.endswith("/home/{username}")
    assert c.Spawner.environment[hub_config.CLASS_MARKER] == str(settings.folder)


def test_jupyterhubs_config_file_reads_the_class_from_the_environment(settings, monkeypatch):
    save(settings)
    monkeypatch.setenv(hub_config.CLASS_MARKER, str(settings.folder))
    monkeypatch.setattr(hub_config, "find_proxy", lambda: settings.folder / "chp")
    config_file = hub_config.Path(hub_config.__file__).with_name("jupyterhub_config.py")
    loaded = PyFileConfigLoader(config_file.name, path=str(config_file.parent)).load_config()
    assert loaded.JupyterHub.port == settings.port
    assert loaded.JupyterHub.services == [
        {"name": hub_config.DRIVER, "api_token": settings.driver_token}
    ]


@pytest.mark.parametrize(
    "path",
    [
        "submitted/student01/evidence_hash/evidence_hash.ipynb",
        "autograded/student01/evidence_hash/evidence_hash.ipynb",
        "feedback/student01/evidence_hash/evidence_hash.html",
        "release/evidence_hash/evidence_hash.ipynb",
        "gradebook.db",
        "grades.csv",
        "students.csv",
    ],
)
def test_student_data_in_the_course_root_stays_out_of_git(path):
    import subprocess

    ignored = subprocess.run(
        ["git", "check-ignore", "--no-index", "-q", f"exercises/{path}"],
        cwd=EXERCISES.parent,
        check=False,
    )
    assert ignored.returncode == 0, path


def test_the_course_itself_is_not_ignored():
    import subprocess

    for path in ("source/evidence_hash/evidence_hash.ipynb", "nbgrader_config.py"):
        ignored = subprocess.run(
            ["git", "check-ignore", "--no-index", "-q", f"exercises/{path}"],
            cwd=EXERCISES.parent,
            check=False,
        )
        assert ignored.returncode == 1, path
