"""Escaping, size limits, sign-in limits, error pages without traces, and page rights."""

from __future__ import annotations

import yaml

from detente.web import create_app

XSS = '<script>alert("x")</script>'
ESCAPED = "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;"


def _hostile_yaml() -> str:
    """A valid scenario whose every free-text field holds a script tag."""
    data = {
        "id": "hostile",
        "name": XSS,
        "description": XSS,
        "actors": [
            {"id": "A", "name": XSS, "capability": 1, "notes": XSS},
            {"id": "B", "name": XSS, "capability": 2},
        ],
        "issues": [
            {
                "id": "i",
                "name": XSS,
                "question": XSS,
                "scale": {"low": 0, "high": 100, "unit": XSS},
                "anchors": {0: XSS, 100: XSS},
            }
        ],
        "stances": {
            "A": {"i": {"position": 10, "salience": 0.5, "basis": XSS}},
            "B": {"i": {"position": 90, "salience": 0.5}},
        },
        "forums": [{"id": "F", "name": XSS, "members": ["A", "B"], "notes": XSS}],
        "outcomes": [{"id": "o", "name": XSS, "values": {"i": 50}, "notes": XSS}],
        "sources": {
            "S": {"title": XSS, "url": "javascript:alert(1)", "kind": XSS, "reliability": XSS}
        },
    }
    return yaml.safe_dump(data, sort_keys=False)


def test_every_text_field_is_escaped_on_every_page(login):
    ana = login("ana")
    made = ana.post("/api/v1/scenarios", files={"file": ("hostile.yaml", _hostile_yaml())})
    assert made.status_code == 201, made.text
    ws = made.json()["id"]
    token_page = ana.post("/account/tokens", data={"label": XSS, "csrf_token": ana.csrf})
    assert XSS not in token_page.text and ESCAPED in token_page.text
    scenario = ana.get("/api/v1/scenarios/1").json()["version"]["scenario"]
    body = {"scenario": scenario, "base": 1, "message": XSS}
    assert ana.post(f"/api/v1/scenarios/{ws}/versions", json=body).status_code == 201
    pages = [
        f"/ws/{ws}",
        f"/ws/{ws}?v=1",
        f"/ws/{ws}/edit",
        f"/ws/{ws}/versions?a=1&b=2",
        f"/ws/{ws}/analyses",
        "/scenarios",
        "/account",
    ]
    for url in pages:
        html = ana.get(url).text
        assert XSS not in html, url
        assert 'href="javascript:' not in html, url
    view = ana.get(f"/ws/{ws}").text
    assert view.count(ESCAPED) >= 12  # names, notes, anchors, unit, question, sources ...
    assert ESCAPED in ana.get(f"/ws/{ws}/versions").text  # the version message


def test_escaped_user_name_on_admin_page(login):
    root = login("root")
    made = root.post(
        "/api/v1/users", json={"name": XSS, "role": "observer", "password": "long enough"}
    )
    assert made.status_code == 201
    html = root.get("/admin/users").text
    assert XSS not in html and ESCAPED in html


def test_oversized_upload_is_413(login):
    ana = login("ana")
    big = "#" * (300 * 1024)
    answer = ana.post("/api/v1/scenarios", files={"file": ("big.yaml", big)})
    assert answer.status_code == 413
    assert "larger than the limit" in answer.json()["detail"]
    page = ana.post(
        "/scenarios/import", files={"file": ("big.csv", big)}, data={"csrf_token": ana.csrf}
    )
    assert page.status_code == 413


def test_a_bad_upload_names_the_file_and_the_fix(login):
    ana = login("ana")
    answer = ana.post("/api/v1/scenarios", files={"file": ("talks.csv", "Actor,Power\nUS,1\n")})
    assert answer.status_code == 422
    body = answer.json()
    assert body["detail"].startswith("talks.csv:")
    assert body["problems"][0]["fix"]
    page = ana.post(
        "/scenarios/import",
        files={"file": ("talks.csv", "Actor,Power\nUS,1\n")},
        data={"csrf_token": ana.csrf},
    )
    assert page.status_code == 422 and "talks.csv" in page.text and "/tmp" not in page.text


def test_sign_in_is_limited_per_name(login):
    client = login(None)
    for _ in range(5):
        wrong = client.post("/login", csrf=False, data={"name": "ana", "password": "nope"})
        assert wrong.status_code == 401
    blocked = client.post("/login", csrf=False, data={"name": "ana", "password": "nope"})
    assert blocked.status_code == 429 and int(blocked.headers["retry-after"]) > 0
    # the right password is refused too while the name is blocked
    from tests.web.conftest import PASSWORD

    still = client.post("/login", csrf=False, data={"name": "ana", "password": PASSWORD})
    assert still.status_code == 429


def test_session_cookie_flags_and_tampering(login, app):
    client = login(None)
    from tests.web.conftest import PASSWORD

    answer = client.post("/login", csrf=False, data={"name": "ana", "password": PASSWORD})
    cookie = answer.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie and "secure" not in cookie
    client.http.cookies.set("detente_session", "forged.value.sig")
    assert client.get("/api/v1/me").status_code == 401
    assert client.get("/scenarios", follow_redirects=False).status_code == 303


def test_secure_cookie_over_https(app):
    from fastapi.testclient import TestClient

    from tests.web.conftest import PASSWORD

    with TestClient(app, base_url="https://workspace.test") as client:
        answer = client.post(
            "/login", data={"name": "ana", "password": PASSWORD}, follow_redirects=False
        )
    assert "secure" in answer.headers["set-cookie"].lower()


