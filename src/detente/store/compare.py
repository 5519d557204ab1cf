"""What differs between two stored runs: their inputs, the scenario in words, then every number."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd

from detente.scenario.diff import diff_scenarios
from detente.store.store import StoredRun

INPUTS = ("kind", "scenario_id", "scenario_sha256", "model", "params", "options", "seed",
          "detente_version")  # fmt: skip
COLUMNS = ["table", "key", "column", "a", "b", "difference"]


def compare_runs(a: StoredRun, b: StoredRun, only_differences: bool = False) -> pd.DataFrame:
    """A tidy table: one row per differing input, one per scenario change (table 'scenario',
    the change in words as key, e.g. "RUS salience on denuc_scope 0.60 -> 0.95"), then one per
    number of each shared table.

    Result tables are matched on their text columns (issue, actor ...).

    Parameters
    ----------
    a, b : stored runs
    only_differences : drop numbers that are equal

    Returns
    -------
    pandas.DataFrame
        Columns table, key, column, a, b, difference (b - a).
    """
    rows: list[dict[str, object]] = []
    for name in INPUTS:
        va, vb = getattr(a, name), getattr(b, name)
        if va != vb:
            rows.append({"table": "inputs", "key": "", "column": name,
                         "a": _text(va), "b": _text(vb), "difference": np.nan})  # fmt: skip
    if a.scenario_sha256 != b.scenario_sha256:
        for d in diff_scenarios(a.scenario(), b.scenario()):
            before, after = _text(d.before), _text(d.after)
            rows.append({"table": "scenario", "key": d.text, "column": d.path,
                         "a": before, "b": after, "difference": np.nan})  # fmt: skip
    for name in [t for t in a.tables if t in b.tables]:
        rows += _table_rows(name, a.tables[name], b.tables[name])
    for name in sorted(set(a.tables) ^ set(b.tables)):
        side = "a" if name in a.tables else "b"
        rows.append({"table": name, "key": "", "column": f"(only in run {side})",
                     "a": np.nan, "b": np.nan, "difference": np.nan})  # fmt: skip
    frame = pd.DataFrame(rows, columns=COLUMNS)
    if only_differences:
        same = ~frame["table"].isin(["inputs", "scenario"]) & (frame["difference"] == 0)
        frame = frame[~same].reset_index(drop=True)
    return frame


def _table_rows(name: str, ta: pd.DataFrame, tb: pd.DataFrame) -> list[dict[str, object]]:
    keys = [c for c in ta.columns if c in tb.columns and not pd.api.types.is_float_dtype(ta[c])]
    values = [c for c in ta.columns if c in tb.columns and pd.api.types.is_float_dtype(ta[c])]
    left, right = ta.copy(), tb.copy()
    if not keys or left.duplicated(keys).any():
        left["row"], right["row"] = range(len(left)), range(len(right))
        keys = ["row", *keys]
    merged = left.merge(right, on=keys, how="outer", suffixes=("_a", "_b"), sort=False)
    out: list[dict[str, object]] = []
    for _, row in merged.iterrows():
        key = ", ".join(f"{k}={row[k]}" for k in keys)
        for col in values:
            va, vb = float(row[f"{col}_a"]), float(row[f"{col}_b"])
            out.append({"table": name, "key": key, "column": col, "a": va, "b": vb,
                        "difference": vb - va})  # fmt: skip
    return out


def _text(value: object) -> str:
    return value if isinstance(value, str) else json.dumps(value, sort_keys=True)
