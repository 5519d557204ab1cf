"""How far the experts differ: per issue, for the whole panel, and from round to round.

- Per cell, the interquartile range and range of the members' values (:func:`cell_table`).
- Per issue, Kendall's W: do the members rank the actors' positions in the same order?
- For the whole panel, Krippendorff's alpha for interval data, per kind of cell (positions are
  put on a common 0-100 scale first, so issues with other scales weigh the same).
- Between rounds, whether the spread shrank: the median IQR of the position cells, and the share
  of cells assessed in both rounds whose IQR fell.

References
----------
Kendall & Babington Smith (1939), Legendre (2005), Krippendorff (2011): see :mod:`.stats`.
Rowe, G. & Wright, G. (1999). The Delphi technique as a forecasting tool: issues and analysis.
International Journal of Forecasting 15(4), 353-375 (convergence across rounds as the usual
measure of a Delphi's progress, and its limits).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from detente.panel import stats
from detente.panel.data import PanelData
from detente.panel.pool import Pooling, cell_table

HEADLINE_KIND = "position"


def _position_scale(data: PanelData) -> dict[str, float]:
    """Factor putting each issue's positions on a 0-100 scale."""
    return {i.id: 100.0 / (i.scale.high - i.scale.low) for i in data.scenario.issues}


def kendall_w(data: PanelData, round_number: int | None = None) -> pd.DataFrame:
    """Kendall's W per issue over the members who gave a position for every actor on it.

    Parameters
    ----------
    data : the panel
    round_number : the round (None: the last)

    Returns
    -------
    pandas.DataFrame
        Columns: issue, members (how many judges), actors, w (NaN with fewer than two members).

    References
    ----------
    Kendall & Babington Smith (1939); Legendre (2005): see :func:`detente.panel.stats.kendall_w`.
    """
    frame = data.round(round_number)
    positions = frame[frame["kind"] == "position"]
    actors = data.scenario.actor_ids
    wide = positions.pivot(index="member", columns=["issue", "actor"], values="value")
    rows = []
    for issue in data.scenario.issue_ids:
        columns = pd.MultiIndex.from_product([[issue], actors])
        grid = wide.reindex(columns=columns).dropna().to_numpy(float)
        w = stats.kendall_w(grid) if len(grid) >= 2 else float("nan")
        rows.append({"issue": issue, "members": len(grid), "actors": len(actors), "w": w})
    return pd.DataFrame(rows).astype({"members": "int64", "actors": "int64"})


def alpha_by_kind(data: PanelData, round_number: int | None = None) -> pd.DataFrame:
    """Krippendorff's alpha (interval) per kind of cell: members are raters, cells are units.

    Positions are put on a 0-100 scale first, so issues with other scales weigh the same.

    Parameters
    ----------
    data : the panel
    round_number : the round (None: the last)

    Returns
    -------
    pandas.DataFrame
        Columns: kind, cells (with two values or more), values (pairable values used), alpha.

    References
    ----------
    Krippendorff (2011): see :func:`detente.panel.stats.krippendorff_alpha`.
    """
    frame = data.round(round_number).copy()
    scale = _position_scale(data)
    factor = frame["issue"].map(scale).where(frame["kind"] == "position", 1.0)
    frame["value"] = frame["value"].to_numpy(float) * factor.to_numpy(float)
    rows = []
    for kind, part in frame.groupby("kind", sort=False):
        grid = part.pivot(index="member", columns=["actor", "issue"], values="value")
        x = grid.to_numpy(float)
        pairable = (~np.isnan(x)).sum(axis=0) >= 2
        rows.append({
            "kind": kind, "cells": int(pairable.sum()),
            "values": int((~np.isnan(x[:, pairable])).sum()),
            "alpha": stats.krippendorff_alpha(x),
        })  # fmt: skip
    return pd.DataFrame(rows, columns=["kind", "cells", "values", "alpha"])


