"""Every JSON API endpoint's refusals, endpoint by endpoint: 403, 404, 409, 422 and CSRF.

test_api.py checks every endpoint's 401 and the paths of a working session; this module holds one
table per refusal, each with a row for every endpoint where that refusal can happen, and a test
that the tables name only listed endpoints and miss none that a refusal applies to. Where a
refusal cannot happen the endpoint is listed in ``NOT_APPLICABLE`` with the reason.

The world every row runs in (:func:`world`): ana owns workspace scenario 1 (korea-2005, private,
with one recorded forecast run and one finished job), fay runs panel 1 on her scenario 2 with
members ana and bo and observer olga, round 1 open; bo, cy and olga are on nothing else.
"""

from __future__ import annotations

from typing import Any

import pytest

from detente import load_scenario
from tests.web.test_api import ENDPOINTS

Row = tuple[str, str, str, dict[str, Any]]  # (endpoint, who, url, keyword arguments)


def _version_body(base: int = 1, salience: float = 0.5) -> dict[str, Any]:
    scenario = load_scenario("korea-2005").model_dump(mode="json")
    scenario["stances"]["RUS"]["denuc_scope"]["salience"] = salience
    return {"scenario": scenario, "base": base, "message": "m"}


ESTIMATE = {"kind": "position", "actor": "US", "issue": "lwr", "value": 20}
YAML = load_scenario("korea-2005").model_dump_json()


@pytest.fixture
def world(login, korea, panel):
    """The ids every row needs: ana's scenario, her run and job, fay's panel."""
    ana = login("ana")
    run = ana.post(f"/api/v1/scenarios/{korea}/forecast", json={"model": "mean"}).json()["run_id"]
    job = ana.post(f"/api/v1/scenarios/{korea}/jobs", json={"kind": "forecast", "model": "mean"})
    ana.wait_job(job.json()["id"])
    return {"ws": korea, "run": run, "job": job.json()["id"], "panel": panel}


def _fill(text: str, ids: dict[str, Any]) -> str:
    return text.format(**ids)


# 403: signed in, but the role (or the panel role) may not do it. Private things answer 404
# instead (a user never learns they exist), so a 403 row uses something the user may read: ana
# shares her scenario first.
FORBIDDEN: list[Row] = [
    ("post /api/v1/scenarios", "olga", "/api/v1/scenarios",
     {"files": {"file": ("k.json", YAML)}}),
    ("post /api/v1/scenarios/copy/korea-2005", "olga", "/api/v1/scenarios/copy/korea-2005", {}),
    ("post /api/v1/scenarios/1/versions", "olga", "/api/v1/scenarios/{ws}/versions",
     {"json": _version_body()}),
    ("post /api/v1/scenarios/1/cell", "olga", "/api/v1/scenarios/{ws}/cell",
     {"json": {"path": "actors.US.capability", "value": "3"}}),
    ("post /api/v1/scenarios/1/share?shared=true", "bo", "/api/v1/scenarios/{ws}/share?shared=true",
     {}),
    ("post /api/v1/scenarios/1/jobs", "olga", "/api/v1/scenarios/{ws}/jobs",
     {"json": {"kind": "forecast"}}),
    ("post /api/v1/scenarios/1/forecast", "olga", "/api/v1/scenarios/{ws}/forecast", {"json": {}}),
    ("post /api/v1/runs/1/replay", "olga", "/api/v1/runs/{run}/replay", {}),
    ("get /api/v1/users", "ana", "/api/v1/users", {}),
    ("post /api/v1/users", "ana", "/api/v1/users",
     {"json": {"name": "eve", "role": "admin", "password": "long enough"}}),
    ("patch /api/v1/users/1", "ana", "/api/v1/users/1", {"json": {"role": "admin"}}),
    ("post /api/v1/panels", "ana", "/api/v1/panels", {"json": {"name": "p", "ws_id": 1}}),
    ("post /api/v1/panels/1/members", "ana", "/api/v1/panels/{panel}/members",
     {"json": {"user": "cy"}}),
    ("post /api/v1/panels/1/rounds", "bo", "/api/v1/panels/{panel}/rounds", {}),
    ("post /api/v1/panels/1/rounds/1/close", "bo", "/api/v1/panels/{panel}/rounds/1/close", {}),
    ("post /api/v1/panels/1/close", "olga", "/api/v1/panels/{panel}/close", {}),
    ("post /api/v1/panels/1/reveal", "ana", "/api/v1/panels/{panel}/reveal", {}),
    ("post /api/v1/panels/1/assessments", "olga", "/api/v1/panels/{panel}/assessments",
     {"json": {"estimates": [ESTIMATE]}}),
    ("get /api/v1/panels/1/results", "bo", "/api/v1/panels/{panel}/results", {}),
    ("post /api/v1/panels/1/pooled?round=1", "ana", "/api/v1/panels/{panel}/pooled?round=1", {}),
    ("post /api/v1/futures/solve", "olga", "/api/v1/futures/solve",
     {"json": {"futures": "dprk-futures"}}),
    ("post /api/v1/futures/tree", "olga", "/api/v1/futures/tree",
     {"json": {"futures": "dprk-futures", "scenario": "korea-2005"}}),
    ("get /api/v1/panels/1/audit", "bo", "/api/v1/panels/{panel}/audit", {}),
]  # fmt: skip

