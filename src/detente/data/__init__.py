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


CATALOGUE = "catalogue.json"  # catalogue_of_files() as written by scripts/build_catalogue.py


def catalogue() -> list[dict[str, object]]:
    """One plain row per bundled scenario: name, title and how many actors, issues, outcomes.

    Read from the small ``catalogue.json`` beside the scenarios, which
    ``scripts/build_catalogue.py`` writes from the files (:func:`catalogue_of_files`); a test
    checks the two agree, so a stale catalogue fails the suite. Parsing the 190 kB of bundled
    YAML instead cost ``detente scenarios`` a fifth of its CPU.

    Returns
    -------
    list[dict[str, object]]
        The rows, in the order of :data:`BUNDLED`.
    """
    import json

    text = resources.files(__name__).joinpath(CATALOGUE).read_text(encoding="utf-8")
    rows: dict[str, dict[str, object]] = json.loads(text)
    return [rows[name] for name in bundled_names()]


def catalogue_of_files() -> list[dict[str, object]]:
    """The rows of :func:`catalogue`, read from the scenario files' YAML (without validating
    them: the test suite validates every bundled scenario).

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
