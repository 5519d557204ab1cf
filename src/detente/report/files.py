"""Figures written to files: .html with Plotly (interactive), .png/.svg/.pdf with Matplotlib."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from detente.core.trajectory import Trajectory
from detente.errors import DetenteError, require
from detente.files import write_atomic
from detente.report import figures, static
from detente.report.axes import scale_title
from detente.report.style import finish
from detente.roadmap.schema import Roadmap
from detente.scenario.schema import Scenario

STATIC_SUFFIXES = (".png", ".svg", ".pdf")


def _save_static(fig: Any, path: Path, dpi: int) -> Path:
    plt = require("matplotlib.pyplot", "plots", "Drawing a picture")
    buffer = io.BytesIO()
    try:
        # "tight": the legends beside the axes are part of the picture, never cut off
        fig.savefig(buffer, dpi=dpi, format=path.suffix.lower().lstrip("."), bbox_inches="tight")
    finally:
        plt.close(fig)
    write_atomic(path, buffer.getvalue())
    return path


def _save_html(fig: Any, path: Path) -> Path:
    """A Plotly figure as one HTML file with plotly.js inside it (readable offline)."""
    write_atomic(path, fig.to_html(include_plotlyjs=True, full_html=True))
    return path


def _suffix(path: Path, allowed: Sequence[str]) -> str:
    suffix = path.suffix.lower()
    if suffix not in allowed:
        raise DetenteError(f"cannot draw a figure to '{path}' (fix: use {', '.join(allowed)})")
    return suffix


def save_trajectory_plot(
    traj: Trajectory, path: str | Path, issues: Sequence[str], scenario: Scenario | None = None
) -> Path:
    """Positions of every actor over rounds, one panel per issue, to .html, .png, .svg or .pdf.

    Parameters
    ----------
    traj : a model's trajectory (run 0 is drawn)
    path : the file; its suffix picks the format
    issues : the issues drawn
    scenario : the scenario, for the issues' units (None: 0-100 points)

    Returns
    -------
    Path
        The file written.
    """
    path = Path(path)
    if _suffix(path, (".html", *STATIC_SUFFIXES)) != ".html":
        return _save_static(static.trajectory_picture(traj, issues, scenario), path, dpi=110)
    subplots = require("plotly.subplots", "plots", "Drawing an HTML figure")
    fig = subplots.make_subplots(rows=len(issues), cols=1, subplot_titles=list(issues))
    for row, issue in enumerate(issues, start=1):
        for trace in figures.trajectory_traces(traj, issue, legend=row == 1):
            fig.add_trace(trace, row=row, col=1)
        fig.update_yaxes(title_text=scale_title(scenario, issue), row=row, col=1)
        fig.update_xaxes(title_text="round", row=row, col=1)
    title = f"{traj.model}: positions by round"
    finish(fig, title, 320 * len(issues), legend_items=len(traj.actor_ids) + 1)
    return _save_html(fig, path)


def save_tornado(table: pd.DataFrame, path: str | Path, scenario: Scenario | None = None) -> Path:
    """A tornado plot of a sensitivity table to .png, .svg or .pdf.

    Parameters
    ----------
    table : a sensitivity table
    path : the file; its suffix picks the format
    scenario : the scenario (each issue's unit on its axis)

    Returns
    -------
    Path
        The file written.
    """
    path = Path(path)
    _suffix(path, STATIC_SUFFIXES)
    return _save_static(static.tornado_picture(table, scenario=scenario), path, dpi=120)


def save_gantt(roadmap: Roadmap, on: dt.date, path: str | Path) -> Path:
    """A roadmap's timeline to .html (Plotly) or .png, .svg, .pdf (Matplotlib).

    Parameters
    ----------
    roadmap : a roadmap
    on : the date its events are read to
    path : the file; its suffix picks the format

    Returns
    -------
    Path
        The file written.
    """
    path = Path(path)
    if _suffix(path, (".html", *STATIC_SUFFIXES)) == ".html":
        return _save_html(figures.gantt_figure(roadmap, on), path)
    return _save_static(static.gantt_picture(roadmap, on), path, dpi=120)
