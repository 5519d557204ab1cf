"""Scenarios and expert panels bundled with detente, loadable by name (``detente scenarios``,
``detente panel list``)."""

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
    """Names of the bundled scenarios.

    Returns
    -------
    list[str]
        The names, in a fixed order.
    """
    return list(BUNDLED)


def bundled_path(name: str) -> Path:
    """Path of a bundled scenario file inside the installed package.

    Parameters
    ----------
    name : a bundled scenario's name

    Returns
    -------
    Path
        The YAML file.
    """
    return Path(str(resources.files(__name__).joinpath(BUNDLED[name])))


def catalogue() -> list[dict[str, object]]:
    """One plain row per bundled scenario: name, title and how many actors, issues, outcomes.

    Read from the files' YAML alone, without validating them (the test suite validates every
    bundled scenario), so that ``detente scenarios`` answers at once.

    Returns
    -------
    list[dict[str, object]]
        The rows, in the order of :data:`BUNDLED`.
    """
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    rows: list[dict[str, object]] = []
    for name in bundled_names():
        data = yaml.load(bundled_path(name).read_text(encoding="utf-8"), Loader=loader)
        counts = {key: len(data.get(key) or []) for key in ("actors", "issues", "outcomes")}
        rows.append({"name": name, "title": data["name"], **counts})
    return rows


# Expert panels: a folder of member assessment files each (see docs/panels.md).
BUNDLED_PANELS = {
    "korea-2005-panel": "panels/korea-2005-panel",
}


def bundled_panel_names() -> list[str]:
    """Names of the bundled expert panels.

    Returns
    -------
    list[str]
        The names, in a fixed order.
    """
    return list(BUNDLED_PANELS)


def bundled_panel_path(name: str) -> Path:
    """Folder of a bundled panel inside the installed package.

    Parameters
    ----------
    name : a bundled panel's name

    Returns
    -------
    Path
        The folder holding its panel.yaml and member files.
    """
    return Path(str(resources.files(__name__).joinpath(BUNDLED_PANELS[name])))