# 404: what does not exist, or is not the user's to see (a private scenario, someone's job).
UNKNOWN: list[Row] = [
    ("post /api/v1/scenarios/copy/korea-2005", "ana", "/api/v1/scenarios/copy/korea-1950", {}),
    ("get /api/v1/scenarios/1", "bo", "/api/v1/scenarios/{ws}", {}),
    ("get /api/v1/scenarios/1/versions", "ana", "/api/v1/scenarios/99/versions", {}),
    ("get /api/v1/scenarios/1/versions/1", "ana", "/api/v1/scenarios/{ws}/versions/9", {}),
    ("post /api/v1/scenarios/1/versions", "bo", "/api/v1/scenarios/{ws}/versions",
     {"json": _version_body()}),
    ("get /api/v1/scenarios/1/diff?a=1&b=1", "ana", "/api/v1/scenarios/{ws}/diff?a=1&b=9", {}),
    ("post /api/v1/scenarios/1/cell", "bo", "/api/v1/scenarios/{ws}/cell",
     {"json": {"path": "actors.US.capability", "value": "3"}}),
    ("post /api/v1/scenarios/1/share?shared=true", "ana", "/api/v1/scenarios/99/share?shared=true",
     {}),
    ("get /api/v1/scenarios/1/export/yaml", "ana", "/api/v1/scenarios/{ws}/export/docx", {}),
    ("post /api/v1/scenarios/1/jobs", "bo", "/api/v1/scenarios/{ws}/jobs",
     {"json": {"kind": "forecast"}}),
    ("post /api/v1/scenarios/1/forecast", "ana", "/api/v1/scenarios/{ws}/forecast",
     {"json": {"model": "oracle"}}),
    ("get /api/v1/jobs/x", "bo", "/api/v1/jobs/{job}", {}),
    ("post /api/v1/jobs/x/cancel", "bo", "/api/v1/jobs/{job}/cancel", {}),
    ("get /api/v1/jobs/x/events", "ana", "/api/v1/jobs/nope/events", {}),
    ("get /api/v1/runs/1", "bo", "/api/v1/runs/{run}", {}),
    ("get /api/v1/runs/1/compare/2", "bo", "/api/v1/runs/{run}/compare/{run}", {}),
    ("post /api/v1/runs/1/replay", "bo", "/api/v1/runs/{run}/replay", {}),
    ("patch /api/v1/users/1", "root", "/api/v1/users/999", {"json": {"role": "analyst"}}),
    ("post /api/v1/panels", "fay", "/api/v1/panels", {"json": {"name": "p", "ws_id": 99}}),
    ("get /api/v1/panels/1", "cy", "/api/v1/panels/{panel}", {}),
    ("post /api/v1/panels/1/members", "fay", "/api/v1/panels/99/members", {"json": {"user": "cy"}}),
    ("post /api/v1/panels/1/rounds", "cy", "/api/v1/panels/{panel}/rounds", {}),
    ("post /api/v1/panels/1/rounds/1/close", "root", "/api/v1/panels/{panel}/rounds/1/close", {}),
    ("get /api/v1/panels/1/rounds/1", "fay", "/api/v1/panels/{panel}/rounds/5", {}),
    ("post /api/v1/panels/1/close", "cy", "/api/v1/panels/{panel}/close", {}),
    ("post /api/v1/panels/1/reveal", "cy", "/api/v1/panels/{panel}/reveal", {}),
    ("get /api/v1/panels/1/assessments/mine", "cy", "/api/v1/panels/{panel}/assessments/mine", {}),
    ("post /api/v1/panels/1/assessments", "cy", "/api/v1/panels/{panel}/assessments",
     {"json": {"estimates": [ESTIMATE]}}),
    ("get /api/v1/panels/1/results", "fay", "/api/v1/panels/{panel}/results?round=4", {}),
    ("post /api/v1/panels/1/pooled?round=1", "cy", "/api/v1/panels/{panel}/pooled?round=1", {}),
    ("get /api/v1/futures/dprk-futures", "ana", "/api/v1/futures/nope", {}),
    ("get /api/v1/panels/1/audit", "root", "/api/v1/panels/{panel}/audit", {}),
]  # fmt: skip

