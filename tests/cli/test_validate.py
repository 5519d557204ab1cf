"""`detente validate`: what a scenario file holds, or every problem with its place (exit 2)."""

from __future__ import annotations

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
