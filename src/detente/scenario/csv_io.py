"""The classic expected-utility table: ``Actor, Capability, Position, Salience`` (one issue).

A long variant with an ``Issue`` column (one row per actor and issue) carries several issues.
The same reader serves CSV files of any dialect (:mod:`detente.scenario.dialect`) and the first
sheet of a simple Excel workbook. Columns are found by name, in any order, under the names the
public replications use (``Stakeholder``, ``Resources``, ``Power``, ...). Positions may use any
range: an issue's scale is given by optional ``ScaleLow`` and ``ScaleHigh`` columns, or else it
is the range of the positions, so that a change of units in the file changes every forecast by
the same map. Saliences on 0-100 instead of 0-1 are detected and rescaled, and reported as a
note, as are the column names read and the ids made from actor names.
"""

from __future__ import annotations

import csv
import io
import re
from typing import Any

from detente.errors import Problem, ScenarioError
from detente.scenario.cells import CellTable, text
from detente.scenario.ids import IdMaker, is_id, suggest_id
from detente.scenario.problems import validate_as
from detente.scenario.schema import Scenario

REQUIRED = ("Actor", "Capability", "Position", "Salience")
# Other names for each column: BDM replications write Stakeholder/Resources (Masad's China and
# Honduras data), KTAB and decide write Power, the literature says influence, clout, importance.
ALIASES: dict[str, tuple[str, ...]] = {
    "Actor": ("Stakeholder", "Player", "Party", "Name", "Country", "Agent"),
    "Capability": ("Capabilities", "Resources", "Influence", "Power", "Clout", "Weight"),
    "Position": ("Stance", "Preference", "Pstn", "Ideal point"),
    "Salience": ("Importance", "Priority", "Saliency", "Sal", "Interest"),
    "Issue": ("Dimension", "Topic"),
    "Id": ("Actor id", "Code"),
    "ScaleLow": ("Scale low", "Scale min"),
    "ScaleHigh": ("Scale high", "Scale max"),
}
SCALE = ("ScaleLow", "ScaleHigh")  # optional: the ends of the issue's scale


def _key(name: str) -> str:
    return re.sub(r"[\s_\-]+", "", name).casefold()


_CANONICAL = {_key(n): c for c, names in ALIASES.items() for n in (c, *names)}


def accepted_names() -> str:
    """'Actor (or Stakeholder, Player, ...); Capability (or ...)' for messages and docs.

    Returns
    -------
    str
        The text.
    """
    return "; ".join(f"{c} (or {', '.join(names)})" for c, names in ALIASES.items())


def find_columns(header: list[str], table: CellTable, source: str) -> dict[str, int]:
    """Canonical column name -> index, from a header in any order and any of the accepted names.

    Parameters
    ----------
    header : the header row's cells
    table : the file's rows (for problem places)
    source : the file (for messages)

    Returns
    -------
    dict[str, int]
        The columns found; a missing required column raises :class:`ScenarioError`.
    """
    columns: dict[str, int] = {}
    renamed, problems = [], []
    for k, cell in enumerate(header):
        canonical = _CANONICAL.get(_key(cell))
        if canonical is None:
            continue
        if canonical in columns:
            first = header[columns[canonical]]
            problems.append(
                table.problem(
                    table.rows[0][0],
                    k,
                    f"columns '{first}' and '{cell}' both mean {canonical}",
                    "keep one of them (rename or delete the other)",
                )
            )
            continue
        columns[canonical] = k
        if cell != canonical:
            renamed.append(f"{cell} -> {canonical}")
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        problems.append(
            table.problem(
                table.rows[0][0],
                None,
                f"missing column(s) {', '.join(missing)} (the header holds: "
                f"{', '.join(h for h in header if h) or 'nothing'})",
                f"name the columns {', '.join(REQUIRED)}, [Issue], [Id]; accepted names: "
                f"{accepted_names()}",
            )
        )
    if problems:
        raise ScenarioError(source, problems)
    if renamed:
        table.notes.append(f"columns read as: {', '.join(renamed)}")
    return columns


def read_classic_table(table: CellTable, source: str, stem: str, notes: list[str]) -> Scenario:
    """A scenario from a classic (or long) table; every problem names its row or cell.

    Parameters
    ----------
    table : the file's rows
    source : the file (for messages)
    stem : the file's name without suffix (the scenario's default id)
    notes : collects what the reader noticed

    Returns
    -------
    Scenario
        The scenario.
    """
    if not table.rows:
        raise ScenarioError(source, [Problem("", "the file is empty", "add a header and rows")])
    header = [text(c) for c in table.rows[0][1]]
    col = find_columns(header, table, source)
    problems: list[Problem] = []
    records = []
    for row, cells in table.rows[1:]:
        if len(cells) < len(header) and len(cells) <= max(col.values()):
            problems.append(
                table.problem(
                    row, None, f"{len(cells)} cells, header has {len(header)}", "fill every column"
                )
            )
            continue
        rec: dict[str, Any] = {
            "actor": text(cells[col["Actor"]]),
            "id": text(cells[col["Id"]]) if "Id" in col else None,
            "issue": text(cells[col["Issue"]]) if "Issue" in col else "issue",
            "row": row,
        }
        scale = SCALE if all(c in col for c in SCALE) else ()
        for name in ("Capability", "Position", "Salience", *scale):
            rec[name] = table.number(cells[col[name]], row, col[name], problems)
        _check_ranges(table, rec, col, problems)
        records.append(rec)
    if not records and not problems:
        problems.append(Problem("", "has a header but no rows", "add one row per actor"))
    if problems:
        raise ScenarioError(source, problems)
    notes.extend(table.notes)
    return _scenario_from_records(table, source, stem, records, notes)


