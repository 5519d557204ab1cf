"""The exchange and nash models through the generic forecast and trace commands."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from detente.cli import app

runner = CliRunner()
DECIDE = Path(__file__).parent.parent / "data" / "decide"


def run(*args: str) -> Any:
    return runner.invoke(app, [str(a) for a in args])


def test_forecast_decide_file_with_exchange() -> None:
    result = run(
        "forecast", DECIDE / "sample_data.csv", "-m", "exchange", "-f", "json", "--rounds", "10"
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    ref = json.loads((DECIDE / "sample_data_equal_gain.json").read_text())
    got = {i["id"]: i["forecast"] for i in data["issues"]}
    # back on 0-100 for the one issue with a 0.5-7 scale
    got["tol-hoogte"] = (got["tol-hoogte"] - 0.5) / 6.5 * 100
    assert got == pytest.approx(
        dict(zip(ref["issues"], ref["voting_mds"][-1], strict=True)), abs=0.01
    )


@pytest.mark.parametrize("solution", ["nash", "kalai-smorodinsky"])
def test_forecast_korea_with_bargaining_solutions(solution: str) -> None:
    result = run("forecast", "korea-2005", "-m", "nash", "-p", f"solution={solution}", "-f", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 10
    assert all(0 <= float(r["nash"]) <= 100 for r in rows)


def test_trace_korea_exchange_events_shows_cross_issue_trades() -> None:
    result = run("trace", "korea-2005", "-m", "exchange", "--events", "-f", "csv", "--rounds", "2")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    parties = {"US", "DPRK", "ROK", "JPN", "CHN", "RUS"}
    assert rows and {r["round"] for r in rows} == {"1", "2"}
    assert all(r["actor"] in parties and r["partner"] in parties for r in rows)
    assert all(r["gives"] != r["gets"] for r in rows)
    assert all(float(r["gain"]) > 0 for r in rows)


def test_bad_parameter_exits_2() -> None:
    result = run("forecast", "korea-2005", "-m", "exchange", "-p", "variant=fair")
    assert result.exit_code == 2
    assert "variant 'fair' unknown" in result.output
    result = run(
        "forecast",
        "korea-2005",
        "-m",
        "nash",
        "-p",
        "status_quo={nope: 3}",
        "-p",
        "disagreement=status-quo",
    )
    assert result.exit_code == 2
    assert "unknown issues" in result.output
