"""When talks collapse in the workspace: the breakdown page and job, the sources' proposals in
the what-if builder with their notes, and convergence beside every dynamic model's forecast."""

from __future__ import annotations

import re

from detente.results import BreakdownRequest, ForecastRequest, compute


def _korea_2009(login):
    ana = login("ana")
    answer = ana.post("/api/v1/scenarios/copy/korea-2009")
    assert answer.status_code == 201, answer.text
    return ana, answer.json()["id"]


def _job_html(client, job_id: str) -> str:
    job = client.wait_job(job_id, timeout=300)
    assert job["state"] == "done", job
    return client.get(f"/jobs/{job_id}").text


def test_breakdown_job_gives_the_clis_numbers_and_the_page_shows_them(login):
    ana, ws = _korea_2009(login)
    page = ana.get(f"/ws/{ws}/breakdown")
    assert page.status_code == 200
    assert "Veto players:" in page.text and "Run breakdown" in page.text
    body = {"kind": "breakdown", "model": "bdm", "runs": 60, "seed": 3}
    job = ana.post(f"/api/v1/scenarios/{ws}/jobs", json=body).json()
    done = ana.wait_job(job["id"], timeout=300)
    assert done["state"] == "done", done
    (payload,) = done["results"]
    expected = compute(BreakdownRequest(scenario="korea-2009", model="bdm", runs=60, seed=3))
    assert payload["collapse"] == expected.payload()["collapse"]
    assert payload["first"] == expected.breakdown.first
    html = _job_html(ana, job["id"])
    b = expected.breakdown
    assert f"P(collapse) {b.collapse['mean']:.2f} (90% of 60 runs between" in html
    assert f"likeliest to walk out first: {b.first}" in html
    assert "median_no_collapse" in html and "margin_p05" in html
    assert "bdm is cycling on" in html  # the convergence notes of the point run
    assert html.count('class="plot"') == 2  # who walks out, and the sweep


def test_breakdown_without_reservation_values_says_why(login):
    ana = login("ana")
    ws = ana.post("/api/v1/scenarios/copy/korea-2005").json()["id"]
    assert (
        "No actor in this version states a reservation value" in ana.get(f"/ws/{ws}/breakdown").text
    )
    form = {"kind": "breakdown", "model": "weighted-median", "runs": "20", "seed": "0",
            "scale": "0.05", "scale_sd": "0.5", "version": "1"}  # fmt: skip
    panel = ana.post(f"/ws/{ws}/jobs", data=form)
    job_id = re.search(r'id="job-([^"]+)"', panel.text).group(1)
    html = _job_html(ana, job_id)
    assert "states a reservation value, so no one walks out" in html
    bad = ana.post(f"/ws/{ws}/jobs", data={**form, "scale": "wide"})
    assert bad.status_code == 422 and "scale: &#39;wide&#39; is not a number" in bad.text


def test_a_proposal_of_the_sources_from_the_builder_with_its_notes(login):
    ana, ws = _korea_2009(login)
    page = ana.get(f"/ws/{ws}/analyses").text
    for name in ("us-russia-channel", "trilateral-us-china-russia", "nunn-lugar",
                 "regional-mechanism-stages", "aid-coordination"):  # fmt: skip
        assert f'<option value="{name}">' in page
    form = {"kind": "whatif", "op": "preset", "preset": "us-russia-channel", "model": "bdm",
            "runs": "40", "seed": "0", "version": "1"}  # fmt: skip
    panel = ana.post(f"/ws/{ws}/jobs", data=form)
    assert panel.status_code == 200, panel.text
    job_id = re.search(r'id="job-([^"]+)"', panel.text).group(1)
    html = _job_html(ana, job_id)
    assert "What the changes did" in html
    assert ("&#39;preset us-russia-channel&#39; (permanent US-Russia consultation channel) = "
            "open-forum US,RUS id=us_russia_channel") in html  # fmt: skip
    assert "perception noise" in html and "P(collapse)" in html
    assert "Convergence before the changes" in html and "Convergence after the changes" in html
    refused = ana.post(f"/ws/{ws}/jobs", data={**form, "preset": "<b>x</b>"})
    assert refused.status_code == 422 and "<b>x</b>" not in refused.text


def test_a_preset_missing_its_actors_is_disabled_and_fails_with_the_reason(login):
    ana = login("ana")
    ws = ana.post("/api/v1/scenarios/copy/ec-car-emissions").json()["id"]
    page = ana.get(f"/ws/{ws}/analyses").text
    assert re.search(r'<option value="us-russia-channel" disabled>[^<]*\(needs US, RUS\)', page)
    job = ana.post(
        f"/api/v1/scenarios/{ws}/jobs",
        json={"kind": "whatif", "changes": ["preset us-russia-channel"], "runs": 0},
    )
    done = ana.wait_job(job.json()["id"])
    assert done["state"] == "failed" and "needs the actor(s) US, RUS" in done["error"]


def test_forecast_shows_the_convergence_of_each_dynamic_model(login):
    ana = login("ana")
    ws = ana.post("/api/v1/scenarios/copy/korea-2005").json()["id"]
    job = ana.post(f"/api/v1/scenarios/{ws}/jobs", json={"kind": "forecast"}).json()
    html = _job_html(ana, job["id"])
    bdm = compute(ForecastRequest(scenario="korea-2005", model="bdm")).trajectory
    k = bdm.issue_ids.index("normalization")
    low, high = bdm.convergence.low[0, k], bdm.convergence.high[0, k]
    assert "Convergence of the dynamic models" in html
    assert f"cycling (period 2, {low:.1f} to {high:.1f}, mean" in html
    assert "bdm is cycling on" in html and "stopped at the round limit" in html
    trace = ana.post(f"/api/v1/scenarios/{ws}/jobs", json={"kind": "trace", "model": "bdm"})
    assert "bdm is cycling on" in _job_html(ana, trace.json()["id"])
    ens = ana.post(
        f"/api/v1/scenarios/{ws}/jobs", json={"kind": "ensemble", "model": "bdm", "runs": 30}
    ).json()
    assert f"cycling (period 2, {low:.1f} to {high:.1f}" in _job_html(ana, ens["id"])
    static = ana.post(
        f"/api/v1/scenarios/{ws}/jobs", json={"kind": "ensemble", "model": "mean", "runs": 30}
    ).json()
    assert "Convergence of the dynamic models" not in _job_html(ana, static["id"])