def headline_alpha(alphas: pd.DataFrame) -> float:
    """The panel's alpha: that of the position cells (or the first kind assessed).

    Parameters
    ----------
    alphas : the table of :func:`alpha_by_kind`

    Returns
    -------
    float
        The alpha (NaN for an empty table).
    """
    if alphas.empty:
        return float("nan")
    match = alphas[alphas["kind"] == HEADLINE_KIND]
    row = match.iloc[0] if len(match) else alphas.iloc[0]
    return float(row["alpha"])


def rounds_table(data: PanelData, pooling: Pooling = Pooling()) -> pd.DataFrame:
    """One row per round: who took part, the spread of the positions, agreement, and whether the
    spread shrank since the previous round.

    Parameters
    ----------
    data : the panel
    pooling : how cells are pooled

    Returns
    -------
    pandas.DataFrame
        Columns: round, members, cells, median_iqr and mean_range (position cells, 0-100
        points), alpha (positions), mean_w (Kendall's W averaged over issues), iqr_ratio
        (median_iqr over the previous round's; below 1 means the panel converged), narrower
        (share of cells assessed in both rounds whose IQR fell) and wider (share whose IQR grew).
    """
    rows = []
    before: pd.Series | None = None
    for number in data.rounds:
        cells = cell_table(data, number, pooling)
        spread = _position_spread(data, cells)
        ws = kendall_w(data, number)["w"]
        row = {
            "round": number,
            "members": len(data.members(number)),
            "cells": len(data.round(number).drop_duplicates(["kind", "actor", "issue"])),
            "median_iqr": float(spread.median()) if len(spread) else float("nan"),
            "mean_range": float(_position_spread(data, cells, "range").mean()),
            "alpha": headline_alpha(alpha_by_kind(data, number)),
            "mean_w": float(ws.mean()) if ws.notna().any() else float("nan"),
            "iqr_ratio": float("nan"),
            "narrower": float("nan"),
            "wider": float("nan"),
        }
        if before is not None:
            both = spread.index.intersection(before.index)
            row["iqr_ratio"] = _ratio(row["median_iqr"], float(before.median()))
            if len(both):
                row["narrower"] = float((spread[both] < before[both]).mean())
                row["wider"] = float((spread[both] > before[both]).mean())
        rows.append(row)
        before = spread
    return pd.DataFrame(rows)


def _position_spread(data: PanelData, cells: pd.DataFrame, column: str = "iqr") -> pd.Series:
    """The IQR (or range) of every position cell of a round on a 0-100 scale, keyed by cell."""
    table = cells[cells["kind"] == "position"]
    scale = table["issue"].map(_position_scale(data))
    values = (table[column] * scale).to_numpy(float)
    return pd.Series(values, index=pd.MultiIndex.from_frame(table[["actor", "issue"]]))


def _ratio(now: float, then: float) -> float:
    return now / then if then > 0 else float("nan")


def issue_table(
    data: PanelData, round_number: int | None = None, cells: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Per issue: Kendall's W, the median and largest IQR of its position cells, and the actor
    whose position the members disagree on most.

    Parameters
    ----------
    data : the panel
    round_number : the round (None: the last)
    cells : the round's :func:`~detente.panel.pool.cell_table`, when already computed

    Returns
    -------
    pandas.DataFrame
        Columns: issue, kendall_w, median_iqr, max_iqr, most_disputed.
    """
    table = cell_table(data, round_number) if cells is None else cells
    positions = table[table["kind"] == "position"]
    ws = kendall_w(data, round_number)
    w_of = dict(zip(ws["issue"].tolist(), ws["w"].tolist(), strict=True))
    rows = []
    for issue in data.scenario.issue_ids:
        part = positions[positions["issue"] == issue].reset_index(drop=True)
        widest = part.loc[int(part["iqr"].to_numpy().argmax())] if len(part) else None
        rows.append({
            "issue": issue,
            "kendall_w": float(w_of[issue]),
            "median_iqr": float(part["iqr"].median()) if len(part) else float("nan"),
            "max_iqr": float(part["iqr"].max()) if len(part) else float("nan"),
            "most_disputed": "" if widest is None else str(widest["actor"]),
        })  # fmt: skip
    return pd.DataFrame(rows)
