"""Gantt-style timeline of a roadmap: planned window against what actually happened, per stage.

Plotly (interactive HTML) or Matplotlib (static PNG/SVG/PDF), chosen by the file suffix; both
are optional extras imported only here.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pandas as pd

from detente.errors import DetenteError, require
from detente.roadmap.schema import Roadmap
from detente.roadmap.tracking import action_states, status

STATIC_SUFFIXES = {".png", ".svg", ".pdf"}


def timeline_frame(roadmap: Roadmap, on: dt.date) -> pd.DataFrame:
    """Per stage: planned start/end (agreed to deadline), actual start/end (first event to done)."""
    return pd.DataFrame(_timeline_rows(roadmap, on))


def _timeline_rows(roadmap: Roadmap, on: dt.date) -> list[dict[str, Any]]:
    states = action_states(roadmap, on)
    table = status(roadmap, on).set_index("stage")
    rows, previous_end = [], None
    for stage in roadmap.stages:
        mine = [states[a.id] for a in stage.actions]
        begun = [d for s in mine for d in (s.started, s.done) if d is not None]
        planned_start = stage.agreed or previous_end
        rows.append(
            {
                "stage": stage.id,
                "planned_start": planned_start,
                "planned_end": stage.deadline,
                "actual_start": min(begun) if begun else None,
                "actual_end": table.at[stage.id, "completed"] or (on if begun else None),
                "state": table.at[stage.id, "state"],
                "missed": [s.missed for s in mine if s.missed is not None and s.done is None],
            }
        )
        previous_end = stage.deadline or previous_end
    return rows


def gantt_figure(roadmap: Roadmap, on: dt.date) -> Any:
    """A Plotly figure: grey planned bars, coloured actual bars, crosses where a step was missed."""
    go = require("plotly.graph_objects", "plots", "The roadmap timeline")
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
    missed = [(r["stage"], d) for r in _timeline_rows(roadmap, on) for d in r["missed"]]
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


def _matplotlib_gantt(roadmap: Roadmap, on: dt.date) -> Any:
    require("matplotlib", "plots", "The roadmap timeline")
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = _timeline_rows(roadmap, on)
    fig, ax = plt.subplots(figsize=(10, 1.2 + 0.6 * len(rows)))
    for y, r in enumerate(rows):
        for kind, colour, height in (("planned", "#bbbbbb", 0.7), ("actual", "#1f77b4", 0.35)):
            start, end = r[f"{kind}_start"], r[f"{kind}_end"]
            if start is not None and end is not None:
                ax.barh(y, (end - start).days, left=start, color=colour, height=height)
        for d in r["missed"]:
            ax.plot([d], [y], "x", color="#d62728")
    ax.set_yticks(range(len(rows)), [r["stage"] for r in rows])
    ax.invert_yaxis()
    ax.set_title(f"{roadmap.name}\nplanned (grey) vs actual (blue), to {on}", fontsize=9)
    fig.tight_layout()
    return fig


def save_gantt(roadmap: Roadmap, on: dt.date, path: str | Path) -> Path:
    """Write the timeline to ``path``: .html with Plotly, .png/.svg/.pdf with Matplotlib."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".html":
        gantt_figure(roadmap, on).write_html(path, include_plotlyjs=True)
    elif suffix in STATIC_SUFFIXES:
        fig = _matplotlib_gantt(roadmap, on)
        fig.savefig(path, dpi=120)
        import matplotlib.pyplot as plt

        plt.close(fig)
    else:
        raise DetenteError(
            f"cannot draw a timeline to '{path}' (fix: use .html, .png, .svg or .pdf)"
        )
    return path
