"""The workspace's quick forecast: recorded once per version and request, then answered again."""

from __future__ import annotations


def test_the_same_forecast_of_a_version_answers_the_recorded_run(login, korea):
    ana, bo = login("ana"), login("bo")
    ana.post(f"/api/v1/scenarios/{korea}/share?shared=true")
    url = f"/api/v1/scenarios/{korea}/forecast"
    first = ana.post(url, json={"model": "weighted-median"}).json()
    again = bo.post(url, json={"model": "weighted-median", "seed": 0}).json()
    assert again == first  # same run, same payload: nothing computed or recorded twice
    history = ana.get("/api/v1/runs").json()
    assert [(r["run_id"], r["user"]) for r in history] == [(first["run_id"], "ana")]
    other_seed = ana.post(url, json={"model": "weighted-median", "seed": 1}).json()
    assert other_seed["run_id"] != first["run_id"]
    assert other_seed["result"]["issues"] == first["result"]["issues"]  # a deterministic model


def test_a_new_version_is_forecast_anew(login, korea):
    ana = login("ana")
    url = f"/api/v1/scenarios/{korea}/forecast"
    first = ana.post(url, json={"model": "weighted-median"}).json()
    scenario = ana.get(f"/api/v1/scenarios/{korea}").json()["version"]["scenario"]
    saved = ana.post(
        f"/api/v1/scenarios/{korea}/versions",
        json={"scenario": scenario, "base": 1, "message": "same content, new version"},
    )
    assert saved.status_code == 201, saved.text
    second = ana.post(url, json={"model": "weighted-median"}).json()
    assert second["run_id"] != first["run_id"] and second["result"] == first["result"]
    versions = [(r["run_id"], r["version"]) for r in ana.get("/api/v1/runs").json()]
    assert versions == [(second["run_id"], 2), (first["run_id"], 1)]
