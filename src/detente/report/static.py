"""Static pictures with Matplotlib (PNG, SVG, PDF): trajectories, tornado plots, timelines.

The interactive Plotly versions for the HTML report and the web app are in
:mod:`detente.report.figures`; :mod:`detente.report.files` writes either kind to a file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from textwrap import fill
from typing import Any

import numpy as np
import pandas as pd

from detente.core.trajectory import Trajectory
from detente.errors import require
from detente.report.axes import scale_title
from detente.report.style import PALETTE, look, mpl_fonts
from detente.roadmap.schema import Roadmap
from detente.roadmap.tracking import timeline_rows
from detente.scenario.schema import Scenario


def _pyplot() -> Any:
    """matplotlib.pyplot on the file-only Agg back end (no display needed), with CJK fonts."""
    matplotlib = require("matplotlib", "plots", "Drawing a picture")
    matplotlib.use("Agg")
    mpl_fonts()
    return require("matplotlib.pyplot", "plots", "Drawing a picture")


def trajectory_picture(
    traj: Trajectory, issues: Sequence[str], scenario: Scenario | None = None
) -> Any:
    """Every actor's position over rounds and the forecast (dashed), one panel per issue.

    Parameters
    ----------
    traj : a model's trajectory (run 0 is drawn)
    issues : the issues, one panel each
    scenario : the scenario, for the issues' units (None: 0-100 points)

    Returns
    -------
    matplotlib.figure.Figure
        The figure (close it with ``matplotlib.pyplot.close`` when saved).
    """
    plt = _pyplot()
    fig, axes = plt.subplots(len(issues), 1, figsize=(9, 3.2 * len(issues)), squeeze=False)
    rounds = range(traj.rounds + 1)
    for ax, issue in zip(axes[:, 0], issues, strict=True):
        k = traj.issue_ids.index(issue)
        for j, actor in enumerate(traj.actor_ids):
            shown = look(j)
            ax.plot(rounds, traj.positions[:, 0, j, k], marker=shown.mpl_marker, ms=4,
                    color=shown.colour, ls=shown.mpl_dash, lw=1.4, label=actor)  # fmt: skip
        ax.plot(rounds, traj.forecast[:, 0, k], color="black", lw=2.5, ls="--", label="forecast")
        ax.set_title(fill(f"{traj.model}: {issue}", 70))
        ax.set_xlabel("round")
        ax.set_ylabel(scale_title(scenario, issue))
        # beside the axes, never on the data
        ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0)
    fig.tight_layout()
    return fig


def tornado_picture(
    table: pd.DataFrame,
    top: int = 8,
    issues: Sequence[str] | None = None,
    scenario: Scenario | None = None,
) -> Any:
    """A tornado plot of a sensitivity table: one panel per issue.

    OAT tables draw each input's bar from the forecast at its low end to its high end around the
    base forecast; Sobol tables draw total-order (ST) and first-order (S1) indices.

    Parameters
    ----------
    table : a sensitivity table (:attr:`detente.analysis.Sensitivity.table`)
    top : bars per issue
    issues : the issues drawn (default: every issue of the table)
    scenario : the scenario (each issue's unit and range on its axis; None: 0-100 points)

    Returns
    -------
    matplotlib.figure.Figure
        The figure.

    References
    ----------
    Eschenbach, T. G. (1992). Spiderplots versus tornado diagrams for sensitivity analysis.
    Interfaces 22(6), 40-46.
    """
    plt = _pyplot()

    chosen = list(issues or dict.fromkeys(table["issue"]))
    cols = min(2, len(chosen))
    rows = -(-len(chosen) // cols)
    fig, axes = plt.subplots(
        rows, cols, figsize=(6.5 * cols, 0.35 * top * rows + 1.2 * rows), squeeze=False
    )
    for ax, issue in zip(axes.flat, chosen, strict=False):
        part = table[(table["issue"] == issue) & (table["rank"] <= top).fillna(False)].iloc[::-1]
        labels = [f"{a} {t}" for a, t in zip(part["actor"], part["attribute"], strict=True)]
        y = np.arange(len(part))
        if "low" in part:
            base = float(part["base"].iloc[0]) if len(part) else 0.0
            ax.barh(y, part["low"] - base, left=base, color=PALETTE[0], label="input low")
            ax.barh(y, part["high"] - base, left=base, color=PALETTE[1], label="input high")
            ax.axvline(base, color="black", lw=0.8)
            ax.set_xlabel(scale_title(scenario, issue).replace("position", "forecast", 1))
        else:
            ax.barh(y, part["ST"], color=PALETTE[1], label="total (ST)")
            ax.barh(y, part["S1"], height=0.4, color=PALETTE[0], label="first order (S1)")
            ax.set_xlabel("share of the forecast's variance")
        ax.set_yticks(y, labels, fontsize=8)
        ax.set_title(issue, fontsize=10)
    for ax in axes.flat[len(chosen) :]:
        ax.set_visible(False)
    handles, labels = axes.flat[0].get_legend_handles_labels()
    fig.legend(handles, labels, fontsize=8, loc="upper center", ncol=2, frameon=False)
    fig.tight_layout(rect=(0, 0, 1, 1 - 0.5 / fig.get_figheight()))  # room for the legend
    return fig


def gantt_picture(roadmap: Roadmap, on: dt.date) -> Any:
    """The roadmap's timeline: planned (grey) against actual (blue) bars, missed steps as x.

    Parameters
    ----------
    roadmap : a roadmap
    on : the date its events are read to

    Returns
    -------
    matplotlib.figure.Figure
        The figure.
    """
    plt = _pyplot()
    rows = timeline_rows(roadmap, on)
    fig, ax = plt.subplots(figsize=(10, 1.2 + 0.6 * len(rows)))
    for y, r in enumerate(rows):
        for kind, colour, height in (("planned", "#bbbbbb", 0.7), ("actual", PALETTE[1], 0.35)):
            start, end = r[f"{kind}_start"], r[f"{kind}_end"]
            if start is not None and end is not None:
                ax.barh(y, (end - start).days, left=start, color=colour, height=height)
        for d in r["missed"]:
            ax.plot([d], [y], "x", color=PALETTE[5])
    ax.set_yticks(range(len(rows)), [r["stage"] for r in rows])
    ax.invert_yaxis()
    ax.set_xlabel("date")
    title = f"{roadmap.name}: planned (grey) vs actual (indigo), to {on}"
    ax.set_title(fill(title, 100), fontsize=9)
    fig.tight_layout()
    return fig
