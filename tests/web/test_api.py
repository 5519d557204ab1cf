"""The JSON API: every endpoint's success and its 401, 403, 404, 409 and 422 answers."""

from __future__ import annotations

import pytest

from detente import load_scenario

ENDPOINTS = [
    ("get", "/api/v1/me"),
    ("get", "/api/v1/scenarios"),
    ("post", "/api/v1/scenarios"),
    ("post", "/api/v1/scenarios/copy/korea-2005"),
    ("get", "/api/v1/scenarios/1"),
    ("get", "/api/v1/scenarios/1/versions"),
    ("get", "/api/v1/scenarios/1/versions/1"),
    ("post", "/api/v1/scenarios/1/versions"),
    ("get", "/api/v1/scenarios/1/diff?a=1&b=1"),
    ("post", "/api/v1/scenarios/1/cell"),
    ("post", "/api/v1/scenarios/1/share?shared=true"),
    ("get", "/api/v1/scenarios/1/export/yaml"),
    ("post", "/api/v1/scenarios/1/jobs"),
    ("post", "/api/v1/scenarios/1/forecast"),
    ("get", "/api/v1/jobs/x"),
    ("post", "/api/v1/jobs/x/cancel"),
    ("get", "/api/v1/jobs/x/events"),
    ("get", "/api/v1/runs"),
    ("get", "/api/v1/runs/1"),
    ("get", "/api/v1/runs/1/compare/2"),
    ("post", "/api/v1/runs/1/replay"),
    ("post", "/api/v1/tokens"),
    ("get", "/api/v1/users"),
    ("post", "/api/v1/users"),
    ("patch", "/api/v1/users/1"),
    ("get", "/api/v1/futures"),
    ("get", "/api/v1/futures/dprk-futures"),
    ("post", "/api/v1/futures/cell"),
    ("post", "/api/v1/futures/solve"),
    ("post", "/api/v1/futures/tree"),
    ("get", "/api/v1/panels"),
    ("post", "/api/v1/panels"),
    ("get", "/api/v1/panels/1"),
    ("post", "/api/v1/panels/1/members"),
    ("post", "/api/v1/panels/1/rounds"),
    ("post", "/api/v1/panels/1/rounds/1/close"),
    ("get", "/api/v1/panels/1/rounds/1"),
    ("post", "/api/v1/panels/1/close"),
    ("post", "/api/v1/panels/1/reveal"),
    ("get", "/api/v1/panels/1/assessments/mine"),
    ("post", "/api/v1/panels/1/assessments"),
    ("get", "/api/v1/panels/1/results"),
    ("post", "/api/v1/panels/1/pooled?round=1"),
    ("get", "/api/v1/panels/1/audit"),
]


def _salience(scenario, value):
    stances = scenario.model_dump(mode="json")
    stances["stances"]["RUS"]["denuc_scope"]["salience"] = value
    return stances


@pytest.mark.parametrize(("method", "url"), ENDPOINTS)
def test_every_endpoint_needs_a_user(login, method, url):
    answer = getattr(login(None).http, method)(url)
    assert answer.status_code == 401
    assert answer.headers["www-authenticate"] == "Bearer"
    assert "sign in" in answer.json()["detail"]


def test_the_list_above_is_every_endpoint_and_all_are_documented(login):
    """So the 401 test covers every endpoint: as many documented operations as listed ones."""
    paths = login(None).get("/api/openapi.json").json()["paths"]
    operations = [(m, p) for p, ops in paths.items() for m in ops]
    assert len(operations) == len(ENDPOINTS)
    assert sorted(m for m, _ in operations) == sorted(m for m, _ in ENDPOINTS)
    assert login(None).get("/api/docs").status_code == 200


