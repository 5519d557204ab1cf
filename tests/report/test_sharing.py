"""Work that can be shared (issue 15, item 5): files others can read, a report in one file,
progress in a log."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from detente import load_scenario
from detente.cli import app
from detente.files import new_file_mode, write_atomic
from detente.report.sections import SECTIONS
from detente.scenario import save_scenario

pytest.importorskip("plotly")


@pytest.fixture
def umask_022() -> Iterator[None]:
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_write_atomic_gives_new_files_the_umask_mode_and_keeps_an_old_files(
    tmp_path: Path,
) -> None:
    old = os.umask(0o027)
    try:
        assert new_file_mode(tmp_path / "new") == 0o640
        write_atomic(tmp_path / "a.txt", "x")
        assert _mode(tmp_path / "a.txt") == 0o640
    finally:
        os.umask(old)
    (tmp_path / "b.txt").write_text("old")
    os.chmod(tmp_path / "b.txt", 0o604)
    write_atomic(tmp_path / "b.txt", b"new")
    assert _mode(tmp_path / "b.txt") == 0o604 and (tmp_path / "b.txt").read_text() == "new"


@pytest.mark.parametrize("suffix", [".yaml", ".csv", ".tsv", ".xlsx"])
def test_saved_scenarios_are_readable_by_colleagues(tmp_path, umask_022, suffix) -> None:
    if suffix == ".xlsx":
        pytest.importorskip("openpyxl")
    path = tmp_path / f"talks{suffix}"
    save_scenario(load_scenario("ec-car-emissions"), path)
    assert _mode(path) == 0o644


def test_report_figures_and_report_files_are_readable_by_colleagues(tmp_path, umask_022):
    runner = CliRunner()
    args = ["report", "ec-car-emissions", "--out", str(tmp_path / "r"), "--runs", "20"]
    assert runner.invoke(app, args).exit_code == 0
    for name in ("index.html", "plotly.min.js"):
        assert _mode(tmp_path / "r" / name) == 0o644
    pytest.importorskip("matplotlib")
    for suffix in ("png", "html"):
        plot = tmp_path / f"t.{suffix}"
        result = runner.invoke(app, ["trace", "ec-car-emissions", "-m", "bdm", "--plot", str(plot)])
        assert result.exit_code == 0, result.output
        assert _mode(plot) == 0o644


def test_single_file_report_holds_plotly_and_says_so(tmp_path):
    page = tmp_path / "talks.html"
    args = ["report", "ec-car-emissions", "--out", str(page), "--runs", "20", "--single-file"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert os.listdir(tmp_path) == ["talks.html"]  # nothing beside it
    html = page.read_text(encoding="utf-8")
    assert '<script src="' not in html and "Plotly.newPlot" in html
    assert len(html) > 4_000_000  # plotly.js itself
    assert "plotly.js" in html and "inside this page" in html


def test_progress_is_one_line_per_section_on_stderr_when_not_a_terminal(tmp_path):
    args = ["report", "ec-car-emissions", "--out", str(tmp_path), "--runs", "20"]
    result = CliRunner().invoke(app, args)
    lines = result.stderr.splitlines()
    assert [line.split(" (")[0] for line in lines] == [
        f"report: {k}/{len(SECTIONS)} {build.__name__}" for k, build in enumerate(SECTIONS, 1)
    ]
    assert all(line.endswith(" s)") for line in lines)


LEGENDS_CHECK = """
() => [...document.querySelectorAll('div.plot')].map(el => {
  const box = r => { const b = r.getBoundingClientRect();
                     return {l: b.left, r: b.right, t: b.top, b: b.bottom}; };
  const legend = el.querySelector('g.legend'), area = el.querySelector('rect.nsewdrag');
  if (!legend || !area) { return null; }
  return {id: el.id, page: box(el), legend: box(legend), area: box(area)};
}).filter(x => x)
"""


def _inside(inner, outer) -> bool:
    return (inner["l"] >= outer["l"] - 1 and inner["r"] <= outer["r"] + 1
            and inner["t"] >= outer["t"] - 1 and inner["b"] <= outer["b"] + 1)  # fmt: skip


def _apart(a, b) -> bool:
    return a["r"] <= b["l"] or b["r"] <= a["l"] or a["b"] <= b["t"] or b["b"] <= a["t"]


@pytest.mark.browser
def test_single_file_report_draws_every_plot_offline_legends_beside_cjk_as_text(
    tmp_path, chromium_path, cjk_font
):
    """The Iran case: 8 actors, scales in % U-235 and years, a Chinese source title."""
    from tests.report.test_report import CHROMIUM_FLAGS

    sync_api = pytest.importorskip("playwright.sync_api")
    iran = Path(__file__).resolve().parents[1] / "data" / "newcomer" / "iran-talks.yaml"
    page_path = tmp_path / "mail" / "talks.html"
    args = ["report", str(iran), "--out", str(page_path), "--runs", "20", "--single-file"]
    assert CliRunner().invoke(app, args).exit_code == 0
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path, args=CHROMIUM_FLAGS)
        try:
            context = browser.new_context(offline=True, viewport={"width": 1280, "height": 900})
            requests: list[str] = []
            context.on("request", lambda r: requests.append(r.url))
            page = context.new_page()
            errors: list[str] = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(page_path.as_uri())
            n = page.locator("div.plot").count()
            page.wait_for_function(
                "n => document.querySelectorAll('div.plot.js-plotly-plot svg.main-svg').length"
                " >= n",
                arg=n,
                timeout=30_000,
            )
            assert errors == [] and requests == [page_path.as_uri()]
            boxes = page.evaluate(LEGENDS_CHECK)
            assert len(boxes) >= 10
            for fig in boxes:  # the legend is whole, inside its figure, and off the data
                assert _inside(fig["legend"], fig["page"]), fig["id"]
                assert _apart(fig["legend"], fig["area"]), fig["id"]
            cdp = context.new_cdp_session(page)
            cdp.send("DOM.enable")
            cdp.send("CSS.enable")
            root = cdp.send("DOM.getDocument")["root"]["nodeId"]
            node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": "#src-XINHUA"})
            fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node["nodeId"]})["fonts"]
            cjk = [f for f in fonts if "CJK" in f["familyName"]]
            assert cjk and sum(f["glyphCount"] for f in cjk) >= 12  # the Chinese title as text
        finally:
            browser.close()


def test_an_unwritable_place_is_one_message_with_the_fix_before_any_work(tmp_path):
    from detente.errors import DetenteError

    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(DetenteError, match=r"cannot write .*\(fix: choose a folder"):
        write_atomic(blocker / "talks.yaml", "x")
    result = CliRunner().invoke(app, ["report", "korea-2005", "--out", str(blocker / "r")])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "cannot write in" in result.stderr and "fix:" in result.stderr
    assert "report: 1/" not in result.stderr  # refused before the first section
