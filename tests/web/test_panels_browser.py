"""A Delphi round walked in Debian's Chromium (Playwright), on a live server (issue 13).

The facilitator creates a panel on a scenario version, invites two members and opens round 1;
each member submits, and neither sees the other's numbers before submitting; the facilitator
watches who has submitted and closes the round; the pooled forecast and the disagreement heat
map show. Set DETENTE_SCREENSHOTS=folder to keep the screenshots (docs/workspace.md).
"""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from detente import load_scenario
from detente.panel.cells import Cell, scenario_cells
from tests.web.browsing import shot, sign_in

pytestmark = pytest.mark.browser
CELLS = list(scenario_cells(load_scenario("korea-2005")))
DPRK = CELLS.index(Cell("position", "DPRK", "denuc_scope"))
US_LWR = CELLS.index(Cell("position", "US", "lwr"))


def _assess(page: Any, server: str, panel: int, values: dict[int, tuple[str, ...]]) -> None:
    """Fill in the member's form (value, low, high, confidence, reason per row) and send it."""
    page.goto(f"{server}/panels/{panel}")
    page.click("text=Give your assessment for round 1")
    page.wait_for_url(f"{server}/panels/{panel}/assess")
    for row, typed in values.items():
        for field, text in zip(("value", "low", "high", "confidence", "rationale"), typed,
                               strict=False):  # fmt: skip
            page.fill(f"input[name='{field}.{row}']", text)


def test_a_delphi_round_in_the_browser(browser, server, app, tmp_path):
    owner = app.state.accounts.find("fay")
    ws = app.state.workspace.create(load_scenario("korea-2005"), owner.id, "copied").id

    # the facilitator creates the panel, invites two members and opens round 1
    fay = sign_in(browser, server, "fay")
    fay.goto(f"{server}/ws/{ws}")
    fay.click("text=Start an expert panel")
    fay.fill("#create-panel input[name=name]", "Track-2 panel on the 2005 baseline")
    fay.fill("#create-panel textarea[name=description]", "Russian and US experts, three rounds.")
    fay.click("#create-panel button[type=submit]")
    fay.wait_for_url(f"{server}/panels/*")
    panel = int(fay.url.rsplit("/", 1)[1])
    for user in ("ana", "bo"):
        fay.fill("#invite-form input[name=user]", user)
        fay.click("#invite-form button[type=submit]")
        fay.locator(f"table.members td:text-is('{user}')").wait_for()
    fay.click("button:text-is('Open round 1')")
    fay.locator("text=Round 1 is open").wait_for()
    assert "0 of 2 members have submitted" in fay.locator("#panel-status").inner_text()

    # ana answers first; bo, who has not answered, sees nothing of hers
    ana = sign_in(browser, server, "ana")
    _assess(ana, server, panel, {DPRK: ("30", "20", "45", "0.7", "the September statement"),
                                 US_LWR: ("10",)})  # fmt: skip
    shot(ana, "panel-assess", tmp_path, full=False)
    ana.click("button:text-is('Send my assessment for round 1')")
    ana.wait_for_url(f"{server}/panels/{panel}/rounds/1")
    mine = ana.locator("tr[data-cell='position:DPRK:denuc_scope']").inner_text()
    assert "30 (20-45)" in mine and "1 answer" in mine  # only hers so far

    bo = sign_in(browser, server, "bo")
    bo.goto(f"{server}/panels/{panel}/rounds/1")
    text = bo.locator("main").inner_text()
    assert "give your assessment" in text
    assert "September statement" not in text and "ana" not in text.split()
    assert bo.locator("tr[data-cell]").count() == 0
    bo.goto(f"{server}/panels/{panel}")
    assert "ana" not in bo.locator("main").inner_text().split()
    _assess(bo, server, panel, {DPRK: ("50", "40", "60", "0.5", "verification first")})
    assert "September statement" not in bo.locator("main").inner_text()
    bo.click("button:text-is('Send my assessment for round 1')")
    bo.wait_for_url(f"{server}/panels/{panel}/rounds/1")
    row = bo.locator("tr[data-cell='position:DPRK:denuc_scope']")
    assert "40" in row.locator("td").nth(2).inner_text()  # the group median of 30 and 50
    row.locator("summary").click()
    answers = row.locator("ul.answers").inner_text()
    assert "the September statement" in answers and "ana" not in answers.split()
    assert bo.locator("tr[data-cell='position:US:lwr']").count() == 0  # bo did not give it

    # the facilitator sees both have submitted (the list refreshes itself), closes the round
    fay.locator("#panel-status :text('2 of 2 members have submitted')").wait_for(timeout=15_000)
    fay.click("button:text-is('Close round 1')")
    fay.locator("button:text-is('Open round 2')").wait_for()

    # the pooled forecast and the disagreement heat map
    ana.goto(f"{server}/panels/{panel}")
    ana.click("a:text-is('analyses')")
    ana.wait_for_url(f"{server}/panels/{panel}/results?round=1")
    ana.locator(".plot .main-svg").nth(2).wait_for(timeout=30_000)
    plots = ana.locator(".plot")
    assert plots.count() == 3
    assert "pooled" in plots.nth(0).inner_text()  # the pooled forecast beside each member's
    assert "Disagreement" in plots.nth(1).inner_text()  # the heat map
    assert ana.locator(".plot .heatmaplayer").count() == 1
    assert "ana" not in ana.locator("main").inner_text().split()  # pseudonyms only


