"""Expert panels through the JSON API: the Delphi rules (no identity and no group number before
answering, observers never submit, closed rounds take nothing) and every refusal's status."""

from __future__ import annotations

import numpy as np
import pytest

from detente.panel import Pooling, panel_data, pseudonyms, summarize
from tests.web.test_security import ESCAPED, XSS

SECRET = 31.5  # ana's value: it must not reach bo before bo answers


def pos(actor: str, issue: str, value: float, **more) -> dict:
    return {"kind": "position", "actor": actor, "issue": issue, "value": value, **more}


ANA = [
    pos("DPRK", "denuc_scope", SECRET, low=20, high=45, confidence=0.7, rationale="ana-reason"),
    {"kind": "salience", "actor": "US", "issue": "lwr", "value": 0.61},
]


def url(panel_id: int, tail: str = "") -> str:
    return f"/api/v1/panels/{panel_id}{tail}"


def test_a_member_sees_no_identity_and_no_group_number_before_answering(login, panel, app):
    ana, bo, fay = login("ana"), login("bo"), login("fay")
    assert (
        ana.post(url(panel, "/assessments"), json={"round": 1, "estimates": ANA}).status_code == 201
    )
    # bo has not answered: nothing of ana's, not even that she answered or is on the panel
    seen = [bo.get(url(panel)), bo.get(url(panel, "/rounds/1")), bo.get("/api/v1/panels")]
    for answer in seen:
        assert answer.status_code == 200
        text = answer.text
        assert "ana" not in text and str(SECRET) not in text and "median" not in text
    info = seen[0].json()
    assert "members" not in info and "submitted" not in info
    assert info["rounds"] == [{"number": 1, "opened_at": info["rounds"][0]["opened_at"],
                               "closed_at": None, "you_submitted": False}]  # fmt: skip
    assert seen[1].json() == {"round": 1, "role": "member", "names": False, "cells": []}
    assert bo.get(url(panel, "/results")).status_code == 403
    assert bo.get(url(panel, "/audit")).status_code == 403
    assert bo.get(url(panel, "/assessments/mine")).json() == {"round": 1, "estimates": []}

    # bo answers one of ana's two cells: he sees the group on that cell only, under pseudonyms
    mine = [pos("DPRK", "denuc_scope", 40)]
    assert bo.post(url(panel, "/assessments"), json={"estimates": mine}).status_code == 201
    view = bo.get(url(panel, "/rounds/1")).json()
    (cell,) = view["cells"]
    assert (cell["kind"], cell["actor"], cell["issue"], cell["visible"]) == (
        "position", "DPRK", "denuc_scope", True)  # fmt: skip
    assert cell["n"] == 2 and cell["median"] == pytest.approx((SECRET + 40) / 2)
    names = pseudonyms(app.state.panels.load(panel), 1)
    labels = {a["label"]: a for a in cell["answers"]}
    assert set(labels) == {names["ana"], names["bo"]}
    assert labels[names["ana"]]["rationale"] == "ana-reason" and labels[names["bo"]]["mine"]
    assert "ana" not in bo.get(url(panel, "/rounds/1")).text.replace("ana-reason", "")
    assert bo.get(url(panel, "/results")).status_code == 403  # the round is still open

    # the facilitator sees names and who submitted
    watched = fay.get(url(panel)).json()
    assert [(s["member"], s["submissions"]) for s in watched["submitted"]] == [
        ("ana", 1),
        ("bo", 1),
    ]
    assert [m["user"] for m in watched["members"]] == ["ana", "bo", "olga"]
    assert fay.get(url(panel, "/rounds/1")).json()["who"] == ["ana", "bo"]


def test_after_the_round_members_see_the_pooled_forecast_under_pseudonyms(login, panel, app):
    ana, bo, fay = login("ana"), login("bo"), login("fay")
    ana.post(url(panel, "/assessments"), json={"estimates": ANA})
    bo.post(url(panel, "/assessments"), json={"estimates": [pos("DPRK", "denuc_scope", 40)]})
    assert fay.post(url(panel, "/rounds/1/close")).json()["closed_at"] is not None
    got = ana.get(url(panel, "/results?model=weighted-median")).json()
    state = app.state.panels.load(panel)
    names = pseudonyms(state, 1)
    assert set(got["members"]) == {names["ana"], names["bo"]}
    expected = summarize(panel_data(state, "ana"), "weighted-median", pooling=Pooling())
    assert got["pooled"]["forecast"] == pytest.approx(expected.payload()["pooled"]["forecast"])
    cells = {(c["kind"], c["actor"], c["issue"]): c for c in got["pooled"]["cells"]}
    assert cells[("position", "DPRK", "denuc_scope")]["pooled"] == pytest.approx(
        np.median([SECRET, 40])
    )
    assert got["round"] == 1 and got["method"] == "median"
    by_name = fay.get(url(panel, "/results")).json()
    assert set(by_name["members"]) == {"ana", "bo"}
    trimmed = fay.get(url(panel, "/results?method=trimmed&model=mean")).json()
    assert trimmed["method"] == "trimmed" and trimmed["model"] == "mean"


