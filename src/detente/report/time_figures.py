"""Figures over time: positions round by round, and a roadmap's timeline (Plotly)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from detente.core.trajectory import Trajectory
from detente.errors import require
from detente.report.axes import scale_title
from detente.report.style import PALETTE, finish, look
from detente.roadmap.schema import Roadmap
from detente.roadmap.tracking import timeline_frame, timeline_rows
from detente.scenario.schema import Scenario


def _go() -> Any:
    return require("plotly.graph_objects", "plots", "The HTML report")


def trajectory_traces(traj: Trajectory, issue: str, legend: bool = True) -> list[Any]:
    """Plotly lines of every actor's position on one issue, and the forecast (dashed).

    Each actor has its own colour, marker and (from the tenth on) dash: :func:`style.look`.

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
    traces = []
    for j, actor in enumerate(traj.actor_ids):
        shown = look(j)
        traces.append(
            go.Scatter(
                x=rounds,
                y=traj.positions[:, 0, j, k],
                name=actor,
                legendgroup=actor,
                showlegend=legend,
                mode="lines+markers",
                line={"color": shown.colour, "dash": shown.dash, "width": 1.5},
                marker={"size": 6, "symbol": shown.symbol, "color": shown.colour},
            )
        )
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


def trajectory_figure(traj: Trajectory, issue: str, scenario: Scenario | None = None) -> Any:
    """A Plotly figure of every actor's position on ``issue`` round by round, with the forecast.

    Parameters
    ----------
    traj : a model's trajectory (run 0 is drawn)
    issue : the issue
    scenario : the scenario (for the issue's scale and unit on the y axis)

    Returns
    -------
    plotly.graph_objects.Figure
        The figure.
    """
    go = _go()
    fig = go.Figure(trajectory_traces(traj, issue))
    return finish(
        fig,
        f"{traj.model}: {issue}",
        340,
        x="round",
        y=scale_title(scenario, issue),
        legend_items=len(traj.actor_ids) + 1,
        width=45,  # two figures side by side in the report
    )


def gantt_figure(roadmap: Roadmap, on: dt.date, note: str = "") -> Any:
    """A Plotly figure: grey planned bars, coloured actual bars, crosses where a step was missed.

    Parameters
    ----------
    roadmap : the roadmap
    on : the date its events are read to
    note : a few words added to the title (e.g. how an illustrative roadmap is dated)

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
        ("actual", "actual_start", "actual_end", PALETTE[1]),
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
                width=0.6 if kind == "planned" else 0.3,
            )
        )
    missed = [(r["stage"], d) for r in timeline_rows(roadmap, on) for d in r["missed"]]
    if missed:
        fig.add_trace(
            go.Scatter(
                name="missed",
                mode="markers",
                marker={
                    "symbol": "x",
                    "color": PALETTE[0],
                    "size": 11,
                    "line": {"width": 1, "color": "white"},
                },
                y=[m[0] for m in missed],
                x=[pd.Timestamp(m[1]) for m in missed],
            )
        )
    fig.update_layout(barmode="overlay", xaxis_type="date")
    fig.update_yaxes(autorange="reversed")
    title = f"{roadmap.name}: planned vs actual (to {on})" + (f"; {note}" if note else "")
    return finish(fig, title, 120 + 60 * len(frame), x="date", legend_items=2 + bool(missed))
