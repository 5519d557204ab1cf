"""Figures of expert panels and the panel section of the HTML report.

The figures take the tables of :mod:`detente.panel` and draw them; no panel arithmetic here.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from detente.errors import DetenteError, require
from detente.files import write_atomic
from detente.report.style import finish, look, mpl_fonts, position_title


def _go() -> Any:
    return require("plotly.graph_objects", "plots", "Panel figures")


def position_grid(cells: pd.DataFrame, column: str = "iqr") -> pd.DataFrame:
    """The position cells of a :func:`~detente.panel.cell_table` as actor x issue.

    Parameters
    ----------
    cells : the cell table
    column : the column shown (default the IQR)

    Returns
    -------
    pandas.DataFrame
        Actors as rows and issues as columns, in the order they appear.
    """
    part = cells[cells["kind"] == "position"]
    grid = part.pivot(index="actor", columns="issue", values=column)
    return grid.loc[list(dict.fromkeys(part["actor"])), list(dict.fromkeys(part["issue"]))]


def heatmap_figure(cells: pd.DataFrame, title: str = "") -> Any:
    """Disagreement heat map: the IQR of the members' positions for every actor and issue.

    Parameters
    ----------
    cells : a :func:`~detente.panel.cell_table`
    title : the figure's title (default: what it shows)

    Returns
    -------
    plotly.graph_objects.Figure
        The heat map, each cell labelled with its IQR.
    """
    go = _go()
    grid = position_grid(cells)
    z = grid.to_numpy(float)
    fig = go.Figure(
        go.Heatmap(
            z=z, x=list(grid.columns), y=list(grid.index), colorscale="Reds", zmin=0,
            text=np.vectorize(lambda v: "" if np.isnan(v) else f"{v:.1f}")(z),
            texttemplate="%{text}", colorbar={"title": "IQR (points)"},
            hovertemplate="%{y} on %{x}: IQR %{z:.2f}<extra></extra>",
        )
    )  # fmt: skip
    fig.update_yaxes(autorange="reversed")
    return finish(
        fig, title or "Disagreement: IQR of the members' positions", 180 + 34 * len(grid),
        x="issue", y="actor",
    )  # fmt: skip


def save_heatmap(cells: pd.DataFrame, path: str | Path, title: str = "") -> None:
    """Draw the disagreement heat map to a file.

    Parameters
    ----------
    cells : a :func:`~detente.panel.cell_table`
    path : .html (Plotly, with plotly.js inline) or .png, .svg, .pdf (Matplotlib)
    title : what the panel is (put before the figure's own title)
    """
    path = Path(path)
    suffix = path.suffix.lower()
    full = f"{title}: IQR of the members' positions" if title else ""
    if suffix == ".html":
        html = heatmap_figure(cells, full).to_html(include_plotlyjs=True, full_html=True)
        write_atomic(path, html)
    elif suffix in (".png", ".svg", ".pdf"):
        _matplotlib_heatmap(position_grid(cells), path, full)
    else:
        raise DetenteError(f"--heatmap {path}: unknown figure type '{suffix}' (use .png or .html)")


def _matplotlib_heatmap(grid: pd.DataFrame, path: Path, title: str) -> None:
    mpl = require("matplotlib", "plots", "Drawing a PNG")
    mpl.use("Agg")
    mpl_fonts()
    plt = require("matplotlib.pyplot", "plots", "Drawing a PNG")
    z = grid.to_numpy(float)
    fig, ax = plt.subplots(figsize=(1.0 + 0.9 * z.shape[1], 1.2 + 0.45 * z.shape[0]))
    image = ax.imshow(z, cmap="Reds", vmin=0, aspect="auto")
    ax.set_xticks(range(z.shape[1]), list(grid.columns), rotation=40, ha="right", fontsize=8)
    ax.set_yticks(range(z.shape[0]), list(grid.index), fontsize=8)
    top = float(np.nanmax(z)) if np.isfinite(z).any() else 1.0
    for (i, j), v in np.ndenumerate(z):
        if not np.isnan(v):
            ink = "white" if v > 0.6 * top else "black"
            ax.text(j, i, f"{v:.1f}", ha="center", va="center", fontsize=7, color=ink)
    fig.colorbar(image, ax=ax, label="IQR (points)")
    ax.set_title(title or "IQR of the members' positions", fontsize=9)
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, dpi=110, format=path.suffix.lower().lstrip("."), bbox_inches="tight")
    plt.close(fig)
    write_atomic(path, buffer.getvalue())


def members_figure(forecasts: pd.DataFrame, model: str) -> Any:
    """Each member's forecast per issue as dots, the pooled scenario's as a black cross.

    Parameters
    ----------
    forecasts : issue x set (:func:`~detente.panel.implied.wide_forecasts`)
    model : the model's name, for the title

    Returns
    -------
    plotly.graph_objects.Figure
        The figure.
    """
    go = _go()
    fig = go.Figure()
    members = [c for c in forecasts.columns if c not in ("issue", "pooled")]
    for k, member in enumerate(members):
        shown = look(k)
        fig.add_trace(
            go.Scatter(x=forecasts[member], y=forecasts["issue"], mode="markers", name=member,
                       marker={"size": 9, "opacity": 0.85, "color": shown.colour,
                               "symbol": shown.symbol})
        )  # fmt: skip
    fig.add_trace(
        go.Scatter(x=forecasts["pooled"], y=forecasts["issue"], mode="markers", name="pooled",
                   marker={"symbol": "x", "size": 12, "color": "black"})
    )  # fmt: skip
    fig.update_yaxes(autorange="reversed")
    return finish(
        fig, f"{model}: forecast from each member's set and from the pool",
        140 + 32 * len(forecasts), x=position_title([]), legend_items=len(members) + 1,
    )  # fmt: skip


def convergence_figure(rounds: pd.DataFrame) -> Any:
    """The spread of the positions round by round: median IQR and mean range (0-100 points).

    Parameters
    ----------
    rounds : :func:`~detente.panel.rounds_table`

    Returns
    -------
    plotly.graph_objects.Figure
        Two lines over the rounds.
    """
    go = _go()
    fig = go.Figure(
        [
            go.Scatter(x=rounds["round"], y=rounds[c], mode="lines+markers", name=label)
            for c, label in (("median_iqr", "median IQR"), ("mean_range", "mean range"))
        ]
    )
    fig.update_xaxes(dtick=1)
    return finish(
        fig, "Did the panel converge? Spread of the positions per round", 320, x="round",
        y="spread (points, 0-100)", legend_items=2,
    )  # fmt: skip