def test_versions_save_diff_and_conflict(login, korea):
    ana, bo = login("ana"), login("bo")
    korea_scenario = load_scenario("korea-2005")
    old = korea_scenario.stances["RUS"]["denuc_scope"].salience
    body = {"scenario": _salience(korea_scenario, 0.95), "base": 1, "message": "more"}
    saved = ana.post(f"/api/v1/scenarios/{korea}/versions", json=body)
    assert saved.status_code == 201 and saved.json()["number"] == 2
    diff = ana.get(f"/api/v1/scenarios/{korea}/diff?a=1&b=2").json()
    assert [d["text"] for d in diff] == [f"RUS salience on denuc_scope {old:.2f} -> 0.95"]
    # bo cannot see ana's private scenario at all, then can edit it once shared
    assert bo.get(f"/api/v1/scenarios/{korea}").status_code == 404
    assert ana.post(f"/api/v1/scenarios/{korea}/share?shared=true").json()["shared"] is True
    stale = {"scenario": _salience(korea_scenario, 0.10), "base": 1, "message": "stale"}
    conflict = bo.post(f"/api/v1/scenarios/{korea}/versions", json=stale)
    assert conflict.status_code == 409
    data = conflict.json()
    assert (data["base"], data["head"]) == (1, 2)
    assert [d["text"] for d in data["theirs"]] == [f"RUS salience on denuc_scope {old:.2f} -> 0.95"]
    assert [d["text"] for d in data["mine"]] == [f"RUS salience on denuc_scope {old:.2f} -> 0.10"]
    versions = ana.get(f"/api/v1/scenarios/{korea}/versions").json()
    assert [(v["number"], v["author"]) for v in versions] == [(2, "ana"), (1, "ana")]
    got = ana.get(f"/api/v1/scenarios/{korea}/versions/2").json()
    assert got["scenario"]["stances"]["RUS"]["denuc_scope"]["salience"] == 0.95


def test_observer_reads_but_never_writes(login, korea):
    ana, olga = login("ana"), login("olga")
    ana.post(f"/api/v1/scenarios/{korea}/share?shared=true")
    assert olga.get(f"/api/v1/scenarios/{korea}").status_code == 200
    body = {"scenario": _salience(load_scenario("korea-2005"), 0.5), "base": 1}
    for answer in (
        olga.post(f"/api/v1/scenarios/{korea}/versions", json=body),
        olga.post("/api/v1/scenarios/copy/korea-2005"),
        olga.post(f"/api/v1/scenarios/{korea}/jobs", json={"kind": "forecast"}),
        olga.post(f"/api/v1/scenarios/{korea}/forecast", json={}),
        olga.post(f"/api/v1/scenarios/{korea}/share?shared=false"),
        olga.post(f"/api/v1/scenarios/{korea}/cell", json={"path": "x", "value": "1"}),
        olga.get("/api/v1/users"),
        olga.post("/api/v1/users", json={"name": "x", "role": "admin", "password": "p" * 8}),
    ):
        assert answer.status_code == 403, answer.text
        assert "not" in answer.json()["detail"]


def test_unknown_things_are_404(login, korea):
    ana = login("ana")
    for url in (
        "/api/v1/scenarios/99",
        "/api/v1/scenarios/99/versions",
        f"/api/v1/scenarios/{korea}/versions/7",
        "/api/v1/jobs/nope",
        "/api/v1/runs/424242",
        f"/api/v1/scenarios/{korea}/export/docx",
    ):
        assert ana.get(url).status_code == 404, url
    assert ana.post("/api/v1/scenarios/copy/not-bundled").status_code == 404
    assert ana.post("/api/v1/scenarios/copy/..%2F..%2Fetc%2Fpasswd").status_code == 404


def test_invalid_bodies_are_422_with_fields(login, korea):
    ana = login("ana")
    bad = _salience(load_scenario("korea-2005"), 50)
    answer = ana.post(f"/api/v1/scenarios/{korea}/versions", json={"scenario": bad, "base": 1})
    assert answer.status_code == 422
    assert any("salience" in str(d["loc"]) for d in answer.json()["detail"])
    job = ana.post(f"/api/v1/scenarios/{korea}/jobs", json={"kind": "nonsense"})
    assert job.status_code == 422
    too_many = ana.post(f"/api/v1/scenarios/{korea}/jobs", json={"kind": "ensemble", "runs": 10**7})
    assert too_many.status_code == 422 and "more than this server allows" in too_many.text
    cell = ana.post(
        f"/api/v1/scenarios/{korea}/cell",
        json={"path": "stances.RUS.denuc_scope.salience", "value": "50"},
    )
    (problem,) = cell.json()
    assert problem["location"] == "stances.RUS.denuc_scope.salience"
    assert "less than or equal to 1" in problem["message"]
    assert (
        ana.post(
            f"/api/v1/scenarios/{korea}/cell",
            json={"path": "stances.RUS.denuc_scope.salience", "value": "0.5"},
        ).json()
        == []
    )
    dup = login("root").post(
        "/api/v1/users", json={"name": "ana", "role": "analyst", "password": "x" * 10}
    )
    assert dup.status_code == 422 and "exists already" in dup.json()["detail"]


