"""The futures page walked in Debian's Chromium (Playwright), on a live server.

An analyst opens dprk-futures from the navigation, types a judgement outside the scale and
sees the problem at that cell, fixes it, solves the edited study (the edit stays in the grid),
and builds the scenario tree on korea-2005 (weights and forecast figures drawn). An observer
sees the same grid read-only, with nothing to solve.

Set DETENTE_SCREENSHOTS=folder to keep the screenshots (docs/futures.md uses them).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.web.browsing import shot, sign_in

pytestmark = pytest.mark.browser
CELL = "input[aria-label='regime.consolidated on economy.reform']"


def test_analyst_edits_the_grid_solves_and_builds_the_tree(browser, server, tmp_path):
    page = sign_in(browser, server, "ana")
    page.set_viewport_size({"width": 1920, "height": 1000})  # the whole grid in the screenshots
    page.click("nav >> text=Futures")
    page.click("text=dprk-futures")
    page.wait_for_url(f"{server}/futures/dprk-futures")
    assert page.locator("table.futures-grid td.locked").count() == 75  # the factors' own blocks
    solutions = page.locator("#futures-editor table.data:not(.futures-grid) tbody tr")
    assert solutions.count() == 10

    cell = page.locator(CELL)
    cell.fill("9")
    problem = page.locator(f"td:has({CELL}) .cell-problem")
    problem.wait_for()
    assert "outside the scale -3 to 3" in problem.inner_text()
    shot(page, "futures", tmp_path)
    cell.fill("-3")
    problem.wait_for(state="detached")

    page.fill("input[name=k]", "1")
    page.click("button:text-is('Solve')")
    page.wait_for_function(
        "document.querySelector('#futures-editor .meta').textContent.includes('at most 1')"
    )
    assert page.locator(CELL).input_value() == "-3"  # the edit is now the study's
    assert solutions.count() > 10  # inconsistency 1 lets more futures in

    page.fill("input[name=k]", "0")
    page.select_option("select[name=scenario]", "korea-2005")
    page.fill("input[name=runs]", "30")
    page.click("button:text-is('Build the scenario tree')")
    page.locator("#futures-tree h3").wait_for(timeout=180_000)  # ten ensembles on a busy CI
    page.wait_for_function(
        "document.querySelectorAll('#futures-tree .plot[data-drawn]').length == 2"
    )
    assert "korea-2005" in page.locator("#futures-tree h3").inner_text()
    assert page.locator("#futures-tree details").count() >= 4
    folder = Path(os.environ.get("DETENTE_SCREENSHOTS") or tmp_path)
    page.locator("#futures-tree").screenshot(path=str(folder / "futures-tree.png"))


def test_observer_reads_the_grid_only(browser, server, tmp_path):
    page = sign_in(browser, server, "olga")
    page.goto(f"{server}/futures/dprk-futures")
    assert page.locator(CELL).get_attribute("readonly") is not None
    assert page.locator("button:text-is('Solve')").count() == 0
    assert page.locator("#futures-editor table.data:not(.futures-grid) tbody tr").count() == 10
