"""Expert panels through the pages: the facilitator's forms, the member's prefilled assessment
form with its errors at the cells, the group view, the analyses, and the pages' rights."""

from __future__ import annotations

import re

from detente import load_scenario
from detente.panel.cells import Cell, scenario_cells

CELLS = list(scenario_cells(load_scenario("korea-2005")))


def n(kind: str, actor: str, issue: str = "") -> int:
    """The form row of a cell of korea-2005."""
    return CELLS.index(Cell(kind, actor, issue))


def form(client, **fields) -> dict:
    return {"csrf_token": client.csrf, **fields}


def test_the_facilitator_runs_a_panel_from_the_pages(login, app):
    fay = login("fay")
    ws = fay.post("/api/v1/scenarios/copy/korea-2005").json()["id"]
    assert "Start an expert panel" in fay.get(f"/ws/{ws}").text
    page = fay.get(f"/panels?ws={ws}&v=1").text
    assert "Create a panel" in page and f'<option value="{ws}" selected>' in page
    made = fay.post("/panels", data=form(fay, name="Track-2", ws=str(ws), v="1",
                                         description="2005 baseline"))  # fmt: skip
    assert made.status_code == 303
    home = made.headers["location"]
    panel_id = int(home.rsplit("/", 1)[1])
    for user, role in (("ana", "member"), ("bo", "member"), ("olga", "observer")):
        invited = fay.post(f"{home}/members", data=form(fay, user=user, role=role))
        assert invited.status_code == 303, invited.text
    unknown = fay.post(f"{home}/members", data=form(fay, user="nobody", role="member"))
    assert unknown.status_code == 422 and "no active workspace account" in unknown.text
    assert fay.post(f"{home}/rounds/open", data=form(fay)).status_code == 303
    text = fay.get(home).text
    assert "Round 1 is open" in text and "Close round 1" in text
    status = fay.get(f"{home}/status").text
    assert re.search(r"<td>ana</td><td><span class=\"state\">not yet", status)
    state = app.state.panels.load(panel_id)
    assert [m.user for m in state.members] == ["ana", "bo", "olga"]
    assert state.info.scenario_version == 1 and state.info.description == "2005 baseline"


def test_a_member_assesses_sees_the_group_and_finds_the_form_prefilled(login, panel):
    ana, bo, fay = login("ana"), login("bo"), login("fay")
    empty = ana.get(f"/panels/{panel}/assess").text
    assert 'name="value.0" value=""' in empty and "Send my assessment for round 1" in empty
    k = n("position", "DPRK", "denuc_scope")
    cap = n("capability", "RUS")
    sent = ana.post(f"/panels/{panel}/assess", data=form(
        ana, round="1", **{f"value.{k}": "35", f"low.{k}": "20", f"high.{k}": "50",
                           f"confidence.{k}": "0.7", f"rationale.{k}": "Sept 2005 statement",
                           f"value.{cap}": "45"}))  # fmt: skip
    assert sent.status_code == 303 and sent.headers["location"] == f"/panels/{panel}/rounds/1"
    group = ana.get(sent.headers["location"]).text
    assert 'data-cell="position:DPRK:denuc_scope"' in group and "Sept 2005 statement" in group
    assert "<b>you</b>: 35 (20-50)" in group
    # the form now holds her answers (her last round), bo's is still empty
    again = ana.get(f"/panels/{panel}/assess").text
    assert f'name="value.{k}" value="35"' in again and f'name="low.{k}" value="20"' in again
    assert f'name="rationale.{k}" value="Sept 2005 statement"' in again
    assert f'name="value.{cap}" value="45"' in again
    assert f'name="value.{k}" value=""' in bo.get(f"/panels/{panel}/assess").text
    # before answering, bo's round page and panel page show nothing of ana's
    for url in (f"/panels/{panel}/rounds/1", f"/panels/{panel}"):
        html = bo.get(url).text
        assert "Sept 2005" not in html and not re.search(r"\bana\b", html)
        assert 'data-cell="position' not in html
    assert "give your assessment" in bo.get(f"/panels/{panel}/rounds/1").text
    assert "<td>ana</td><td><span class=\"state state-done\">submitted" in fay.get(
        f"/panels/{panel}/status").text  # fmt: skip


