"""The classic expected-utility CSV: ``Actor,Capability,Position,Salience`` (one issue).

A long variant with an ``Issue`` column (one row per actor and issue) carries several issues.
Positions may use any range: an issue's scale is given by optional ``ScaleLow`` and
``ScaleHigh`` columns, or else it is the range of the positions, so that a change of units in
the file changes every forecast by the same map. Saliences on 0-100 instead of 0-1 are detected
and rescaled. Both facts are reported as notes.
"""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path
from typing import Any

from detente.errors import Problem, ScenarioError
from detente.scenario.problems import validate_as
from detente.scenario.schema import Scenario, slug

REQUIRED = ("Actor", "Capability", "Position", "Salience")
SCALE = ("ScaleLow", "ScaleHigh")  # optional: the ends of the issue's scale


def _number(text: str, where: str, line: int, problems: list[Problem]) -> float:
    try:
        value = float(text)
    except (TypeError, ValueError):
        problems.append(Problem(where, f"'{text}' is not a number", "give a number", line))
        return math.nan
    if not math.isfinite(value):
        problems.append(Problem(where, f"'{text}' is not a finite number", "give a number", line))
    return value


def read_classic_csv(path: Path, notes: list[str] | None = None) -> Scenario:
    """Read the classic (or long, with ``Issue``) CSV into a scenario."""
    notes = notes if notes is not None else []
    source = str(path)
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    rows = [[c.strip() for c in r] for r in rows if any(c.strip() for c in r)]
    if not rows:
        raise ScenarioError(source, [Problem("", "the file is empty", "add a header and rows")])
    header = rows[0]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise ScenarioError(
            source,
            [
                Problem(
                    "header",
                    f"missing column(s) {missing}",
                    f"the header must hold {', '.join(REQUIRED)}",
                    1,
                )
            ],
        )
    col = {name: header.index(name) for name in header}
    problems: list[Problem] = []
    records = []
    for line, row in enumerate(rows[1:], start=2):
        if len(row) < len(header):
            problems.append(
                Problem(
                    f"row {line - 1}",
                    f"{len(row)} cells, header has {len(header)}",
                    "fill every column",
                    line,
                )
            )
            continue
        rec: dict[str, Any] = {
            "actor": row[col["Actor"]],
            "issue": row[col["Issue"]] if "Issue" in col else "issue",
        }
        for name in ("Capability", "Position", "Salience", *(SCALE if _has_scale(col) else ())):
            rec[name] = _number(row[col[name]], f"row {line - 1}.{name}", line, problems)
        records.append(rec)
    if problems:
        raise ScenarioError(source, problems)
    return _scenario_from_records(path, records, notes)


def _scenario_from_records(path: Path, records: list[dict[str, Any]], notes: list[str]) -> Scenario:
    source = str(path)
    issue_names = list(dict.fromkeys(r["issue"] for r in records))
    actor_names = list(dict.fromkeys(r["actor"] for r in records))
    if any(r["Salience"] > 1 for r in records):
        notes.append("salience read on a 0-100 scale (a value above 1) and divided by 100")
        for r in records:
            r["Salience"] /= 100.0
    issues = []
    for name in issue_names:
        rows = [r for r in records if r["issue"] == name]
        if "ScaleLow" in rows[0]:
            low, high = rows[0]["ScaleLow"], rows[0]["ScaleHigh"]
        else:
            low, high = _position_range([r["Position"] for r in rows])
            notes.append(
                f"issue '{name}': scale set to the positions' range {low:g}-{high:g} "
                "(add ScaleLow and ScaleHigh columns to set it)"
            )
        issues.append({"id": slug(name), "name": name, "scale": {"low": low, "high": high}})
    capability: dict[str, float] = {}
    stances: dict[str, dict[str, dict[str, float]]] = {}
    for r in records:
        aid = slug(r["actor"])
        capability.setdefault(aid, r["Capability"])
        stances.setdefault(aid, {})[slug(r["issue"])] = {
            "position": r["Position"],
            "salience": r["Salience"],
        }
    data = {
        "id": slug(path.stem),
        "name": path.stem,
        "actors": [
            {"id": slug(n), "name": n, "capability": capability[slug(n)]} for n in actor_names
        ],
        "issues": issues,
        "stances": stances,
    }
    result: Scenario = validate_as(Scenario, data, source)
    return result


def _has_scale(col: dict[str, int]) -> bool:
    return all(name in col for name in SCALE)


def _position_range(values: list[float]) -> tuple[float, float]:
    """The least and greatest position (one unit wide where they are equal)."""
    low, high = min(values), max(values)
    return low, high if high > low else low + 1.0


def scenario_to_csv(scenario: Scenario) -> str:
    """Classic CSV for one issue; the long form (with ``Issue``) for several."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    many = len(scenario.issues) > 1
    header = ["Actor", *(["Issue"] if many else []), "Capability", "Position", "Salience", *SCALE]
    writer.writerow(header)
    for actor in scenario.actors:
        for issue in scenario.issues:
            st = scenario.stances[actor.id][issue.id]
            cells = [actor.id, *([issue.id] if many else [])]
            numbers = (
                actor.capability,
                st.position,
                st.salience,
                issue.scale.low,
                issue.scale.high,
            )
            writer.writerow([*cells, *map(_number_text, numbers)])
    return out.getvalue()


def _number_text(value: float) -> str:
    """The shortest text that reads back as exactly ``value`` ("4", "0.4953", "10.71875")."""
    text = repr(float(value))
    return text.removesuffix(".0")
