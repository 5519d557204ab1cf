"""Load a scenario from a bundled name or a file in any supported format."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from detente.errors import Problem, ScenarioError, UnknownNameError
from detente.files import write_atomic
from detente.scenario.csv_io import read_classic_csv, scenario_to_csv
from detente.scenario.decide_io import looks_like_decide, read_decide
from detente.scenario.ktab_io import looks_like_ktab, read_ktab_csv
from detente.scenario.schema import Scenario
from detente.scenario.yaml_io import read_yaml, write_yaml

YAML_SUFFIXES = {".yaml", ".yml"}


@dataclass(frozen=True)
class Loaded:
    """A scenario with what the reader noticed on the way (rescaled saliences, scales)."""

    scenario: Scenario
    source: str
    notes: list[str] = field(default_factory=list)


def read(ref: str | Path) -> Loaded:
    """Read a bundled scenario by name, or a YAML, CSV (classic, KTAB, decide) or KTAB XML file.

    Parameters
    ----------
    ref : a bundled scenario's name or a file

    Returns
    -------
    Loaded
        The scenario, where it came from and what the reader noticed (rescaled saliences ...).
    """
    from detente import data

    name = str(ref)
    if not Path(name).exists() and name in data.bundled_names():
        path = data.bundled_path(name)
        return Loaded(read_yaml(path), f"bundled:{name}")
    path = Path(name)
    if not path.exists():
        raise UnknownNameError(
            f"'{name}' is neither a file nor a bundled scenario "
            f"(bundled: {', '.join(data.bundled_names())}; see `detente scenarios`)"
        )
    if path.is_dir():
        raise ScenarioError(name, [Problem("", "is a folder", "give a scenario file")])
    notes: list[str] = []
    suffix = path.suffix.lower()
    try:
        if suffix in YAML_SUFFIXES:
            scenario = read_yaml(path)
        elif suffix == ".csv":
            text = path.read_text(encoding="utf-8-sig")
            if looks_like_decide(text):
                scenario = read_decide(path, notes)
            else:
                reader = read_ktab_csv if looks_like_ktab(text) else read_classic_csv
                scenario = reader(path, notes)
        elif suffix == ".xml":
            from detente.scenario.ktab_xml import read_ktab_xml

            scenario = read_ktab_xml(path, notes)
        else:
            raise ScenarioError(
                name,
                [Problem("", f"unknown file type '{suffix}'", "use .yaml, .yml, .csv or .xml")],
            )
    except UnicodeDecodeError:
        raise ScenarioError(
            name, [Problem("", "not a text file (UTF-8)", "give a YAML, CSV or XML file")]
        ) from None
    return Loaded(scenario, name, notes)


def load_scenario(ref: str | Path) -> Scenario:
    """The scenario named by ``ref`` (bundled name or file path).

    Parameters
    ----------
    ref : a bundled scenario's name or a file

    Returns
    -------
    Scenario
        The validated scenario; problems raise :class:`ScenarioError` naming the file, the place and
        the fix.
    """
    return read(ref).scenario


def save_scenario(scenario: Scenario, path: str | Path) -> None:
    """Write a scenario as YAML or CSV, chosen by the file suffix (atomically).

    Parameters
    ----------
    scenario : the scenario
    path : a .yaml, .yml or .csv file
    """
    path = Path(path)
    if path.suffix.lower() in YAML_SUFFIXES:
        write_yaml(scenario, path)
    elif path.suffix.lower() == ".csv":
        write_atomic(path, scenario_to_csv(scenario))
    else:
        raise ScenarioError(
            str(path), [Problem("", f"cannot write '{path.suffix}'", "use .yaml or .csv")]
        )
