"""Excel workbooks (.xlsx): a whole scenario on named sheets, or a simple table on the first.

detente writes one workbook per scenario with a sheet for each part, so an analyst can edit
every number in Excel and read the file back with nothing lost:

=================== ===============================================================
sheet               columns (one row per thing)
=================== ===============================================================
About               what the workbook is (not read back)
Scenario            field, value: id, name, description, date
Actors              id, name, capability, capability_sd, veto, notes, sources
Reservations        actor, utility, utility_sd, exit_cost, basis, sources
Reservation accepts actor, issue, low, high
Issues              id, name, question, low, high, unit, anchor 0 ... anchor 100
Stances             actor, issue, position, salience, position_sd, salience_sd,
                    confidence, basis, sources
Forums              id, name, members, perception, notes, sources
Outcomes            id, name, date, collapsed, notes, sources
Outcome values      outcome, issue, value
Sources             id, title, url, kind, reliability
Perception          field, value (on when any value is filled in)
Params              model, parameter, value (a number, text, or YAML such as [1, 2])
=================== ===============================================================

Lists (``sources``, ``members``) are ids separated by commas. A workbook without an ``Actors``
sheet is read like a classic CSV from its first sheet (``Actor, Capability, Position,
Salience``, any accepted column names). openpyxl reads and writes the files (the ``excel``
extra). The sheet layout and the writer live in :mod:`detente.scenario.xlsx_layout`.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path
from typing import Any

from detente.errors import Problem, ScenarioError, require
from detente.scenario.cells import CellTable, column_letter, text
from detente.scenario.limits import max_bytes, read_bytes, too_large
from detente.scenario.problems import validate_as
from detente.scenario.schema import Scenario
from detente.scenario.xlsx_layout import SHEETS

MAX_COLUMNS = 64  # a scenario sheet has at most 11 columns
MAX_ROWS = 1_048_576  # Excel's own limit
UNPACKED_RATIO = 10  # a workbook may unpack to 10 times the size limit (its XML is verbose)
Rows = list[tuple[int, list[Any]]]


def _openpyxl() -> Any:
    return require("openpyxl", "excel", "Reading and writing Excel workbooks")


def _check_zip(data: bytes, source: str) -> None:
    """Refuse a file that is not a zip archive, or that unpacks to far more than the limit."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(max(info.file_size, 0) for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
        raise _unreadable(source, exc) from None
    if unpacked > UNPACKED_RATIO * max_bytes():
        raise too_large(source, unpacked // UNPACKED_RATIO, max_bytes())


def _unreadable(source: str, exc: BaseException) -> ScenarioError:
    return ScenarioError(
        source,
        [
            Problem(
                "",
                f"not a readable Excel workbook ({type(exc).__name__}: {exc})"[:300],
                "open it in Excel and save it again as 'Excel Workbook (.xlsx)'",
            )
        ],
    )


def _sheets(data: bytes, source: str) -> tuple[dict[str, Rows], list[str]]:
    """Every sheet's non-blank rows (row number, cells), and the sheet names in order."""
    openpyxl = _openpyxl()
    sheets: dict[str, Rows] = {}
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            for ws in book.worksheets:
                ws.reset_dimensions()  # a damaged size record must not pad rows to 16,384 cells
                rows: Rows = []
                cells = ws.iter_rows(max_col=MAX_COLUMNS, max_row=MAX_ROWS, values_only=True)
                for number, row in enumerate(cells, start=1):
                    if row.count(None) == len(row):  # blank (fast: a gap may be a million rows)
                        continue
                    values = [_cell(v) for v in row]
                    if any(v is not None for v in values):
                        rows.append((number, values))
                sheets[str(ws.title)] = rows
        finally:
            book.close()
    except ScenarioError:
        raise
    except Exception as exc:  # openpyxl raises many kinds of error on a damaged file
        raise _unreadable(source, exc) from None
    return sheets, list(sheets)


def _cell(value: Any) -> Any:
    """A cell's value as detente reads it: text stripped, dates without midnight times."""
    if isinstance(value, str):
        value = value.strip()
        return value or None
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        return value.date()
    if isinstance(value, (dt.datetime, dt.time, dt.timedelta)):
        return str(value)
    return value


def read_xlsx(path: Path, notes: list[str] | None = None) -> Scenario:
    """Read a scenario workbook (or a simple table on the first sheet) into a scenario.

    Parameters
    ----------
    path : the .xlsx file
    notes : collects what the reader noticed

    Returns
    -------
    Scenario
        The scenario.
    """
    notes = notes if notes is not None else []
    source = str(path)
    data = read_bytes(path)
    _check_zip(data, source)
    sheets, order = _sheets(data, source)
    if "Actors" not in sheets:
        from detente.scenario.csv_io import read_classic_table

        if not order:
            raise ScenarioError(source, [Problem("", "has no sheets", "add a sheet of actors")])
        table = CellTable(sheets[order[0]], sheet=order[0])
        return read_classic_table(table, source, path.stem, notes)
    return _read_scenario_workbook(sheets, source, notes)


class _SheetData:
    """Turns sheets into scenario data, remembering the cell each value came from."""

    def __init__(self, sheets: dict[str, Rows], source: str):
        self.sheets, self.source = sheets, source
        self.where: dict[tuple[str, ...], str] = {}
        self.problems: list[Problem] = []

    def records(self, sheet: str) -> list[tuple[int, dict[str, Any], dict[str, int]]]:
        """(row number, {column: value}, {column: index}) per row below the header."""
        rows = self.sheets.get(sheet, [])
        if not rows:
            return []
        head_row, head = rows[0]
        names = [text(h).casefold() for h in head]
        allowed = SHEETS[sheet]
        index = {}
        for k, name in enumerate(names):
            if not name:
                continue
            if name not in allowed:
                self.problems.append(
                    Problem(
                        f"sheet '{sheet}', cell {column_letter(k)}{head_row}",
                        f"unknown column '{head[k]}'",
                        f"use the columns {', '.join(allowed)} (or delete this one)",
                    )
                )
            index[name] = k
        out = []
        for number, cells in rows[1:]:
            values = {
                n: cells[k] for n, k in index.items() if k < len(cells) and cells[k] is not None
            }
            out.append((number, values, index))
        return out

    def place(self, path: tuple[Any, ...], sheet: str, row: int, column: int | None) -> None:
        cell = f"cell {column_letter(column)}{row}" if column is not None else f"row {row}"
        self.where[tuple(str(p) for p in path)] = f"sheet '{sheet}', {cell}"

    def locate(self, problem: Problem) -> Problem:
        """The problem with the sheet and cell of its field, where known."""
        parts = tuple(problem.location.split("."))
        for n in range(len(parts), 0, -1):
            if parts[:n] in self.where:
                return Problem(
                    f"{self.where[parts[:n]]} ({problem.location})", problem.message, problem.fix
                )
        return problem


def _listed(value: Any) -> list[str]:
    return [p.strip() for p in text(value).split(",") if p.strip()] if value is not None else []


def _read_scenario_workbook(sheets: dict[str, Rows], source: str, notes: list[str]) -> Scenario:
    from detente.scenario.xlsx_sheets import build

    cells = _SheetData(sheets, source)
    data = build(cells, _listed)
    if cells.problems:
        raise ScenarioError(source, cells.problems)
    skipped = [s for s in sheets if s not in SHEETS and s != "About"]
    if skipped:
        notes.append(f"sheets not read (not part of the format): {', '.join(skipped)}")
    try:
        result: Scenario = validate_as(Scenario, data, source)
    except ScenarioError as exc:
        raise ScenarioError(source, [cells.locate(p) for p in exc.problems]) from None
    return result


def write_xlsx(scenario: Scenario, path: Path) -> None:
    """Write the scenario as a workbook (atomically: a failed write never leaves half a file).

    Parameters
    ----------
    scenario : the scenario
    path : the .xlsx file
    """
    from detente.files import write_atomic
    from detente.scenario.xlsx_layout import workbook_bytes

    write_atomic(path, workbook_bytes(scenario, _openpyxl()))
