"""docs/scenario.schema.json is current, and the examples in docs/scenario-format.md load."""

from __future__ import annotations

import json
import re
from pathlib import Path

from detente.scenario import load_scenario, schema_json

SCHEMA_FILE = Path(__file__).resolve().parents[2] / "docs" / "scenario.schema.json"


def test_committed_schema_is_up_to_date() -> None:
    committed = SCHEMA_FILE.read_text(encoding="utf-8")
    assert committed == schema_json(), "run: PYTHONPATH=src python scripts/build_schema.py"


def test_schema_describes_the_top_level_fields() -> None:
    schema = json.loads(schema_json())
    assert schema["title"] == "Scenario"
    assert {"id", "name", "actors", "issues", "stances"} <= set(schema["required"])
    stance = schema["$defs"]["Stance"]["properties"]
    assert stance["salience"]["maximum"] == 1


def _blocks(language: str) -> list[str]:
    text = (SCHEMA_FILE.parent / "scenario-format.md").read_text(encoding="utf-8")
    return re.findall(rf"```{language}\n(.*?)```", text, flags=re.S)


def test_documented_examples_load(tmp_path: Path) -> None:
    (example,) = _blocks("yaml")
    path = tmp_path / "example.yaml"
    path.write_text(example, encoding="utf-8")
    s = load_scenario(path)
    assert (len(s.actors), len(s.issues), len(s.forums)) == (3, 2, 2)
    assert s.issue("zone").scale.high == 20
    csvs = _blocks("csv")
    assert len(csvs) == 3
    for k, block in enumerate(csvs):
        path = tmp_path / f"example{k}.csv"
        path.write_text(block, encoding="utf-8")
        assert load_scenario(path).actors


def test_documented_error_message_is_what_validate_prints(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from detente.cli import app

    (example,) = _blocks("yaml")
    example = example.replace("of Jan 2024.}", ", Jan 2024.}").replace(
        "aid: {position: 90, salience: 1.0,", "aid: {position: 90, salience: 50,"
    )
    (tmp_path / "talks.yaml").write_text(example, encoding="utf-8")
    (shown,) = _blocks("text")
    command, *expected = shown.strip().splitlines()
    assert command == "$ detente validate talks.yaml"
    result = CliRunner().invoke(app, ["validate", str(tmp_path / "talks.yaml")])
    assert result.exit_code == 2
    got = result.output.replace(str(tmp_path / "talks.yaml"), "talks.yaml").strip().splitlines()
    assert got == expected
