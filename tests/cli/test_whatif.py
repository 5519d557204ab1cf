"""`detente whatif`: the forecast before and after changes."""

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


@pytest.mark.parametrize(
    "args",
    [
        (EC,),
        (EC, "--change", "set Nobody position 3"),
        (EC, "--change", "teleport UK"),
    ],
)
def test_bad_input_exits_two(args: tuple[str, ...]) -> None:
    result = run("whatif", *args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and "error:" in result.stderr


def test_a_negative_seed_exits_two_naming_the_field_and_the_fix() -> None:
    result = run("whatif", EC, "--remove", "UK", "-n", "0", "--seed", "-1")
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert "seed: -1 is negative" in result.stderr and "fix: use 1" in result.stderr
