"""The scenarios a panel implies: the pooled one, and one per member completed by the pool.

Both are ordinary :class:`~detente.scenario.Scenario` objects, so every model and analysis takes
them. Their stated standard deviations come from the experts: the pooled scenario's from the
linear pool's 5%-95% width, a member's from that member's own range (0, the analyses' default,
where the member gave none).
"""

from __future__ import annotations

import pandas as pd

from detente.panel.cells import Cell
from detente.panel.data import PanelData
from detente.panel.pool import Z95, Pooling, apply_values, cell_table
from detente.scenario import Scenario
from detente.scenario.ids import suggest_id


def _cells(table: pd.DataFrame) -> list[Cell]:
    return [Cell(k, a, i) for k, a, i in table[["kind", "actor", "issue"]].itertuples(index=False)]


def pooled_scenario(
    data: PanelData,
    round_number: int | None = None,
    pooling: Pooling = Pooling(),
    table: pd.DataFrame | None = None,
) -> Scenario:
    """The scenario with every assessed cell at its pooled value (others keep the scenario's).

    Parameters
    ----------
    data : the panel
    round_number : the round (None: the last)
    pooling : how cells are pooled
    table : the round's :func:`~detente.panel.pool.cell_table`, when already computed

    Returns
    -------
    Scenario
        An ordinary scenario, id ``<scenario>-pooled``; each assessed cell's sd is the pool's
        5%-95% width over 2 x 1.645.
    """
    number = data.last_round if round_number is None else round_number
    table = cell_table(data, number, pooling) if table is None else table
    values = {
        cell: (value, sd)
        for cell, value, sd in zip(
            _cells(table), table["pooled"].tolist(), table["pool_sd"].tolist(), strict=True
        )
    }
    s = data.scenario
    name = f"{s.name} - panel '{data.name}', round {number}, pooled ({pooling.method})"
    return apply_values(s, values, f"{s.id}-pooled", name)


def member_scenarios(
    data: PanelData,
    round_number: int | None = None,
    pooling: Pooling = Pooling(),
    table: pd.DataFrame | None = None,
) -> dict[str, Scenario]:
    """Each member's completed scenario: their own values, the pooled value where they gave none.

    Parameters
    ----------
    data : the panel
    round_number : the round (None: the last)
    pooling : how cells are pooled
    table : the round's :func:`~detente.panel.pool.cell_table`, when already computed

    Returns
    -------
    dict[str, Scenario]
        {member: scenario}, in the order the members appear in the round.
    """
    number = data.last_round if round_number is None else round_number
    table = cell_table(data, number, pooling) if table is None else table
    pooled = {
        cell: (value, sd)
        for cell, value, sd in zip(
            _cells(table), table["pooled"].tolist(), table["pool_sd"].tolist(), strict=True
        )
    }
    frame = data.round(number)
    out: dict[str, Scenario] = {}
    s = data.scenario
    for member, rows in frame.groupby("member", sort=False):
        own = dict(pooled)
        for r in rows.to_dict(orient="records"):
            width = 0.0 if pd.isna(r["low"]) else (float(r["high"]) - float(r["low"])) / (2 * Z95)
            own[Cell(str(r["kind"]), str(r["actor"]), str(r["issue"]))] = (float(r["value"]), width)
        name = f"{s.name} - panel '{data.name}', round {number}, member {member}"
        out[str(member)] = apply_values(s, own, f"{s.id}-{suggest_id(str(member))}", name)
    return out
