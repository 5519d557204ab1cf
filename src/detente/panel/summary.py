"""One call for a panel's headline results: pooled forecast, members' forecasts, disagreement.

:func:`summarize` is what the command line, the report and the web pages show; its
:meth:`PanelSummary.payload` is the JSON documented in docs/json-output.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from detente.panel.data import PanelData
from detente.panel.disagreement import alpha_by_kind, headline_alpha, issue_table, rounds_table
from detente.panel.implied import POOLED, member_forecasts, wide_forecasts
from detente.panel.pool import Pooling, cell_table


@dataclass(frozen=True)
class PanelSummary:
    """A panel's results for one round and one model.

    Attributes
    ----------
    cells : :func:`~detente.panel.pool.cell_table` of the round
    issues : :func:`~detente.panel.disagreement.issue_table` (Kendall's W, IQRs per issue)
    alphas : Krippendorff's alpha per kind of cell
    rounds : :func:`~detente.panel.disagreement.rounds_table` over every round
    forecasts : issue x set: the model's forecast on the pooled scenario, then on each member's
    """

    data: PanelData
    round: int
    model: str
    pooling: Pooling
    cells: pd.DataFrame
    issues: pd.DataFrame
    alphas: pd.DataFrame
    rounds: pd.DataFrame
    forecasts: pd.DataFrame

    @property
    def alpha(self) -> float:
        """Krippendorff's alpha of the panel (position cells)."""
        return headline_alpha(self.alphas)

    @property
    def members(self) -> list[str]:
        """The members with a forecast, in column order."""
        return [c for c in self.forecasts.columns if c not in ("issue", POOLED)]

    def issue_frame(self) -> pd.DataFrame:
        """Per issue: the pooled forecast, each member's, and the disagreement columns.

        Returns
        -------
        pandas.DataFrame
            Columns: issue, pooled, one per member, member_spread (largest minus smallest member
            forecast), kendall_w, median_iqr, max_iqr, most_disputed.
        """
        out = self.forecasts.copy()
        members = out[self.members]
        out["member_spread"] = members.max(axis=1) - members.min(axis=1)
        return out.merge(self.issues, on="issue", how="left")

    def payload(self) -> dict[str, Any]:
        """The JSON shape of `detente panel aggregate --format json` (docs/json-output.md).

        Returns
        -------
        dict[str, Any]
            panel, synthetic, scenario, round, model, method, pooled {forecast, cells}, members
            {member: {perspective, forecast}}, disagreement {krippendorff_alpha, alpha_by_kind,
            kendall_w, issues} and rounds.
        """
        f = self.forecasts.set_index("issue")
        return {
            "panel": self.data.name,
            "synthetic": self.data.synthetic,
            "scenario": self.data.scenario.id,
            "round": self.round,
            "model": self.model,
            "method": self.pooling.method,
            "pooled": {
                "forecast": {i: float(v) for i, v in f[POOLED].items()},
                "cells": _records(self.cells),
            },
            "members": {
                m: {
                    "perspective": self.data.labels.get(m, ""),
                    "forecast": {i: float(v) for i, v in f[m].items()},
                }
                for m in self.members
            },
            "disagreement": {
                "krippendorff_alpha": self.alpha,
                "alpha_by_kind": dict(zip(self.alphas["kind"], self.alphas["alpha"], strict=True)),
                "kendall_w": dict(zip(self.issues["issue"], self.issues["kendall_w"], strict=True)),
                "issues": _records(self.issues),
            },
            "rounds": _records(self.rounds),
        }


def summarize(
    data: PanelData,
    model: str = "weighted-median",
    *,
    round_number: int | None = None,
    pooling: Pooling = Pooling(),
    params: Mapping[str, Any] | None = None,
    seed: int = 0,
) -> PanelSummary:
    """Pool a round, run ``model`` on the pooled and the members' scenarios, and measure the
    disagreement in that round and across every round.

    Parameters
    ----------
    data : the panel
    model : a registered model
    round_number : the round pooled (None: the last)
    pooling : how cells are pooled
    params : the model's parameters
    seed : seed of the model's draws

    Returns
    -------
    PanelSummary
        The cell, issue, alpha, rounds and forecast tables; ``payload()`` is the documented
        JSON.
    """
    number = data.last_round if round_number is None else round_number
    cells = cell_table(data, number, pooling)
    tidy = member_forecasts(
        data, [model], round_number=number, pooling=pooling, params=params, seed=seed, cells=cells
    )
    return PanelSummary(
        data=data, round=number, model=model, pooling=pooling, cells=cells,
        issues=issue_table(data, number, cells), alphas=alpha_by_kind(data, number),
        rounds=rounds_table(data, pooling), forecasts=wide_forecasts(tidy, model),
    )  # fmt: skip


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return frame.to_dict(orient="records")  # type: ignore[return-value]
