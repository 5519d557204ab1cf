"""The CLI with the smp model: final positions and outcome probabilities, traces, bad input."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from detente.cli import app

runner = CliRunner()
XML = Path(__file__).parents[1] / "data" / "ktab" / "dummyData_3Dim.xml"


def run(*args: Any) -> Any:
    return runner.invoke(app, [str(a) for a in args])


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


def test_bad_xml_and_bad_parameters_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.xml"
    bad.write_text(XML.read_text(encoding="utf-8-sig").replace("<dSal>49.53", "<dSal>89.53"))
    result = run("forecast", bad, "--model", "smp")
    assert result.exit_code == 2
    assert "saliences sum to 123.59, above 100" in result.output
    assert "Traceback" not in result.output
    result = run("forecast", "dummyData_3Dim", "--model", "smp", "--param", "voting_rule=Foo")
    assert result.exit_code == 2 and "choices: Binary" in result.output
