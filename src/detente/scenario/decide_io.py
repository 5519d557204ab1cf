"""Input files of decide-exchange-model (Stokman's group): rows tagged #A, #P, #M, #D.

``#A id name comment`` declares an actor, ``#P id name description`` an issue, ``#M issue value
meaning`` a scale point (the lowest and highest give the issue's scale; 0-100 without them) and
``#D actor issue position salience power`` a stance. ``#/`` (comment) and ``#O`` rows are
skipped. Cells are separated by tabs, semicolons or commas and may be quoted with ' or ".
An actor with no ``#D`` row on an issue gets salience 0 there (it takes no part on that issue).
"""

from __future__ import annotations

import csv
import math
from pathlib import Path
from typing import Any

from detente.errors import Problem, ScenarioError
from detente.scenario.ids import IdMaker, suggest_id
from detente.scenario.limits import read_text
from detente.scenario.problems import validate_as
from detente.scenario.schema import Scenario

TAGS = ("#A", "#P", "#M", "#D", "#/", "#O")


def _rows(text: str, source: str) -> list[tuple[int, list[str]]]:
    first = next((ln for ln in text.splitlines() if ln.strip()), "")
    delimiter = max("\t;,", key=first.count)
    out = []
    for line, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        quote = "'" if raw.lstrip().startswith("'") else '"'
        try:
            cells = next(csv.reader([raw], delimiter=delimiter, quotechar=quote))
        except csv.Error as exc:
            raise ScenarioError(
                source,
                [
                    Problem(
                        f"line {line}",
                        f"cannot be split into cells ({exc})",
                        "remove stray quotes and control characters on that line",
                        line,
                    )
                ],
            ) from None
        out.append((line, [c.strip() for c in cells] or [""]))
    return out


def looks_like_decide(text: str) -> bool:
    """decide files start every row with a tag such as ``#A`` (possibly quoted).

    Parameters
    ----------
    text : a file's text

    Returns
    -------
    bool
        Whether it looks like a decide file.
    """
    first = next((ln for ln in text.splitlines() if ln.strip()), "")
    return first.lstrip().lstrip("'\"").startswith(TAGS)


def _number(cell: str, where: str, line: int, problems: list[Problem]) -> float:
    try:
        value = float(cell)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        problems.append(Problem(where, f"'{cell}' is not a number", "give a number", line))
    return value


def _stances(rows, actors, issues, problems):
    """Positions, saliences and powers from the #D rows."""
    stances: dict[str, dict[str, dict[str, float]]] = {a: {} for a in actors}
    power: dict[str, set[float]] = {a: set() for a in actors}
    for line, cells in rows:
        if cells[0] != "#D":
            continue
        where = f"#D row ({', '.join(cells[1:3])})"
        if len(cells) < 6:
            problems.append(
                Problem(
                    where,
                    f"{len(cells)} cells, need 6",
                    "give #D, actor, issue, position, salience, power",
                    line,
                )
            )
            continue
        actor, issue = cells[1], cells[2]
        if actor not in actors or issue not in issues:
            what = "actor" if actor not in actors else "issue"
            problems.append(
                Problem(
                    where,
                    f"unknown {what} '{actor if what == 'actor' else issue}'",
                    f"declare it in a #{'A' if what == 'actor' else 'P'} row",
                    line,
                )
            )
            continue
        x, s, c = (_number(v, where, line, problems) for v in cells[3:6])
        if issue in stances[actor]:
            problems.append(
                Problem(where, "a second #D row for this actor and issue", "keep one row", line)
            )
        stances[actor][issue] = {"position": x, "salience": s}
        power[actor].add(c)
    return stances, power


def _power_problems(power: dict[str, set[float]]) -> list[Problem]:
    """decide gives power per actor and issue; detente needs one positive capability."""
    out = []
    for a, values in power.items():
        if len(values) > 1:
            out.append(
                Problem(
                    f"#D rows of '{a}'",
                    f"power differs by issue {sorted(values)}",
                    "give the actor one power on every issue",
                )
            )
        elif not values or min(values) <= 0:
            out.append(
                Problem(f"#D rows of '{a}'", "no positive power", "give the actor a power above 0")
            )
    return out


