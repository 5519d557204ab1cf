"""`detente backtest`: MAE per model and outcome against the naive weighted mean."""

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
        (EC, "--model", "oracle"),
    ],
)
def test_bad_input_exits_two(args: tuple[str, ...]) -> None:
    result = run("backtest", *args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and "error:" in result.stderr
