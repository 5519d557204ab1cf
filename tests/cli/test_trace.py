"""`detente trace`: positions round by round in every format, events, plots, bad input."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from typer.testing import CliRunner

from detente.cli import app

runner = CliRunner()
EC = "ec-car-emissions"
DATA = Path(__file__).resolve().parents[1] / "data"
XML = DATA / "ktab" / "dummyData_3Dim.xml"
DECIDE = DATA / "decide"
MINI = str(DATA / "roadmap" / "mini.yaml")


def run(*args: Any) -> Any:
    return runner.invoke(app, [str(a) for a in args])


def test_trace_json_shape() -> None:
    result = run("trace", "ec-car-emissions", "--model", "weighted-mean", "--format", "json")
    data = json.loads(result.stdout)
    assert data["actors"][:2] == ["Netherlands", "Belgium"]
    assert data["issues"] == ["emissions_delay"]
    (round0,) = data["rounds"]
    assert round0["round"] == 0
    assert round0["positions"]["UK"] == {"emissions_delay": 10.0}
    assert round0["median"] == {"emissions_delay": 7.0}


def test_trace_plot(tmp_path: Path) -> None:
    png = tmp_path / "t.png"
    result = run("trace", "ec-car-emissions", "--plot", png)
    assert result.exit_code == 0, result.output
    assert png.read_bytes()[:4] == b"\x89PNG"


def test_trace_bdm_json_rounds_and_median() -> None:
    result = run(
        "trace", "ec-car-emissions", "-m", "bdm", "--issue", "emissions_delay", "-f", "json"
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [r["round"] for r in data["rounds"]] == list(range(11))
    first = data["rounds"][1]
    assert first["forecast"] == first["median"]
    assert first["median"]["emissions_delay"] == pytest.approx(8.415932315, abs=1e-8)
    assert first["positions"]["Luxembourg"]["emissions_delay"] == 7.0


def test_trace_bdm_events_csv_lists_offers() -> None:
    result = run("trace", "ec-car-emissions", "-m", "bdm", "--rounds", "2", "--events", "-f", "csv")
    assert result.exit_code == 0, result.output
    events = pd.read_csv(io.StringIO(result.stdout))
    taken = events[(events["round"] == 1) & events["accepted"]]
    assert set(zip(taken["actor"], taken["type"], strict=True)) == {
        ("Belgium", "compromise"),
        ("Luxembourg", "conflict"),
        ("Ireland", "conflict"),
    }


def test_trace_bdm_unknown_issue_exits_2() -> None:
    result = run("trace", "ec-car-emissions", "-m", "bdm", "--issue", "nope")
    assert result.exit_code == 2


def test_trace_bdm_plot_html(tmp_path: Path) -> None:
    pytest.importorskip("plotly")
    out = tmp_path / "bdm.html"
    result = run("trace", "ec-car-emissions", "-m", "bdm", "--rounds", "3", "--plot", out)
    assert result.exit_code == 0, result.output
    assert out.stat().st_size > 1000


def test_trace_korea_exchange_events_shows_cross_issue_trades() -> None:
    result = run("trace", "korea-2005", "-m", "exchange", "--events", "-f", "csv", "--rounds", "2")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    parties = {"US", "DPRK", "ROK", "JPN", "CHN", "RUS"}
    assert rows and {r["round"] for r in rows} == {"1", "2"}
    assert all(r["actor"] in parties and r["partner"] in parties for r in rows)
    assert all(r["gives"] != r["gets"] for r in rows)
    assert all(float(r["gain"]) > 0 for r in rows)


def test_trace_json_gives_one_round_per_turn() -> None:
    result = run("trace", XML, "--model", "smp", "--format", "json")
    assert result.exit_code == 0, result.output
    rounds = json.loads(result.stdout)["rounds"]
    assert [r["round"] for r in rounds] == list(range(11))
    last = rounds[10]["positions"]["SActor-06"]
    assert [round(last[k], 2) for k in ("Pstn1", "Pstn2", "Pstn3")] == [78.60, 31.65, 74.11]


def test_trace_events_name_the_bargains() -> None:
    result = run("trace", "dummyData_3Dim", "--model", "smp", "--events", "--format", "csv")
    assert result.exit_code == 0, result.output
    assert "SActor-04->SActor-00" in result.stdout and "status quo" in result.stdout
