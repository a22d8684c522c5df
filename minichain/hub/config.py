"""The JupyterHub configuration of a class on one machine (read by ``jupyterhub_config.py``).

What it sets, with JupyterHub's own names (JupyterHub 5.3 or newer):

* everything on loopback: the proxy on ``127.0.0.1:port``, its API on ``port + 1``,
  the hub on ``port + 2``; single-user servers on random local ports;
* ``SharedPasswordAuthenticator``: the students share one password, the
  instructor (the only admin) has another of 32 characters or more, and only
  the class's user names may log in. A demo authenticator: anyone who has the
  students' password can log in as any student (see course/instructor.md);
* ``SimpleLocalProcessSpawner``: every single-user server runs as the hub's own
  system user, with ``HOME`` set to the user's folder in the class folder. No
  system accounts and no root are needed, and users are not isolated from each
  other: fine for one instructor trying a class, not for real students;
* a ``class-driver`` service whose token may manage users, servers and tokens
  (the end-to-end test and the benchmark drive the class through it).
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path
from typing import Any

from minichain.hub.errors import HubError
from minichain.hub.layout import ClassSettings

CLASS_MARKER = "MINICHAIN_CLASS"
"""Set to the class folder in the environment of the hub and every process it starts."""

DRIVER = "class-driver"
PROXY = "configurable-http-proxy"
SERVER_START_S = 120
"""How long a single-user server may take to start (two busy cores: be generous)."""


def venv_bin() -> Path:
    """The folder of this Python's scripts (jupyterhub, nbgrader, alembic)."""
    return Path(sys.executable).parent


def find_proxy() -> Path:
    """The ``configurable-http-proxy`` that ``make install`` put under ``.venv/hub``, or on PATH.

    Raises:
        HubError: neither exists.
    """
    local = Path(sys.prefix) / "hub" / "node_modules" / ".bin" / PROXY
    if local.exists():
        return local
    found = shutil.which(PROXY)
    if found:
        return Path(found)
    raise HubError(
        PROXY,
        "not found in {parent} nor on PATH; run `make install` (it needs Node.js and npm: "
        "`apt-get install nodejs npm` on Debian or Ubuntu)",
        parent=local.parent,
    )


def class_environment(settings: ClassSettings) -> dict[str, str]:
    """The environment of the hub: this venv's scripts first on PATH, and the class marker."""
    path = os.environ.get("PATH", "")
    return {
        **os.environ,
        "PATH": os.pathsep.join([str(venv_bin()), path]) if path else str(venv_bin()),
        CLASS_MARKER: str(settings.folder),
    }


def configure(c: Any, settings: ClassSettings, proxy: Path) -> None:
    """Fill JupyterHub's configuration object ``c`` for ``settings``."""
    hub = settings.hub_folder
    c.JupyterHub.ip = "127.0.0.1"
    c.JupyterHub.port = settings.port
    c.JupyterHub.hub_ip = "127.0.0.1"
    c.JupyterHub.hub_port = settings.port + 2
    c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{settings.port + 1}"
    c.ConfigurableHTTPProxy.command = [str(proxy)]
    c.ConfigurableHTTPProxy.pid_file = str(hub / "proxy.pid")
    c.JupyterHub.db_url = f"sqlite:///{hub / 'jupyterhub.sqlite'}"
    c.JupyterHub.cookie_secret_file = str(hub / "jupyterhub_cookie_secret")
    c.JupyterHub.pid_file = str(hub / "jupyterhub.pid")
    # Stop every single-user server and the proxy when the hub stops.
    c.JupyterHub.cleanup_servers = True
    c.JupyterHub.cleanup_proxy = True

    c.JupyterHub.authenticator_class = "shared-password"
    c.SharedPasswordAuthenticator.user_password = settings.student_password
    c.SharedPasswordAuthenticator.admin_password = settings.instructor_password
    c.Authenticator.admin_users = {settings.instructor}
    c.Authenticator.allowed_users = set(settings.students)

    c.JupyterHub.spawner_class = "simple"
    c.SimpleLocalProcessSpawner.home_dir_template = str(settings.folder / "home" / "{username}")
    c.Spawner.cmd = [str(venv_bin() / "jupyterhub-singleuser")]
    c.Spawner.default_url = "/lab"
    c.Spawner.environment = {
        "PATH": class_environment(settings)["PATH"],
        CLASS_MARKER: str(settings.folder),
    }
    c.Spawner.start_timeout = SERVER_START_S
    c.Spawner.http_timeout = SERVER_START_S
    if os.geteuid() == 0:
        # Jupyter refuses to run as root unless told: on a test machine run as root.
        c.Spawner.args = ["--allow-root"]

    c.JupyterHub.services = [{"name": DRIVER, "api_token": settings.driver_token}]
    c.JupyterHub.load_roles = [
        {
            "name": DRIVER,
            "scopes": ["admin:users", "admin:servers", "tokens", "access:servers", "read:hub"],
            "services": [DRIVER],
        }
    ]
