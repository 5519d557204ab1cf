"""Read a roadmap (bundled name or YAML file), resolve its scenario, check ids against it."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from detente.errors import Problem, ScenarioError, UnknownNameError
from detente.roadmap.checks import check_against_scenario
from detente.roadmap.schema import Roadmap
from detente.scenario.limits import read_text
from detente.scenario.load import load_scenario
from detente.scenario.problems import validate_as
from detente.scenario.schema import Scenario
from detente.scenario.yaml_io import line_finder, parse_document

BUNDLED = {
    "korea-2007": "korea-2007.yaml",
    "ne-asia-security": "ne-asia-security.yaml",
    "dismantlement": "dismantlement.yaml",
}


def bundled_roadmaps() -> list[str]:
    """Names of the roadmaps shipped with detente.

    Returns
    -------
    list[str]
        The names.
    """
    return list(BUNDLED)


def bundled_roadmap_path(name: str) -> Path:
    """Path of a bundled roadmap file inside the installed package.

    Parameters
    ----------
    name : a bundled roadmap's name

    Returns
    -------
    Path
        The YAML file.
    """
    return Path(str(resources.files("detente.roadmap").joinpath("data", BUNDLED[name])))


@dataclass(frozen=True)
class LoadedRoadmap:
    """A validated roadmap together with the scenario it refers to."""

    roadmap: Roadmap
    scenario: Scenario
    source: str


def read_roadmap(ref: str | Path) -> LoadedRoadmap:
    """Load a roadmap by bundled name or path, with its scenario; every id is checked.

    Parameters
    ----------
    ref : a bundled roadmap's name or a YAML file

    Returns
    -------
    LoadedRoadmap
        The roadmap, its scenario and where it came from; problems raise :class:`ScenarioError` with
        their lines.
    """
    name = str(ref)
    path = Path(name)
    if not path.exists() and name in BUNDLED:
        path = bundled_roadmap_path(name)
    elif not path.exists():
        raise UnknownNameError(
            f"'{name}' is neither a file nor a bundled roadmap (bundled: {', '.join(BUNDLED)})"
        )
    if path.is_dir() or path.suffix.lower() not in {".yaml", ".yml"}:
        raise ScenarioError(name, [Problem("", "a roadmap is a YAML file", "give a .yaml file")])
    text, _ = read_text(path, name)
    data, root = parse_document(text, name)
    line_of = line_finder(root)
    if isinstance(data, dict) and isinstance(data.get("scenario"), dict):
        data = {**data, "scenario": _inline_scenario(data["scenario"], name, line_of)}
    roadmap: Roadmap = validate_as(Roadmap, data, name, line_of)
    scenario = _scenario_of(roadmap, path, name, line_of)
    problems = check_against_scenario(roadmap, scenario)
    if problems:
        raise ScenarioError(
            name,
            [
                Problem(
                    where, message, "use the ids defined in the scenario", line_of(_path(where))
                )
                for where, message in problems
            ],
        )
    return LoadedRoadmap(roadmap, scenario, name)


def attach(roadmap: Roadmap, scenario: Scenario | None = None) -> LoadedRoadmap:
    """A roadmap given as an object, with its scenario, every id checked against it.

    Parameters
    ----------
    roadmap : a validated roadmap
    scenario : the scenario it is played against (default: the one the roadmap names or holds;
        a name must be a bundled scenario)

    Returns
    -------
    LoadedRoadmap
        The roadmap and its scenario; ids the scenario lacks raise :class:`ScenarioError`.
    """
    if scenario is None:
        ref = roadmap.scenario
        scenario = ref if isinstance(ref, Scenario) else load_scenario(ref)
    problems = check_against_scenario(roadmap, scenario)
    if problems:
        fix = "use the ids defined in the scenario"
        raise ScenarioError(roadmap.id, [Problem(where, msg, fix) for where, msg in problems])
    return LoadedRoadmap(roadmap, scenario, roadmap.id)


def load_roadmap(ref: str | Path) -> Roadmap:
    """The roadmap named by ``ref`` (bundled name or YAML path), validated.

    Parameters
    ----------
    ref : a bundled roadmap's name or a YAML file

    Returns
    -------
    Roadmap
        The roadmap.
    """
    return read_roadmap(ref).roadmap


def _scenario_of(roadmap: Roadmap, path: Path, source: str, line_of: Any) -> Scenario:
    if isinstance(roadmap.scenario, Scenario):
        return roadmap.scenario
    ref = roadmap.scenario
    beside = path.parent / ref
    try:
        return load_scenario(beside if beside.is_file() else ref)
    except UnknownNameError as exc:
        raise ScenarioError(
            source,
            [
                Problem(
                    "scenario",
                    str(exc),
                    "name a bundled scenario or a file path relative to the roadmap",
                    line_of(("scenario",)),
                )
            ],
        ) from None


def _inline_scenario(data: dict[str, Any], source: str, line_of: Any) -> Scenario:
    """Validate a scenario written inside the roadmap file; problems point into 'scenario.'."""
    try:
        result: Scenario = validate_as(
            Scenario, data, source, lambda path: line_of(("scenario", *path))
        )
    except ScenarioError as exc:
        raise ScenarioError(
            source,
            [
                Problem(f"scenario.{p.location}".rstrip("."), p.message, p.fix, p.line)
                for p in exc.problems
            ],
        ) from None
    return result


def _path(where: str) -> tuple[str | int, ...]:
    return tuple(int(p) if p.isdigit() else p for p in where.split("."))
