"""Write src/detente/data/catalogue.json from the bundled scenario files.

    python scripts/build_catalogue.py

Run it after adding or editing a bundled scenario (the test suite says when it is stale);
``detente scenarios`` reads the catalogue instead of parsing every scenario.
"""

from __future__ import annotations

import json
from pathlib import Path

from detente.data import CATALOGUE, catalogue_of_files

TARGET = Path(__file__).resolve().parents[1] / "src" / "detente" / "data" / CATALOGUE


def main() -> None:
    rows = {row["name"]: row for row in catalogue_of_files()}
    TARGET.write_text(json.dumps(rows, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"written: {TARGET} ({len(rows)} scenarios)")


if __name__ == "__main__":
    main()
