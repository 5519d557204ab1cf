"""`detente ensemble`: quantiles and event probabilities in every format."""

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
EC = "ec-car-emissions"
DATA = Path(__file__).resolve().parents[1] / "data"
XML = DATA / "ktab" / "dummyData_3Dim.xml"
DECIDE = DATA / "decide"
MINI = str(DATA / "roadmap" / "mini.yaml")


def run(*args: Any) -> Any:
    return runner.invoke(app, [str(a) for a in args])


def test_ensemble_json_with_threshold() -> None:
    result = run(
        "ensemble",
        EC,
        "--runs",
        300,
        "-t",
        "emissions_delay>=7",
        "-f",
        "json",
        "--model",
        "weighted-mean",
        "--seed",
        4,
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["runs"], data["seed"], data["model"]) == (300, 4, "weighted-mean")
    (issue,) = data["issues"]
    assert issue["point"] == pytest.approx(7.389955686853766)
    assert issue["p05"] < issue["median"] < issue["p95"]
    assert 0.5 < issue["P(emissions_delay>=7)"] < 1
    again = json.loads(
        run(
            "ensemble",
            EC,
            "--runs",
            300,
            "-t",
            "emissions_delay>=7",
            "-f",
            "json",
            "--model",
            "weighted-mean",
            "--seed",
            4,
        ).stdout
    )
    assert again == data


def test_ensemble_without_uncertainty_is_the_point_forecast() -> None:
    result = run(
        "ensemble",
        EC,
        "-n",
        50,
        "--position-sd",
        0,
        "--salience-sd",
        0,
        "--capability-sd",
        0,
        "-f",
        "csv",
    )
    (row,) = list(csv.DictReader(io.StringIO(result.stdout)))
    assert row["point"] == row["p05"] == row["p95"] == "7.0"


@pytest.mark.parametrize(
    "args",
    [
        (EC, "-t", "emissions_delay=>7"),
        (EC, "--position-sd", "-1"),
    ],
)
def test_bad_input_exits_two(args: tuple[str, ...]) -> None:
    result = run("ensemble", *args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and "error:" in result.stderr


def test_a_negative_seed_exits_two_naming_the_field_and_the_fix() -> None:
    result = run("ensemble", EC, "--runs", "10", "--seed", "-1")
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert "seed: -1 is negative" in result.stderr and "fix: use 1" in result.stderr
