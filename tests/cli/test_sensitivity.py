"""`detente sensitivity`: ranked inputs and the tornado plot."""

from __future__ import annotations

import csv
import io
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


@pytest.mark.parametrize("model", ["weighted-mean", "weighted-median"])
def test_the_table_says_how_many_rows_it_leaves_out(model: str) -> None:
    """Output never drops rows without saying so (issue 15, item 4)."""
    every = run("sensitivity", EC, "--model", model, "-f", "csv").stdout
    ranks = [r["rank"] for r in csv.DictReader(io.StringIO(every))]
    idle = ranks.count("")
    shown = sum(1 for r in ranks if r and int(r) <= 3)
    table = run("sensitivity", EC, "--model", model, "--top", 3)
    assert table.exit_code == 0, table.output
    assert (
        f"the 3 strongest inputs of each issue; {len(ranks) - shown} more rows not shown "
        f"({idle} of them inputs without any effect)" in table.stdout
    )
    every_ranked = run("sensitivity", EC, "--model", model, "--top", 100).stdout
    assert ("not shown" in every_ranked) == (idle > 0)
    assert model == "weighted-mean" or idle > 0  # the median ignores some inputs entirely


@pytest.mark.parametrize(
    "args",
    [
        (EC, "--method", "fast"),
        (EC, "--plot", "tornado.html"),
    ],
)
def test_bad_input_exits_two(args: tuple[str, ...]) -> None:
    result = run("sensitivity", *args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and "error:" in result.stderr


def test_a_negative_seed_exits_two_naming_the_field_and_the_fix() -> None:
    result = run("sensitivity", EC, "--seed", "-1")
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert "seed: -1 is negative" in result.stderr and "fix: use 1" in result.stderr
