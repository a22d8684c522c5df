"""The Zero to JupyterHub values file (deploy/z2jh/values.yaml): valid, and the same class.

Neither Kubernetes nor helm runs here, so the chart itself is not rendered.
What is checked: the values, merged over the chart's own defaults, pass the
chart's own schema (deploy/z2jh/chart), as helm checks before rendering; the
Python the file carries (the hub's extra configuration, the users' nbgrader
and Jupyter server configuration) compiles and loads with the real loaders;
the roles it sets up give the formgrader to instructors only; the exchange it
configures is the volume it mounts; the course id and the passwords meet what
nbgrader and JupyterHub require.
"""

import json
from pathlib import Path

import jsonschema
import pytest
import yaml
from traitlets.config.loader import PyFileConfigLoader

from minichain.hub.layout import COURSE_ID, INSTRUCTOR_PASSWORD_CHARS, STUDENT_PASSWORD_CHARS
from tests.course import ROOT

VALUES = yaml.safe_load((ROOT / "deploy" / "z2jh" / "values.yaml").read_text())
FILES = VALUES["singleuser"]["extraFiles"]


def load_file(name: str, tmp_path: Path, monkeypatch, role: str, course: Path | None = None):
    """Load one of the pod's configuration files as Jupyter would, for ``role``."""
    text = FILES[name]["stringData"]
    if course is not None:  # the instructor's course root, here a copy of exercises/
        text = text.replace("/home/jovyan/course", str(course))
    path = tmp_path / Path(FILES[name]["mountPath"]).name
    path.write_text(text)
    monkeypatch.setenv("MINICHAIN_ROLE", role)
    return PyFileConfigLoader(path.name, path=str(tmp_path)).load_config()


def test_the_hubs_extra_configuration_sets_each_users_role():
    class User:
        def __init__(self, admin):
            self.admin = admin

    class Spawner:
        def __init__(self, admin):
            self.user = User(admin)
            self.environment = {}

    class Config:
        class KubeSpawner:
            pre_spawn_hook = None

    namespace = {"c": Config}
    for name, source in VALUES["hub"]["extraConfig"].items():
        exec(compile(source, name, "exec"), namespace)  # noqa: S102 - the file's own config
    hook = Config.KubeSpawner.pre_spawn_hook
    instructor, student = Spawner(admin=True), Spawner(admin=False)
    hook(instructor)
    hook(student)
    assert student.environment == {"MINICHAIN_ROLE": "student"}
    assert instructor.environment == {
        "MINICHAIN_ROLE": "instructor",
        "MINICHAIN_EXERCISES": "/home/jovyan/course",
    }
    config = VALUES["singleuser"]["extraFiles"]["nbgrader-config"]["stringData"]
    assert 'c.CourseDirectory.root = "/home/jovyan/course"' in config


@pytest.mark.parametrize(("role", "formgrader"), [("student", False), ("instructor", True)])
def test_only_instructors_get_the_formgrader(tmp_path, monkeypatch, role, formgrader):
    config = load_file("server-config", tmp_path, monkeypatch, role)
    extensions = config.ServerApp.get("jpserver_extensions", {})
    assert extensions.get("nbgrader.server_extensions.formgrader", True) is formgrader
    assert extensions.get("nbgrader.server_extensions.assignment_list", True) is True


def test_everyone_uses_the_mounted_exchange_and_the_course_id(tmp_path, monkeypatch):
    config = load_file("nbgrader-config", tmp_path, monkeypatch, "student")
    (mount,) = VALUES["singleuser"]["storage"]["extraVolumeMounts"]
    (volume,) = VALUES["singleuser"]["storage"]["extraVolumes"]
    assert config.Exchange.root == mount["mountPath"] and mount["name"] == volume["name"]
    assert config.CourseDirectory.course_id == COURSE_ID
    assert "root" not in config.CourseDirectory


def test_the_instructor_grades_with_the_courses_own_settings(tmp_path, monkeypatch):
    course = tmp_path / "course"
    course.mkdir()
    (course / "nbgrader_config.py").write_text(
        (ROOT / "exercises" / "nbgrader_config.py").read_text()
    )
    config = load_file("nbgrader-config", tmp_path, monkeypatch, "instructor", course)
    assert config.CourseDirectory.root == str(course)
    assert config.Autograde.autograde_preprocessors[0].__name__ == "JudgeNotebook"


def test_the_demo_login_meets_jupyterhubs_password_rules():
    hub = VALUES["hub"]["config"]
    passwords = hub["SharedPasswordAuthenticator"]
    assert hub["JupyterHub"]["authenticator_class"] == "shared-password"
    assert len(passwords["user_password"]) >= STUDENT_PASSWORD_CHARS
    assert len(passwords["admin_password"]) >= INSTRUCTOR_PASSWORD_CHARS
    assert passwords["user_password"] != passwords["admin_password"]


def test_the_lab_configuration_is_json():
    import json

    lab = json.loads(FILES["lab-config"]["stringData"])
    assert lab["disabledExtensions"] == {
        "@jupyter/nbgrader:create-assignment": True,
        "@jupyterlab/apputils-extension:announcements": True,
    }


CHART = ROOT / "deploy" / "z2jh" / "chart"


def merged(defaults: object, ours: object) -> object:
    """Our values over the chart's defaults, as helm merges them (maps deeply, else replaced)."""
    if isinstance(defaults, dict) and isinstance(ours, dict):
        both = dict(defaults)
        for key, value in ours.items():
            both[key] = merged(defaults.get(key), value) if key in defaults else value
        return both
    return ours


def test_the_values_pass_the_charts_own_schema_over_its_defaults():
    """What `helm template` checks first: the merged values against values.schema.json."""
    schema = json.loads((CHART / "values.schema.json").read_text())
    defaults = yaml.safe_load((CHART / "values.yaml").read_text())
    jsonschema.validate(merged(defaults, VALUES), schema)


def test_the_schema_check_refuses_a_value_the_chart_does_not_know():
    schema = json.loads((CHART / "values.schema.json").read_text())
    defaults = yaml.safe_load((CHART / "values.yaml").read_text())
    wrong = merged(VALUES, {"singleuser": {"storage": {"type": "floppy"}}})
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(merged(defaults, wrong), schema)
    unknown = merged(VALUES, {"hub": {"no_such_setting": True}})
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(merged(defaults, unknown), schema)
