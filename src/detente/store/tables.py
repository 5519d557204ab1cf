"""Tidy result tables <-> JSON, exactly: every float survives the round trip bit for bit.

Python's ``json`` writes floats with ``repr`` (shortest string that reads back to the same
double), so a stored table equals the computed one; NaN is stored as null (PostgreSQL's JSON
type has no NaN) and read back as NaN in float columns.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import numpy as np
import pandas as pd


def _plain(value: Any) -> Any:
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None if math.isnan(value) else ("inf" if value > 0 else "-inf")
    if isinstance(value, pd.Timestamp | dt.date):  # dates in object columns come back as text
        return value.isoformat()
    if value is pd.NaT or value is pd.NA:
        return None
    return value


def encode_table(df: pd.DataFrame) -> dict[str, Any]:
    """A JSON-ready dict (columns, dtypes, rows) of a DataFrame; the index is dropped.

    Parameters
    ----------
    df : the table

    Returns
    -------
    dict[str, Any]
        columns, dtypes and rows (dates as ISO text, NaN as null).
    """
    frame = df.reset_index(drop=True)
    rows = [[_plain(v) for v in row] for row in frame.itertuples(index=False, name=None)]
    return {
        "columns": [str(c) for c in frame.columns],
        "dtypes": [str(t) for t in frame.dtypes],
        "rows": rows,
    }


def decode_table(data: dict[str, Any]) -> pd.DataFrame:
    """The DataFrame stored by :func:`encode_table` (same columns, dtypes and values).

    Parameters
    ----------
    data : what :func:`encode_table` gave

    Returns
    -------
    pandas.DataFrame
        The table.
    """
    frame = pd.DataFrame(data["rows"], columns=data["columns"], dtype=object)
    for column, dtype in zip(data["columns"], data["dtypes"], strict=True):
        if dtype.startswith("float"):
            values = frame[column].replace({"inf": np.inf, "-inf": -np.inf})
            frame[column] = pd.to_numeric(values).astype(dtype)
        elif dtype.startswith("datetime"):
            frame[column] = pd.to_datetime(frame[column])
        elif dtype != "object":
            frame[column] = frame[column].astype(dtype)
    return frame
