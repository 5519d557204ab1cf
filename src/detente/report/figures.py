"""Interactive Plotly figures: what the HTML report and the web workspace draw.

Each takes the tidy table (or trajectory, or roadmap) a result holds and draws it; no model
math here. Static pictures for files are in :mod:`detente.report.static`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from detente.errors import require
from detente.report.axes import Axis, dodge, issue_rows, shared_range
from detente.report.style import MARGIN, PALETTE, finish, look
from detente.report.time_figures import gantt_figure, trajectory_figure, trajectory_traces
from detente.scenario.schema import Scenario

__all__ = [
    "MARGIN", "Axis", "ensemble_figure", "forecast_figure", "gantt_figure", "influence_figure",
    "sensitivity_figure", "shared_range", "trajectory_figure", "trajectory_traces",
    "whatif_figure",
]  # fmt: skip

OUTCOME_SYMBOLS = (
    "diamond-open",
    "square-open",
    "triangle-up-open",
    "star-open",
    "x-open",
    "circle-open",
)


def _go() -> Any:
    return require("plotly.graph_objects", "plots", "The HTML report")


def forecast_figure(
    table: pd.DataFrame,
    models: Sequence[str],
    outcomes: Sequence[str],
    scenario: Scenario | None = None,
) -> Any:
    """Each model's forecast per issue as dots, the known outcomes as open symbols.

    The models of one issue are set slightly apart vertically (and each has its own marker), so
    models that agree stay visible; the outcomes sit on the issue's line.

    Parameters
    ----------
    table : a forecast table (issue, one column per model and per outcome)
    models : the model columns
    outcomes : the outcome columns, oldest first (the latest drawn black)
    scenario : the scenario (for the issues' scales and units)

    Returns
    -------
    plotly.graph_objects.Figure
        The figure.
    """
    go = _go()
    issues = list(table["issue"])
    axis = Axis.of(scenario, issues)
    rows = np.arange(len(issues), dtype=float)
    fig = go.Figure()
    for k, (model, dy) in enumerate(zip(models, dodge(len(models)), strict=True)):
        shown = look(k)
        fig.add_trace(
            go.Scatter(
                x=axis.x(table[model], issues),
                y=rows + dy,
                mode="markers",
                name=model,
                text=axis.hover(table[model], issues),
                customdata=issues,
                hovertemplate="%{customdata}: %{text}<extra>" + model + "</extra>",
                marker={"size": 9, "color": shown.colour, "symbol": shown.symbol,
                        "line": {"width": 0.5, "color": "white"}},
            )
        )  # fmt: skip
    for n, outcome in enumerate(outcomes):  # the last outcome black, earlier ones grey
        fig.add_trace(
            go.Scatter(
                x=axis.x(table[outcome], issues),
                y=rows,
                mode="markers",
                name=f"known: {outcome}",
                text=axis.hover(table[outcome], issues),
                customdata=issues,
                hovertemplate="%{customdata}: %{text}<extra>" + outcome + "</extra>",
                marker={
                    "symbol": OUTCOME_SYMBOLS[n % len(OUTCOME_SYMBOLS)],
                    "size": 15,
                    "color": "black" if n == len(outcomes) - 1 else "#6b7385",
                    "line": {"width": 2},
                },
            )
        )
    issue_rows(fig, issues)
    return finish(
        fig,
        "Forecasts and known outcomes",
        120 + 40 * len(issues),
        x=axis.title,
        legend_items=len(models) + len(outcomes),
    )


def ensemble_figure(
    model: str,
    issues: Sequence[str],
    samples: np.ndarray | None,
    summary: pd.DataFrame,
    scenario: Scenario | None = None,
    x_range: tuple[float, float] | None = None,
) -> Any:
    """Violins of the ensemble's forecasts per issue (or a fan of its quantiles without samples).

    Parameters
    ----------
    model : the model's name (the title)
    issues : the issues, one violin each
    samples : (runs, issues) forecasts, or None
    summary : the ensemble's quantiles per issue
    scenario : the scenario (for the issues' scales and units)
    x_range : the x-axis range; give every model's figure the same range so that their spreads
        can be compared at a glance (:func:`shared_range`)

    Returns
    -------
    plotly.graph_objects.Figure
        The figure.
    """
    go = _go()
    axis = Axis.of(scenario, issues)
    fig = go.Figure()
    if samples is not None:
        for j, issue in enumerate(issues):
            fig.add_trace(
                go.Violin(
                    x=axis.x(samples[:, j], [issue] * samples.shape[0]),
                    y=np.full(samples.shape[0], j),
                    name=issue,
                    orientation="h",
                    box_visible=True,
                    meanline_visible=False,
                    points=False,
                    spanmode="hard",  # no density beyond the samples (or the scale)
                    showlegend=False,
                    line={"color": look(j).colour},
                    width=0.8,
                )
            )
    else:
        rows = np.arange(len(summary), dtype=float)
        for low, high, width in (("p05", "p95", 8), ("p25", "p75", 16)):
            gaps = np.full(len(summary), np.nan)  # break the line between issues
            lo, hi = axis.x(summary[low], issues), axis.x(summary[high], issues)
            x = np.ravel(np.column_stack([lo, hi, gaps]))
            y = np.repeat(rows, 3)
            fig.add_trace(
                go.Scatter(x=x, y=y, mode="lines", name=f"{low}-{high}", line={"width": width})
            )
    fig.add_trace(
        go.Scatter(
            x=axis.x(summary["point"], issues),
            y=np.arange(len(summary), dtype=float),
            mode="markers",
            name="point forecast",
            text=axis.hover(summary["point"], issues),
            hovertemplate="%{text}",
            marker={"symbol": "x", "size": 9, "color": "black"},
        )
    )
    issue_rows(fig, issues)
    if x_range is not None:
        fig.update_xaxes(range=list(x_range))
    return finish(
        fig,
        f"{model}: ensemble of forecasts",
        140 + 40 * len(issues),
        x=axis.title.replace("position", "forecast", 1),
        legend_items=1 if samples is not None else 3,
    )


def influence_figure(model: str, table: pd.DataFrame, unit: str = "points") -> Any:
    """A heat map of each actor's influence on each issue's forecast, each cell labelled.

    The colour bar says which way a colour pushes (toward the low or the high end of the
    scale), and every cell carries its signed value, so the reading never rests on red and blue.

    Parameters
    ----------
    model : the model's name (the title)
    table : influence values (actor, issue, value)
    unit : the values' unit, for the colour bar and the labels

    Returns
    -------
    plotly.graph_objects.Figure
        The figure.
    """
    go = _go()
    grid = table.pivot(index="actor", columns="issue", values="value")
    grid = grid.loc[list(dict.fromkeys(table["actor"])), list(dict.fromkeys(table["issue"]))]
    z = grid.to_numpy(float)
    limit = float(np.nanmax(np.abs(z))) if np.isfinite(z).any() else 0.0
    limit = limit or 1.0
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=list(grid.columns),
            y=list(grid.index),
            colorscale="RdBu",
            zmin=-limit,
            zmax=limit,
            zmid=0,
            text=[[f"{v:+.1f}" for v in row] for row in z],
            texttemplate="%{text}",
            hovertemplate="%{y} moves %{x} by %{z:+.2f} " + unit + "<extra></extra>",
            colorbar={
                "title": {"text": f"shift ({unit})", "side": "right"},
                "tickvals": [-limit, 0, limit],
                "ticktext": [f"{-limit:.0f}: toward 0", "0", f"+{limit:.0f}: toward 100"],
            },
        )
    )
    fig.update_yaxes(autorange="reversed")  # actors top-down in the scenario's order
    return finish(
        fig,
        f"{model}: how far each actor moves each issue's forecast (red: toward 0, blue: "
        "toward 100)",
        160 + 36 * len(grid),
        x="issue",
        y="actor",
    )


def sensitivity_figure(model: str, table: pd.DataFrame, top: int = 3) -> Any:
    """Bars of the ``top`` inputs that move each issue's forecast most.

    Parameters
    ----------
    model : the model's name (the title)
    table : a sensitivity table (actor, attribute, issue, index, rank)
    top : bars per issue

    Returns
    -------
    plotly.graph_objects.Figure
        The figure.
    """
    go = _go()
    part = table[(table["rank"] <= top).fillna(False)]
    sobol = "ST" in table
    fig = go.Figure()
    for rank in range(1, top + 1):
        rows = part[part["rank"] == rank]
        labels = [f"{a} {t}" for a, t in zip(rows["actor"], rows["attribute"], strict=True)]
        fig.add_trace(
            go.Bar(
                x=rows["index"],
                y=rows["issue"],
                orientation="h",
                text=labels,
                name=f"rank {rank}",
                textposition="auto",
                marker_color=look(rank - 1).colour,
            )
        )
    fig.update_yaxes(autorange="reversed")
    x = (
        "total-order Sobol index ST (share of the forecast's variance)"
        if sobol
        else "forecast swing |high - low| (in each issue's own unit)"
    )
    return finish(
        fig,
        f"{model}: most influential inputs per issue",
        160 + 26 * top * max(part["issue"].nunique(), 1),
        x=x,
        legend_items=top,
    ).update_layout(barmode="group")


def whatif_figure(
    model: str, table: pd.DataFrame, label: str, scenario: Scenario | None = None
) -> Any:
    """Forecast before (open circle) and after (dot, with its 90% interval) the changes.

    Parameters
    ----------
    model : the model's name (the title)
    table : a what-if table (issue, before, after, after_p05, after_p95)
    label : the changes, as the title says them
    scenario : the scenario (for the issues' scales and units)

    Returns
    -------
    plotly.graph_objects.Figure
        The figure.
    """
    go = _go()
    issues = list(table["issue"])
    axis = Axis.of(scenario, issues)
    rows = np.arange(len(issues), dtype=float)
    err: Mapping[str, Any] = {}
    if table["after_p05"].notna().all():
        after = axis.x(table["after"], issues)
        err = {
            "type": "data",
            "symmetric": False,
            "array": axis.x(table["after_p95"], issues) - after,
            "arrayminus": after - axis.x(table["after_p05"], issues),
        }
    fig = go.Figure(
        [
            go.Scatter(
                x=axis.x(table["before"], issues),
                y=rows - 0.12,
                mode="markers",
                name="before",
                text=axis.hover(table["before"], issues),
                hovertemplate="%{text}",
                marker={"symbol": "circle-open", "size": 11, "color": "#4d4d4d",
                        "line": {"width": 2}},
            ),
            go.Scatter(
                x=axis.x(table["after"], issues),
                y=rows + 0.12,
                mode="markers",
                name="after (90% interval)",
                text=axis.hover(table["after"], issues),
                hovertemplate="%{text}",
                marker={"size": 9, "color": PALETTE[0]},
                error_x=dict(err) or None,
            ),
        ]
    )  # fmt: skip
    issue_rows(fig, issues)
    return finish(fig, f"{model}: {label}", 140 + 36 * len(issues), x=axis.title, legend_items=2)
