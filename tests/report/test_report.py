"""The HTML report: built offline, every plot drawn in headless Chromium with no network."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from detente.cli import app
from detente.report import build_report

pytest.importorskip("plotly")
pytest.importorskip("jinja2")

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    """The report of the EC case, written by the command line."""
    out = tmp_path_factory.mktemp("report")
    result = CliRunner().invoke(
        app, ["report", "ec-car-emissions", "--out", str(out), "--runs", "100", "--seed", "1"]
    )
    assert result.exit_code == 0, result.output
    assert "report written" in result.stdout
    return out / "index.html"


def test_same_seed_same_report(report, tmp_path):
    again = build_report("ec-car-emissions", tmp_path, runs=100, seed=1).read_text()
    strip = re.compile(r"report, [0-9-]+ [0-9:]+ UTC")  # the header's date
    assert strip.sub("", again) == strip.sub("", report.read_text())


def test_report_is_self_contained(report):
    html = report.read_text()
    assert (report.parent / "plotly.min.js").stat().st_size > 1_000_000
    assert '<script src="plotly.min.js">' in html
    assert "cdn" not in html.lower() and "https://cdn" not in html
    # the scenario table with anchors and sources
    assert 'id="issue-emissions_delay"' in html and 'href="#src-SCS2011"' in html
    assert 'id="src-SCS2011"' in html
    for section in (
        "forecasts",
        "ensembles",
        "trajectories",
        "sensitivity",
        "influence",
        "backtest",
        "breakdown",
        "whatifs",
        "roadmaps",
        "panels",
    ):
        assert f'<section id="{section}">' in html


@pytest.mark.browser
def test_every_plot_is_drawn_offline(report, chromium_path):
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path, args=CHROMIUM_FLAGS)
        try:
            context = browser.new_context(offline=True, viewport={"width": 1280, "height": 900})
            requests: list[str] = []
            context.on("request", lambda r: requests.append(r.url))
            page = context.new_page()
            errors: list[str] = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(report.as_uri())
            page.wait_for_load_state("load")
            plots = page.locator("div.plot")
            n = plots.count()
            assert n >= 6  # forecasts, ensembles, sensitivity, influence, what-ifs
            page.wait_for_function(
                "n => document.querySelectorAll('div.plot.js-plotly-plot svg.main-svg').length"
                " >= n",
                arg=n,
                timeout=20_000,
            )
            drawn = page.locator("div.plot.js-plotly-plot").count()
            assert drawn == n
            assert errors == []
            assert all(url.startswith("file://") for url in requests), requests
            shot = report.parent / "first-screen.png"  # docs/report.md: how the docs' one is made
            page.screenshot(path=str(shot))
            assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        finally:
            browser.close()
