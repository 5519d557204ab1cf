"""`detente show` and `detente models`: a scenario's data and the registered models."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

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


def test_show_and_models() -> None:
    result = run("show", "ec-car-emissions", "--format", "csv")
    assert result.stdout.splitlines()[0] == "actor,issue,position,salience,position_sd,salience_sd"
    assert "weighted-median" in run("models").output
    models = json.loads(run("models", "--format", "json").stdout)
    assert {m["model"] for m in models} >= {"mean", "weighted-mean", "weighted-median"}
