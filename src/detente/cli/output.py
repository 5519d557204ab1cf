"""Results as a Rich table, JSON or CSV (the shapes scripts rely on: docs/json-output.md)."""

from __future__ import annotations

import csv
import json
import math
import os
import sys
from collections.abc import Sequence
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.table import Table

if TYPE_CHECKING:
    import pandas as pd

# Piped or captured output (logs, CI) gets a wide console rather than Rich's 80 columns.
_COLUMNS = os.environ.get("COLUMNS", "")
_WIDTH = None if sys.stdout.isatty() else max(160, int(_COLUMNS) if _COLUMNS.isdigit() else 0)
console = Console(width=_WIDTH)
err_console = Console(stderr=True)


CSV_DIGITS = 6  # significant digits of CSV numbers (csv-full: every digit)


class Format(StrEnum):
    """Output format of every command that prints results.

    ``csv`` rounds numbers to :data:`CSV_DIGITS` significant digits (whole parts stay whole);
    ``csv-full`` writes every digit (the shortest text that reads back to the same number).
    """

    table = "table"
    json = "json"
    csv = "csv"
    csv_full = "csv-full"

    @property
    def is_csv(self) -> bool:
        """Whether this is one of the CSV formats.

        Returns
        -------
        bool
            True for ``csv`` and ``csv-full``.
        """
        return self in (Format.csv, Format.csv_full)


def rounded(value: float, digits: int = CSV_DIGITS) -> float:
    """``value`` to ``digits`` significant digits, keeping every digit of its whole part.

    Parameters
    ----------
    value : a number
    digits : significant digits kept

    Returns
    -------
    float
        60.824150123 -> 60.8242, 0.000123456789 -> 0.000123457, 12345678.9 -> 12345679.0.
    """
    if not math.isfinite(value) or value == 0:
        return value
    decimals = max(0, digits - 1 - math.floor(math.log10(abs(value))))
    return round(value, decimals)


def csv_text(df: pd.DataFrame, fmt: Format = Format.csv) -> str:
    """A table as CSV text, numbers rounded as ``fmt`` says.

    Parameters
    ----------
    df : the table
    fmt : ``csv`` (rounded to :data:`CSV_DIGITS` significant digits) or ``csv-full``

    Returns
    -------
    str
        The CSV, one line per row, ``\\n`` line ends.
    """
    import pandas as pd

    if fmt is not Format.csv_full:
        df = df.copy()
        for col in df.columns:
            if pd.api.types.is_float_dtype(df[col]):
                df[col] = [rounded(v) for v in df[col].to_numpy(float)]
    return str(df.to_csv(index=False, lineterminator="\n"))


def _cell(value: Any, digits: int) -> str:
    if type(value).__name__ in ("NAType", "NaTType"):  # pandas' missing values: an empty cell
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return "" if math.isnan(value) else f"{value:.{digits}f}"
    return "" if value is None else str(value)


def rich_tables(
    df: pd.DataFrame, title: str | None = None, digits: int = 2, width: int | None = None
) -> list[Table]:
    """A DataFrame as Rich tables that fit ``width``: one table, or several side by side parts.

    A table wider than the terminal is wrapped, never cropped: its columns are split into parts
    that fit, each part repeating the first column (the row's name) and saying which columns it
    holds ("part 1 of 2: columns 2-6 of 9 (split to fit)").

    Parameters
    ----------
    df : the table
    title : its title
    digits : decimals shown of floats
    width : the room in characters (default: the console's width)

    Returns
    -------
    list[rich.table.Table]
        The tables to print, in order.
    """
    import pandas as pd

    columns = [str(c) for c in df.columns]
    numeric = [bool(pd.api.types.is_numeric_dtype(df[c])) for c in df.columns]
    rows = list(df.itertuples(index=False))
    return _tables(columns, numeric, rows, title, digits, width or console.width)


def rich_table(df: pd.DataFrame, title: str | None = None, digits: int = 2) -> Table:
    """A Rich table of a DataFrame, numbers right-aligned to ``digits`` decimals (one part).

    Parameters
    ----------
    df : the table
    title : its title
    digits : decimals shown of floats

    Returns
    -------
    rich.table.Table
        The whole table, however wide (:func:`rich_tables` splits it to fit).
    """
    return rich_tables(df, title, digits, width=10**6)[0]


def _needed(values: Sequence[Any], header: str, digits: int, number: bool, first: bool) -> int:
    """Characters a column needs: numbers and the first column whole, text may fold."""
    widest = max((len(_cell(v, digits)) for v in values), default=0)
    if number or first:
        return max(widest, len(header))
    return min(max(widest, len(header)), 24)


