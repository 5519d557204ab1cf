"""Results as a Rich table, JSON or CSV (the shapes scripts rely on: docs/json-output.md)."""

from __future__ import annotations

import json
import math
import os
import sys
from enum import StrEnum
from typing import Any

import pandas as pd
from rich.console import Console
from rich.table import Table

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


def _numeric_width(values: pd.Series, header: str, digits: int) -> int:
    """Room for the widest number and a short header, so numbers never fold."""
    widest = max((len(_cell(v, digits)) for v in values), default=0)
    return max(widest, min(len(header), 12))


def rich_table(df: pd.DataFrame, title: str | None = None, digits: int = 2) -> Table:
    """A Rich table of a DataFrame, numbers right-aligned to ``digits`` decimals."""
    table = Table(title=title, show_lines=False, header_style="bold")
    for pos, col in enumerate(df.columns):
        numeric = pd.api.types.is_numeric_dtype(df[col])
        # the first column names the row (an id): never fold it
        table.add_column(
            str(col),
            justify="right" if numeric else "left",
            overflow="fold",
            no_wrap=pos == 0,
            min_width=_numeric_width(df[col], str(col), digits) if numeric else None,
        )
    for row in df.itertuples(index=False):
        table.add_row(*(_cell(v, digits) for v in row))
    return table


def jsonable(value: Any) -> Any:
    """Plain JSON types from NumPy/pandas values (NaN becomes null)."""
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


def emit(
    df: pd.DataFrame,
    fmt: Format,
    payload: Any = None,
    title: str | None = None,
    digits: int = 2,
) -> None:
    """Print ``df`` as a table or CSV, or ``payload`` (default: the records of ``df``) as JSON."""
    if fmt is Format.json:
        data = payload if payload is not None else df.to_dict(orient="records")
        sys.stdout.write(json.dumps(jsonable(data), indent=2, ensure_ascii=False) + "\n")
    elif fmt is Format.csv:
        sys.stdout.write(df.to_csv(index=False, lineterminator="\n"))
    else:
        console.print(rich_table(df, title, digits))