def test_state_changes_with_the_cookie_need_the_csrf_token(login, korea):
    ana = login("ana")
    for url in (
        f"/api/v1/scenarios/{korea}/share?shared=true",
        "/api/v1/tokens",
        "/api/v1/scenarios/copy/korea-2005",
    ):
        answer = ana.post(url, csrf=False, json={})
        assert answer.status_code == 403 and "CSRF" in answer.json()["detail"], url
    wrong = ana.http.post("/api/v1/tokens", json={}, headers={"X-CSRF-Token": "forged"})
    assert wrong.status_code == 403
    page = ana.post("/scenarios/copy/korea-2005", csrf=False, data={"csrf_token": "forged"})
    assert page.status_code == 403


def test_tokens_sign_scripts_in_without_csrf(login, app, korea):
    ana = login("ana")
    token = ana.post("/api/v1/tokens", json={"label": "laptop"}).json()["token"]
    script = login(None).http
    headers = {"Authorization": f"Bearer {token}"}
    assert script.get("/api/v1/me", headers=headers).json()["name"] == "ana"
    made = script.post("/api/v1/scenarios/copy/ec-car-emissions", headers=headers)
    assert made.status_code == 201
    assert script.get("/api/v1/me", headers={"Authorization": "Bearer wrong"}).status_code == 401


def test_jobs_record_runs_replay_and_compare(login, korea):
    from detente.models.registry import list_models

    ana = login("ana")
    started = ana.post(f"/api/v1/scenarios/{korea}/jobs", json={"kind": "forecast"})
    assert started.status_code == 202
    job = ana.wait_job(started.json()["id"])
    models = [m.name for m in list_models()]
    assert job["state"] == "done" and len(job["run_ids"]) == len(models)
    assert [r["model"] for r in job["results"]] == models  # the results layer's payloads
    a, b = job["run_ids"][:2]
    run = ana.get(f"/api/v1/runs/{a}").json()
    assert run["kind"] == "forecast" and run["model"] == models[0]
    assert len(run["tables"]["forecast"]) == 10
    assert ana.post(f"/api/v1/runs/{a}/replay").json()["identical"] is True
    rows = ana.get(f"/api/v1/runs/{a}/compare/{b}").json()
    assert rows[0]["column"] == "model"
    listed = ana.get("/api/v1/runs").json()
    newest_first = [(r["run_id"], r["version"], r["user"]) for r in listed]
    assert newest_first == [(i, 1, "ana") for i in reversed(job["run_ids"])]
    assert login("bo").get(f"/api/v1/runs/{a}").status_code == 404  # private scenario
    unknown = ana.post(f"/api/v1/scenarios/{korea}/jobs", json={"kind": "ensemble", "colour": 1})
    assert unknown.status_code == 422 and unknown.json()["problems"][0]["location"] == "colour"


def test_quick_forecast_is_recorded(login, korea):
    ana = login("ana")
    answer = ana.post(f"/api/v1/scenarios/{korea}/forecast", json={"model": "weighted-median"})
    assert answer.status_code == 201
    data = answer.json()
    expected = detente_forecast()
    assert {i["id"]: i["forecast"] for i in data["result"]["issues"]} == expected
    assert ana.get(f"/api/v1/runs/{data['run_id']}").json()["model"] == "weighted-median"
    unknown = ana.post(f"/api/v1/scenarios/{korea}/forecast", json={"model": "oracle"})
    assert unknown.status_code == 404 and "oracle" in unknown.json()["detail"]


def detente_forecast() -> dict[str, float]:
    import detente

    return detente.forecast(load_scenario("korea-2005"), model="weighted-median")


