"""Scenarios and expert panels bundled with detente, loadable by name (``detente scenarios``)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

BUNDLED = {
    "korea-2005": "korea-2005.yaml",
    "ec-car-emissions": "ec-car-emissions.yaml",
    "dummyData_3Dim": "dummyData_3Dim.yaml",
}


def bundled_names() -> list[str]:
    """Names of the bundled scenarios."""
    return list(BUNDLED)


def bundled_path(name: str) -> Path:
    """Path of a bundled scenario file inside the installed package."""
    return Path(str(resources.files(__name__).joinpath(BUNDLED[name])))


# Expert panels: a folder of member assessment files each (see docs/panels.md).
BUNDLED_PANELS = {
    "korea-2005-panel": "panels/korea-2005-panel",
}


def bundled_panel_names() -> list[str]:
    """Names of the bundled expert panels."""
    return list(BUNDLED_PANELS)


def bundled_panel_path(name: str) -> Path:
    """Folder of a bundled panel inside the installed package."""
    return Path(str(resources.files(__name__).joinpath(BUNDLED_PANELS[name])))
