"""Edit a scenario with the what-if change language: set, shift, remove, add, open, close.

The language itself (one dataclass per kind of change, and its parsers) is in
:mod:`detente.scenario.changes`. :func:`apply_changes` returns a new, validated scenario, so a
notebook can write ``scenario.with_changes("open-forum US,RUS")`` without rebuilding models.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, TypeVar

import numpy as np
from pydantic import BaseModel

from detente.errors import DetenteError, UnknownNameError
from detente.scenario.change_forms import parse_change
from detente.scenario.changes import (
    ACTOR_ATTRIBUTES,
    AddActor,
    Change,
    CloseForum,
    OnlyBilateral,
    OpenForum,
    Preset,
    RemoveActor,
    SetValue,
    ShiftValue,
    Shock,
)
from detente.scenario.problems import validate_as

# Any scenario model (detente.scenario.schema.Scenario); this module never imports the schema,
# so the schema's with_changes can call it without an import circle.
S = TypeVar("S", bound=BaseModel)


def parse_changes(items: Sequence[str | Mapping[str, Any] | Change]) -> list[Change]:
    """Changes from CLI strings, YAML mappings or change objects (kept as they are).

    Parameters
    ----------
    items : the changes

    Returns
    -------
    list[Change]
        The parsed changes.
    """
    return [parse_change(item) for item in items]


def apply_changes(scenario: S, changes: Sequence[str | Mapping[str, Any] | Change]) -> S:
    """The scenario with every change applied in order, validated like a loaded file.

    Parameters
    ----------
    scenario : a scenario
    changes : changes as text, mappings or change objects

    Returns
    -------
    Scenario
        A new scenario; problems the changes cause raise :class:`ScenarioError` naming them.
    """
    data = scenario.model_dump()
    for change in parse_changes(changes):
        apply_change(data, change)
    source = f"what-if on '{data['id']}'"
    result: S = validate_as(type(scenario), data, source)
    return result


Data = dict[str, Any]  # a scenario as plain data (``Scenario.model_dump()``), edited in place


def apply_change(data: Data, change: Change) -> None:
    """Apply one change to scenario data in place (validation happens once, at the end).

    Parameters
    ----------
    data : a scenario as plain data (``model_dump()``), edited in place
    change : the change
    """
    if isinstance(change, Shock):
        from detente.scenario.presets import expand_shock

        for part in expand_shock(change, data):
            apply_change(data, part)
    elif isinstance(change, Preset):
        from detente.scenario.presets import expand_preset

        for part in expand_preset(change.name, data):
            apply_change(data, part)
    elif isinstance(change, SetValue | ShiftValue):
        _apply_value(data, change)
    elif isinstance(change, RemoveActor):
        _apply_remove(data, change)
    elif isinstance(change, AddActor):
        _apply_add(data, change)
    else:
        _apply_forums(data, change)


def _ids(items: list[Data]) -> list[str]:
    return [item["id"] for item in items]


def _known(name: str, known: list[str], kind: str) -> str:
    if name not in known:
        raise UnknownNameError(f"no {kind} '{name}' (known: {', '.join(known)})")
    return name


def _resolve(spec: str, known: list[str]) -> list[str]:
    """Actor ids from 'US', 'US,ROK', '*' or '*-DPRK,JPN'."""
    if spec == "*" or spec.startswith("*-"):
        dropped = {_known(a, known, "actor") for a in spec[2:].split(",") if a}
        return [a for a in known if a not in dropped]
    return [_known(a, known, "actor") for a in spec.split(",")]


def _moved(old: float, change: SetValue | ShiftValue, low: float, high: float) -> float:
    if isinstance(change, SetValue):
        return change.value  # out of range -> caught by validation, with the field named
    new = old * (1 + change.delta / 100) if change.percent else old + change.delta
    return min(max(new, low), high)


def _apply_actor_value(actor: Data, change: SetValue | ShiftValue) -> None:
    """Capability, reservation value (a utility, 0-1) or exit cost (0-1) of one actor."""
    if change.attribute == "capability":
        actor["capability"] = _moved(actor["capability"], change, -np.inf, np.inf)
        return
    res = actor.get("reservation")
    if change.attribute == "reservation":
        if res is None or res.get("utility") is None:
            if isinstance(change, ShiftValue) or (res and res.get("accepts")):
                raise DetenteError(
                    f"'{change.to_text()}': {actor['id']} states no reservation utility to "
                    f"shift (fix: 'set {actor['id']} reservation 0.4')"
                )
            actor["reservation"] = {**(res or {}), "utility": change.value, "accepts": {}}
            return
        res["utility"] = _moved(res["utility"], change, 0.0, 1.0)
        return
    if res is None:
        raise DetenteError(
            f"'{change.to_text()}': {actor['id']} states no reservation value, so an exit cost "
            f"changes nothing (fix: 'set {actor['id']} reservation 0.4' first)"
        )
    res["exit_cost"] = _moved(res.get("exit_cost", 0.0), change, 0.0, 1.0)


def _apply_value(data: Data, change: SetValue | ShiftValue) -> None:
    actors = _resolve(change.actors, _ids(data["actors"]))
    if change.attribute in ACTOR_ATTRIBUTES:
        if change.issue is not None:
            raise DetenteError(
                f"'{change.to_text()}': {change.attribute} belongs to an actor, not to an "
                "issue (fix: drop ':ISSUE')"
            )
        for actor in data["actors"]:
            if actor["id"] in actors:
                _apply_actor_value(actor, change)
        return
    issues = {i["id"]: i for i in data["issues"]}
    chosen = list(issues) if change.issue is None else [_known(change.issue, list(issues), "issue")]
    for a in actors:
        for i in chosen:
            stance = data["stances"][a][i]
            low, high = (
                (0.0, 1.0)
                if change.attribute == "salience"
                else (issues[i]["scale"]["low"], issues[i]["scale"]["high"])
            )
            stance[change.attribute] = _moved(stance[change.attribute], change, low, high)


def _forums(data: Data) -> list[Data]:
    """The forums as a list, the implicit all-party plenary made explicit."""
    if data["forums"]:
        return [dict(f, members=list(f["members"])) for f in data["forums"]]
    return [{"id": "plenary", "name": "Plenary", "members": _ids(data["actors"]), "notes": None}]


def _apply_remove(data: Data, change: RemoveActor) -> None:
    actor = _known(change.actor, _ids(data["actors"]), "actor")
    if len(data["actors"]) == 1:
        raise DetenteError(f"cannot remove '{actor}': it is the only actor")
    had_forums = bool(data["forums"])
    data["actors"] = [a for a in data["actors"] if a["id"] != actor]
    data["stances"].pop(actor)
    if had_forums:
        kept = [dict(f, members=[m for m in f["members"] if m != actor]) for f in _forums(data)]
        data["forums"] = [f for f in kept if len(f["members"]) >= 2]
        if not data["forums"]:
            raise DetenteError(f"removing '{actor}' leaves no forum with two members")


def _apply_add(data: Data, change: AddActor) -> None:
    if change.actor in _ids(data["actors"]):
        raise DetenteError(f"cannot add '{change.actor}': an actor with that id exists")
    issues = _ids(data["issues"])
    positions, saliences = dict(change.positions), dict(change.saliences)
    for i in [*positions, *saliences]:
        _known(i, issues, "issue")
    if data["forums"]:
        everyone = set(_ids(data["actors"]))
        joins = change.forums
        if joins is None:
            joins = tuple(f["id"] for f in data["forums"] if everyone <= set(f["members"]))
        forums = _forums(data)
        for f_id in joins:
            _known(f_id, _ids(forums), "forum")
        data["forums"] = [
            dict(f, members=[*f["members"], change.actor]) if f["id"] in joins else f
            for f in forums
        ]
    added = {
        "id": change.actor,
        "name": change.name or change.actor,
        "capability": change.capability,
    }
    data["actors"] = [*data["actors"], added]
    data["stances"][change.actor] = {
        i: {
            "position": positions.get(i, change.position),
            "salience": saliences.get(i, change.salience),
        }
        for i in issues
    }


def _apply_forums(data: Data, change: OpenForum | CloseForum | OnlyBilateral) -> None:
    forums = _forums(data)
    if isinstance(change, OpenForum):
        for m in change.members:
            _known(m, _ids(data["actors"]), "actor")
        if change.forum_id in _ids(forums):
            raise DetenteError(f"a forum '{change.forum_id}' is already open (fix: id=OTHER)")
        forums.append(
            {
                "id": change.forum_id,
                "name": change.forum_id,
                "members": list(change.members),
                "notes": "opened by a what-if",
            }
        )
    elif isinstance(change, CloseForum):
        _known(change.forum, _ids(forums), "forum")
        forums = [f for f in forums if f["id"] != change.forum]
    else:
        forums = [f for f in forums if len(f["members"]) == 2]
    if not forums:
        raise DetenteError(
            f"'{change.to_text()}' leaves no forum at all, so no one would talk "
            "(fix: open a channel first, e.g. 'open-forum US,DPRK')"
        )
    data["forums"] = forums
