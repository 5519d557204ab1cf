"""Write docs/scenario.schema.json, the JSON Schema of the scenario format, from the pydantic model.

Usage::

    PYTHONPATH=src python scripts/build_schema.py [--check]

tests/scenario/test_format_docs.py fails when the committed file is out of date.
"""

from __future__ import annotations

import sys
from pathlib import Path

from bundle_io import write_or_check

from detente.scenario import schema_json

OUTPUT = Path(__file__).resolve().parents[1] / "docs" / "scenario.schema.json"

if __name__ == "__main__":
    sys.exit(write_or_check(schema_json(), OUTPUT, check="--check" in sys.argv[1:]))