def _issues(
    issues: dict[str, list[str]], scale: dict[str, list[float]], issue_of: IdMaker
) -> list[dict[str, Any]]:
    """Issue records; the lowest and highest #M value give the scale (0-100 without them)."""
    out = []
    for iid, c in issues.items():
        low, high = (min(scale[iid]), max(scale[iid])) if len(scale[iid]) >= 2 else (0.0, 100.0)
        out.append(
            {
                "id": issue_of(iid),
                "name": iid,
                "question": c[3] if len(c) > 3 else "",
                "scale": {"low": low, "high": high},
            }
        )
    return out


def _declared(
    rows: list[tuple[int, list[str]]], tag: str, problems: list[Problem]
) -> dict[str, list[str]]:
    """Id -> cells of the rows tagged ``tag``; an id declared twice is a problem."""
    out: dict[str, list[str]] = {}
    lines: dict[str, int] = {}
    for line, c in rows:
        if c[0] != tag or len(c) < 2:
            continue
        if c[1] in out:
            problems.append(
                Problem(
                    f"{tag} row ({c[1]})",
                    f"'{c[1]}' is declared twice, on lines {lines[c[1]]} and {line}",
                    "keep one row per id",
                    line,
                )
            )
            continue
        out[c[1]], lines[c[1]] = c, line
    return out


def read_decide(path: Path, notes: list[str] | None = None, text: str | None = None) -> Scenario:
    """Read a decide-exchange-model input file into a scenario (``text``: already read).

    Parameters
    ----------
    path, notes, text : the file; a list collecting what the reader noticed; its text if read

    Returns
    -------
    Scenario
        The scenario.
    """
    notes = notes if notes is not None else []
    rows = _rows(text if text is not None else read_text(path)[0], str(path))
    problems: list[Problem] = []
    actors = _declared(rows, "#A", problems)
    issues = _declared(rows, "#P", problems)
    scale: dict[str, list[float]] = {i: [] for i in issues}
    for line, c in rows:
        if c[0] == "#M" and len(c) > 2 and c[1] in scale:
            scale[c[1]].append(_number(c[2], f"#M row ({c[1]})", line, problems))
    stances, power = _stances(rows, actors, issues, problems)
    problems += _power_problems(power)
    if not actors or not issues:
        problems.append(Problem("", "no #A or no #P rows", "declare actors (#A) and issues (#P)"))
    if problems:
        raise ScenarioError(str(path), problems)
    top = max((s["salience"] for row in stances.values() for s in row.values()), default=0.0)
    if top > 1:
        notes.append("saliences above 1 read as 0-100 and divided by 100")
    issue_of, actor_of = IdMaker("issue"), IdMaker("actor")
    issue_list = _issues(issues, scale, issue_of)
    data: dict[str, Any] = {
        "id": suggest_id(path.stem, "scenario"),
        "name": path.stem,
        "issues": issue_list,
        "actors": [],
        "stances": {},
    }
    for aid, c in actors.items():
        data["actors"].append(
            {
                "id": actor_of(aid),
                "name": c[2] if len(c) > 2 and c[2] else aid,
                "capability": power[aid].pop(),
            }
        )
        row = {}
        for iid, issue in zip(issues, issue_list, strict=True):
            got = stances[aid].get(iid)
            if got is None:
                notes.append(f"{aid} has no #D row on {iid}: salience 0 there")
                mid = (issue["scale"]["low"] + issue["scale"]["high"]) / 2
                got = {"position": mid, "salience": 0.0}
            row[issue["id"]] = {
                "position": got["position"],
                "salience": got["salience"] / (100.0 if top > 1 else 1.0),
            }
        data["stances"][actor_of(aid)] = row
    notes.extend(n for n in (actor_of.note(), issue_of.note()) if n)
    result: Scenario = validate_as(Scenario, data, str(path))
    return result
