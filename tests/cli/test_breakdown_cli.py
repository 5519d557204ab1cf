"""`detente breakdown`, `detente skill`, presets on `detente whatif` and convergence flags."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from typer.testing import CliRunner

from detente.cli import app

runner = CliRunner()


def run(*args: Any) -> Any:
    return runner.invoke(app, [str(a) for a in args])


def test_breakdown_table_names_the_probability_and_the_first_walker() -> None:
    result = run("breakdown", "korea-2009", "--runs", 50)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("P(collapse) ")
    assert "likeliest to walk out first" in result.stdout
    assert "Forecast, and given no collapse" in result.stdout


def test_breakdown_json_shape() -> None:
    result = run("breakdown", "korea-2009", "--runs", 40, "--format", "json", "--model", "bdm")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) >= {"scenario", "model", "runs", "collapse", "first", "actors", "issues"}
    assert set(data["collapse"]) == {"point", "mean", "p05", "p95", "se", "p_nobody"}
    assert {"actor", "veto", "reservation", "margin", "p_walk", "p_first", "risk_limit"} <= set(
        data["actors"][0]
    )
    assert "median_no_collapse" in data["issues"][0]
    assert data["convergence"]  # bdm cycles on korea-2009: said in one line


def test_breakdown_csv_tables() -> None:
    result = run(
        "breakdown", "korea-2009", "--runs", 0, "--format", "csv", "--table", "sensitivity"
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["actor"] for r in rows][-1] == "all"


def test_breakdown_of_several_models() -> None:
    result = run("breakdown", "korea-2009", "--runs", 20, "--model", "mean,bdm")
    assert result.exit_code == 0, result.output
    assert "P(collapse) by model" in result.stdout and "Margins" in result.stdout


def test_breakdown_without_reservation_values_says_so() -> None:
    result = run("breakdown", "korea-2005", "--runs", 0)
    assert result.exit_code == 0
    assert "states a reservation value" in result.stdout


@pytest.mark.parametrize(
    "args",
    [
        ("breakdown", "korea-2009", "--model", "nope"),
        ("breakdown", "korea-2009", "--scale", "0"),
        ("whatif", "korea-2009", "--preset", "nope"),
        ("whatif", "ec-car-emissions", "--preset", "us-russia-channel"),
    ],
)
def test_bad_input_exits_two(args: tuple[str, ...]) -> None:
    result = run(*args)
    assert result.exit_code == 2
    assert "error:" in result.output


def test_whatif_preset_us_russia_channel_explains_its_effect() -> None:
    result = run("whatif", "korea-2009", "--preset", "us-russia-channel", "--runs", 200)
    assert result.exit_code == 0, result.output
    assert "permanent US-Russia consultation channel" in result.stdout
    assert "perception noise" in result.stdout and "no effect" not in result.stdout
    assert "P(collapse)" in result.stdout


def test_whatif_json_carries_notes_and_collapse() -> None:
    result = run("whatif", "korea-2009", "--preset", "nunn-lugar", "--runs", 30, "-f", "json")
    data = json.loads(result.stdout)
    assert data["changes"] == ["preset nunn-lugar"]
    assert data["notes"] and set(data["collapse"]) == {"before", "after"}


def test_skill_prints_a_verdict() -> None:
    result = run("skill", "--model", "weighted-mean,smp")
    assert result.exit_code == 0, result.output
    assert "verdict: best model:" in result.stdout
    assert "plain mean (5.3) beats every model" in result.stdout


def test_forecast_flags_a_cycling_model() -> None:
    result = run("forecast", "korea-2005", "--model", "bdm")
    assert "bdm is cycling on normalization (period 2 from round 7, 40.0 to 95.0" in result.stdout
    data = json.loads(run("forecast", "korea-2005", "--model", "bdm", "-f", "json").stdout)
    norm = next(c for c in data["convergence"] if c["issue"] == "normalization")
    assert (norm["status"], norm["period"], norm["mean"]) == ("cycling", 2, 67.5)


def test_the_command_defaults_are_the_analysis_defaults() -> None:
    import importlib

    analysis = importlib.import_module("detente.analysis.breakdown")  # the module, not the function
    command = importlib.import_module("detente.cli.breakdown")

    assert (command.SCALE, command.SCALE_SD, command.SHIFT) == (
        analysis.SCALE,
        analysis.SCALE_SD,
        analysis.SHIFT,
    )


def test_a_recorded_breakdown_replays(tmp_path: Any) -> None:
    store = str(tmp_path / "runs.sqlite")
    result = run("breakdown", "korea-2009", "--runs", 30, "--record", "--store", store)
    assert result.exit_code == 0, result.output
    replayed = run("runs", "replay", "1", "--store", store)
    assert "identical" in replayed.stdout
