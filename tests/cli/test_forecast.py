"""`detente forecast`: every model's forecast in every format, and bad input (exit 2)."""

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


def test_forecast_prints_final_positions_and_outcome_probabilities() -> None:
    result = run("forecast", "dummyData_3Dim", "--model", "smp")
    assert result.exit_code == 0, result.output
    assert "final positions" in result.output and "distinct outcomes" in result.output
    assert "78.56" in result.output  # SActor-00's final position on the first dimension
    assert "0.40" in result.output and "0.33" in result.output


def test_forecast_json_carries_outcomes() -> None:
    result = run("forecast", XML, "--model", "smp", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["final_positions"]["SActor-02"] == {"Pstn1": 82.45, "Pstn2": 90.89, "Pstn3": 0.07}
    probs = [o["probability"] for o in data["outcomes"]]
    assert abs(sum(probs) - 1) < 1e-9 and round(probs[0], 4) == 0.4009
    assert data["outcomes"][0]["actors"] == "SActor-05"


def test_bad_xml_and_bad_parameters_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.xml"
    bad.write_text(XML.read_text(encoding="utf-8-sig").replace("<dSal>49.53", "<dSal>89.53"))
    result = run("forecast", bad, "--model", "smp")
    assert result.exit_code == 2
    assert "saliences sum to 123.59, above 100" in result.output
    assert "Traceback" not in result.output
    result = run("forecast", "dummyData_3Dim", "--model", "smp", "--param", "voting_rule=Foo")
    assert result.exit_code == 2 and "choices: Binary" in result.output


def test_a_negative_seed_exits_two_naming_the_field_and_the_fix() -> None:
    result = run("forecast", "dummyData_3Dim", "--model", "smp", "--seed", "-1")
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert "seed: -1 is negative" in result.stderr and "fix: use 1" in result.stderr
