"""Figures of trajectories: a static PNG (Matplotlib) or an interactive HTML page (Plotly)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from detente.core.trajectory import Trajectory
from detente.errors import require

MARGIN = {"l": 50, "r": 20, "t": 50, "b": 40}


def save_trajectory_plot(traj: Trajectory, path: Path, issues: list[str]) -> None:
    """Positions of every actor over rounds, one panel per issue, to .png or .html."""
    suffix = Path(path).suffix.lower()
    if suffix == ".html":
        _plotly(traj, Path(path), issues)
    elif suffix in (".png", ".svg", ".pdf"):
        _matplotlib(traj, Path(path), issues)
    else:
        from detente.errors import DetenteError

        raise DetenteError(f"--plot {path}: unknown figure type '{suffix}' (use .png or .html)")


def _matplotlib(traj: Trajectory, path: Path, issues: list[str]) -> None:
    mpl = require("matplotlib", "plots", "Drawing a PNG")
    mpl.use("Agg")
    plt = require("matplotlib.pyplot", "plots", "Drawing a PNG")
    fig, axes = plt.subplots(len(issues), 1, figsize=(8, 3.2 * len(issues)), squeeze=False)
    rounds = range(traj.rounds + 1)
    for ax, issue in zip(axes[:, 0], issues, strict=True):
        k = traj.issue_ids.index(issue)
        for j, actor in enumerate(traj.actor_ids):
            ax.plot(rounds, traj.positions[:, 0, j, k], marker="o", ms=3, label=actor)
        ax.plot(rounds, traj.forecast[:, 0, k], color="black", lw=2.5, ls="--", label="forecast")
        ax.set_title(f"{traj.model}: {issue}")
        ax.set_xlabel("round")
        ax.set_ylabel("position")
        ax.legend(fontsize=7, ncol=4, loc="best")
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)


def _trajectory_traces(traj: Trajectory, issue: str, legend: bool = True) -> list[Any]:
    """Plotly lines of every actor's position on one issue, and the forecast (dashed)."""
    go = require("plotly.graph_objects", "plots", "Drawing an HTML figure")
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
    """A Plotly figure of every actor's position on ``issue`` round by round, with the forecast."""
    go = require("plotly.graph_objects", "plots", "Drawing an HTML figure")
    fig = go.Figure(_trajectory_traces(traj, issue))
    fig.update_layout(
        title=f"{traj.model}: {issue}",
        xaxis_title="round",
        yaxis_title="position",
        height=340,
        margin=MARGIN,
    )
    return fig


def _plotly(traj: Trajectory, path: Path, issues: list[str]) -> None:
    subplots = require("plotly.subplots", "plots", "Drawing an HTML figure")
    fig = subplots.make_subplots(rows=len(issues), cols=1, subplot_titles=issues)
    for row, issue in enumerate(issues, start=1):
        for trace in _trajectory_traces(traj, issue, legend=row == 1):
            fig.add_trace(trace, row=row, col=1)
    fig.update_layout(height=320 * len(issues), title=f"{traj.model}: positions by round")
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.write_html(path, include_plotlyjs=True, full_html=True)