# 409: what the state of the thing does not allow now.
CONFLICT: list[Row] = [
    ("post /api/v1/scenarios/1/versions", "ana", "/api/v1/scenarios/{ws}/versions",
     {"json": _version_body(base=1, salience=0.2)}),  # after a save from version 1 (below)
    ("post /api/v1/panels/1/members", "fay", "/api/v1/panels/{panel}/members",
     {"json": {"user": "bo"}}),  # bo is on the panel already
    ("post /api/v1/panels/1/rounds", "fay", "/api/v1/panels/{panel}/rounds", {}),  # one is open
    ("post /api/v1/panels/1/rounds/1/close", "fay", "/api/v1/panels/{panel}/rounds/2/close", {}),
    ("post /api/v1/panels/1/close", "fay", "/api/v1/panels/{panel}/close", {}),  # round open
    ("post /api/v1/panels/1/reveal", "fay", "/api/v1/panels/{panel}/reveal", {}),  # not closed
    ("post /api/v1/panels/1/assessments", "ana", "/api/v1/panels/{panel}/assessments",
     {"json": {"round": 2, "estimates": [ESTIMATE]}}),  # round 2 is not open
    ("get /api/v1/panels/1/results", "fay", "/api/v1/panels/{panel}/results", {}),  # nothing yet
    ("post /api/v1/panels/1/pooled?round=1", "fay", "/api/v1/panels/{panel}/pooled?round=1", {}),
]  # fmt: skip

