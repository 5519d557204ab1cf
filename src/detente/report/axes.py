"""How issues share an axis in the report's figures: units, % of scale, rows, one range."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from detente.report.style import position_title
from detente.scenario.schema import Scenario


@dataclass(frozen=True)
class Axis:
    """How positions of several issues share one axis: as they are, or as % of each scale.

    Issues on different scales (years, % U-235, points) cannot share one axis as they are: each
    is then drawn as a percentage of its own scale, and the hover text gives the real value.
    """

    low: Mapping[str, float]
    width: Mapping[str, float]
    unit: Mapping[str, str]

    @classmethod
    def of(cls, scenario: Scenario | None, issues: Sequence[str]) -> Axis:
        """The axis of ``issues`` (every issue on 0-100 points when no scenario is given).

        Parameters
        ----------
        scenario : the scenario (None: the 0-100 points convention)
        issues : the issues drawn on the axis

        Returns
        -------
        Axis
            Their lows, widths and units.
        """
        if scenario is None:
            return cls({}, {}, {})
        chosen = [scenario.issue(i) for i in issues]
        return cls(
            {i.id: i.scale.low for i in chosen},
            {i.id: i.scale.high - i.scale.low for i in chosen},
            {i.id: i.scale.unit for i in chosen},
        )

    @property
    def percent(self) -> bool:
        """True when the issues' scales differ from 0-100 points (drawn as % of each scale)."""
        return any(
            (self.low[i], self.width[i], self.unit[i]) != (0, 100, "points") for i in self.low
        )

    @property
    def title(self) -> str:
        """The axis title, with its unit."""
        if self.percent:
            return "position (% of each issue's scale; hover for the value)"
        return position_title(list(self.unit.values()))

    def x(self, values: Any, issues: Sequence[str]) -> np.ndarray:
        """Where ``values`` (one per issue in ``issues``) go on the axis.

        Parameters
        ----------
        values : positions on each issue's own scale (the last axis runs over ``issues``)
        issues : the issue of each value

        Returns
        -------
        numpy.ndarray
            The values as they are, or as % of each issue's scale (:attr:`percent`).
        """
        out = np.asarray(values, float)
        if not self.percent:
            return out
        low = np.array([self.low[i] for i in issues])
        width = np.array([self.width[i] for i in issues])
        return 100.0 * (out - low) / width

    def hover(self, values: Any, issues: Sequence[str]) -> list[str]:
        """Hover texts: the value on the issue's own scale, with its unit.

        Parameters
        ----------
        values : one position per issue, on the issue's own scale
        issues : the issues

        Returns
        -------
        list[str]
            e.g. ``"3.5 years"``.
        """
        units = [self.unit.get(i, "points") for i in issues]
        return [f"{v:.4g} {u}" for v, u in zip(np.asarray(values, float), units, strict=True)]


def dodge(n: int, spread: float = 0.5) -> np.ndarray:
    """Vertical offsets (in issue rows) that set ``n`` series apart.

    Equal values then stay visible side by side rather than one marker hiding another.

    Parameters
    ----------
    n : the number of series
    spread : the whole band the offsets span, in issue rows

    Returns
    -------
    numpy.ndarray
        ``n`` offsets, evenly spaced and centred on 0.
    """
    if n <= 1:
        return np.zeros(max(n, 0))
    return np.linspace(-spread / 2, spread / 2, n)


def issue_rows(fig: Any, issues: Sequence[str]) -> None:
    """Issues as rows from the top, labelled by their ids.

    Parameters
    ----------
    fig : the Plotly figure (changed in place)
    issues : the issues, top row first
    """
    fig.update_yaxes(
        tickvals=list(range(len(issues))),
        ticktext=list(issues),
        autorange="reversed",
        zeroline=False,
        range=[len(issues) - 0.5, -0.5],
    )


def shared_range(
    parts: Sequence[tuple[np.ndarray | None, pd.DataFrame]],
    issues: Sequence[str],
    scenario: Scenario | None = None,
) -> tuple[float, float]:
    """One x-range for several ensemble figures: every sample and quantile of every part.

    Parameters
    ----------
    parts : (samples, summary) of each model's ensemble
    issues : the issues, in the samples' column order
    scenario : the scenario (for the issues' scales)

    Returns
    -------
    tuple[float, float]
        The low and high end, with 3% of room on each side.
    """
    axis = Axis.of(scenario, issues)
    values = []
    for samples, summary in parts:
        if samples is not None:
            values.append(axis.x(samples, list(issues)).ravel())
        for column in ("p05", "p95", "point"):
            values.append(axis.x(summary[column], list(summary["issue"])))
    every = np.concatenate(values)
    low, high = float(np.nanmin(every)), float(np.nanmax(every))
    room = 0.03 * max(high - low, 1e-9)
    return low - room, high + room


def scale_title(scenario: Scenario | None, issue: str) -> str:
    """The position axis of one issue, with its unit and range.

    Parameters
    ----------
    scenario : the scenario (None: the 0-100 points convention)
    issue : the issue's id

    Returns
    -------
    str
        e.g. ``"position (points, 0-100)"`` or ``"position (years, 0-25)"``.
    """
    if scenario is None:
        return "position (points, 0-100)"
    scale = scenario.issue(issue).scale
    return f"position ({scale.unit}, {scale.low:g}-{scale.high:g})"