def test_an_observer_cannot_submit_and_sees_only_closed_rounds(login, panel):
    ana, olga, fay = login("ana"), login("olga"), login("fay")
    ana.post(url(panel, "/assessments"), json={"estimates": ANA})
    refused = olga.post(url(panel, "/assessments"), json={"estimates": ANA})
    assert refused.status_code == 403 and "observer cannot submit" in refused.json()["detail"]
    assert olga.get(url(panel, "/rounds/1")).json()["cells"] == []
    assert olga.get(url(panel, "/results")).status_code == 403
    fay.post(url(panel, "/rounds/1/close"))
    cells = olga.get(url(panel, "/rounds/1")).json()["cells"]
    assert len(cells) == 2 and all(c["visible"] for c in cells)
    assert "ana" not in olga.get(url(panel, "/rounds/1")).text.replace("ana-reason", "")
    assert olga.get(url(panel, "/results")).status_code == 200


def test_a_closed_round_refuses_submissions(login, panel):
    ana, fay = login("ana"), login("fay")
    assert ana.post(url(panel, "/assessments"), json={"estimates": ANA}).status_code == 201
    fay.post(url(panel, "/rounds/1/close"))
    closed = ana.post(url(panel, "/assessments"), json={"estimates": ANA})
    assert closed.status_code == 409 and "no round is open" in closed.json()["detail"]
    assert fay.post(url(panel, "/rounds")).json()["number"] == 2
    stale = ana.post(url(panel, "/assessments"), json={"round": 1, "estimates": ANA})
    assert stale.status_code == 409 and "round 2 is open now" in stale.json()["detail"]
    assert ana.post(url(panel, "/assessments"), json={"round": 2, "estimates": ANA}).json()[
        "round"] == 2  # fmt: skip
    mine = ana.get(url(panel, "/assessments/mine")).json()
    assert mine["round"] == 2 and [e["value"] for e in mine["estimates"]] == [SECRET, 0.61]


def test_who_may_do_what(login, panel):
    ana, cy, fay, olga, root = (login(n) for n in ("ana", "cy", "fay", "olga", "root"))
    ws = fay.get(url(panel)).json()["ws_id"]
    # 403: an analyst creates a panel; a member runs rounds, invites or reveals
    body = {"name": "mine", "ws_id": ws}
    assert ana.post("/api/v1/panels", json=body).status_code == 403
    for tail in ("/rounds", "/rounds/1/close", "/close", "/reveal", "/members", "/pooled?round=1"):
        answer = ana.post(url(panel, tail), json={"user": "cy"})
        assert answer.status_code == 403, (tail, answer.text)
    assert olga.post(url(panel, "/rounds")).status_code == 403
    # 404: not on the panel (admins included), unknown panel or round, unreadable scenario
    for client in (cy, root):
        assert client.get(url(panel)).status_code == 404
        assert client.post(url(panel, "/assessments"), json={"estimates": ANA}).status_code == 404
    assert "Track-2" not in cy.get("/api/v1/panels").text
    assert fay.get(url(999)).status_code == 404
    assert fay.get(url(panel, "/rounds/7")).status_code == 404
    assert fay.get(url(panel, "/results?round=7")).status_code == 404
    private = ana.post("/api/v1/scenarios/copy/korea-2005").json()["id"]
    assert root.post("/api/v1/panels", json={"name": "x", "ws_id": 999}).status_code == 404
    assert fay.post("/api/v1/panels", json={"name": "x", "ws_id": private}).status_code == 201
    # 409: a second open round, closing a round that is not open, inviting twice, reveal early
    assert fay.post(url(panel, "/rounds")).status_code == 409
    assert fay.post(url(panel, "/rounds/2/close")).status_code == 409
    assert fay.post(url(panel, "/members"), json={"user": "ana"}).status_code == 409
    assert fay.post(url(panel, "/reveal")).status_code == 409
    assert fay.post(url(panel, "/close")).status_code == 409  # a round is still open
    assert fay.get(url(panel, "/results")).status_code == 409  # nothing submitted yet


def test_invalid_input_is_422_with_field_paths(login, panel):
    ana, fay = login("ana"), login("fay")
    bad = [pos("DPRK", "denuc_scope", 150), pos("US", "lwr", 50, low=60, high=70),
           {"kind": "salience", "actor": "XX", "issue": "lwr", "value": 0.5},
           pos("US", "lwr", "many")]  # fmt: skip
    answer = ana.post(url(panel, "/assessments"), json={"estimates": bad})
    assert answer.status_code == 422
    where = [p["location"] for p in answer.json()["problems"]]
    assert where == ["estimates.0.value", "estimates.1", "estimates.2", "estimates.3.value"]
    assert "150 is outside 0-100" in answer.json()["problems"][0]["message"]
    assert ana.get(url(panel, "/assessments/mine")).json()["estimates"] == []  # nothing kept
    empty = ana.post(url(panel, "/assessments"), json={"estimates": []})
    assert empty.status_code == 422 and empty.json()["problems"][0]["location"] == "estimates"
    for body, field in (({"user": "nobody"}, "user"), ({"user": "olga"}, "role")):
        invited = fay.post(url(panel, "/members"), json=body)
        assert invited.status_code == 422 and invited.json()["problems"][0]["location"] == field
    wrong_role = fay.post(url(panel, "/members"), json={"user": "cy", "role": "boss"})
    assert wrong_role.status_code == 422
    assert fay.post("/api/v1/panels", json={"ws_id": 1}).status_code == 422  # no name
    assert fay.get(url(panel, "/results?method=mode")).status_code == 422
    assert ana.post(url(panel, "/assessments"), json={"estimates": ANA}).status_code == 201
    unknown = fay.get(url(panel, "/results?model=oracle"))
    assert unknown.status_code == 404 and "oracle" in unknown.json()["detail"]