# 422: a body, path or query the endpoint cannot take, with the fields named.
INVALID: list[Row] = [
    ("post /api/v1/scenarios", "ana", "/api/v1/scenarios",
     {"files": {"file": ("talks.csv", "Actor,Power\nUS,1\n")}}),
    ("get /api/v1/scenarios/1", "ana", "/api/v1/scenarios/one", {}),
    ("get /api/v1/scenarios/1/versions", "ana", "/api/v1/scenarios/one/versions", {}),
    ("get /api/v1/scenarios/1/versions/1", "ana", "/api/v1/scenarios/{ws}/versions/first", {}),
    ("post /api/v1/scenarios/1/versions", "ana", "/api/v1/scenarios/{ws}/versions",
     {"json": _version_body(salience=50)}),
    ("get /api/v1/scenarios/1/diff?a=1&b=1", "ana", "/api/v1/scenarios/{ws}/diff?a=1", {}),
    ("post /api/v1/scenarios/1/cell", "ana", "/api/v1/scenarios/{ws}/cell",
     {"json": {"value": "3"}}),
    ("post /api/v1/scenarios/1/share?shared=true", "ana", "/api/v1/scenarios/{ws}/share?shared=x",
     {}),
    ("get /api/v1/scenarios/1/export/yaml", "ana", "/api/v1/scenarios/{ws}/export/yaml?v=x", {}),
    ("post /api/v1/scenarios/1/jobs", "ana", "/api/v1/scenarios/{ws}/jobs",
     {"json": {"kind": "ensemble", "runs": -5}}),
    ("post /api/v1/scenarios/1/forecast", "ana", "/api/v1/scenarios/{ws}/forecast",
     {"json": {"seed": "soon"}}),
    ("get /api/v1/runs/1", "ana", "/api/v1/runs/first", {}),
    ("get /api/v1/runs/1/compare/2", "ana", "/api/v1/runs/{run}/compare/last", {}),
    ("post /api/v1/runs/1/replay", "ana", "/api/v1/runs/first/replay", {}),
    ("post /api/v1/tokens", "ana", "/api/v1/tokens", {"json": {"label": "x" * 101}}),
    ("post /api/v1/users", "root", "/api/v1/users",
     {"json": {"name": "eve", "role": "king", "password": "long enough"}}),
    ("patch /api/v1/users/1", "root", "/api/v1/users/1", {"json": {"role": "king"}}),
    ("post /api/v1/panels", "fay", "/api/v1/panels", {"json": {"ws_id": 2}}),
    ("get /api/v1/panels/1", "fay", "/api/v1/panels/first", {}),
    ("post /api/v1/panels/1/members", "fay", "/api/v1/panels/{panel}/members",
     {"json": {"user": "cy", "role": "chair"}}),
    ("post /api/v1/panels/1/rounds/1/close", "fay", "/api/v1/panels/{panel}/rounds/one/close", {}),
    ("get /api/v1/panels/1/rounds/1", "fay", "/api/v1/panels/{panel}/rounds/one", {}),
    ("post /api/v1/panels/1/assessments", "ana", "/api/v1/panels/{panel}/assessments",
     {"json": {"estimates": [{**ESTIMATE, "value": 150}]}}),
    ("get /api/v1/panels/1/results", "fay", "/api/v1/panels/{panel}/results?method=mode", {}),
    ("post /api/v1/panels/1/pooled?round=1", "fay", "/api/v1/panels/{panel}/pooled?round=x", {}),
    ("get /api/v1/panels/1/audit", "fay", "/api/v1/panels/first/audit", {}),
    ("get /api/v1/panels/1/assessments/mine", "ana", "/api/v1/panels/first/assessments/mine",
     {}),
    ("post /api/v1/panels/1/close", "fay", "/api/v1/panels/first/close", {}),
    ("post /api/v1/panels/1/reveal", "fay", "/api/v1/panels/first/reveal", {}),
    ("post /api/v1/futures/cell", "ana", "/api/v1/futures/cell",
     {"json": {"futures": "dprk-futures", "value": "1"}}),
    ("post /api/v1/futures/solve", "ana", "/api/v1/futures/solve",
     {"json": {"futures": "dprk-futures", "max_inconsistency": -1}}),
    ("post /api/v1/futures/tree", "ana", "/api/v1/futures/tree",
     {"json": {"futures": "dprk-futures", "scenario": "korea-2005", "runs": "many"}}),
    ("post /api/v1/panels/1/rounds", "fay", "/api/v1/panels/first/rounds", {}),
]  # fmt: skip

# Endpoints a refusal cannot reach, and why.
NOT_APPLICABLE = {
    "403": {
        "get /api/v1/me": "every signed-in user may ask who they are",
        "get /api/v1/scenarios": "lists what the user may read, nothing else",
        "get /api/v1/scenarios/1": "a scenario the user may not read answers 404",
        "get /api/v1/scenarios/1/versions": "as above",
        "get /api/v1/scenarios/1/versions/1": "as above",
        "get /api/v1/scenarios/1/diff?a=1&b=1": "as above",
        "get /api/v1/scenarios/1/export/yaml": "as above",
        "get /api/v1/jobs/x": "someone else's job answers 404",
        "post /api/v1/jobs/x/cancel": "as above",
        "get /api/v1/jobs/x/events": "as above",
        "get /api/v1/runs": "lists what the user may read",
        "get /api/v1/runs/1": "a run on a scenario the user may not read answers 404",
        "get /api/v1/runs/1/compare/2": "as above",
        "post /api/v1/tokens": "every user may make tokens for themselves",
        "get /api/v1/panels": "lists the panels the user is on",
        "get /api/v1/panels/1": "anyone on the panel sees it as their role allows; others 404",
        "get /api/v1/panels/1/rounds/1": "shows what the role may see (nothing before answering)",
        "get /api/v1/panels/1/assessments/mine": "anyone on the panel has their own (maybe none)",
        "get /api/v1/futures": "the bundled studies are open to every signed-in user",
        "get /api/v1/futures/dprk-futures": "as above",
        "post /api/v1/futures/cell": "checking a typed judgement changes and runs nothing",
    },
    "404": {
        "get /api/v1/me": "no id in it",
        "get /api/v1/scenarios": "no id in it",
        "post /api/v1/scenarios": "no id in it",
        "get /api/v1/runs": "no id in it",
        "post /api/v1/tokens": "no id in it",
        "get /api/v1/users": "no id in it",
        "post /api/v1/users": "no id in it",
        "get /api/v1/panels": "no id in it",
        "get /api/v1/futures": "no id in it",
        "post /api/v1/futures/cell": "a study the body names that does not exist is a 422 field",
        "post /api/v1/futures/solve": "as above",
        "post /api/v1/futures/tree": "as above",
    },
    "422": {
        "get /api/v1/me": "takes nothing",
        "get /api/v1/scenarios": "takes nothing",
        "post /api/v1/scenarios/copy/korea-2005": "any name is a name: unknown ones are 404",
        "get /api/v1/jobs/x": "any job id is an id: unknown ones are 404",
        "post /api/v1/jobs/x/cancel": "as above",
        "get /api/v1/jobs/x/events": "as above",
        "get /api/v1/runs": "takes nothing",
        "get /api/v1/users": "takes nothing",
        "get /api/v1/futures": "takes nothing",
        "get /api/v1/futures/dprk-futures": "any name is a name: unknown ones are 404",
        "get /api/v1/panels": "takes nothing",
    },
}
# 409 applies where saved state can be stale or forbid the step: scenario versions and panels.
CONFLICT_APPLIES = {e for e, *_ in CONFLICT}
STATE_CHANGING = [f"{m} {u}" for m, u in ENDPOINTS if m in ("post", "patch")]
KEYS = {f"{m} {u}" for m, u in ENDPOINTS}


