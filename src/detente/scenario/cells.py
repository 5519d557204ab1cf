"""Cells read from a CSV file or a spreadsheet sheet, with the place of every cell.

Readers of tabular formats work on a :class:`CellTable` so that CSV files (any dialect) and Excel
sheets share one reader, and every message names the place the user will look: the line of a
CSV file, the sheet and cell of a workbook.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

from detente.errors import Problem

_THOUSANDS_COMMA_DECIMAL = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+,\d*$")
_COMMA_DECIMAL = re.compile(r"^[+-]?\d*,\d+([eE][+-]?\d+)?$")


@dataclass
class CellTable:
    """Rows of cells (text, numbers or None), each with the 1-based row number in the source.

    Parameters
    ----------
    rows
        ``(row number, cells)`` pairs; blank rows already dropped.
    sheet
        The sheet name for a workbook, None for a CSV file (then row numbers are line numbers).
    decimal_comma
        Whether numbers are written with a decimal comma (``0,5``).
    """

    rows: list[tuple[int, list[Any]]]
    sheet: str | None = None
    decimal_comma: bool = False
    notes: list[str] = field(default_factory=list)

    def place(self, row: int, column: int | None = None) -> tuple[str, int | None]:
        """(location text, line number) of a cell, for a :class:`Problem`.

        Parameters
        ----------
        row : the row's index
        column : the column's index (None: the whole row)

        Returns
        -------
        tuple[str, int or None]
            The place in words and the line.
        """
        if self.sheet is None:
            return ("" if column is None else f"column {column + 1}"), row
        cell = f"row {row}" if column is None else f"cell {column_letter(column)}{row}"
        return f"sheet '{self.sheet}', {cell}", None

    def problem(self, row: int, column: int | None, message: str, fix: str) -> Problem:
        """A :class:`Problem` placed at a cell of this table.

        Parameters
        ----------
        row : the row's index
        column : the column's index (None: the whole row)
        message : what is wrong
        fix : how to put it right

        Returns
        -------
        Problem
            The problem, with the cell's place and line.
        """
        where, line = self.place(row, column)
        return Problem(where, message, fix, line)

    def number(self, cell: Any, row: int, column: int, problems: list[Problem]) -> float:
        """The cell as a finite float, or NaN with a problem appended.

        Parameters
        ----------
        cell : the cell's value
        row, column : where it is
        problems : collects the problem of a cell that is not a number

        Returns
        -------
        float
            The number, or NaN.
        """
        value = to_number(cell, self.decimal_comma)
        if value is None or not math.isfinite(value):
            shown = "" if cell is None else str(cell).strip()
            message = f"'{shown}' is not a number" if shown else "is empty"
            fix = "give a number" + (
                " (with a decimal comma, as the file uses)" if self.decimal_comma else ""
            )
            problems.append(self.problem(row, column, message, fix))
            return math.nan
        return value


def to_number(cell: Any, decimal_comma: bool = False) -> float | None:
    """A number from a cell: numbers as they are, text read with a decimal point or comma.

    Parameters
    ----------
    cell : a cell's value
    decimal_comma : read text with a decimal comma

    Returns
    -------
    float or None
        The number, or None when the cell holds none.
    """
    if isinstance(cell, bool):
        return None
    if isinstance(cell, (int, float)):
        return float(cell)
    if not isinstance(cell, str):
        return None
    if not decimal_comma:
        try:
            return float(cell)  # the common case, fast
        except ValueError:
            pass
    text = cell.strip().replace("\u00a0", "").replace(" ", "")
    if decimal_comma:
        if _THOUSANDS_COMMA_DECIMAL.match(text):
            text = text.replace(".", "")
        text = text.replace(",", ".")
    try:
        return float(text)
    except ValueError:
        return None


def looks_decimal_comma(cells: list[Any]) -> bool:
    """Whether text cells write numbers with a decimal comma (and none with a decimal point).

    Parameters
    ----------
    cells : a column's cells

    Returns
    -------
    bool
        True for a decimal comma.
    """
    comma = point = 0
    for cell in cells:
        if not isinstance(cell, str):
            continue
        text = cell.strip()
        if _COMMA_DECIMAL.match(text) or _THOUSANDS_COMMA_DECIMAL.match(text):
            comma += 1
        elif re.match(r"^[+-]?\d*\.\d+$", text):
            point += 1
    return comma > 0 and point == 0


def column_letter(index: int) -> str:
    """Spreadsheet column name of a 0-based index: 0 -> A, 25 -> Z, 26 -> AA.

    Parameters
    ----------
    index : a 0-based column index

    Returns
    -------
    str
        The column's letters.
    """
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def text(cell: Any) -> str:
    """A cell as stripped text ('' for an empty cell; 3.0 -> '3').

    Parameters
    ----------
    cell : a cell's value

    Returns
    -------
    str
        The text.
    """
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()