def test_ensemble_job_reports_progress_and_can_be_cancelled(login, korea):
    ana = login("ana")
    body = {"kind": "ensemble", "runs": 4000, "model": "weighted-median"}
    job = ana.post(f"/api/v1/scenarios/{korea}/jobs", json=body).json()
    ana.post(f"/api/v1/jobs/{job['id']}/cancel")
    finished = ana.wait_job(job["id"])
    assert finished["state"] in ("cancelled", "done")
    done = ana.wait_job(
        ana.post(f"/api/v1/scenarios/{korea}/jobs", json={**body, "runs": 600}).json()["id"]
    )
    assert done["state"] == "done" and done["total"] == 600 and done["done"] == 600
    events = ana.get(f"/api/v1/jobs/{done['id']}/events")
    assert events.status_code == 200 and '"state": "done"' in events.text


def test_admin_manages_users(login):
    root = login("root")
    made = root.post(
        "/api/v1/users", json={"name": "dee", "role": "observer", "password": "long enough"}
    )
    assert made.status_code == 201
    changed = root.patch(f"/api/v1/users/{made.json()['id']}", json={"role": "analyst"})
    assert changed.json()["role"] == "analyst"
    assert "dee" in [u["name"] for u in root.get("/api/v1/users").json()]
    assert root.patch("/api/v1/users/999", json={"role": "analyst"}).status_code == 404


def test_report_job_makes_a_zip_of_the_offline_report(login):
    import io
    import zipfile

    ana = login("ana")
    ws = ana.post("/api/v1/scenarios/copy/ec-car-emissions").json()["id"]
    job = ana.post(f"/api/v1/scenarios/{ws}/jobs", json={"kind": "report", "runs": 20}).json()
    done = ana.wait_job(job["id"], timeout=600)
    assert done["state"] == "done", done
    assert done["done"] == done["total"] > 5  # one step per report section
    answer = ana.get(f"/jobs/{job['id']}/report.zip")
    assert answer.status_code == 200
    names = zipfile.ZipFile(io.BytesIO(answer.content)).namelist()
    assert sorted(names) == ["ec-car-emissions-report/index.html",
                             "ec-car-emissions-report/plotly.min.js"]  # fmt: skip
    assert login("bo").get(f"/jobs/{job['id']}/report.zip").status_code == 404


def test_import_keeps_what_the_reader_noticed_with_the_version(login):
    ana = login("ana")
    csv = "Actor,Capability,Position,Salience\nUS,100,80,90\nRUS,40,20,50\n"
    made = ana.post("/api/v1/scenarios", files={"file": ("talks.csv", csv)})
    assert made.status_code == 201
    assert any("divided by 100" in n for n in made.json()["notes"])
    (version,) = ana.get(f"/api/v1/scenarios/{made.json()['id']}/versions").json()
    assert version["message"].startswith("imported from talks.csv (")
    assert "divided by 100" in version["message"]
    page = ana.get(f"/ws/{made.json()['id']}").text
    assert "divided by 100" in page


@pytest.mark.parametrize("fmt", ["yaml", "csv", "xlsx"])
def test_export_and_import_round_trip(login, korea, fmt):
    from detente.web import service

    if not service.can_export(fmt):
        pytest.skip(f"no {fmt} writer installed")
    ana = login("ana")
    exported = ana.get(f"/api/v1/scenarios/{korea}/export/{fmt}")
    assert exported.status_code == 200 and exported.content
    again = ana.post("/api/v1/scenarios", files={"file": (f"korea.{fmt}", exported.content)})
    assert again.status_code == 201, again.text
    back = ana.get(f"/api/v1/scenarios/{again.json()['id']}").json()["version"]["scenario"]
    original = ana.get(f"/api/v1/scenarios/{korea}").json()["version"]["scenario"]
    if fmt == "csv":  # the CSV holds positions, saliences and capabilities only

        def numbers(s):
            return {(a, i): (v["position"], v["salience"])
                    for a, row in s["stances"].items() for i, v in row.items()}  # fmt: skip

        assert numbers(back) == numbers(original)
    else:
        assert back == original
