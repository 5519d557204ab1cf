"""`detente influence`: each actor's influence, one highlighted."""

from __future__ import annotations

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


def test_influence_highlights_an_actor() -> None:
    result = run("influence", EC, "--actor", "UK", "-m", "weighted-mean")
    assert result.exit_code == 0, result.output
    assert "UK moves emissions_delay by +" in result.stdout
    data = json.loads(run("influence", EC, "--method", "loo", "-f", "json").stdout)
    assert data["method"] == "loo" and len(data["values"]) == 10
    assert data["forecast"] == {"emissions_delay": 7.0}


@pytest.mark.parametrize(
    "args",
    [
        (EC, "--actor", "Narnia"),
    ],
)
def test_bad_input_exits_two(args: tuple[str, ...]) -> None:
    result = run("influence", *args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and "error:" in result.stderr


def test_a_negative_seed_exits_two_naming_the_field_and_the_fix() -> None:
    result = run("influence", EC, "--seed", "-1")
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert "seed: -1 is negative" in result.stderr and "fix: use 1" in result.stderr
