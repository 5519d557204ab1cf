"""The sheets of a scenario workbook and the writer (see :mod:`detente.scenario.xlsx_io`)."""

from __future__ import annotations

import io
import json
from typing import Any

from detente.scenario.schema import ANCHOR_POINTS, Scenario

ANCHOR_COLUMNS = tuple(f"anchor {p}" for p in ANCHOR_POINTS)
SHEETS: dict[str, tuple[str, ...]] = {
    "Scenario": ("field", "value"),
    "Actors": ("id", "name", "capability", "capability_sd", "veto", "notes", "sources"),
    "Reservations": ("actor", "utility", "utility_sd", "exit_cost", "basis", "sources"),
    "Reservation accepts": ("actor", "issue", "low", "high"),
    "Issues": ("id", "name", "question", "low", "high", "unit", *ANCHOR_COLUMNS),
    "Stances": (
        "actor",
        "issue",
        "position",
        "salience",
        "position_sd",
        "salience_sd",
        "confidence",
        "basis",
        "sources",
    ),
    "Forums": ("id", "name", "members", "perception", "notes", "sources"),
    "Outcomes": ("id", "name", "date", "collapsed", "notes", "sources"),
    "Outcome values": ("outcome", "issue", "value"),
    "Sources": ("id", "title", "url", "kind", "reliability"),
    "Perception": ("field", "value"),
    "Params": ("model", "parameter", "value"),
}
SCENARIO_FIELDS = ("id", "name", "description", "date")
PERCEPTION_FIELDS: tuple[str, ...] = ("position_sd", "salience_sd", "plenary", "channel", "small")
PERCEPTION_FIELDS += ("basis", "sources")
ABOUT = (
    "A detente scenario (format: docs/scenario-format.md, section 'Excel workbooks').",
    "Each sheet holds one part: Scenario, Actors, Reservations (what no deal is worth to an "
    "actor, as a utility or as the positions it accepts), Issues, Stances, Forums, Outcomes, "
    "Outcome values, Sources, Perception, Params.",
    "Perception noise in ensembles is on when the Perception sheet holds any value (leave its "
    "values empty for off); veto and collapsed take yes or no.",
    "Edit the numbers and texts, keep the sheet and column names, and read the file back with "
    "`detente validate FILE.xlsx`.",
    "Salience runs from 0 to 1; positions lie inside each issue's scale (low-high, 0-100 by "
    "default); capability is any number above 0.",
    "Lists (sources, members) are ids separated by commas. This sheet is not read back.",
)


def _joined(items: tuple[str, ...]) -> str | None:
    return ", ".join(items) if items else None


def _yes(flag: bool | None) -> str | None:
    """A flag as a cell: yes, no, or empty for a flag left unstated."""
    return None if flag is None else ("yes" if flag else "no")


def _tail(record: Any) -> list[Any]:
    """The notes and sources cells that end a row."""
    return [record.notes, _joined(record.sources)]


def _perception_rows(s: Scenario) -> list[list[Any]]:
    """Every perception field with its value (none when perception is off)."""
    if s.perception is None:
        return [[f, None] for f in PERCEPTION_FIELDS]
    values = s.perception.model_dump()
    values["sources"] = _joined(s.perception.sources)
    return [[f, values[f]] for f in PERCEPTION_FIELDS]


def sheet_rows(s: Scenario) -> dict[str, list[list[Any]]]:
    """The rows (without the header) of every sheet for scenario ``s``.

    Parameters
    ----------
    s : the scenario

    Returns
    -------
    dict[str, list[list[Any]]]
        sheet name -> rows.
    """
    rows: dict[str, list[list[Any]]] = {
        "Scenario": [[f, getattr(s, f) or None] for f in SCENARIO_FIELDS],
        "Actors": [
            [a.id, a.name, a.capability, a.capability_sd, _yes(a.veto or None), *_tail(a)]
            for a in s.actors
        ],
        "Reservations": [
            [a.id, r.utility, r.utility_sd, r.exit_cost, r.basis, _joined(r.sources)]
            for a in s.actors
            if (r := a.reservation) is not None
        ],
        "Reservation accepts": [
            [a.id, issue, low, high]
            for a in s.actors
            if a.reservation is not None
            for issue, (low, high) in a.reservation.accepts.items()
        ],
        "Issues": [
            [
                *(i.id, i.name, i.question or None, i.scale.low, i.scale.high, i.scale.unit),
                *(i.anchors.get(p) for p in ANCHOR_POINTS),
            ]
            for i in s.issues
        ],
        "Stances": [
            [
                *(a, i, st.position, st.salience, st.position_sd, st.salience_sd),
                *(st.confidence, st.basis, _joined(st.sources)),
            ]
            for a, row in s.stances.items()
            for i, st in row.items()
        ],
        "Forums": [
            [f.id, f.name or None, ", ".join(f.members), f.perception, f.notes, _joined(f.sources)]
            for f in s.forums
        ],
        "Outcomes": [
            [o.id, o.name or None, o.date, _yes(o.collapsed), o.notes, _joined(o.sources)]
            for o in s.outcomes
        ],
        "Outcome values": [[o.id, i, v] for o in s.outcomes for i, v in o.values.items()],
        "Sources": [[k, v.title, v.url, v.kind, v.reliability] for k, v in s.sources.items()],
        "Perception": _perception_rows(s),
        "Params": [
            [model, name, _param_cell(value)]
            for model, values in s.params.items()
            for name, value in values.items()
        ],
    }
    return rows


def _param_cell(value: Any) -> Any:
    """Numbers and text as they are; anything else as JSON text (which YAML reads back)."""
    if value is None or isinstance(value, (bool, list, dict, tuple)):
        return json.dumps(value, ensure_ascii=False)
    return value


def workbook_bytes(s: Scenario, openpyxl: Any) -> bytes:
    """The scenario as the bytes of an .xlsx workbook.

    Parameters
    ----------
    s : the scenario
    openpyxl : the openpyxl module

    Returns
    -------
    bytes
        The workbook.
    """
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    book = openpyxl.Workbook(write_only=True)
    bold = Font(bold=True)
    about = book.create_sheet("About")
    about.column_dimensions["A"].width = 110
    for line in ABOUT:
        about.append([line])
    for name, rows in sheet_rows(s).items():
        ws = book.create_sheet(name)
        ws.freeze_panes = "A2"
        for k, column in enumerate(SHEETS[name]):
            ws.column_dimensions[chr(65 + k)].width = max(12, len(column) + 2)
        header = []
        for column in SHEETS[name]:
            cell = WriteOnlyCell(ws, value=column)
            cell.font = bold
            header.append(cell)
        ws.append(header)
        for row in rows:
            ws.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