def _load_demo(app: Any, hashed: str) -> int:
    """The bundled synthetic korea-2005-panel, round by round, as a workspace panel run by fay
    (its members get workspace accounts named as in the panel's files)."""
    from detente import data
    from detente.panel.state import add_member, close_round, create_panel, open_round, submit
    from tests.panel.conftest import at

    folder = data.bundled_panel_path("korea-2005-panel")
    files = [yaml.safe_load(p.read_text()) for p in sorted(folder.glob("*-*.yaml"))]
    scenario = load_scenario("korea-2005")
    fay = app.state.accounts.find("fay")
    ws = app.state.workspace.create(scenario, fay.id, "copied from korea-2005")
    store = app.state.panels
    description = "Synthetic demonstration: six made-up experts, three rounds (docs/panels.md)."
    state = store.create(create_panel("korea-2005 track-2 panel (synthetic)", scenario, "fay",
                                      at(0), seed=5, description=description,
                                      workspace_scenario=ws.id, scenario_version=1))  # fmt: skip
    for k, member in enumerate(files):
        app.state.accounts.add_user(member["member"], "analyst", hashed)
        state = store.append(add_member(state, "fay", member["member"], at(k + 1)))
    for number in (1, 2, 3):
        state = store.append(open_round(state, "fay", at(10 * number)))
        for k, member in enumerate(files):
            (entry,) = [r for r in member["rounds"] if r["round"] == number]
            step = submit(state, member["member"], entry["estimates"], at(10 * number + k + 1))
            state = store.append(step)
        if number < 3:
            state = store.append(close_round(state, "fay", at(10 * number + 9)))
    return int(state.info.id)


def test_the_demo_panel_in_the_browser(browser, server, app, hashed, tmp_path):
    """Six synthetic members over three rounds: what the facilitator and a member see."""
    panel = _load_demo(app, hashed)
    fay = sign_in(browser, server, "fay")
    fay.goto(f"{server}/panels/{panel}")
    assert "6 of 6 members have submitted" in fay.locator("#panel-status").inner_text()
    shot(fay, "panel-facilitator", tmp_path)

    scholar = sign_in(browser, server, "ru-scholar")
    scholar.goto(f"{server}/panels/{panel}/rounds/3")
    row = scholar.locator("tr[data-cell='position:DPRK:denuc_scope']")
    row.locator("summary").click()
    assert row.locator("ul.answers li").count() == 6
    assert "us-engagement" not in scholar.locator("main").inner_text()
    scholar.locator("tr[data-cell] summary").first.click()  # the first cell's answers, on top
    scholar.evaluate("window.scrollTo(0, 0)")
    shot(scholar, "panel-group", tmp_path, full=False)

    fay.click("button:text-is('Close round 3')")
    fay.goto(f"{server}/panels/{panel}/results?round=3&model=weighted-median")
    fay.locator(".plot .main-svg").nth(2).wait_for(timeout=60_000)
    assert fay.locator(".plot .heatmaplayer").count() == 1
    text = fay.locator("main").inner_text()
    assert "us-nonproliferation" in text  # the facilitator sees names
    shot(fay, "panel-results", tmp_path)
