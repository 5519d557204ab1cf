"""The account pages: the admin's users page (add, change a role, switch off), signing out, and
API tokens made and revoked on the account page."""

from __future__ import annotations

import re


def _user_id(app, name: str) -> int:  # type: ignore[no-untyped-def]
    return int(app.state.accounts.find(name).id)


def test_the_admin_adds_an_account_changes_its_role_and_switches_it_off(login, app):
    root = login("root")
    form = {"csrf_token": root.csrf}
    added = root.post("/admin/users", data={**form, "name": "dee", "role": "observer",
                                            "password": "long enough"})  # fmt: skip
    assert added.status_code == 303 and added.headers["location"] == "/admin/users"
    assert "dee" in root.get("/admin/users").text
    dee = _user_id(app, "dee")
    short = root.post("/admin/users", data={**form, "name": "eve", "role": "analyst",
                                            "password": "short"})  # fmt: skip
    assert short.status_code == 422 and "too short" in short.text
    assert app.state.accounts.find("eve") is None

    changed = root.post(f"/admin/users/{dee}", data={**form, "role": "analyst", "active": "on"})
    assert changed.status_code == 303
    assert app.state.accounts.find("dee").role == "analyst"
    signed = login(None).post("/login", csrf=False, data={"name": "dee", "password": "long enough"})
    assert signed.status_code == 303

    root.post(f"/admin/users/{dee}", data={**form, "role": "analyst"})  # box unticked: off
    assert app.state.accounts.find("dee").active is False
    refused = login(None).post("/login", csrf=False,
                               data={"name": "dee", "password": "long enough"})  # fmt: skip
    assert refused.status_code == 401 and "wrong user name or password" in refused.text

    # an admin cannot take away their own rights; nobody else may use the page at all
    me = _user_id(app, "root")
    self_demote = root.post(f"/admin/users/{me}", data={**form, "role": "analyst", "active": "on"})
    assert self_demote.status_code == 403 and app.state.accounts.find("root").role == "admin"
    fay = login("fay")
    for answer in (
        fay.get("/admin/users"),
        fay.post("/admin/users", data={"csrf_token": fay.csrf, "name": "x", "role": "admin",
                                       "password": "long enough"}),
        fay.post(f"/admin/users/{dee}", data={"csrf_token": fay.csrf, "role": "admin",
                                              "active": "on"}),
    ):  # fmt: skip
        assert answer.status_code == 403
    assert app.state.accounts.find("x") is None and app.state.accounts.find("dee").role == "analyst"


def test_signing_out_ends_the_session(login):
    ana = login("ana")
    assert ana.get("/scenarios").status_code == 200
    out = ana.post("/logout", data={"csrf_token": ana.csrf})
    assert out.status_code == 303
    again = ana.http.get("/scenarios", follow_redirects=False)
    assert again.status_code == 303 and again.headers["location"].startswith("/login")
    assert ana.get("/api/v1/me").status_code == 401


def test_a_token_made_on_the_account_page_works_until_revoked(login, app):
    ana = login("ana")
    made = ana.post("/account/tokens", data={"csrf_token": ana.csrf, "label": "laptop"})
    assert made.status_code == 200
    token = re.search(r"dtk_[A-Za-z0-9_\-]+", made.text).group(0)  # shown once, on this page
    assert token not in ana.get("/account").text
    script = login(None).http
    headers = {"Authorization": f"Bearer {token}"}
    assert script.get("/api/v1/me", headers=headers).json()["name"] == "ana"
    ((token_id, label, _),) = app.state.accounts.tokens(_user_id(app, "ana"))
    assert label == "laptop"
    bo = login("bo")  # someone else's token cannot be revoked by id
    bo.post(f"/account/tokens/{token_id}/revoke", data={"csrf_token": bo.csrf})
    assert script.get("/api/v1/me", headers=headers).status_code == 200
    revoked = ana.post(f"/account/tokens/{token_id}/revoke", data={"csrf_token": ana.csrf})
    assert revoked.status_code == 303
    assert script.get("/api/v1/me", headers=headers).status_code == 401
