"""The cells an expert can assess: what each kind of value is, its range, and where it lives.

A cell is one number of a scenario: an actor's position or salience on an issue, or an actor's
capability or reservation (walk-away) utility. Each kind is described once in
:data:`CELL_KINDS` (its admissible range, how to read its value from a scenario and write it
back, which model array holds it), so adding a kind is one entry here and nothing else changes.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from detente.errors import UnknownNameError
from detente.scenario import Scenario

Bounds = tuple[float, float]


@dataclass(frozen=True)
class CellKind:
    """One kind of assessable value.

    Attributes
    ----------
    name : the id used in files, tables and the store (``position``)
    per_issue : True when the value belongs to an actor on an issue, False for one per actor
    label : a few words for people
    bounds : the admissible range of a value given the scenario, the actor and the issue
    read : the scenario's own value of the cell
    write : set a value and its standard deviation in a scenario's plain-data dump (in place)
    array : the :class:`~detente.core.arrays.ScenarioArrays` field that holds it (None: models
        do not read it from the arrays, so ensembles hold it at its completed value)
    positive : values must be above the lower bound, not equal to it (capability)
    """

    name: str
    per_issue: bool
    label: str
    bounds: Callable[[Scenario, str, str | None], Bounds]
    read: Callable[[Scenario, str, str | None], float]
    write: Callable[[dict[str, Any], str, str | None, float, float], None]
    array: str | None = None
    positive: bool = False


def _issue_scale(s: Scenario, actor: str, issue: str | None) -> Bounds:
    scale = s.issue(str(issue)).scale
    return (scale.low, scale.high)


def _unit(s: Scenario, actor: str, issue: str | None) -> Bounds:
    return (0.0, 1.0)


def _positive(s: Scenario, actor: str, issue: str | None) -> Bounds:
    return (0.0, math.inf)


def _stance_reader(field: str) -> Callable[[Scenario, str, str | None], float]:
    def read(s: Scenario, actor: str, issue: str | None) -> float:
        return float(getattr(s.stances[actor][str(issue)], field))

    return read


def _stance_writer(field: str) -> Callable[[dict[str, Any], str, str | None, float, float], None]:
    def write(data: dict[str, Any], actor: str, issue: str | None, value: float, sd: float) -> None:
        stance = data["stances"][actor][str(issue)]
        stance[field] = value
        stance[f"{field}_sd"] = sd

    return write


def _read_capability(s: Scenario, actor: str, issue: str | None) -> float:
    return float(s.actor(actor).capability)


def _write_capability(
    data: dict[str, Any], actor: str, issue: str | None, value: float, sd: float
) -> None:
    for entry in data["actors"]:
        if entry["id"] == actor:
            entry["capability"] = value
            entry["capability_sd"] = sd


def _read_reservation(s: Scenario, actor: str, issue: str | None) -> float:
    """The actor's reservation utility as the scenario states it, before any exit cost (NaN
    when it states none); a reservation stated as accepted positions is turned into a utility."""
    from detente.scenario.reservation import reservation_values

    r = s.actor(actor).reservation
    if r is None:
        return float("nan")
    if r.utility is not None:
        return float(r.utility)
    k = s.actor_ids.index(actor)
    return float(reservation_values(s)[k] + r.exit_cost)


def _write_reservation(
    data: dict[str, Any], actor: str, issue: str | None, value: float, sd: float
) -> None:
    for entry in data["actors"]:
        if entry["id"] == actor:
            before = entry.get("reservation") or {}
            entry["reservation"] = {
                "utility": value, "utility_sd": sd, "exit_cost": before.get("exit_cost", 0.0),
                "basis": "expert panel", "sources": before.get("sources", ()),
            }  # fmt: skip


CELL_KINDS: dict[str, CellKind] = {
    "position": CellKind(
        "position", True, "position on the issue's scale", _issue_scale,
        _stance_reader("position"), _stance_writer("position"), "position",
    ),
    "salience": CellKind(
        "salience", True, "salience (0-1)", _unit,
        _stance_reader("salience"), _stance_writer("salience"), "salience",
    ),
    "capability": CellKind(
        "capability", False, "capability (clout, > 0)", _positive,
        _read_capability, _write_capability, "capability", positive=True,
    ),
    # walk-away value (docs/breakdown.md): a utility 0-1; models read it whole, not per run
    "reservation": CellKind(
        "reservation", False, "reservation utility (0-1): what no deal is worth",
        _unit, _read_reservation, _write_reservation,
    ),
}  # fmt: skip


def register_cell_kind(kind: CellKind) -> CellKind:
    """Make another kind of value assessable (for example walk-away values).

    Parameters
    ----------
    kind : the new kind (its name must be new)

    Returns
    -------
    CellKind
        The same kind.
    """
    if kind.name in CELL_KINDS and CELL_KINDS[kind.name] is not kind:
        raise ValueError(f"cell kind '{kind.name}' registered twice")
    CELL_KINDS[kind.name] = kind
    return kind


def cell_kind(name: str) -> CellKind:
    """The kind registered under ``name``.

    Parameters
    ----------
    name : a kind's name ('position', 'salience', 'capability' ...)

    Returns
    -------
    CellKind
        The kind; an unknown name is an UnknownNameError listing the known.
    """
    try:
        return CELL_KINDS[name]
    except KeyError:
        known = ", ".join(CELL_KINDS)
        raise UnknownNameError(f"no cell kind '{name}' (known: {known})") from None


@dataclass(frozen=True, order=True)
class Cell:
    """One assessable value: a kind, an actor and (for per-issue kinds) an issue."""

    kind: str
    actor: str
    issue: str = ""

    @property
    def key(self) -> str:
        """A stable text key, ``kind:actor`` or ``kind:actor:issue``."""
        return (
            f"{self.kind}:{self.actor}:{self.issue}" if self.issue else f"{self.kind}:{self.actor}"
        )

    def problem(self, scenario: Scenario) -> str | None:
        """Why the cell does not exist in ``scenario``.

        Parameters
        ----------
        scenario : the scenario

        Returns
        -------
        str | None
            The reason, or None when the cell exists.
        """
        if self.kind not in CELL_KINDS:
            return f"unknown cell kind '{self.kind}' (known: {', '.join(CELL_KINDS)})"
        if self.actor not in scenario.actor_ids:
            return f"no actor '{self.actor}' (known: {', '.join(scenario.actor_ids)})"
        per_issue = CELL_KINDS[self.kind].per_issue
        if per_issue and self.issue not in scenario.issue_ids:
            return f"no issue '{self.issue}' (known: {', '.join(scenario.issue_ids)})"
        if not per_issue and self.issue:
            return f"a {self.kind} belongs to an actor, not to an issue ('{self.issue}')"
        return None

    def bounds(self, scenario: Scenario) -> Bounds:
        """The admissible range of the cell's value on this scenario.

        Parameters
        ----------
        scenario : the scenario the panel assesses

        Returns
        -------
        Bounds
            The low and high ends.
        """
        return cell_kind(self.kind).bounds(scenario, self.actor, self.issue or None)

    def base(self, scenario: Scenario) -> float:
        """The scenario's own value of the cell.

        Parameters
        ----------
        scenario : the scenario the panel assesses

        Returns
        -------
        float
            The value.
        """
        return cell_kind(self.kind).read(scenario, self.actor, self.issue or None)


def scenario_cells(scenario: Scenario, kinds: tuple[str, ...] | None = None) -> Iterator[Cell]:
    """Every cell of ``scenario`` of the given kinds.

    Parameters
    ----------
    scenario : the scenario
    kinds : kind names (None: every registered kind)

    Returns
    -------
    Iterator[Cell]
        The cells in a stable order: kind, actor, issue.
    """
    for name in kinds or tuple(CELL_KINDS):
        kind = cell_kind(name)
        for actor in scenario.actor_ids:
            if kind.per_issue:
                for issue in scenario.issue_ids:
                    yield Cell(name, actor, issue)
            else:
                yield Cell(name, actor)
