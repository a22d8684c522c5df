"""HTTP to a class: JupyterHub's REST API and the users' single-user servers.

JupyterHub's REST API (``/hub/api``, https://jupyterhub.readthedocs.io/en/stable/reference/rest-api.html)
starts servers and makes tokens; each user's server then answers, through the
proxy, under ``/user/<name>/``: Jupyter's contents API (``api/contents``),
nbgrader's assignment list (``assignments``, ``assignments/fetch``, ``/submit``,
``/fetch_feedback``) and, for the instructor, the formgrader's API
(``formgrader/api/...``). These are the routes JupyterLab's nbgrader panels call.
A request authenticated by an ``Authorization: token`` header needs no XSRF cookie.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from typing import Any

from minichain.hub.errors import HubError

REQUEST_S = 300.0
"""One request may take this long: autograding through the formgrader is one request."""


class Http:
    """Requests to ``base`` (``http://127.0.0.1:port``) with one token."""

    def __init__(self, base: str, token: str | None = None) -> None:
        self.base = base.rstrip("/")
        self.token = token

    def request(
        self, method: str, path: str, body: Any = None, *, timeout: float = REQUEST_S
    ) -> tuple[int, bytes]:
        """``(status, body)`` of one request; an HTTP error status is returned, not raised."""
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.base + path, data=data, method=method)
        if self.token:
            request.add_header("Authorization", f"token {self.token}")
        if data is not None:
            request.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def json(self, method: str, path: str, body: Any = None, *, timeout: float = REQUEST_S) -> Any:
        """The JSON answer of one request that must succeed (2xx)."""
        status, answer = self.request(method, path, body, timeout=timeout)
        if not 200 <= status < 300:
            raise HubError(
                f"{method} {path}",
                "answered {status}: {answer!r}",
                status=status,
                answer=answer[:300],
            )
        return json.loads(answer) if answer else None


def wait_until(
    ready: Callable[[], bool],
    what: str,
    *,
    timeout: float,
    poll: float = 0.25,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] = time.sleep,
) -> None:
    """Poll ``ready()`` until it is true; :class:`HubError` naming ``what`` after ``timeout`` s."""
    deadline = clock() + timeout
    while not ready():
        if clock() >= deadline:
            raise HubError(what, "not ready after {timeout:.0f} s", timeout=timeout)
        sleep(poll)


def hub_answers(base: str) -> bool:
    """Whether the hub answers its API's version request (no token needed)."""
    try:
        status, _ = Http(base).request("GET", "/hub/api/", timeout=5)
    except OSError:
        return False
    return status == 200


class Hub:
    """The class driver: JupyterHub's API with the ``class-driver`` service's token."""

    def __init__(self, base: str, token: str) -> None:
        self.http = Http(base, token)
        self.base = self.http.base

    def start_servers(self, users: tuple[str, ...], *, timeout: float) -> None:
        """Ask for every user's server at once (the hub starts them side by side); wait for all."""
        for user in users:
            status, answer = self.http.request("POST", f"/hub/api/users/{user}/server")
            if status not in (201, 202, 400):  # 400: already running
                raise HubError(
                    f"server of {user}",
                    "not started: {status} {answer!r}",
                    status=status,
                    answer=answer[:300],
                )

        def ready() -> bool:
            models = [self.http.json("GET", f"/hub/api/users/{user}") for user in users]
            return all(model.get("servers", {}).get("", {}).get("ready") for model in models)

        wait_until(ready, "the users' servers", timeout=timeout, poll=0.5)

    def user_token(self, user: str) -> str:
        """A new API token of ``user`` (what their browser session amounts to)."""
        made = self.http.json("POST", f"/hub/api/users/{user}/tokens", {"note": "class driver"})
        return str(made["token"])

    def as_user(self, user: str) -> Http:
        """Requests to ``user``'s own server (``/user/<name>``) with a token of theirs."""
        return Http(f"{self.base}/user/{user}", self.user_token(user))

    def login(self, user: str, password: str) -> int:
        """Log in through the login form as a browser does; the status of the form's answer.

        302 means accepted (a redirect to the user's server), 403 refused.
        """
        import http.cookiejar
        import re
        import urllib.parse

        cookies = http.cookiejar.CookieJar()

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args: Any, **kwargs: Any) -> None:
                return None

        opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(cookies), NoRedirect()
        )
        with opener.open(f"{self.base}/hub/login", timeout=30) as page:
            form = page.read().decode()
        found = re.search(r'name="_xsrf" value="([^"]+)"', form)
        fields = {"username": user, "password": password}
        if found:
            fields["_xsrf"] = found.group(1)
        data = urllib.parse.urlencode(fields).encode()
        try:
            with opener.open(f"{self.base}/hub/login", data=data, timeout=30) as answer:
                return int(answer.status)
        except urllib.error.HTTPError as error:
            return int(error.code)
