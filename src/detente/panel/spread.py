"""Which disagreements matter: the cells whose spread across experts moves the forecast most.

A one-at-a-time sensitivity analysis over the members' spread (in the manner of Saltelli et al.
2008, chapter 2): every input stays at its pooled value except one cell, which goes to the lowest
and then the highest value any member gave it; the swing of each issue's forecast between the two
says how much the experts' disagreement on that cell matters for that issue. A wide disagreement
that moves nothing can be left alone; a narrow one that moves a lot is worth another round.

References
----------
Saltelli, A. et al. (2008). Global Sensitivity Analysis: The Primer. Wiley (one-at-a-time
screening and its limits: interactions between cells are not seen).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from detente.models.registry import get_model
from detente.panel.cells import cell_kind
from detente.panel.data import PanelData
from detente.panel.pool import Pooling, cell_table
from detente.panel.scenarios import pooled_scenario
from detente.scenario import ScenarioArrays


def spread_sensitivity(
    data: PanelData,
    model: str = "weighted-median",
    *,
    round_number: int | None = None,
    pooling: Pooling = Pooling(),
    params: Mapping[str, Any] | None = None,
    seed: int = 0,
) -> pd.DataFrame:
    """The swing of each issue's forecast as each disputed cell moves across the members' range.

    Parameters
    ----------
    data : the panel
    model : a registered model
    round_number : the round (None: the last)
    pooling : how cells are pooled (the values the other cells hold)
    params : the model's parameters
    seed : seed of the model's draws

    Returns
    -------
    pandas.DataFrame
        One row per (cell, issue) with a swing above zero: kind, actor, cell_issue (the cell's
        issue, empty for capability), issue (the forecast moved), low and high (the members'
        lowest and highest value), forecast_low, forecast_high, swing (absolute difference) and
        rank (1 = the cell that moves this issue most). Cells of kinds no model reads from the
        arrays are left out.

    References
    ----------
    Saltelli et al. (2008): see the module docstring.
    """
    table = cell_table(data, round_number, pooling)
    table = table[
        (table["range"] > 0) & table["kind"].map(lambda k: cell_kind(k).array is not None)
    ]
    table = table.reset_index(drop=True)
    base = pooled_scenario(data, round_number, pooling).to_arrays()
    issues = list(base.issue_ids)
    columns = ["kind", "actor", "cell_issue", "issue", "low", "high", "forecast_low",
               "forecast_high", "swing", "rank"]  # fmt: skip
    if table.empty:
        return pd.DataFrame(columns=columns)
    lows = _members_extreme(data, round_number, table, "min")
    highs = _members_extreme(data, round_number, table, "max")
    batch = _extremes_batch(base, table, lows, highs)
    spec = get_model(model)
    merged = spec.params({**data.scenario.params.get(model, {}), **dict(params or {})})
    out = np.asarray(spec(batch, merged, seed).final, dtype=float)
    rows = []
    for c, row in enumerate(table.itertuples(index=False)):
        for j, issue in enumerate(issues):
            f_low, f_high = float(out[2 * c, j]), float(out[2 * c + 1, j])
            rows.append((row.kind, row.actor, row.issue, issue, lows[c], highs[c], f_low, f_high,
                         abs(f_high - f_low)))  # fmt: skip
    frame = pd.DataFrame(rows, columns=columns[:-1])
    frame = frame[frame["swing"] > 0].copy()
    frame["rank"] = frame.groupby("issue")["swing"].rank(method="first", ascending=False)
    frame["rank"] = frame["rank"].astype("int64")
    order = {i: k for k, i in enumerate(issues)}
    frame = frame.sort_values(
        ["issue", "rank"], key=lambda s: s.map(order) if s.name == "issue" else s
    )
    return frame.reset_index(drop=True)


def _extremes_batch(
    base: ScenarioArrays, table: pd.DataFrame, lows: np.ndarray, highs: np.ndarray
) -> ScenarioArrays:
    """Runs 2c and 2c + 1 set cell c to its lowest and highest member's value; the last run is
    the pooled scenario itself."""
    values = {name: np.repeat(getattr(base, name), 2 * len(table) + 1, axis=0)
              for name in ("position", "salience", "capability")}  # fmt: skip
    actor_index = {a: k for k, a in enumerate(base.actor_ids)}
    issues = list(base.issue_ids)
    cells = zip(table["kind"], table["actor"], table["issue"], strict=True)
    for c, (kind, actor, cell_issue) in enumerate(cells):
        array = str(cell_kind(kind).array)
        a = actor_index[actor]
        for run, v in ((2 * c, lows[c]), (2 * c + 1, highs[c])):
            if array == "capability":
                values[array][run, a] = v
            else:
                values[array][run, a, issues.index(cell_issue)] = v
    return base.with_values(**values)


def _members_extreme(
    data: PanelData, round_number: int | None, table: pd.DataFrame, how: str
) -> np.ndarray:
    frame = data.round(round_number)
    grouped = frame.groupby(["kind", "actor", "issue"])["value"].agg(how)
    keys = list(table[["kind", "actor", "issue"]].itertuples(index=False, name=None))
    return np.array([grouped[k] for k in keys], float)


def top_cells(sensitivity: pd.DataFrame, top: int = 10) -> pd.DataFrame:
    """The cells whose disagreement moves some issue most: each cell's largest swing, ranked.

    Parameters
    ----------
    sensitivity : the table of :func:`spread_sensitivity`
    top : how many cells

    Returns
    -------
    pandas.DataFrame
        Columns: kind, actor, cell_issue, low, high, issue (the issue it moves most), swing.
    """
    if sensitivity.empty:
        return sensitivity.reindex(columns=["kind", "actor", "cell_issue", "low", "high", "issue",
                                            "swing"])  # fmt: skip
    best = sensitivity.sort_values("swing", ascending=False, kind="stable")
    best = best.drop_duplicates(["kind", "actor", "cell_issue"])
    return (
        best[["kind", "actor", "cell_issue", "low", "high", "issue", "swing"]]
        .head(top)
        .reset_index(drop=True)
    )