def test_open_redirect_after_sign_in_is_refused(login):
    from tests.web.conftest import PASSWORD

    client = login(None)
    answer = client.post(
        "/login", csrf=False, data={"name": "ana", "password": PASSWORD, "next": "//evil.example/"}
    )
    assert answer.headers["location"] == "/scenarios"


def test_internal_errors_show_no_trace(login, app, monkeypatch):
    ana = login("ana")

    def boom(*args, **kwargs):
        raise RuntimeError("secret internals /home/someone")

    monkeypatch.setattr(app.state.workspace, "scenarios", boom)
    for url in ("/scenarios", "/api/v1/scenarios"):
        answer = ana.get(url)
        assert answer.status_code == 500
        assert "secret internals" not in answer.text and "Traceback" not in answer.text
        assert "internal error" in answer.text


def test_pages_check_rights(login, korea):
    olga, bo, ana = login("olga"), login("bo"), login("ana")
    assert bo.get(f"/ws/{korea}").status_code == 404  # private to ana
    ana.post(f"/ws/{korea}/share", data={"shared": "on", "csrf_token": ana.csrf})
    assert olga.get(f"/ws/{korea}").status_code == 200
    assert "Edit table" not in olga.get(f"/ws/{korea}").text
    assert olga.get(f"/ws/{korea}/edit").status_code == 403
    save = olga.post(f"/ws/{korea}/save", data={"base": "1", "csrf_token": olga.csrf})
    assert save.status_code == 403
    assert olga.get("/admin/users").status_code == 403
    assert bo.get(f"/ws/{korea}/edit").status_code == 200  # shared: analysts edit


def test_remote_binding_needs_a_flag():
    from typer.testing import CliRunner

    from detente.cli import app as cli

    result = CliRunner().invoke(cli, ["serve", "--host", "0.0.0.0"])
    assert result.exit_code == 2
    assert "--allow-remote" in result.output


def test_app_factory_uses_given_store(tmp_path):
    from detente.web import Settings

    app = create_app(Settings(store=str(tmp_path / "x.sqlite"), secret_key="k" * 32))
    assert app.state.store.url.endswith("x.sqlite")
    app.state.jobs.close()


def test_roadmap_status_and_check_against_a_workspace_version(login, korea):
    ana = login("ana")
    page = ana.get("/roadmaps/korea-2007?on=2007-12-31")
    assert page.status_code == 200
    assert "State on 2007-12-31" in page.text and "Weakest stage" in page.text
    assert 'class="plot"' in page.text
    ws = login("ana").post("/api/v1/scenarios/copy/korea-2005").json()["id"]
    linked = ana.get(f"/roadmaps/korea-2007?ws={ws}&v=1")
    assert linked.status_code == 200 and f"workspace scenario {ws}, version 1" in linked.text
    assert f"/roadmaps/korea-2007?ws={ws}" in ana.get(f"/ws/{ws}/analyses").text
    assert ana.get("/roadmaps/none").status_code == 404
    assert ana.get("/roadmaps/korea-2007?on=31.12.2007").status_code == 422
    assert login("bo").get(f"/roadmaps/korea-2007?ws={ws}").status_code == 404


def test_result_tables_escape_cells_and_hide_missing_values():
    import pandas as pd

    from detente.web.templates import frame_html

    html = str(frame_html(pd.DataFrame({"a": [XSS, None], "n": [2e5, float("nan")],
                                        "i": pd.array([1, None], dtype="Int64")})))  # fmt: skip
    assert XSS not in html and "&lt;script&gt;" in html
    assert "200,000" in html
    assert "None" not in html and "&lt;NA&gt;" not in html and "nan" not in html


def test_what_a_message_echoes_back_is_escaped(login, korea, panel):
    """Input that comes back inside an error message: a file name, a typed cell, a change line,
    a threshold, a number, a date, a user name, a bundled name, a what-if and a panel invite."""
    ana, fay = login("ana"), login("fay")
    form = {"csrf_token": ana.csrf}
    answers = {
        "file name": ana.post("/scenarios/import", data=form,
                              files={"file": (f"{XSS}.csv", "Actor,Power\nUS,1\n")}),
        "cell": ana.post(f"/ws/{korea}/cell", data={**form, "base": "1",
                                                    "stances.RUS.denuc_scope.salience": XSS},
                         headers={"HX-Request": "true",
                                  "HX-Trigger-Name": "stances.RUS.denuc_scope.salience"}),
        "change line": ana.post(f"/ws/{korea}/jobs", data={**form, "kind": "whatif",
                                                           "changes": XSS}),
        "threshold": ana.post(f"/ws/{korea}/jobs", data={**form, "kind": "ensemble",
                                                         "thresholds": XSS}),
        "runs": ana.post(f"/ws/{korea}/jobs", data={**form, "kind": "ensemble", "runs": XSS}),
        "date": ana.get(f"/roadmaps/korea-2007?on={XSS}"),
        "bundled": ana.get(f"/bundled/{XSS}"),
        "sign-in name": login(None).post("/login", csrf=False,
                                         data={"name": XSS, "password": "wrong"}),
        "invite": fay.post(f"/panels/{panel}/members",
                           data={"csrf_token": fay.csrf, "user": XSS, "role": "member"}),
    }  # fmt: skip
    for what, answer in answers.items():
        assert answer.status_code in ((200,) if what == "cell" else range(400, 500)), what
        assert XSS not in answer.text, what
    echoed = [w for w, a in answers.items() if ESCAPED in a.text]
    assert {"cell", "change line", "threshold", "runs", "date", "invite"} <= set(echoed), echoed
    # a file name keeps only what follows its last '/' (the upload's base name), escaped too
    assert "script&gt;.csv" in answers["file name"].text
