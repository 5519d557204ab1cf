"""Scenario data from the sheets of a workbook, each value's cell remembered for messages."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

from detente.errors import Problem
from detente.scenario.cells import text
from detente.scenario.xlsx_layout import ANCHOR_COLUMNS, PERCEPTION_FIELDS, SCENARIO_FIELDS

Listed = Callable[[Any], list[str]]
LIST_FIELDS = ("sources", "members")
NUMBER_FIELDS = {"capability", "capability_sd", "position", "salience", "position_sd"}
NUMBER_FIELDS |= {"salience_sd", "low", "high", "value", "date", "perception", "utility"}
NUMBER_FIELDS |= {"utility_sd", "exit_cost"}


def _plain(
    cells: Any,
    sheet: str,
    path: tuple[Any, ...],
    row: int,
    values: dict[str, Any],
    index: dict[str, int],
    listed: Listed,
) -> dict[str, Any]:
    """A record's fields (lists split), each field's cell remembered under ``path``."""
    out: dict[str, Any] = {}
    for name, value in values.items():
        if name in LIST_FIELDS:
            value = listed(value)
        elif name not in NUMBER_FIELDS and not isinstance(value, str):
            value = text(value)  # a name or an id typed as a number is still text
        out[name] = value
        cells.place((*path, name), sheet, row, index[name])
    return out


def _scenario_fields(cells: Any, data: dict[str, Any]) -> None:
    for row, values, index in cells.records("Scenario"):
        field, value = values.get("field"), values.get("value")
        if field is None:
            continue
        name = str(field).strip()
        if name not in SCENARIO_FIELDS:
            cells.problems.append(
                Problem(
                    f"sheet 'Scenario', row {row}",
                    f"unknown field '{name}'",
                    f"use {', '.join(SCENARIO_FIELDS)}",
                )
            )
            continue
        if value is not None:
            data[name] = str(value) if name != "date" else value
            cells.place((name,), "Scenario", row, index.get("value"))


def _issues(cells: Any, listed: Listed) -> list[dict[str, Any]]:
    issues: list[dict[str, Any]] = []
    for row, values, index in cells.records("Issues"):
        k = len(issues)
        scale = {f: values.pop(f) for f in ("low", "high", "unit") if f in values}
        anchors = {c.split()[1]: values.pop(c) for c in ANCHOR_COLUMNS if c in values}
        issue = _plain(cells, "Issues", ("issues", k), row, values, index, listed)
        if scale:
            issue["scale"] = scale
            cells.place(("issues", k, "scale"), "Issues", row, index.get("low"))
        if anchors:
            issue["anchors"] = {int(p): str(v) for p, v in anchors.items()}
        issues.append(issue)
    return issues


def _stances(cells: Any, listed: Listed) -> dict[str, dict[str, Any]]:
    stances: dict[str, dict[str, Any]] = {}
    first: dict[tuple[str, str], int] = {}
    for row, values, index in cells.records("Stances"):
        actor, issue = str(values.pop("actor", "")), str(values.pop("issue", ""))
        if not actor or not issue:
            cells.problems.append(
                Problem(f"sheet 'Stances', row {row}", "no actor or no issue", "fill both cells")
            )
            continue
        if (actor, issue) in first:
            cells.problems.append(
                Problem(
                    f"sheet 'Stances', row {row}",
                    f"{actor} on {issue} again (first in row {first[actor, issue]})",
                    "keep one row per actor and issue",
                )
            )
            continue
        first[actor, issue] = row
        path = ("stances", actor, issue)
        stances.setdefault(actor, {})[issue] = _plain(
            cells, "Stances", path, row, values, index, listed
        )
        cells.place(path, "Stances", row, None)
    return stances


def _outcomes(cells: Any, listed: Listed) -> list[dict[str, Any]]:
    outcomes = [
        _plain(cells, "Outcomes", ("outcomes", k), row, values, index, listed)
        for k, (row, values, index) in enumerate(cells.records("Outcomes"))
    ]
    for outcome in outcomes:
        outcome["values"] = {}  # an outcome may record no values (a collapse, say)
    by_id = {str(o.get("id")): (k, o) for k, o in enumerate(outcomes)}
    for row, values, index in cells.records("Outcome values"):
        oid, issue = str(values.get("outcome", "")), str(values.get("issue", ""))
        if oid not in by_id:
            cells.problems.append(
                Problem(
                    f"sheet 'Outcome values', row {row}",
                    f"unknown outcome '{oid}'",
                    f"use an id from the Outcomes sheet: {', '.join(by_id) or '(none yet)'}",
                )
            )
            continue
        k, outcome = by_id[oid]
        outcome["values"][issue] = values.get("value")
        cells.place(("outcomes", k, "values", issue), "Outcome values", row, index.get("value"))
    return outcomes


def _reservations(cells: Any, listed: Listed, actors: list[dict[str, Any]]) -> None:
    """What no deal is worth to each actor (sheets Reservations and Reservation accepts)."""
    by_id = {str(a.get("id")): (k, a) for k, a in enumerate(actors)}

    def actor(sheet: str, row: int, values: dict[str, Any]) -> tuple[int, dict[str, Any]] | None:
        aid = text(values.pop("actor", None))
        if aid in by_id:
            k, found = by_id[aid]
            return k, found.setdefault("reservation", {})
        cells.problems.append(
            Problem(
                f"sheet '{sheet}', row {row}",
                f"unknown actor '{aid}'",
                f"use an id from the Actors sheet: {', '.join(by_id) or '(none yet)'}",
            )
        )
        return None

    for row, values, index in cells.records("Reservations"):
        if (found := actor("Reservations", row, values)) is not None:
            k, reservation = found
            path = ("actors", k, "reservation")
            reservation.update(_plain(cells, "Reservations", path, row, values, index, listed))
            cells.place(path, "Reservations", row, None)
    for row, values, index in cells.records("Reservation accepts"):
        if (found := actor("Reservation accepts", row, values)) is not None:
            k, reservation = found
            issue = text(values.get("issue"))
            bounds = [values.get("low"), values.get("high")]
            reservation.setdefault("accepts", {})[issue] = bounds
            where = ("actors", k, "reservation", "accepts", issue)
            cells.place(where, "Reservation accepts", row, index.get("low"))


def _perception(cells: Any, listed: Listed) -> dict[str, Any] | None:
    """The Perception sheet's fields; None (perception off) when every value is empty."""
    found: dict[str, Any] = {}
    for row, values, index in cells.records("Perception"):
        name = text(values.get("field"))
        if name not in PERCEPTION_FIELDS:
            cells.problems.append(
                Problem(
                    f"sheet 'Perception', row {row}",
                    f"unknown field '{name}'",
                    f"use {', '.join(PERCEPTION_FIELDS)}",
                )
            )
        elif "value" in values:
            value = values["value"]
            found[name] = listed(value) if name == "sources" else value
            cells.place(("perception", name), "Perception", row, index.get("value"))
    return found or None


