"""`detente futures show|solve|succession|sensitivity|tree`: every format, the documented JSON
shapes, exit status 2 with the place named on bad input."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from detente.cli import app

runner = CliRunner()
CIB = Path(__file__).resolve().parents[1] / "data" / "cib"


def run(*args: Any) -> Any:
    return runner.invoke(app, ["futures", *(str(a) for a in args)])


def test_solve_json_shape_for_the_reference() -> None:
    result = run("solve", CIB / "CIB_global.scw", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["descriptors"][0] == {"id": "WTRD", "variants": ["FT", "Ntl", "Mix"]}
    first = data["scenarios"][0]
    assert first["variants"] == {"WTRD": "Ntl", "WSEC": "Alrt", "WECO": "Stag"}
    assert first["total_impact_score"] == 15 and first["inconsistency"] == 0
    assert [s["total_impact_score"] for s in data["scenarios"]] == [15, 12, 9, 8]
    assert data["complete"] and data["method"] == "exact" and data["combinations"] == 36


def test_solve_table_csv_and_k() -> None:
    table = run("solve", "dprk-futures")
    assert table.exit_code == 0 and "combinations (exact" in table.stdout
    rows = list(
        csv.DictReader(io.StringIO(run("solve", "dprk-futures", "-k", "1", "-f", "csv").stdout))
    )
    assert rows and {"scenario", "regime", "inconsistency", "total_impact_score"} <= set(rows[0])
    assert max(float(r["inconsistency"]) for r in rows) == 1


def test_solve_several_experts_gives_robustness(tmp_path: Path) -> None:
    result = run("solve", CIB / "CIB_global.scw", CIB / "CIB_global.scw", "-f", "json")
    data = json.loads(result.stdout)
    assert {s["robustness"] for s in data["scenarios"]} == {2}


def test_monte_carlo_solve() -> None:
    result = run("solve", CIB / "CIB_natl_regional.scw", "--monte-carlo", "5000", "-f", "json")
    data = json.loads(result.stdout)
    assert data["method"] == "monte-carlo" and not data["complete"] and "95%" in data["note"]


def test_show_formats() -> None:
    shown = run("show", "dprk-futures")
    assert (
        shown.exit_code == 0
        and "ILLUSTRATIVE" in shown.stdout
        and "Judgement sections" in shown.stdout
    )
    data = json.loads(run("show", "dprk-futures", "-f", "json").stdout)
    assert data["id"] == "dprk-futures" and data["combinations"] == 17_496
    matrix = list(
        csv.reader(io.StringIO(run("show", CIB / "CIB_global.scw", "--matrix", "-f", "csv").stdout))
    )
    assert matrix[1][:5] == ["WTRD.FT", "0", "0", "0", "1"]


def test_succession_path_and_basins() -> None:
    start = "WTRD=FT,WSEC=Rlx,WECO=Decl"
    result = run("succession", CIB / "CIB_global.scw", "--start", start, "-f", "json")
    data = json.loads(result.stdout)
    assert data["steps"][0]["WTRD"] == "FT" and data["period"] >= 1
    basins = json.loads(run("succession", CIB / "CIB_global.scw", "-f", "json").stdout)
    assert basins["exhaustive"] and sum(a["basin"] for a in basins["attractors"]) == 36
    assert run("succession", CIB / "CIB_global.scw", "--mode", "local").exit_code == 0


def test_sensitivity_command() -> None:
    result = run("sensitivity", CIB / "CIB_global.scw", "-f", "csv")
    assert result.exit_code == 0
    assert result.stdout.startswith("scenario,effect,source,target,value,to,change,variants")


def test_tree_prints_futures_weights_and_intervals() -> None:
    result = run("tree", "dprk-futures", "--on", "korea-2005", "--runs", "30")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Futures and their weights" in out and "F1" in out and "expected" in out
    assert "90% interval per issue" in out and "All futures together" in out
    assert "Roadmap stages" in out
    data = json.loads(
        run("tree", "dprk-futures", "--on", "korea-2005", "-n", "20", "-f", "json").stdout
    )
    assert abs(sum(f["weight"] for f in data["futures"]) - 1) < 1e-9


def test_errors_exit_two_and_name_the_place(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "id: x\nname: x\ndescriptors:\n- id: a\n  variants: [{id: p}, {id: q}]\n"
        "judgements:\n- from: a\n  to: zz\n  values: {p: [1], q: [1]}\n",
        encoding="utf-8",
    )
    result = run("solve", bad)
    assert result.exit_code == 2
    assert (
        "bad.yaml" in result.output
        and "line 8" in result.output
        and "unknown descriptor id 'zz'" in result.output
    )
    assert run("solve", "nope-futures").exit_code == 2
    assert run("tree", "dprk-futures", "--on", "ec-car-emissions").exit_code == 2
    assert run("succession", CIB / "CIB_global.scw", "--start", "WTRD=FT").exit_code == 2
