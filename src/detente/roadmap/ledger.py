"""The compensation ledger: pledges against deliveries per donor and stage, on any date.

Every ``aid`` or ``cost`` action is a pledge of its quantity by its actor; deliveries are the
``delivered`` events up to the date. Quantities are added only within one unit (tonnes of heavy
fuel oil equivalent, US dollars, ...); equipment is pledged in tonne-equivalents by the parties
themselves, so it shares the oil's unit.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from detente.roadmap.schema import Roadmap
from detente.roadmap.tracking import action_states

COLUMNS = [
    "unit",
    "donor",
    "stage",
    "pledged",
    "delivered",
    "outstanding",
    "delivered_pct",
    "share_of_pledges_pct",
    "share_of_deliveries_pct",
    "status",
]


def ledger(roadmap: Roadmap, on: dt.date, by_stage: bool = True) -> pd.DataFrame:
    """Pledged, delivered and outstanding per donor (and stage), with burden shares in %.

    Burden shares are a donor's part of all pledges (and of all deliveries) in the same unit.
    ``status`` is ``complete``, ``short`` (something delivered, not all) or ``none``.

    Parameters
    ----------
    roadmap : the roadmap
    on : the date deliveries are counted to
    by_stage : one row per donor and stage (False: per donor)

    Returns
    -------
    pandas.DataFrame
        Columns unit, donor, stage, pledged, delivered, outstanding, delivered_pct,
        share_of_pledges, share_of_deliveries, status.
    """
    states = action_states(roadmap, on)
    rows = [
        {
            "unit": a.unit or "",
            "donor": a.actor,
            "stage": s.id,
            "pledged": a.quantity,
            "delivered": states[a.id].delivered,
        }
        for s in roadmap.stages
        for a in s.actions
        if a.kind != "step"
    ]
    if not rows:
        return pd.DataFrame(columns=COLUMNS)
    table = pd.DataFrame(rows)
    keys = ["unit", "donor", "stage"] if by_stage else ["unit", "donor"]
    table = table.groupby(keys, sort=False, as_index=False)[["pledged", "delivered"]].sum()
    if not by_stage:
        table.insert(2, "stage", "all")
    table["delivered"] = table[["delivered", "pledged"]].min(axis=1)
    table["outstanding"] = table["pledged"] - table["delivered"]
    table["delivered_pct"] = _pct(table["delivered"], table["pledged"])
    unit_pledged = table.groupby("unit")["pledged"].transform("sum")
    unit_delivered = table.groupby("unit")["delivered"].transform("sum")
    table["share_of_pledges_pct"] = _pct(table["pledged"], unit_pledged)
    table["share_of_deliveries_pct"] = _pct(table["delivered"], unit_delivered)
    table["status"] = [
        _status(d, p) for d, p in zip(table["delivered"], table["pledged"], strict=True)
    ]
    return table[COLUMNS]


def _pct(part: pd.Series, whole: pd.Series) -> pd.Series:
    return (100.0 * part / whole.where(whole > 0)).round(1)


def _status(delivered: float, pledged: float) -> str:
    if delivered >= pledged:
        return "complete"
    return "short" if delivered > 0 else "none"


def totals(table: pd.DataFrame) -> pd.DataFrame:
    """Pledged, delivered and outstanding summed per unit (a one-line answer per unit).

    Parameters
    ----------
    table : a :func:`ledger` table

    Returns
    -------
    pandas.DataFrame
        One row per unit.
    """
    sums = table.groupby("unit", as_index=False)[["pledged", "delivered", "outstanding"]].sum()
    sums["delivered_pct"] = _pct(sums["delivered"], sums["pledged"])
    return sums