def _params(cells: Any) -> dict[str, dict[str, Any]]:
    from detente.errors import ScenarioError
    from detente.scenario.yaml_io import parse_yaml

    params: dict[str, dict[str, Any]] = {}
    for _, values, _ in cells.records("Params"):
        model, name, value = values.get("model"), values.get("parameter"), values.get("value")
        if model is None or name is None:
            continue
        if isinstance(value, str):
            with contextlib.suppress(ScenarioError):  # text YAML cannot read stays text
                value = parse_yaml(value, cells.source)
        params.setdefault(str(model), {})[str(name)] = value
    return params


def _sources(cells: Any) -> dict[str, dict[str, Any]]:
    sources: dict[str, dict[str, Any]] = {}
    rows: dict[str, int] = {}
    for row, values, index in cells.records("Sources"):
        sid = text(values.pop("id", None))
        if not sid or sid in sources:
            message = f"source '{sid}' again (first in row {rows[sid]})" if sid else "no id"
            cells.problems.append(
                Problem(
                    f"sheet 'Sources', row {row}", message, "give each source one row and an id"
                )
            )
            continue
        sources[sid], rows[sid] = {k: text(v) for k, v in values.items()}, row
        for name in values:
            cells.place(("sources", sid, name), "Sources", row, index[name])
    return sources


def build(cells: Any, listed: Listed) -> dict[str, Any]:
    """The scenario as plain data (the shape of the YAML format) from the workbook's sheets.

    Parameters
    ----------
    cells : the workbook's sheets
    listed : the sheets' lists of actors and issues

    Returns
    -------
    dict[str, Any]
        The data.
    """
    data: dict[str, Any] = {}
    _scenario_fields(cells, data)
    data["actors"] = [
        _plain(cells, "Actors", ("actors", k), row, values, index, listed)
        for k, (row, values, index) in enumerate(cells.records("Actors"))
    ]
    _reservations(cells, listed, data["actors"])
    data["issues"] = _issues(cells, listed)
    data["stances"] = _stances(cells, listed)
    data["forums"] = [
        _plain(cells, "Forums", ("forums", k), row, values, index, listed)
        for k, (row, values, index) in enumerate(cells.records("Forums"))
    ]
    data["outcomes"] = _outcomes(cells, listed)
    perception = _perception(cells, listed)
    if perception is not None:
        data["perception"] = perception
    data["sources"] = _sources(cells)
    data["params"] = _params(cells)
    return data
