"""Scenarios bundled with detente, loadable by name (``detente scenarios`` lists them)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

BUNDLED = {
    "korea-2005": "korea-2005.yaml",
    "korea-2007": "korea-2007.yaml",
    "korea-2009": "korea-2009.yaml",
    "ec-car-emissions": "ec-car-emissions.yaml",
    "dummyData_3Dim": "dummyData_3Dim.yaml",
}


def bundled_names() -> list[str]:
    """Names of the bundled scenarios."""
    return list(BUNDLED)


def bundled_path(name: str) -> Path:
    """Path of a bundled scenario file inside the installed package."""
    return Path(str(resources.files(__name__).joinpath(BUNDLED[name])))
