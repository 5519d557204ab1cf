"""Back-tests: would the model have called the outcome the talks actually reached?

Each model's point forecast from the scenario's baseline positions is scored against every known
outcome the scenario records (``Scenario.outcomes``), issue by issue. The summary compares each
model's mean absolute error with the naive capability x salience weighted mean, the yardstick a
model must beat to be worth its assumptions.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from detente.analysis.batches import as_scenario, point_forecast
from detente.errors import DetenteError, ModelError
from detente.execute.base import Cancel, Executor, Progress, SerialExecutor, map_in_groups
from detente.models.registry import list_models
from detente.scenario import Outcome, Scenario

NAIVE = "weighted-mean"
COLUMNS = [
    "scenario",
    "model",
    "outcome",
    "issue",
    "forecast",
    "actual",
    "error",
    "abs_error",
    "naive_abs_error",
]


@dataclass(frozen=True)
class Backtest:
    """Per-issue errors of models against known outcomes.

    Attributes
    ----------
    detail : one row per scenario, model, outcome and issue: forecast, actual, error (forecast
        - actual), abs_error and naive_abs_error (the naive weighted mean's)
    skipped : the models that could not run on a scenario, each as 'MODEL on SCENARIO: why'
    """

    detail: pd.DataFrame
    skipped: list[str]

    @property
    def summary(self) -> pd.DataFrame:
        """MAE per scenario, model and outcome beside the naive MAE (see :func:`summarize`)."""
        return summarize(self.detail)


def _scenarios(
    scenario: Scenario | str | Path | Sequence[Scenario | str | Path] | None,
) -> list[Scenario]:
    if scenario is None:
        from detente import data

        return [s for s in map(as_scenario, data.bundled_names()) if s.outcomes]
    if isinstance(scenario, Scenario | str | Path):
        return [as_scenario(scenario)]
    return [as_scenario(s) for s in scenario]


@dataclass(frozen=True)
class _PointForecast:
    """One model's point forecast of one scenario, or why it cannot run (picklable)."""

    scenario: Scenario
    params: Mapping[str, Any] | None
    seed: int | None

    def __call__(self, model: str) -> np.ndarray | str:
        if self.params:  # parameters the user gave: an error in them is theirs to see
            return point_forecast(self.scenario, model, self.params, self.seed)
        try:
            return point_forecast(self.scenario, model, None, self.seed)
        except ModelError as exc:  # the scenario's stored parameters do not fit the model
            return str(exc)


def backtest(
    scenario: Scenario | str | Path | Sequence[Scenario | str | Path] | None = None,
    model: str | Sequence[str] | None = None,
    *,
    params: Mapping[str, Any] | None = None,
    seed: int | None = 0,
    executor: Executor | None = None,
    outcome: str | None = None,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> Backtest:
    """Per-issue errors of each model against each known outcome (error = forecast - actual).

    Parameters
    ----------
    scenario : a scenario, a name or file, several, or None for every bundled scenario that
        records outcomes
    model : a model's name, several, or None for every registered model
    params : parameters of the model (only with one model)
    seed : seed of the models' draws
    executor : where the models run (one task per model and scenario)
    outcome : only this known outcome (default: every outcome of the scenario)
    progress : told ``(models done, models)`` per scenario
    cancel : asked between models; True stops with :class:`Cancelled`

    Returns
    -------
    Backtest
        The per-issue errors; a model whose parameters do not fit a scenario is left out and
        named in ``skipped``.

    References
    ----------
    Hyndman, R. J. & Koehler, A. B. (2006). Another look at measures of forecast accuracy.
    International Journal of Forecasting 22(4), 679-688 (MAE and skill against a naive
    benchmark).
    """
    names = [model] if isinstance(model, str) else list(model or [m.name for m in list_models()])
    if params and len(names) != 1:
        raise DetenteError("model parameters need exactly one model (fix: give one --model)")
    rows: list[tuple[object, ...]] = []
    skipped: list[str] = []
    for s in _scenarios(scenario):
        targets = [s.outcome(outcome)] if outcome is not None else list(s.outcomes)
        if not targets:
            raise DetenteError(
                f"scenario '{s.id}' records no known outcome to back-test against "
                "(fix: add one under 'outcomes')"
            )
        naive = dict(zip(s.issue_ids, point_forecast(s, NAIVE, seed=seed), strict=True))
        task = _PointForecast(s, params, seed)
        points = map_in_groups(executor or SerialExecutor(), task, names, None, progress, cancel)
        for name, point in zip(names, points, strict=True):
            if isinstance(point, str):
                skipped.append(f"{name} on {s.id}: {point}")
                continue
            rows += _error_rows(s, name, dict(zip(s.issue_ids, point, strict=True)), naive,
                                targets)  # fmt: skip
    return Backtest(pd.DataFrame(rows, columns=COLUMNS), skipped)


def _error_rows(
    s: Scenario,
    model: str,
    forecast: dict[str, float],
    naive: dict[str, float],
    targets: Sequence[Outcome],
) -> list[tuple[object, ...]]:
    """One row per outcome and issue it records (COLUMNS)."""
    rows: list[tuple[object, ...]] = []
    for o in targets:
        for issue, actual in o.values.items():
            err = forecast[issue] - actual
            rows.append((s.id, model, o.id, issue, forecast[issue], actual, err, abs(err),
                         abs(naive[issue] - actual)))  # fmt: skip
    return rows


def summarize(table: pd.DataFrame) -> pd.DataFrame:
    """MAE per scenario, model and outcome, beside the naive weighted mean's MAE on the same issues.

    Parameters
    ----------
    table : the per-issue errors (:attr:`Backtest.detail`)

    Returns
    -------
    pandas.DataFrame
        Columns scenario, model, outcome, issues, mae, bias, naive_mae and skill = 1 - MAE /
        naive MAE (above 0 the model beats the naive weighted mean).

    References
    ----------
    Hyndman, R. J. & Koehler, A. B. (2006). Another look at measures of forecast accuracy.
    International Journal of Forecasting 22(4), 679-688.
    """
    keys = ["scenario", "model", "outcome"]
    summary = (
        table.groupby(keys, sort=False)
        .agg(
            issues=("issue", "size"),
            mae=("abs_error", "mean"),
            bias=("error", "mean"),
            naive_mae=("naive_abs_error", "mean"),
        )
        .reset_index()
    )
    summary["skill"] = 1 - summary["mae"] / summary["naive_mae"]
    return summary
