"""The two paths of issue 12 walked in Debian's Chromium (Playwright), on a live server.

1. Sign in, import a CSV, type salience 50 into a cell and see the error at that cell, fix it,
   save (a new version appears), run a forecast and an ensemble (progress, then figures), build
   a what-if opening a US-Russia forum and read it beside the baseline, download the CSV.
2. An observer cannot edit; a second analyst's conflicting save gets the conflict page.

Set DETENTE_SCREENSHOTS=folder to keep the screenshots (docs/workspace.md uses them).
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.web.browsing import shot as _shot
from tests.web.browsing import sign_in as _sign_in

pytestmark = pytest.mark.browser
CSV = """Actor,Issue,Capability,Position,Salience
US,denuc,100,100,0.9
US,aid,100,20,0.5
RUS,denuc,40,60,0.5
RUS,aid,40,70,0.6
CHN,denuc,60,50,0.7
CHN,aid,60,80,0.6
DPRK,denuc,10,0,1.0
DPRK,aid,10,100,0.8
"""


# Notes whether a job's progress bar was ever in the page (it may be replaced within a second).
WATCH_PROGRESS = """() => {
  window.sawProgress = false;
  new MutationObserver(() => {
    if (document.querySelector('#jobs progress')) window.sawProgress = true;
  }).observe(document.body, {subtree: true, childList: true});
}"""


def _run(page: Any, kind_button: str) -> Any:
    before = page.locator("#jobs .job").count()
    page.click(f"button:text-is('{kind_button}')")
    page.wait_for_function(f"document.querySelectorAll('#jobs .job').length > {before}")
    job = page.locator("#jobs .job").first
    return job


def test_analyst_path(browser, server, tmp_path):
    page = _sign_in(browser, server, "ana")
    _shot(page, "scenarios", tmp_path)
    csv_path = tmp_path / "six-party.csv"
    csv_path.write_text(CSV)
    page.set_input_files("input[type=file]", str(csv_path))
    page.click("button:text-is('Import')")
    page.wait_for_url(f"{server}/ws/1*")
    assert page.locator("h1").inner_text() == "six-party"
    assert page.locator("table.grid tbody tr").count() == 4
    _shot(page, "scenario", tmp_path)

    # a salience of 50 is refused at its cell as the CLI words it, then fixed
    page.click("text=Edit table")
    cell = page.locator("input[name='stances.RUS.denuc.salience']")
    cell.fill("50")
    error = page.locator("td:has(input[name='stances.RUS.denuc.salience']) .cell-problem")
    error.wait_for()
    assert "stances.RUS.denuc.salience" in error.inner_text()
    assert "less than or equal to 1" in error.inner_text()
    _shot(page, "edit-error", tmp_path)
    cell.fill("0.95")
    error.wait_for(state="detached")
    page.fill("input[name=message]", "Russia cares more about denuclearisation")
    page.click("button:has-text('Save as version 2')")
    page.wait_for_url(f"{server}/ws/1/versions")
    rows = page.locator("table.versions tbody tr")
    assert rows.count() == 2
    assert "RUS salience on denuc 0.50 -> 0.95" in rows.first.inner_text()
    _shot(page, "versions", tmp_path)

    # forecast and ensemble: progress shows, then the report's figures draw
    page.goto(f"{server}/ws/1/analyses?v=1")  # the baseline, to compare with later
    _run(page, "Run forecast").locator(".state-done").wait_for(timeout=60_000)
    page.goto(f"{server}/ws/1/analyses")
    job = _run(page, "Run forecast")
    job.locator(".state-done").wait_for(timeout=60_000)
    job.locator(".plot .main-svg").first.wait_for()
    page.fill("form:has(input[value=ensemble]) input[name=runs]", "3000")
    page.fill("form:has(input[value=ensemble]) input[name=thresholds]", "denuc>=50")
    page.evaluate(WATCH_PROGRESS)
    job = _run(page, "Run ensemble")
    job.locator(".state-done").wait_for(timeout=120_000)
    assert page.evaluate("window.sawProgress")  # a progress bar showed before the figures
    job.locator(".plot .main-svg").first.wait_for()
    assert "denuc>=50" in job.inner_text()

    # a what-if opening a US-Russia forum, beside the baseline
    form = page.locator("#whatif-form")
    form.locator("select[name=op]").select_option("open-forum")
    form.locator("select[name=actors]").select_option(["US", "RUS"])
    form.locator("input[name=forum_id]").fill("us_rus")
    form.locator("input[name=runs]").fill("200")
    job = _run(page, "Run what-if")
    job.locator(".state-done").wait_for(timeout=120_000)
    job.locator(".plot .main-svg").first.wait_for()
    text = job.inner_text()
    assert "open-forum US,RUS id=us_rus" in text
    assert "before" in text and "after" in text
    _shot(page, "analyses", tmp_path)

    # the CSV of the what-if run
    with page.expect_download() as download:
        job.locator("a:text-is('CSV')").click()
    saved = tmp_path / "whatif.csv"
    download.value.save_as(saved)
    header = saved.read_text().splitlines()[0]
    assert header.startswith("issue,before,after,shift")

    # history: the weighted-median forecasts of version 1 and version 2, compared
    page.goto(f"{server}/runs")
    _shot(page, "history", tmp_path)
    rows = page.locator("tbody tr:has(td:text-is('forecast')):has(td:text-is('weighted-median'))")
    assert rows.count() == 2
    rows.nth(0).locator("input.pick").check()
    rows.nth(1).locator("input.pick").check()
    page.click("#compare-button")
    page.wait_for_url("**/runs/compare?**")
    _shot(page, "compare", tmp_path)
    table = page.locator("main table").inner_text()
    assert "RUS salience on denuc 0.50 -> 0.95" in table

    # a roadmap's status and incentive check, with its timeline drawn
    page.goto(f"{server}/roadmaps/korea-2007?on=2008-12-31")
    page.locator(".plot .main-svg").first.wait_for()
    assert "Weakest stage" in page.locator("main").inner_text()
    _shot(page, "roadmap", tmp_path)


def test_observer_and_conflict_path(browser, server, app, tmp_path):
    from detente import load_scenario

    owner = app.state.accounts.find("ana")
    info = app.state.workspace.create(load_scenario("korea-2005"), owner.id, "copied")
    app.state.workspace.share(info.id, True)

    olga = _sign_in(browser, server, "olga")
    olga.goto(f"{server}/ws/{info.id}")
    assert olga.locator("text=Edit table").count() == 0
    answer = olga.goto(f"{server}/ws/{info.id}/edit")
    assert answer.status == 403
    assert "may not edit" in olga.locator(".error").inner_text()

    ana = _sign_in(browser, server, "ana")
    bo = _sign_in(browser, server, "bo")
    for page in (ana, bo):
        page.goto(f"{server}/ws/{info.id}/edit")
    ana.fill("input[name='stances.RUS.denuc_scope.salience']", "0.95")
    ana.click("button:has-text('Save as version 2')")
    ana.wait_for_url(f"{server}/ws/{info.id}/versions")
    bo.fill("input[name='stances.US.denuc_scope.salience']", "0.2")
    bo.fill("input[name=message]", "US cares less")
    bo.click("button:has-text('Save as version 2')")
    bo.locator("h1:has-text('Not saved')").wait_for()
    text = bo.locator("main").inner_text()
    assert "RUS salience on denuc_scope" in text  # what ana saved
    assert "US salience on denuc_scope" in text and "-> 0.20" in text  # bo's own change, kept
    _shot(bo, "conflict", tmp_path)
    assert [v.number for v in app.state.workspace.versions(info.id)] == [2, 1]
    # nothing of bo's is lost: one click saves it on top of ana's version
    bo.click("button:has-text('Save my changes on top of version 2')")
    bo.wait_for_url(f"{server}/ws/{info.id}/versions")
    newest = app.state.workspace.version(info.id).scenario()
    assert newest.stances["US"]["denuc_scope"].salience == 0.2
    assert newest.stances["RUS"]["denuc_scope"].salience == 0.95
