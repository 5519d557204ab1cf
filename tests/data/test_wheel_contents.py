"""The bundled scenarios are really inside the built wheel (and tests are not)."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from detente.data import BUNDLED, BUNDLED_PANELS

ROOT = Path(__file__).resolve().parents[2]


def test_wheel_holds_the_bundled_scenarios(tmp_path: Path) -> None:
    cmd = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
           "-w", str(tmp_path), str(ROOT)]  # fmt: skip
    subprocess.run(cmd, check=True, capture_output=True, timeout=300)
    (wheel,) = tmp_path.glob("detente-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for filename in BUNDLED.values():
        assert f"detente/data/{filename}" in names
    assert "detente/data/catalogue.json" in names  # what `detente scenarios` reads
    assert {"korea-2005.yaml", "ec-car-emissions.yaml", "dummyData_3Dim.yaml"} <= set(
        BUNDLED.values()
    )
    for folder in BUNDLED_PANELS.values():  # the demo panel's manifest and six member files
        assert len([n for n in names if n.startswith(f"detente/data/{folder}/")]) == 7
    assert not [n for n in names if n.startswith("tests/") or "/tests/" in n]
    # non-Python files the run store and the report load at run time
    assert {"detente/store/migrations/env.py", "detente/store/migrations/versions/0001_runs.py",
            "detente/store/migrations/versions/0004_panels.py",
            "detente/report/templates/report.html.j2"} <= names  # fmt: skip
