"""Edit a scenario cell by cell: values given as text at field paths, checked as a file is.

A path is the dotted location the validation messages use: ``stances.RUS.denuc_scope.salience``,
``actors.2.capability``, ``issues.0.name``; list items may also be named by id
(``actors.RUS.capability``, as :mod:`detente.scenario.diff` names them). The edited scenario is
validated whole, so every problem comes back with the same message the CLI prints for a file,
at the path of its cell.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from detente.errors import Problem, ScenarioError
from detente.scenario.problems import validate_as
from detente.scenario.schema import Scenario

NUMBER_FIELDS = {
    "position",
    "salience",
    "position_sd",
    "salience_sd",
    "capability",
    "capability_sd",
    "low",
    "high",
}


def _parse(path: str, text: str) -> tuple[Any, Problem | None]:
    """The value of a cell: a number for number fields (decimal comma accepted), else text."""
    last = path.rsplit(".", 1)[-1]
    if last not in NUMBER_FIELDS and not path.startswith("outcomes."):
        return text, None
    cleaned = text.strip().replace(",", ".")
    try:
        value = float(cleaned)
    except ValueError:
        return None, Problem(path, f"'{text}' is not a number", "give a number")
    if not math.isfinite(value):
        return None, Problem(path, f"'{text}' is not a finite number", "give a number")
    return value, None


def _child(node: Any, part: str) -> Any:
    """``node[part]``: a list item by index or by its ``id`` ('actors.RUS'), a mapping's value."""
    if isinstance(node, list):
        if part.isdigit() and int(part) < len(node):
            return node[int(part)]
        return next((x for x in node if isinstance(x, dict) and x.get("id") == part), None)
    return node.get(part) if isinstance(node, dict) else None


def _set(data: Any, parts: list[str], value: Any) -> bool:
    """Set ``data[parts...] = value``; False when the path leads nowhere."""
    node = data
    for part in parts[:-1]:
        node = _child(node, part)
        if node is None:
            return False
    last = parts[-1]
    if isinstance(node, dict):
        node[last] = value
        return True
    if isinstance(node, list) and last.isdigit() and int(last) < len(node):
        node[int(last)] = value
        return True
    return False


def apply_edits(scenario: Scenario, edits: Mapping[str, str], source: str = "edit") -> Scenario:
    """A validated copy of ``scenario`` with the cells in ``edits`` (path -> text) changed.

    Raises
    ------
    ScenarioError
        One :class:`~detente.errors.Problem` per cell that is not a number where one is needed,
        per path that names no field, and per validation problem of the edited scenario, each
        located at its path.

    Parameters
    ----------
    scenario : the scenario
    edits : field path -> the cell's new text
    source : names the edit in messages

    Returns
    -------
    Scenario
        The edited, validated scenario.
    """
    data = scenario.model_dump(mode="json")
    problems: list[Problem] = []
    for path, text in edits.items():
        value, problem = _parse(path, text)
        if problem is not None:
            problems.append(problem)
        elif not _set(data, path.split("."), value):
            problems.append(Problem(path, "names no cell of this scenario", "reload the page"))
    if problems:
        raise ScenarioError(source, problems)
    result: Scenario = validate_as(Scenario, data, source)
    return result


def cell_problems(scenario: Scenario, path: str, text: str) -> list[Problem]:
    """The problems of changing one cell alone (empty when the value is fine).

    Parameters
    ----------
    scenario : the scenario
    path : the cell's field path
    text : its new text

    Returns
    -------
    list[Problem]
        The problems.
    """
    try:
        apply_edits(scenario, {path: text})
    except ScenarioError as exc:
        return [p for p in exc.problems if p.location == path] or exc.problems
    return []