def test_problems_show_at_their_cells_and_nothing_is_recorded(login, panel, app):
    ana = login("ana")
    k, s = n("position", "DPRK", "denuc_scope"), n("salience", "US", "lwr")
    typed = {f"value.{k}": "150", f"value.{s}": "0.5", f"low.{s}": "0.6"}
    answer = ana.post(f"/panels/{panel}/assess", data=form(ana, round="1", **typed))
    assert answer.status_code == 422
    html = answer.text
    assert "Nothing was recorded: fix the cells marked below" in html
    row_k = re.search(r'<tr class="invalid" data-cell="position:DPRK:denuc_scope">.*?</tr>', html,
                      re.S)  # fmt: skip
    assert row_k and "value: 150 is outside 0-100" in row_k.group(0)
    assert f'name="value.{k}" value="150"' in html  # what was typed stays
    row_s = re.search(r'<tr class="invalid" data-cell="salience:US:lwr">.*?</tr>', html, re.S)
    assert row_s and "give both ends" in row_s.group(0)
    assert app.state.panels.load(panel).assessments == ()


def test_the_analyses_page_after_the_round(login, panel):
    ana, bo, fay = login("ana"), login("bo"), login("fay")
    k = n("position", "DPRK", "denuc_scope")
    for client, value in ((ana, "30"), (bo, "50")):
        client.post(f"/panels/{panel}/assess", data=form(client, round="1",
                                                         **{f"value.{k}": value}))  # fmt: skip
    assert ana.get(f"/panels/{panel}/results").status_code == 403  # the round is open
    fay.post(f"/panels/{panel}/rounds/close", data=form(fay, round="1"))
    home = ana.get(f"/panels/{panel}").text
    assert f'href="/panels/{panel}/results?round=1"' in home
    page = ana.get(f"/panels/{panel}/results?round=1&model=bdm").text
    assert page.count('class="plot"') == 3  # members' forecasts, heat map, rounds
    assert "Krippendorff" in page and "Convergence of the dynamic models" in page
    assert "Save the pooled scenario" not in page  # the facilitator's
    saved = fay.post(f"/panels/{panel}/pooled", data=form(fay, round="1", method="median"))
    assert saved.status_code == 303 and saved.headers["location"].startswith("/ws/")
    assert "pooled from panel" in fay.get(saved.headers["location"]).text


def test_panel_pages_check_rights(login, panel):
    ana, cy, olga, fay = login("ana"), login("cy"), login("olga"), login("fay")
    assert "Create a panel" not in ana.get("/panels").text
    refused = ana.post("/panels", data=form(ana, name="x", ws="1"))
    assert refused.status_code == 403 and "facilitators and admins" in refused.text
    assert cy.get(f"/panels/{panel}").status_code == 404
    assert olga.get(f"/panels/{panel}/assess").status_code == 403
    assert ana.post(f"/panels/{panel}/rounds/open", data=form(ana)).status_code == 403
    assert ana.get(f"/panels/{panel}/status").status_code == 403
    assert "Audit trail" not in ana.get(f"/panels/{panel}").text
    assert "Audit trail" in fay.get(f"/panels/{panel}").text
    forged = fay.post(f"/panels/{panel}/rounds/close", csrf=False,
                      data={"csrf_token": "forged", "round": "1"})  # fmt: skip
    assert forged.status_code == 403
    stale = fay.post(f"/panels/{panel}/rounds/close", data=form(fay, round="2"))
    assert stale.status_code == 409 and "reload the page" in stale.text