def _ask(clients: dict[str, Any], login: Any, row: Row, ids: dict[str, Any]) -> Any:
    endpoint, who, url, kwargs = row
    if who not in clients:
        clients[who] = login(who)
    return getattr(clients[who], endpoint.split()[0])(_fill(url, ids), **kwargs)


def _misses(login: Any, rows: list[Row], status: int, ids: dict[str, Any]) -> list[str]:
    """The rows whose answer is not ``status`` with a ``detail`` saying why."""
    wrong: list[str] = []
    clients: dict[str, Any] = {}
    for row in rows:
        answer = _ask(clients, login, row, ids)
        if answer.status_code != status or "detail" not in answer.json():
            wrong.append(f"{row[0]} as {row[1]} -> {answer.status_code} {answer.text[:120]}")
    return wrong


def test_the_tables_cover_every_endpoint():
    for name, rows in (("403", FORBIDDEN), ("404", UNKNOWN), ("422", INVALID)):
        covered = {r[0] for r in rows}
        assert covered <= KEYS, covered - KEYS
        assert covered | set(NOT_APPLICABLE[name]) == KEYS, (name, KEYS - covered)
        assert not covered & set(NOT_APPLICABLE[name]), name
    assert CONFLICT_APPLIES <= KEYS


def test_every_endpoint_refuses_what_the_role_may_not_do(login, world):
    shared = login("ana").post(f"/api/v1/scenarios/{world['ws']}/share?shared=true")
    assert shared.json()["shared"] is True
    assert _misses(login, FORBIDDEN, 403, world) == []


def test_every_endpoint_with_an_id_answers_404_for_unknown_or_private_things(login, world):
    assert _misses(login, UNKNOWN, 404, world) == []


def test_every_endpoint_answers_422_naming_the_field(login, world):
    assert _misses(login, INVALID, 422, world) == []


def test_stale_saves_and_panel_steps_out_of_turn_are_409(login, world):
    ana = login("ana")
    saved = ana.post(f"/api/v1/scenarios/{world['ws']}/versions", json=_version_body(1, 0.9))
    assert saved.status_code == 201
    assert _misses(login, CONFLICT, 409, world) == []
    stale = _ask({}, login, CONFLICT[0], world).json()
    assert (stale["base"], stale["head"]) == (1, 2)  # with both sides' changes (test_api.py)


def test_every_state_change_with_the_cookie_needs_the_csrf_token(login, world):
    """The cookie alone never changes anything: no token, or a forged one, is 403, whoever
    signs in (the admin and the panel's facilitator, who may do most) and whatever the body."""
    wrong = []
    for who in ("root", "fay"):
        http = login(who).http
        for endpoint in STATE_CHANGING:
            method, url = endpoint.split()
            for headers in ({}, {"X-CSRF-Token": "forged"}):
                answer = getattr(http, method)(url, headers=headers, json={"name": "x"})
                if answer.status_code != 403 or "CSRF" not in answer.json()["detail"]:
                    wrong.append(f"{endpoint} as {who} -> {answer.status_code}")
    assert wrong == []
    assert login("fay").get(f"/api/v1/panels/{world['panel']}").json()["open_round"] == 1
