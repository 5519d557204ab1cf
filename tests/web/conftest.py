"""A workspace app on a fresh SQLite store with four users, and signed-in test clients."""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("pwdlib")

from fastapi.testclient import TestClient

from detente.web import Settings, create_app
from detente.web.passwords import hash_password

PASSWORD = "correct horse battery"
USERS = {"root": "admin", "ana": "analyst", "bo": "analyst", "olga": "observer",
         "fay": "facilitator", "cy": "analyst"}  # fmt: skip
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture(scope="module")
def hashed() -> str:
    return hash_password(PASSWORD)


@pytest.fixture
def app(tmp_path, hashed) -> Iterator[Any]:
    settings = Settings(
        store=str(tmp_path / "workspace.sqlite"),
        secret_key="test-secret-key-0123456789abcdef",
        job_workers=1,
        max_body_bytes=256 * 1024,
        max_runs=5000,
    )
    application = create_app(settings)
    for name, role in USERS.items():
        application.state.accounts.add_user(name, role, hashed)
    yield application
    application.state.jobs.close()
    application.state.store.close()


class Client:
    """A TestClient signed in as one user, knowing its CSRF token."""

    def __init__(self, app: Any, name: str | None) -> None:
        self.http = TestClient(app, raise_server_exceptions=False)
        self.csrf = ""
        if name:
            answer = self.http.post(
                "/login", data={"name": name, "password": PASSWORD}, follow_redirects=False
            )
            assert answer.status_code == 303, answer.text
            self.csrf = CSRF.search(self.http.get("/account").text).group(1)

    def get(self, url: str, **kw: Any) -> Any:
        return self.http.get(url, **kw)

    def post(self, url: str, csrf: bool = True, **kw: Any) -> Any:
        headers = dict(kw.pop("headers", {}))
        if csrf:
            headers["X-CSRF-Token"] = self.csrf
        return self.http.post(url, headers=headers, follow_redirects=False, **kw)

    def patch(self, url: str, **kw: Any) -> Any:
        return self.http.patch(url, headers={"X-CSRF-Token": self.csrf}, **kw)

    def wait_job(self, job_id: str, timeout: float = 60) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            job = self.get(f"/api/v1/jobs/{job_id}").json()
            if job["state"] in ("done", "failed", "cancelled"):
                return job  # type: ignore[no-any-return]
            time.sleep(0.1)
        raise AssertionError(f"job {job_id} did not finish")


@pytest.fixture
def login(app):  # type: ignore[no-untyped-def]
    made: list[Client] = []

    def _login(name: str | None) -> Client:
        client = Client(app, name)
        made.append(client)
        return client

    yield _login
    for client in made:
        client.http.close()


@pytest.fixture
def korea(login):  # type: ignore[no-untyped-def]
    """ana's workspace copy of korea-2005 (id 1, version 1)."""
    ana = login("ana")
    answer = ana.post("/api/v1/scenarios/copy/korea-2005")
    assert answer.status_code == 201, answer.text
    return answer.json()["id"]


@pytest.fixture
def panel(login):  # type: ignore[no-untyped-def]
    """fay's panel on her copy of korea-2005: members ana and bo, observer olga, round 1 open."""
    fay = login("fay")
    ws = fay.post("/api/v1/scenarios/copy/korea-2005").json()["id"]
    made = fay.post("/api/v1/panels", json={"name": "Track-2", "ws_id": ws, "seed": 7})
    assert made.status_code == 201, made.text
    panel_id = made.json()["id"]
    for user, role in (("ana", "member"), ("bo", "member"), ("olga", "observer")):
        answer = fay.post(f"/api/v1/panels/{panel_id}/members", json={"user": user, "role": role})
        assert answer.status_code == 201, answer.text
    assert fay.post(f"/api/v1/panels/{panel_id}/rounds").status_code == 201
    return panel_id


CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def server(app) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """The app served by uvicorn on a free local port, for the browser tests."""
    uvicorn = pytest.importorskip("uvicorn")
    port = _free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(10)


@pytest.fixture
def browser(chromium_path) -> Iterator[Any]:  # type: ignore[no-untyped-def]
    """Debian's Chromium driven by Playwright."""
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=chromium_path, args=CHROMIUM_FLAGS)
        yield launched
        launched.close()
