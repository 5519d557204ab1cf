"""Every column a command prints is explained in its --help and in docs/columns.md (issue 15)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from detente import load_scenario
from detente.cli import app
from detente.cli.columns import COLUMNS, PLAIN, help_text, markdown
from detente.models.registry import list_models

DOCS = Path(__file__).resolve().parents[2] / "docs" / "columns.md"

# (key in COLUMNS, the command's arguments, the scenario that names the dynamic columns)
CSV_COMMANDS = [
    ("forecast", ["forecast", "korea-2005", "-m", "all", "--outcome", "all"], "korea-2005"),
    ("trace", ["trace", "ec-car-emissions", "-m", "bdm"], "ec-car-emissions"),
    ("trace --events (bdm)", ["trace", "ec-car-emissions", "-m", "bdm", "--events"], None),
    ("trace --events (smp)", ["trace", "dummyData_3Dim", "-m", "smp", "--events"], None),
    ("trace --events (exchange)", ["trace", "korea-2005", "-m", "exchange", "--events"], None),
    ("ensemble", ["ensemble", "korea-2005", "-n", "20", "-t", "lwr>=50"], None),
    ("sensitivity", ["sensitivity", "ec-car-emissions"], None),
    ("sensitivity", ["sensitivity", "ec-car-emissions", "--method", "sobol", "--samples", "8"],
     None),
    ("whatif", ["whatif", "korea-2005", "--remove", "US", "-n", "20"], None),
    ("influence", ["influence", "ec-car-emissions"], None),
    ("backtest", ["backtest", "korea-2005"], None),
    ("backtest", ["backtest", "korea-2005", "--detail"], None),
    ("breakdown", ["breakdown", "korea-2009", "-n", "20", "-m", "bdm,nash"], None),
    *[
        ("breakdown", ["breakdown", "korea-2009", "-n", "20", "--table", part], None)
        for part in ("actors", "issues", "sensitivity", "sweep")
    ],
    ("skill", ["skill"], None),
    ("roadmap ledger", ["roadmap", "ledger", "korea-2007", "--on", "2008-12-31"], None),
    ("roadmap check", ["roadmap", "check", "korea-2007"], None),
    ("roadmap show", ["roadmap", "show", "korea-2007"], None),
    ("models", ["models"], None),
    ("runs list", ["runs", "list"], None),
]  # fmt: skip


def _named(scenario: str | None) -> set[str]:
    models = {m.name for m in list_models()}
    if scenario is None:
        return models
    s = load_scenario(scenario)
    return models | set(s.actor_ids) | set(s.issue_ids) | {o.id for o in s.outcomes}


def _unexplained(key: str, header: list[str], scenario: str | None) -> list[str]:
    named = _named(scenario)
    known = COLUMNS[key]
    wild = {"MODEL", "OUTCOME", "ACTOR"} & set(known)
    missing = []
    for column in header:
        if column in PLAIN or column in known or (wild and column in named):
            continue
        if column.startswith("P(") and "P(EVENT)" in known:
            continue
        missing.append(column)
    return missing


@pytest.mark.parametrize(("key", "args", "scenario"), CSV_COMMANDS)
def test_every_printed_column_is_explained(key: str, args: list[str], scenario: str | None):
    result = CliRunner().invoke(app, [*args, "-f", "csv"])
    assert result.exit_code == 0, result.output
    header = next(csv.reader(io.StringIO(result.stdout)))
    assert _unexplained(key, header, scenario) == []


def test_roadmap_status_tables_are_explained():
    args = ["roadmap", "status", "korea-2007", "--on", "2008-12-31", "--actions", "-f", "json"]
    result = CliRunner().invoke(app, args)
    data = json.loads(result.stdout)
    for part in ("stages", "groups", "deliveries", "actions"):
        header = list(data[part][0])
        assert _unexplained("roadmap status", header, None) == [], part


def test_help_ends_with_the_columns_of_the_command():
    runner = CliRunner()
    for key in ("forecast", "trace", "sensitivity", "influence", "roadmap status"):
        out = runner.invoke(app, [*key.split(), "--help"], terminal_width=200).stdout
        for column, meaning in COLUMNS[key].items():
            assert f"{column}: {meaning[:40]}" in " ".join(out.split()), (key, column)
    assert "eu_actor: E^i(U_ij)" in help_text("trace")
    assert "reference: the forecast of an empty table" in help_text("influence")


def test_the_docs_list_the_same_columns():
    # rebuild with: PYTHONPATH=src python scripts/build_columns_doc.py
    assert markdown() in DOCS.read_text(encoding="utf-8")