def _check_ranges(
    table: CellTable, rec: dict[str, Any], col: dict[str, int], problems: list[Problem]
) -> None:
    row = rec["row"]
    if not rec["actor"]:
        problems.append(table.problem(row, col["Actor"], "no actor name", "name the actor"))
    if rec["Capability"] <= 0:
        problems.append(
            table.problem(
                row,
                col["Capability"],
                f"capability {rec['Capability']:g} is not above 0",
                "give a capability above 0 (any unit: only ratios between actors matter)",
            )
        )
    if not 0 <= rec["Salience"] <= 100:
        problems.append(
            table.problem(
                row,
                col["Salience"],
                f"salience {rec['Salience']:g} is outside 0-1 (or 0-100)",
                "give a salience from 0 to 1 (or 0 to 100 in every row)",
            )
        )


def _actor_ids(
    table: CellTable, records: list[dict[str, Any]], notes: list[str], source: str
) -> list[str]:
    """Ids as written in an Id column (never rewritten), else made from names and shown."""
    if records[0]["id"] is not None:
        bad = [r for r in records if not is_id(r["id"])]
        if bad:
            raise ScenarioError(
                source,
                [
                    table.problem(
                        r["row"],
                        None,
                        f"'{r['id']}' is not a valid id",
                        "an id starts with a Latin letter and holds letters, digits, '_' or '-' "
                        f"(e.g. '{suggest_id(r['id'], 'A1')}'); the name goes in the Actor column",
                    )
                    for r in bad[:20]
                ],
            )
        return [r["id"] for r in records]
    maker = IdMaker("actor")
    ids = [maker(r["actor"]) for r in records]
    note = maker.note()
    if note:
        notes.append(note)
    return ids


def _scenario_from_records(
    table: CellTable, source: str, stem: str, records: list[dict[str, Any]], notes: list[str]
) -> Scenario:
    if any(r["Salience"] > 1 for r in records):
        notes.append("salience read on a 0-100 scale (a value above 1) and divided by 100")
        for r in records:
            r["Salience"] /= 100.0
    issue_of = IdMaker("issue")
    issues: dict[str, dict[str, Any]] = {}
    for r in records:
        iid = issue_of(r["issue"])
        given = (r["ScaleLow"], r["ScaleHigh"]) if "ScaleLow" in r else None
        issues.setdefault(iid, {"id": iid, "name": r["issue"], "values": [], "given": given})
        issues[iid]["values"].append(r["Position"])
    for issue in issues.values():
        values, given = issue.pop("values"), issue.pop("given")
        low, high = _position_range(values) if given is None else given
        issue["scale"] = {"low": low, "high": high}
    ids = _actor_ids(table, records, notes, source)
    if note := issue_of.note():
        notes.append(note)
    actors: dict[str, dict[str, Any]] = {}
    stances: dict[str, dict[str, dict[str, float]]] = {}
    first_row: dict[tuple[str, str], int] = {}
    twice = []
    for aid, r in zip(ids, records, strict=True):
        iid = issue_of(r["issue"])
        actors.setdefault(
            aid, {"id": aid, "name": r["actor"] or aid, "capability": r["Capability"]}
        )
        if (aid, iid) in first_row:
            twice.append(
                table.problem(
                    r["row"],
                    None,
                    f"actor '{r['actor'] or aid}' on issue '{r['issue']}' again (first in row "
                    f"{first_row[aid, iid]})",
                    "keep one row per actor and issue",
                )
            )
        first_row.setdefault((aid, iid), r["row"])
        stances.setdefault(aid, {})[iid] = {"position": r["Position"], "salience": r["Salience"]}
    if twice:
        raise ScenarioError(source, twice)
    data = {
        "id": suggest_id(stem, "scenario"),
        "name": stem,
        "actors": list(actors.values()),
        "issues": list(issues.values()),
        "stances": stances,
    }
    result: Scenario = validate_as(Scenario, data, source)
    return result


def _position_range(values: list[float]) -> tuple[float, float]:
    """The least and greatest position (one unit wide where they are equal)."""
    low, high = min(values), max(values)
    return low, high if high > low else low + 1.0


def scenario_to_csv(scenario: Scenario, separator: str = ",") -> str:
    """Classic CSV for one issue; the long form (with ``Issue``) for several.

    Actor and issue ids are written (they read back unchanged), and each issue's scale
    (``ScaleLow``, ``ScaleHigh``); ``Name`` is not a column, since names live in YAML or XLSX
    files.

    Parameters
    ----------
    scenario : the scenario
    separator : ',' (CSV) or a tab (TSV)

    Returns
    -------
    str
        The file's text.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n", delimiter=separator)
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
            writer.writerow([*cells, *map(number_text, numbers)])
    return out.getvalue()


def number_text(value: float) -> str:
    """The shortest text that reads back as exactly ``value`` ("4", "0.4953", "10.71875").

    Parameters
    ----------
    value : a number

    Returns
    -------
    str
        Its text.
    """
    text = repr(float(value))
    return text.removesuffix(".0")
