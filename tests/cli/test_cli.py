"""The command line: outputs in every format, documented JSON shapes, exit status 2 on bad input."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from detente.cli import app

runner = CliRunner()


def run(*args: str) -> Any:
    return runner.invoke(app, [str(a) for a in args])


def test_forecast_ec_weighted_median_prints_seven() -> None:
    result = run("forecast", "ec-car-emissions", "--model", "weighted-median")
    assert result.exit_code == 0, result.output
    assert "7.00" in result.output and "8.83" in result.output


def test_forecast_json_shape() -> None:
    result = run("forecast", "ec-car-emissions", "--model", "weighted-mean", "--format", "json")
    data = json.loads(result.stdout)
    assert data["scenario"] == "ec-car-emissions" and data["model"] == "weighted-mean"
    (issue,) = data["issues"]
    assert issue["id"] == "emissions_delay"
    assert abs(issue["forecast"] - 7.38996) < 1e-4
    assert issue["known_outcomes"] == {"real_outcome": 8.833}


def test_forecast_several_models_csv() -> None:
    result = run("forecast", "ec-car-emissions", "-m", "mean,weighted-median", "-f", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows == [
        {
            "issue": "emissions_delay",
            "mean": "6.7",
            "weighted-median": "7.0",
            "real_outcome": "8.833",
        }
    ]


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


def test_validate_ok_and_write(tmp_path: Path) -> None:
    out = tmp_path / "ec.yaml"
    result = run("validate", "ec-car-emissions", "--write", out)
    assert result.exit_code == 0
    assert "10 actors, 1 issues" in result.output
    assert run("validate", out).exit_code == 0


def test_bad_input_exits_two_without_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("Actor,Capability,Position,Salience\nA,-1,50,0.5\n")
    result = run("validate", bad)
    assert result.exit_code == 2
    assert str(bad) in result.stderr and "capability" in result.stderr
    assert "Traceback" not in result.output
    assert run("forecast", "no-such-scenario").exit_code == 2
    assert run("forecast", "ec-car-emissions", "--model", "nope").exit_code == 2
    assert run("forecast", "ec-car-emissions", "--rounds", "3").exit_code == 2
    assert run("trace", "ec-car-emissions", "--issue", "nope").exit_code == 2
    assert run("forecast", "ec-car-emissions", "--param", "oops").exit_code == 2


def test_show_and_models() -> None:
    result = run("show", "ec-car-emissions", "--format", "csv")
    assert result.stdout.splitlines()[0] == "actor,issue,position,salience,position_sd,salience_sd"
    assert "weighted-median" in run("models").output
    models = json.loads(run("models", "--format", "json").stdout)
    assert {m["model"] for m in models} >= {"mean", "weighted-mean", "weighted-median"}
