"""The analysis commands: numbers in every format, progress on stderr, exit 2 on bad input."""

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


def test_sensitivity_csv_and_plot(tmp_path: Path) -> None:
    png = tmp_path / "tornado.png"
    result = run("sensitivity", EC, "--model", "weighted-mean", "--plot", png, "-f", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 30  # 10 actors x (position, salience, capability)
    assert (rows[0]["actor"], rows[0]["attribute"], rows[0]["rank"]) == ("UK", "position", "1")
    assert png.read_bytes()[:4] == b"\x89PNG"
    table = run("sensitivity", EC, "--method", "sobol", "--samples", 64, "--top", 3)
    assert table.exit_code == 0 and "ST" in table.stdout


def test_whatif_changes_and_forum_on_a_baseline() -> None:
    result = run(
        "whatif",
        EC,
        "--change",
        "set UK position 4",
        "--remove",
        "France",
        "-n",
        100,
        "-m",
        "weighted-median",
        "-f",
        "json",
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["changes"] == ["set UK position 4.0", "remove France"]
    (issue,) = data["issues"]
    assert (issue["before"], issue["after"], issue["shift"]) == (7.0, 4.0, -3.0)
    forum = json.loads(run("whatif", EC, "--open-forum", "UK,France", "-n", 0, "-f", "json").stdout)
    assert forum["issues"][0]["shift"] == 0.0  # baselines ignore forums


def test_influence_highlights_an_actor() -> None:
    result = run("influence", EC, "--actor", "UK", "-m", "weighted-mean")
    assert result.exit_code == 0, result.output
    assert "UK moves emissions_delay by +" in result.stdout
    data = json.loads(run("influence", EC, "--method", "loo", "-f", "json").stdout)
    assert data["method"] == "loo" and len(data["values"]) == 10
    assert data["forecast"] == {"emissions_delay": 7.0}


def test_backtest_table_and_csv() -> None:
    result = run("backtest", EC, "-f", "csv", "--model", "mean,weighted-median")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["model"] for r in rows] == ["mean", "weighted-median"]
    assert [float(r["mae"]) for r in rows] == pytest.approx([2.133, 1.833])
    detail = run("backtest", EC, "--detail", "-f", "json")
    assert json.loads(detail.stdout)["detail"][0]["actual"] == 8.833


@pytest.mark.parametrize(
    "args",
    [
        ("ensemble", EC, "-t", "emissions_delay=>7"),
        ("ensemble", EC, "--position-sd", "-1"),
        ("sensitivity", EC, "--method", "fast"),
        ("sensitivity", EC, "--plot", "tornado.html"),
        ("whatif", EC),
        ("whatif", EC, "--change", "set Nobody position 3"),
        ("whatif", EC, "--change", "teleport UK"),
        ("influence", EC, "--actor", "Narnia"),
        ("backtest", EC, "--model", "oracle"),
    ],
)
def test_bad_input_exits_two(args: tuple[str, ...]) -> None:
    result = run(*args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and "error:" in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ("ensemble", EC, "--runs", "10"),
        ("forecast", "dummyData_3Dim", "--model", "smp"),
        ("sensitivity", EC),
        ("influence", EC),
        ("whatif", EC, "--remove", "UK", "-n", "0"),
    ],
)
def test_a_negative_seed_exits_two_naming_the_field_and_the_fix(args: tuple[str, ...]) -> None:
    result = run(*args, "--seed", "-1")
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert "seed: -1 is negative" in result.stderr and "fix: use 1" in result.stderr