@pytest.mark.parametrize(
    "tail",
    ["", "/members", "/rounds", "/rounds/1/close", "/close", "/reveal", "/assessments",
     "/pooled?round=1"],
)  # fmt: skip
def test_state_changes_with_the_cookie_need_the_csrf_token(login, panel, tail):
    fay = login("fay")
    target = "/api/v1/panels" if tail == "" else url(panel, tail)
    answer = fay.post(target, csrf=False, json={"name": "x", "ws_id": 1, "user": "cy"})
    assert answer.status_code == 403 and "CSRF" in answer.json()["detail"]


def test_tokens_drive_a_whole_round_without_csrf(login, panel):
    ana, fay = login("ana"), login("fay")
    token = ana.post("/api/v1/tokens", json={}).json()["token"]
    script = login(None).http
    headers = {"Authorization": f"Bearer {token}"}
    done = script.post(url(panel, "/assessments"), headers=headers, json={"estimates": ANA})
    assert done.status_code == 201 and done.json()["cells"] == 2
    assert fay.post(url(panel, "/rounds/1/close")).status_code == 200
    assert script.get(url(panel, "/results"), headers=headers).status_code == 200


def test_names_are_revealed_only_when_the_facilitator_chooses(login, panel):
    ana, bo, fay = login("ana"), login("bo"), login("fay")
    ana.post(url(panel, "/assessments"), json={"estimates": ANA})
    bo.post(url(panel, "/assessments"), json={"estimates": ANA})
    fay.post(url(panel, "/rounds/1/close"))
    assert fay.post(url(panel, "/close")).json()["closed"] is True
    assert "members" not in bo.get(url(panel)).json()
    assert fay.post(url(panel, "/reveal")).json()["revealed"] is True
    assert [m["user"] for m in bo.get(url(panel)).json()["members"]] == ["ana", "bo", "olga"]
    labels = {a["label"] for a in bo.get(url(panel, "/rounds/1")).json()["cells"][0]["answers"]}
    assert labels == {"ana", "bo"}
    audit = fay.get(url(panel, "/audit")).json()
    assert [e["action"] for e in audit][-4:] == ["submitted", "round_closed", "panel_closed",
                                                 "revealed"]  # fmt: skip


def test_the_pooled_scenario_becomes_a_workspace_scenario(login, panel):
    ana, fay = login("ana"), login("fay")
    ana.post(url(panel, "/assessments"), json={"estimates": ANA})
    fay.post(url(panel, "/rounds/1/close"))
    made = fay.post(url(panel, "/pooled?round=1"))
    assert made.status_code == 201 and made.json()["owner"] == "fay"
    kept = fay.get(f"/api/v1/scenarios/{made.json()['id']}").json()["version"]
    assert kept["message"].startswith("pooled from panel 'Track-2'")
    assert kept["scenario"]["stances"]["DPRK"]["denuc_scope"]["position"] == SECRET


def test_user_text_is_escaped_on_every_panel_page(login, panel):
    root, fay, ana = login("root"), login("fay"), login("ana")
    root.post("/api/v1/users", json={"name": XSS, "role": "analyst", "password": "long enough"})
    ws = fay.get(url(panel)).json()["ws_id"]
    hostile = fay.post("/api/v1/panels", json={"name": XSS, "description": XSS, "ws_id": ws})
    hid = hostile.json()["id"]
    assert fay.post(url(hid, "/members"), json={"user": XSS}).status_code == 201
    assert fay.post(url(hid, "/members"), json={"user": "ana"}).status_code == 201
    fay.post(url(hid, "/rounds"))
    ana.post(url(hid, "/assessments"), json={"estimates": [pos("US", "lwr", 5, rationale=XSS)]})
    pages = {fay: ["", "/rounds/1", "/results", "/assess"], ana: ["", "/rounds/1", "/assess"]}
    for client, tails in pages.items():
        for tail in tails:
            html = client.get(f"/panels/{hid}{tail}").text
            assert XSS not in html, tail
    assert ESCAPED in fay.get(f"/panels/{hid}").text  # name, description, the member
    assert ESCAPED in fay.get(f"/panels/{hid}/rounds/1").text  # the rationale
    assert ESCAPED in ana.get(f"/panels/{hid}/assess").text  # her own reason, prefilled
    assert ESCAPED in fay.get("/panels").text
