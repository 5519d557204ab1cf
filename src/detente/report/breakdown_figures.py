"""Plotly figures of a breakdown (:class:`detente.analysis.breakdown.BreakdownResult`).

Who would walk out (each actor's P(walk) with its ensemble interval, veto players marked) and how
P(collapse) moves when every reservation value shifts together. No model math here.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from detente.errors import require
from detente.report.style import PALETTE, finish


def _go() -> Any:
    return require("plotly.graph_objects", "plots", "The HTML report")


def walkout_figure(model: str, actors: pd.DataFrame) -> Any:
    """Each actor's probability of walking out: the point value, the ensemble mean and 90% band.

    Parameters
    ----------
    model : the model's name (the title)
    actors : the breakdown's actor table

    Returns
    -------
    plotly.graph_objects.Figure
        The figure.
    """
    go = _go()
    label = [
        f"{a} (veto)" if v else a for a, v in zip(actors["actor"], actors["veto"], strict=True)
    ]
    mean = actors["p_walk_mean"].to_numpy(float)
    has_band = not np.isnan(mean).all()
    fig = go.Figure()
    if has_band:
        fig.add_trace(
            go.Bar(
                x=mean,
                y=label,
                orientation="h",
                name="ensemble mean",
                error_x={
                    "type": "data",
                    "symmetric": False,
                    "array": actors["p_walk_p95"].to_numpy(float) - mean,
                    "arrayminus": mean - actors["p_walk_p05"].to_numpy(float),
                },
                marker={"color": [PALETTE[5] if v else "#9a9a9a" for v in actors["veto"]]},
            )
        )
    fig.add_trace(
        go.Scatter(
            x=actors["p_walk"],
            y=label,
            mode="markers",
            name="point forecast",
            marker={"symbol": "x", "size": 10, "color": "black"},
        )
    )
    fig.update_xaxes(range=[0, 1])
    fig.update_yaxes(autorange="reversed")
    return finish(
        fig,
        f"{model}: probability of walking out (veto players dark red, marked 'veto')",
        140 + 36 * len(actors),
        x="P(walk out) (probability, 0-1)",
        legend_items=1 + has_band,
    )


def sweep_figure(model: str, sweep: pd.DataFrame) -> Any:
    """P(collapse) against a shift of every reservation value.

    Parameters
    ----------
    model : the model's name (the title)
    sweep : P(collapse) per shift of the reservation values

    Returns
    -------
    plotly.graph_objects.Figure
        The figure.
    """
    go = _go()
    fig = go.Figure(
        go.Scatter(x=sweep["shift"], y=sweep["p_collapse"], mode="lines+markers", name=model)
    )
    fig.add_vline(x=0, line={"dash": "dot", "color": "#8a93a6"})
    fig.update_yaxes(range=[0, 1])
    return finish(
        fig,
        f"{model}: P(collapse) as every reservation value moves",
        360,
        x="shift of every reservation value (utility, 0-1 scale)",
        y="P(collapse) (probability, 0-1)",
    )
