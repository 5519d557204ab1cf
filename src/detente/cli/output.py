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


class Format(StrEnum):
    """Output format of every command that prints results."""

    table = "table"
    json = "json"
    csv = "csv"


def _cell(value: Any, digits: int) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return "" if math.isnan(value) else f"{value:.{digits}f}"
    return "" if value is None else str(value)


def _numeric_width(values: Sequence[Any], header: str, digits: int) -> int:
    """Room for the widest number and a short header, so numbers never fold."""
    widest = max((len(_cell(v, digits)) for v in values), default=0)
    return max(widest, min(len(header), 12))


def rich_table(df: pd.DataFrame, title: str | None = None, digits: int = 2) -> Table:
    """A Rich table of a DataFrame, numbers right-aligned to ``digits`` decimals.

    Parameters
    ----------
    df : the table
    title : its title
    digits : decimals shown of floats

    Returns
    -------
    rich.table.Table
        The table to print.
    """
    import pandas as pd

    columns = [str(c) for c in df.columns]
    numeric = [bool(pd.api.types.is_numeric_dtype(df[c])) for c in df.columns]
    rows = list(df.itertuples(index=False))
    return _table(columns, numeric, rows, title, digits)


def _table(
    columns: list[str],
    numeric: list[bool],
    rows: Sequence[Sequence[Any]],
    title: str | None,
    digits: int,
) -> Table:
    table = Table(title=title, show_lines=False, header_style="bold")
    for pos, (col, is_number) in enumerate(zip(columns, numeric, strict=True)):
        values = [row[pos] for row in rows]
        # the first column names the row (an id): never fold it
        table.add_column(
            col,
            justify="right" if is_number else "left",
            overflow="fold",
            no_wrap=pos == 0,
            min_width=_numeric_width(values, col, digits) if is_number else None,
        )
    for row in rows:
        table.add_row(*(_cell(v, digits) for v in row))
    return table


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
    elif fmt is Format.csv:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([[row[c] for c in columns] for row in rows])
    else:
        # as pandas counts them: booleans are numbers too
        numeric = [all(isinstance(r[c], int | float) for r in rows) for c in columns]
        values = [[row[c] for c in columns] for row in rows]
        console.print(_table(columns, numeric, values, title, digits))


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
    elif fmt is Format.csv:
        sys.stdout.write(df.to_csv(index=False, lineterminator="\n"))
    else:
        console.print(rich_table(df, title, digits))
