"""Write docs/scenario.schema.json, the JSON Schema of the scenario format, from the pydantic model.

Usage::

    PYTHONPATH=src python scripts/build_schema.py

tests/scenario/test_schema_file.py fails when the committed file is out of date.
"""

from __future__ import annotations

from pathlib import Path

from detente.scenario import schema_json
from detente.scenario.files import write_atomic

OUTPUT = Path(__file__).resolve().parents[1] / "docs" / "scenario.schema.json"

if __name__ == "__main__":
    write_atomic(OUTPUT, schema_json())
    print(f"wrote {OUTPUT}")
