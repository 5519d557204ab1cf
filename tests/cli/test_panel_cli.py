"""`detente panel ...`: the bundled demo panel in every format, files written, clean errors."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from detente.cli import app
from detente.data import bundled_panel_path
from detente.panel import pooled_scenario, read_panel
from detente.scenario import load_scenario

runner = CliRunner()
DEMO = "korea-2005-panel"
ISSUES = load_scenario("korea-2005").issue_ids


def run(*args: Any) -> Any:
    return runner.invoke(app, [str(a) for a in args])


@pytest.fixture(scope="module")
def demo_json() -> dict[str, Any]:
    result = run("panel", "aggregate", DEMO, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_aggregate_prints_pooled_forecast_disagreement_and_rounds():
    result = run("panel", "aggregate", DEMO)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "korea-2005-panel [SYNTHETIC] on korea-2005: round 3 of 3, 6 members" in out
    for title in ("Forecast from the pooled scenario", "Disagreement per issue",
                  "Krippendorff's alpha (interval)", "Rounds: spread"):  # fmt: skip
        assert title in out
    assert "us-nonproliferation" in out and "kendall_w" in out


def test_aggregate_json_has_the_documented_shape(demo_json):
    assert set(demo_json["pooled"]["forecast"]) == set(ISSUES)
    assert set(demo_json["disagreement"]["kendall_w"]) == set(ISSUES)
    alpha = demo_json["disagreement"]["krippendorff_alpha"]
    assert 0.9 < alpha <= 1
    assert [r["round"] for r in demo_json["rounds"]] == [1, 2, 3]
    assert demo_json["rounds"][0]["iqr_ratio"] is None  # NaN becomes null
    assert demo_json["rounds"][2]["iqr_ratio"] < 1
    assert demo_json["synthetic"] is True
    assert len(demo_json["members"]) == 6
    assert demo_json["members"]["ru-diplomat"]["perspective"].startswith("Russian perspective")
    cell = demo_json["pooled"]["cells"][0]
    assert {"kind", "actor", "issue", "pooled", "p05", "p95", "iqr", "range"} <= set(cell)


def test_aggregate_csv_is_the_issue_table_or_the_cells():
    rows = list(csv.DictReader(io.StringIO(run("panel", "aggregate", DEMO, "-f", "csv").stdout)))
    assert [r["issue"] for r in rows] == ISSUES
    assert {"pooled", "kendall_w", "median_iqr", "member_spread"} <= set(rows[0])
    cells = run("panel", "aggregate", DEMO, "-f", "csv", "--cells").stdout
    # 60 positions, 60 saliences (each member gives those of the actors they know), 6 capabilities
    assert len(list(csv.DictReader(io.StringIO(cells)))) == 126


def test_methods_and_rounds_change_the_pool(demo_json):
    trimmed = json.loads(run("panel", "aggregate", DEMO, "-f", "json", "--method", "trimmed",
                             "--round", "1").stdout)  # fmt: skip
    assert trimmed["round"] == 1 and trimmed["method"] == "trimmed"
    assert trimmed["pooled"]["cells"] != demo_json["pooled"]["cells"]


def test_heatmap_and_pooled_scenario_files(tmp_path: Path):
    png, html, pooled = tmp_path / "h.png", tmp_path / "h.html", tmp_path / "pooled.yaml"
    result = run("panel", "aggregate", DEMO, "--heatmap", png, "--write-pooled", pooled)
    assert result.exit_code == 0, result.output
    assert png.read_bytes()[:4] == b"\x89PNG"
    assert load_scenario(pooled) == pooled_scenario(read_panel(DEMO))
    assert run("panel", "aggregate", DEMO, "--heatmap", html).exit_code == 0
    assert "Plotly.newPlot" in html.read_text()


def test_members_ensemble_and_spread_commands():
    members = run("panel", "members", DEMO, "--model", "mean,weighted-median", "-f", "csv")
    rows = list(csv.DictReader(io.StringIO(members.stdout)))
    assert {r["model"] for r in rows} == {"mean", "weighted-median"}
    assert len(rows) == 2 * 7 * len(ISSUES)
    ensemble = run("panel", "ensemble", DEMO, "--runs", "20", "-f", "json")
    assert ensemble.exit_code == 0, ensemble.output
    data = json.loads(ensemble.stdout)
    assert data["runs_per_member"] == 20 and len(data["members"]) == 6
    assert all(0 <= i["disagreement_share"] <= 1 for i in data["issues"] if i["total_var"])
    spread = run("panel", "spread", DEMO, "--top", "1")
    assert spread.exit_code == 0 and "swing" in spread.stdout


def test_list_shows_the_bundled_demo():
    rows = json.loads(run("panel", "list", "-f", "json").stdout)
    assert rows == [{"name": DEMO, "scenario": "korea-2005", "synthetic": True, "members": 6,
                     "rounds": 3}]  # fmt: skip


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["aggregate", "no-such-panel"], "neither a folder nor a bundled panel"),
        (["aggregate", DEMO, "--method", "mode"], "method: Input should be 'median'"),
        (["aggregate", DEMO, "--round", "9"], "has no round 9"),
        (["aggregate", DEMO, "--heatmap", "h.gif"], "unknown figure type"),
        (["ensemble", DEMO, "--model", "nope"], "no model 'nope'"),
    ],
)
def test_bad_input_exits_2_with_a_message(args, message):
    result = run("panel", *args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_a_recorded_panel_replays_without_its_folder(tmp_path: Path):
    folder = tmp_path / "panel"
    folder.mkdir()
    for name in ("panel.yaml", "cn-analyst.yaml", "kr-analyst.yaml"):
        source = bundled_panel_path(DEMO) / name
        (folder / name).write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    store = tmp_path / "runs.sqlite"
    result = run("panel", "aggregate", folder, "--record", "--store", store, "-f", "json")
    assert result.exit_code == 0, result.output
    assert "recorded run 1" in result.stderr
    for path in folder.iterdir():  # the folder is gone: the run holds the estimates
        path.unlink()
    folder.rmdir()
    replayed = run("runs", "replay", "1", "--store", store, "-f", "json")
    assert replayed.exit_code == 0, replayed.output
    assert json.loads(replayed.stdout)["identical"] is True
