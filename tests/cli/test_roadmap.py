"""`detente roadmap ...`: subcommands, formats, the timeline plot, exit status 2 on bad input."""

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
    return runner.invoke(app, ["roadmap", *(str(a) for a in args)])


def test_status_korea_end_of_2008_table() -> None:
    result = run("status", "korea-2007", "--on", "2008-12-31")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "disablement" in out and "10" in out and "12" in out and "2008-02-14" in out
    assert "complete" in out and "none" in out and "short" in out


def test_status_json_has_declaration_date() -> None:
    result = run("status", "korea-2007", "--on", "2008-12-31", "--actions", "--format", "json")
    data = json.loads(result.stdout)
    assert data["on"] == "2008-12-31"
    groups = {g["group"]: g for g in data["groups"]}
    assert groups["disablement"]["done"] == 10
    deliveries = {d["donor"]: d["status"] for d in data["deliveries"] if d["unit"] == "t HFO-eq"}
    assert deliveries["US"] == "complete" and deliveries["JPN"] == "none"


def test_status_actions_csv_shows_declaration() -> None:
    result = run("status", "korea-2007", "--on", "2008-12-31", "--actions", "--format", "csv")
    rows = {r["action"]: r for r in csv.DictReader(io.StringIO(result.stdout))}
    assert rows["SPA-3"]["done"] == "2008-06-26" and rows["SPA-3"]["state"] == "done"


@pytest.mark.parametrize("suffix", [".png", ".html"])
def test_status_plot(tmp_path: Path, suffix: str) -> None:
    target = tmp_path / f"timeline{suffix}"
    result = run("status", MINI, "--on", "2020-07-01", "--plot", str(target))
    assert result.exit_code == 0, result.output
    assert target.stat().st_size > 1000


def test_plot_to_unknown_suffix_exits_2(tmp_path: Path) -> None:
    result = run("status", MINI, "--plot", str(tmp_path / "x.doc"))
    assert result.exit_code == 2 and "use .html" in result.output


def test_ledger_csv_by_donor() -> None:
    result = run("ledger", MINI, "--on", "2020-12-31", "--by", "donor", "--format", "csv")
    (row,) = list(csv.DictReader(io.StringIO(result.stdout)))
    assert row["donor"] == "B" and float(row["delivered"]) == 130 and row["status"] == "short"


def test_check_table_names_weakest_stage() -> None:
    result = run("check", "korea-2007")
    assert result.exit_code == 0, result.output
    assert "weakest stage:" in result.output and "DPRK" in result.output


def test_check_json_and_optimize_json() -> None:
    check = json.loads(run("check", MINI, "--format", "json").stdout)
    assert check["weakest_stage"] == "s2" and abs(check["strength"] - 50 / 3) < 1e-9
    opt = json.loads(run("optimize", MINI, "--perform", "0.9", "--format", "json").stdout)
    assert opt["best"]["strength"] >= opt["agreed"]["strength"]
    assert sum(s["chosen"] for s in opt["strategies"]) == 1


def test_optimize_table() -> None:
    result = run("optimize", MINI)
    assert result.exit_code == 0, result.output
    assert "best plan" in result.output and "rewards first" in result.output


def test_show_lists_actions_and_marks_illustrative() -> None:
    result = run("show", "dismantlement", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert {r["actor"] for r in rows} >= {"DPRK", "US", "JPN", "ROK", "RUS"}
    assert "ILLUSTRATIVE" in run("show", "ne-asia-security").output


@pytest.mark.parametrize(
    "args",
    [
        ("status", "no-such-roadmap"),
        ("status", MINI, "--on", "31/12/2008"),
        ("check", MINI, "--discount", "0"),
        ("ledger", MINI, "--by", "month"),
    ],
)
def test_bad_input_exits_2(args: tuple[str, ...]) -> None:
    result = run(*args)
    assert result.exit_code == 2 and "error:" in result.output


def test_bad_file_exits_2_with_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    text = (
        (DATA / "roadmap" / "mini.yaml")
        .read_text(encoding="utf-8")
        .replace("requires: [s1]", "requires: [s2]")
    )
    bad.write_text(text, encoding="utf-8")
    (tmp_path / "mini-scenario.yaml").write_text(
        (DATA / "roadmap" / "mini-scenario.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    result = run("show", str(bad))
    assert result.exit_code == 2
    assert (
        "bad.yaml" in result.output
        and "requires itself" in result.output
        and "line " in result.output
    )
