"""Interactive Plotly figures: what the HTML report and the web workspace draw.

Each takes the tidy table (or trajectory, or roadmap) a result holds and draws it; no model
math here. Static pictures for files are in :mod:`detente.report.static`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from detente.core.trajectory import Trajectory
from detente.errors import require
from detente.roadmap.schema import Roadmap
from detente.roadmap.tracking import timeline_frame, timeline_rows

MARGIN = {"l": 50, "r": 20, "t": 50, "b": 40}

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


def forecast_figure(table: pd.DataFrame, models: Sequence[str], outcomes: Sequence[str]) -> Any:
    """Each model's forecast per issue as dots, the known outcomes as open symbols.

    Parameters
    ----------
    table : a forecast table (issue, one column per model and per outcome)
    models : the model columns
    outcomes : the outcome columns (the first drawn black)

    Returns
    -------
    plotly.graph_objects.Figure
        The figure.
    """
    go = _go()
    fig = go.Figure()
    for model in models:
        fig.add_trace(
            go.Scatter(
                x=table[model],
                y=table["issue"],
                mode="markers",
                name=model,
                marker={"size": 10, "opacity": 0.8},
            )
        )
    for n, outcome in enumerate(outcomes):  # the first outcome black, later ones grey
        fig.add_trace(
            go.Scatter(
                x=table[outcome],
                y=table["issue"],
                mode="markers",
                name=outcome,
                marker={
                    "symbol": OUTCOME_SYMBOLS[n % len(OUTCOME_SYMBOLS)],
                    "size": 13,
                    "color": "black" if n == 0 else "#8a93a6",
                    "line": {"width": 2},
                },
            )
        )
    fig.update_layout(
        title="Forecasts and known outcomes",
        xaxis_title="position",
        height=120 + 32 * len(table),
        margin=MARGIN,
    )
    fig.update_yaxes(autorange="reversed")
    return fig


def ensemble_figure(
    model: str, issues: Sequence[str], samples: np.ndarray | None, summary: pd.DataFrame
) -> Any:
    """Violins of the ensemble's forecasts per issue (or a fan of its quantiles without samples).

    Parameters
    ----------
    model : the model's name (the title)
    issues : the issues, in the samples' column order
    samples : (runs, issues) forecasts, or None to draw the quantiles only
    summary : the ensemble's per-issue summary

    Returns
    -------
    plotly.graph_objects.Figure
        The figure.
    """
    go = _go()
    fig = go.Figure()
    if samples is not None:
        for j, issue in enumerate(issues):
            fig.add_trace(
                go.Violin(
                    x=samples[:, j],
                    name=issue,
                    orientation="h",
                    box_visible=True,
                    meanline_visible=False,
                    points=False,
                    spanmode="hard",  # no density beyond the samples (or the scale)
                    showlegend=False,
                )
            )
    else:
        for low, high, width in (("p05", "p95", 8), ("p25", "p75", 16)):
            gaps = np.full(len(summary), np.nan)  # break the line between issues
            x = np.ravel(np.column_stack([summary[low], summary[high], gaps]))
            y = np.repeat(summary["issue"].to_numpy(), 3)
            fig.add_trace(
                go.Scatter(x=x, y=y, mode="lines", name=f"{low}-{high}", line={"width": width})
            )
    fig.add_trace(
        go.Scatter(
            x=summary["point"],
            y=summary["issue"],
            mode="markers",
            name="point",
            marker={"symbol": "x", "size": 9, "color": "black"},
        )
    )
    fig.update_layout(
        title=f"{model}: ensemble of forecasts",
        xaxis_title="position",
        height=140 + 40 * len(issues),
        margin=MARGIN,
    )
    fig.update_yaxes(autorange="reversed")
    return fig


def influence_figure(model: str, table: pd.DataFrame) -> Any:
    """A heat map of each actor's influence on each issue's forecast.

    Parameters
    ----------
    model : the model's name (the title)
    table : influence values (actor, issue, value)

    Returns
    -------
    plotly.graph_objects.Figure
        The figure, red to blue around 0.
    """
    go = _go()
    grid = table.pivot(index="actor", columns="issue", values="value")
    grid = grid.loc[list(dict.fromkeys(table["actor"])), list(dict.fromkeys(table["issue"]))]
    limit = float(np.nanmax(np.abs(grid.to_numpy()))) or 1.0
    fig = go.Figure(
        go.Heatmap(
            z=grid.to_numpy(),
            x=list(grid.columns),
            y=list(grid.index),
            colorscale="RdBu",
            zmin=-limit,
            zmax=limit,
            zmid=0,
            colorbar={"title": "shift"},
        )
    )
    fig.update_layout(
        title=f"{model}: influence on the forecast", height=160 + 36 * len(grid), margin=MARGIN
    )
    return fig


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
    part = table[table["rank"] <= top]
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
            )
        )
    fig.update_layout(
        title=f"{model}: most influential inputs per issue",
        barmode="group",
        xaxis_title="sensitivity index",
        margin=MARGIN,
        height=160 + 26 * top * part["issue"].nunique(),
    )
    fig.update_yaxes(autorange="reversed")
    return fig


def whatif_figure(model: str, table: pd.DataFrame, label: str) -> Any:
    """Forecast before (open circle) and after (dot, with its 90% interval) the changes.

    Parameters
    ----------
    model : the model's name (the title)
    table : a what-if table (issue, before, after, after_p05, after_p95)
    label : the changes, as the title says them

    Returns
    -------
    plotly.graph_objects.Figure
        The figure.
    """
    go = _go()
    err: Mapping[str, Any] = {}
    if table["after_p05"].notna().all():
        err = {
            "type": "data",
            "symmetric": False,
            "array": table["after_p95"] - table["after"],
            "arrayminus": table["after"] - table["after_p05"],
        }
    fig = go.Figure(
        [
            go.Scatter(
                x=table["before"],
                y=table["issue"],
                mode="markers",
                name="before",
                marker={"symbol": "circle-open", "size": 11, "color": "grey"},
            ),
            go.Scatter(
                x=table["after"],
                y=table["issue"],
                mode="markers",
                name="after",
                marker={"size": 9},
                error_x=dict(err) or None,
            ),
        ]
    )
    fig.update_layout(
        title=f"{model}: {label}",
        xaxis_title="position",
        margin=MARGIN,
        height=140 + 32 * len(table),
    )
    fig.update_yaxes(autorange="reversed")
    return fig


def trajectory_traces(traj: Trajectory, issue: str, legend: bool = True) -> list[Any]:
    """Plotly lines of every actor's position on one issue, and the forecast (dashed).

    Parameters
    ----------
    traj : a model's trajectory (run 0 is drawn)
    issue : the issue
    legend : show the lines in the legend (once per page of subplots)

    Returns
    -------
    list
        One ``go.Scatter`` per actor, then the forecast.
    """
    go = _go()
    k = traj.issue_ids.index(issue)
    rounds = list(range(traj.rounds + 1))
    traces = [
        go.Scatter(
            x=rounds,
            y=traj.positions[:, 0, j, k],
            name=actor,
            legendgroup=actor,
            showlegend=legend,
            mode="lines+markers",
            marker={"size": 4},
        )
        for j, actor in enumerate(traj.actor_ids)
    ]
    traces.append(
        go.Scatter(
            x=rounds,
            y=traj.forecast[:, 0, k],
            name="forecast",
            line={"dash": "dash", "color": "black", "width": 3},
            legendgroup="forecast",
            showlegend=legend,
        )
    )
    return traces


def trajectory_figure(traj: Trajectory, issue: str) -> Any:
    """A Plotly figure of every actor's position on ``issue`` round by round, with the forecast.

    Parameters
    ----------
    traj : a model's trajectory (run 0 is drawn)
    issue : the issue

    Returns
    -------
    plotly.graph_objects.Figure
        The figure.
    """
    go = _go()
    fig = go.Figure(trajectory_traces(traj, issue))
    fig.update_layout(
        title=f"{traj.model}: {issue}",
        xaxis_title="round",
        yaxis_title="position",
        height=340,
        margin=MARGIN,
    )
    return fig


def gantt_figure(roadmap: Roadmap, on: dt.date) -> Any:
    """A Plotly figure: grey planned bars, coloured actual bars, crosses where a step was missed.

    Parameters
    ----------
    roadmap : a roadmap
    on : the date its events are read to

    Returns
    -------
    plotly.graph_objects.Figure
        The timeline.
    """
    go = _go()
    frame = timeline_frame(roadmap, on)
    fig = go.Figure()
    for kind, start, end, colour in (
        ("planned", "planned_start", "planned_end", "#bbbbbb"),
        ("actual", "actual_start", "actual_end", "#1f77b4"),
    ):
        part = frame.dropna(subset=[start, end])
        fig.add_trace(
            go.Bar(
                name=kind,
                y=part["stage"],
                orientation="h",
                marker_color=colour,
                base=pd.to_datetime(part[start]),
                x=(pd.to_datetime(part[end]) - pd.to_datetime(part[start])).dt.days * 86_400_000,
                customdata=part["state"],
                hovertemplate="%{y}: %{base|%Y-%m-%d} + %{x} (%{customdata})",
            )
        )
    missed = [(r["stage"], d) for r in timeline_rows(roadmap, on) for d in r["missed"]]
    if missed:
        fig.add_trace(
            go.Scatter(
                name="missed",
                mode="markers",
                marker_symbol="x",
                marker_color="#d62728",
                y=[m[0] for m in missed],
                x=[pd.Timestamp(m[1]) for m in missed],
            )
        )
    fig.update_layout(
        barmode="overlay",
        title=f"{roadmap.name}: planned vs actual (to {on})",
        xaxis_type="date",
        yaxis_autorange="reversed",
        height=120 + 60 * len(frame),
    )
    return fig
