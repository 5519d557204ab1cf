"""docs/scenario.schema.json is the current JSON Schema of the scenario model."""

from __future__ import annotations

import json
from pathlib import Path

from detente.scenario import schema_json

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
