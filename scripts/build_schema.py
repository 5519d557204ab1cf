"""Write docs/scenario.schema.json and docs/futures.schema.json, the JSON Schemas of the scenario
and futures formats, from their pydantic models.

Usage::

    PYTHONPATH=src python scripts/build_schema.py [--check]

tests/scenario/test_format_docs.py and tests/futures/test_schema.py fail when a committed file is
out of date.
"""

from __future__ import annotations

import sys
from pathlib import Path

from bundle_io import write_or_check

from detente.futures import schema_json as futures_schema_json
from detente.scenario import schema_json

DOCS = Path(__file__).resolve().parents[1] / "docs"

if __name__ == "__main__":
    check = "--check" in sys.argv[1:]
    failed = write_or_check(schema_json(), DOCS / "scenario.schema.json", check=check)
    failed |= write_or_check(futures_schema_json(), DOCS / "futures.schema.json", check=check)
    sys.exit(failed)
