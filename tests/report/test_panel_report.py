"""The panel figures and the report's panel section."""

from __future__ import annotations

import numpy as np
import pytest

from detente.models.registry import list_models
from detente.panel import cell_table, read_panel
from detente.report.blocks import Heading, NotApplicable, Table
from detente.report.panel import heatmap_figure, position_grid
from detente.report.panel_section import panel_section, panels_for
from detente.report.sections import Context

pytest.importorskip("plotly")


@pytest.fixture(scope="module")
def demo():
    return read_panel("korea-2005-panel")


def test_heatmap_draws_the_iqr_of_every_position_cell(demo):
    cells = cell_table(demo)
    fig = heatmap_figure(cells)
    (trace,) = fig.data
    assert list(trace.y) == demo.scenario.actor_ids and list(trace.x) == demo.scenario.issue_ids
    positions = cells[cells["kind"] == "position"].set_index(["actor", "issue"])["iqr"]
    z = np.asarray(trace.z)
    for i, actor in enumerate(trace.y):
        for j, issue in enumerate(trace.x):
            assert z[i, j] == positions[(actor, issue)]
    assert position_grid(cells).shape == (6, 10)


def test_the_bundled_panel_belongs_to_korea_2005_only():
    assert panels_for("korea-2005") == ["korea-2005-panel"]
    assert panels_for("ec-car-emissions") == []


def context(scenario) -> Context:
    return Context(scenario=scenario, models=list_models(), focus="weighted-median", runs=60,
                   seed=0, whatifs=[])  # fmt: skip


def test_panel_section_of_korea_shows_the_demo_labelled_synthetic(demo):
    section = panel_section(context(demo.scenario))
    assert section.id == "panels"
    (heading,) = [b for b in section.blocks if isinstance(b, Heading)]
    assert "SYNTHETIC" in heading.heading
    captions = " | ".join(b.caption for b in section.blocks if isinstance(b, Table))
    for part in ("forecast from the pool and each member", "Disagreement per issue",
                 "Rounds", "disagreement_share", "Disputed cells"):  # fmt: skip
        assert part in captions
    assert sum(1 for b in section.blocks if hasattr(b, "json")) == 3  # members, heatmap, rounds


def test_a_panel_that_does_not_fit_the_scenario_says_so(small):
    section = panel_section(context(small), ["korea-2005-panel"])
    (note,) = section.blocks
    assert isinstance(note, NotApplicable) and "does not fit this scenario" in note.reason
    empty = panel_section(context(small))
    assert [b.reason for b in empty.blocks] == ["No expert panel sits on this scenario."]


@pytest.mark.browser
def test_panel_figures_draw_offline_in_a_report(tmp_path, small, write_yaml, small_data,
                                                chromium_path):  # fmt: skip
    from detente.report import build_report
    from tests.report.test_report import CHROMIUM_FLAGS

    sync_api = pytest.importorskip("playwright.sync_api")
    folder = tmp_path / "panel"
    folder.mkdir()
    for member, shift in (("ann", 0), ("bob", 10), ("cy", -5)):
        rows = "\n".join(
            f"1,position,{a},{i},{min(100, max(0, small.stances[a][i].position + shift))},,,,"
            for a in small.actor_ids for i in small.issue_ids
        )  # fmt: skip
        (folder / f"{member}.csv").write_text(
            "round,kind,actor,issue,value,low,high,confidence,rationale\n" + rows + "\n"
        )
    (folder / "panel.yaml").write_text("name: tiny\nsynthetic: true\n")
    page_path = build_report(small, tmp_path / "out", runs=20, whatifs=[], panels=[str(folder)])
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path, args=CHROMIUM_FLAGS)
        try:
            page = browser.new_context(offline=True).new_page()
            errors: list[str] = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(page_path.as_uri())
            plots = page.locator("#panels div.plot")
            assert plots.count() == 3
            page.wait_for_function(
                "document.querySelectorAll('#panels div.plot.js-plotly-plot svg.main-svg')"
                ".length >= 3",
                timeout=20_000,
            )
            assert errors == []
            assert "tiny (SYNTHETIC" in page.locator("#panels").inner_text()
        finally:
            browser.close()
