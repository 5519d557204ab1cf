"""When talks collapse, walked in Debian's Chromium (Playwright): the breakdown page on
korea-2009, and a proposal of the sources run from the what-if builder with its notes.
Set DETENTE_SCREENSHOTS=folder to keep the screenshots (docs/workspace.md)."""

from __future__ import annotations

import pytest

from detente import load_scenario
from tests.web.browsing import shot, sign_in

pytestmark = pytest.mark.browser


def test_breakdown_and_a_proposal_in_the_browser(browser, server, app, tmp_path):
    owner = app.state.accounts.find("ana")
    ws = app.state.workspace.create(load_scenario("korea-2009"), owner.id, "copied").id
    page = sign_in(browser, server, "ana")
    page.goto(f"{server}/ws/{ws}")
    page.click("text=When talks collapse")
    page.wait_for_url(f"{server}/ws/{ws}/breakdown?v=1")
    assert "Veto players:" in page.locator("main").inner_text()
    page.fill("#breakdown-form input[name=runs]", "300")
    page.click("button:text-is('Run breakdown')")
    job = page.locator("#jobs .job", has_text="breakdown (bdm)").first
    job.locator(".state-done").wait_for(timeout=180_000)
    job.locator(".plot .main-svg").nth(1).wait_for()
    text = job.inner_text()
    assert "P(collapse)" in text and "90% of 300 runs between" in text
    assert "likeliest to walk out first" in text and "median_no_collapse" in text
    assert "bdm is cycling on" in text  # the point run's convergence, flagged
    shot(page, "breakdown", tmp_path)

    page.goto(f"{server}/ws/{ws}/analyses")
    form = page.locator("#whatif-form")
    form.locator("select[name=op]").select_option("preset")
    form.locator("select[name=preset]").select_option("us-russia-channel")
    form.locator("select[name=model]").select_option("bdm")
    form.locator("input[name=runs]").fill("200")
    page.click("button:text-is('Run what-if')")
    # this job by its label: the page also lists the breakdown job, done already
    job = page.locator("#jobs .job", has_text="preset us-russia-channel").first
    job.locator(".state-done").wait_for(timeout=180_000)
    job.locator(".plot .main-svg").first.wait_for()
    text = job.inner_text()
    assert "What the changes did" in text
    assert "open-forum US,RUS id=us_russia_channel" in text
    assert "perception noise" in text  # why the channel matters although US and RUS meet
    assert "Convergence before the changes" in text
    job.locator("h4:text-is('What the changes did')").scroll_into_view_if_needed()
    shot(page, "whatif-preset", tmp_path, full=False)
