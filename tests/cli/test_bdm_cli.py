"""The bdm model through the generic forecast and trace commands."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from typer.testing import CliRunner

from detente.cli import app

runner = CliRunner()


def run(*args: str) -> Any:
    return runner.invoke(app, [str(a) for a in args])


def test_forecast_bdm_json_is_round_eight_median() -> None:
    result = run("forecast", "ec-car-emissions", "-m", "bdm", "--rounds", "8", "-f", "json")
    assert result.exit_code == 0, result.output
    (issue,) = json.loads(result.stdout)["issues"]
    assert issue["forecast"] == pytest.approx(9.671129769802, abs=1e-9)


def test_forecast_bdm_q_changes_the_forecast() -> None:
    one = run("forecast", "ec-car-emissions", "-m", "bdm", "--q", "1.0", "-f", "json")
    half = run("forecast", "ec-car-emissions", "-m", "bdm", "--q", "0.5", "-f", "json")
    assert one.exit_code == 0 and half.exit_code == 0, half.output
    assert json.loads(one.stdout)["issues"][0]["forecast"] == pytest.approx(7.0)
    assert json.loads(half.stdout) != json.loads(one.stdout)


def test_q_for_a_model_without_q_is_an_error() -> None:
    result = run("forecast", "ec-car-emissions", "-m", "weighted-median", "--q", "0.5")
    assert result.exit_code == 2
    assert "no parameter" in result.output


def test_bad_bdm_option_exits_2_with_the_fix() -> None:
    result = run("forecast", "ec-car-emissions", "-m", "bdm", "--param", "probability=pairs")
    assert result.exit_code == 2
    assert "all-pairs" in result.output


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