def _split(widths: list[int], room: int) -> list[list[int]]:
    """Groups of column positions (each starting with column 0) whose tables fit ``room``."""
    frame = 1  # a table's left border; each column adds its width, 2 of padding and a border
    first = widths[0] + 3
    groups: list[list[int]] = [[0]]
    used = frame + first
    for pos in range(1, len(widths)):
        need = widths[pos] + 3
        if used + need > room and len(groups[-1]) > 1:
            groups.append([0])
            used = frame + first
        groups[-1].append(pos)
        used += need
    return groups


def _tables(
    columns: list[str],
    numeric: list[bool],
    rows: Sequence[Sequence[Any]],
    title: str | None,
    digits: int,
    room: int,
) -> list[Table]:
    values = [[row[pos] for row in rows] for pos in range(len(columns))]
    widths = [
        _needed(values[pos], col, digits, numeric[pos], pos == 0) for pos, col in enumerate(columns)
    ]
    groups = _split(widths, room) if columns else [[]]
    tables = []
    for n, group in enumerate(groups, start=1):
        caption = None
        if len(groups) > 1:
            shown = f"{group[1] + 1}-{group[-1] + 1}" if len(group) > 2 else f"{group[-1] + 1}"
            caption = f"part {n} of {len(groups)}: columns {shown} of {len(columns)} (split to fit)"
        table = Table(title=title, caption=caption, show_lines=False, header_style="bold")
        for pos in group:
            # numbers and the first column (the row's name) never fold
            table.add_column(
                columns[pos],
                justify="right" if numeric[pos] else "left",
                overflow="fold",
                no_wrap=pos == 0 or numeric[pos],
                min_width=widths[pos] if numeric[pos] or pos == 0 else None,
            )
        for row in rows:
            table.add_row(*(_cell(row[pos], digits) for pos in group))
        tables.append(table)
    return tables


def jsonable(value: Any) -> Any:
    """Plain JSON types from NumPy/pandas values (NaN becomes null).

    Parameters
    ----------
    value : any data

    Returns
    -------
    Any
        dicts, lists, str, numbers, bool and None.
    """
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if hasattr(value, "item") and not isinstance(value, str):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def emit_json(payload: Any) -> None:
    """Print data as indented JSON on stdout (NaN as null, NumPy values as plain numbers).

    Parameters
    ----------
    payload : the data (a result's payload, a list of records ...)
    """
    sys.stdout.write(json.dumps(jsonable(payload), indent=2, ensure_ascii=False) + "\n")


def emit_rows(
    rows: list[dict[str, Any]], fmt: Format, title: str | None = None, digits: int = 2
) -> None:
    """Print plain records (a short listing) as a table, CSV or JSON, without pandas.

    Parameters
    ----------
    rows : one dict per row, every dict with the same keys in the same order
    fmt : the output format
    title : the table's title
    digits : decimals shown of floats in the table
    """
    columns = list(rows[0]) if rows else []
    if fmt is Format.json:
        emit_json(rows)
    elif fmt.is_csv:
        full = fmt is Format.csv_full
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(
            [[row[c] if full or not isinstance(row[c], float) else rounded(row[c])
              for c in columns] for row in rows]
        )  # fmt: skip
    else:
        # as pandas counts them: booleans are numbers too
        numeric = [all(isinstance(r[c], int | float) for r in rows) for c in columns]
        values = [[row[c] for c in columns] for row in rows]
        print_tables(_tables(columns, numeric, values, title, digits, console.width))


def print_tables(tables: Sequence[Table]) -> None:
    """Print tables made by :func:`rich_tables` (a split table's parts one after another).

    Parameters
    ----------
    tables : the tables
    """
    for table in tables:
        console.print(table)


def emit(
    df: pd.DataFrame,
    fmt: Format,
    payload: Any = None,
    title: str | None = None,
    digits: int = 2,
) -> None:
    """Print ``df`` as a table or CSV, or ``payload`` (default: the records of ``df``) as JSON.

    Parameters
    ----------
    df : the table
    fmt : the output format
    payload : what JSON prints instead of the table's records
    title : the table's title
    digits : decimals shown of floats in the table
    """
    if fmt is Format.json:
        emit_json(payload if payload is not None else df.to_dict(orient="records"))
    elif fmt.is_csv:
        sys.stdout.write(csv_text(df, fmt))
    else:
        print_tables(rich_tables(df, title, digits))
