"""Back-tests: would the model have called the outcome the talks actually reached?

Each model's point forecast from the scenario's baseline positions is scored against every known
outcome the scenario records (``Scenario.outcomes``), issue by issue. The summary compares each
model's mean absolute error with the naive capability x salience weighted mean, the yardstick a
model must beat to be worth its assumptions.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from detente.analysis.runner import as_scenario, point_forecast
from detente.errors import DetenteError
from detente.models.registry import list_models
from detente.scenario import Scenario

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


def _scenarios(
    scenario: Scenario | str | Path | Sequence[Scenario | str | Path] | None,
) -> list[Scenario]:
    if scenario is None:
        from detente import data

        return [s for s in map(as_scenario, data.bundled_names()) if s.outcomes]
    if isinstance(scenario, Scenario | str | Path):
        return [as_scenario(scenario)]
    return [as_scenario(s) for s in scenario]


def backtest(
    scenario: Scenario | str | Path | Sequence[Scenario | str | Path] | None = None,
    models: Sequence[str] | None = None,
    outcome: str | None = None,
) -> pd.DataFrame:
    """Per-issue errors of each model against each known outcome (error = forecast - actual).

    ``naive_abs_error`` is the naive weighted mean's absolute error on the same issue.

    ``scenario`` None scores every bundled scenario that records outcomes; ``models`` None every
    registered model; ``outcome`` None every outcome of the scenario. A model that cannot run on a
    scenario (say, it needs two issues) is left out and named in ``attrs["skipped"]``.
    """
    rows: list[tuple[object, ...]] = []
    skipped: list[str] = []
    names = list(models) if models is not None else [m.name for m in list_models()]
    for s in _scenarios(scenario):
        targets = [s.outcome(outcome)] if outcome is not None else list(s.outcomes)
        if not targets:
            raise DetenteError(
                f"scenario '{s.id}' records no known outcome to back-test against "
                "(fix: add one under 'outcomes')"
            )
        naive = dict(zip(s.issue_ids, point_forecast(s, NAIVE), strict=True))
        for name in names:
            try:
                forecast = dict(zip(s.issue_ids, point_forecast(s, name), strict=True))
            except DetenteError as exc:
                skipped.append(f"{name} on {s.id}: {exc}")
                continue
            for o in targets:
                for issue, actual in o.values.items():
                    err = forecast[issue] - actual
                    rows.append(
                        (
                            s.id,
                            name,
                            o.id,
                            issue,
                            forecast[issue],
                            actual,
                            err,
                            abs(err),
                            abs(naive[issue] - actual),
                        )
                    )
    table = pd.DataFrame(rows, columns=COLUMNS)
    table.attrs["skipped"] = skipped
    return table


def summarize(table: pd.DataFrame) -> pd.DataFrame:
    """MAE per scenario, model and outcome, beside the naive weighted mean's MAE on the same issues.

    ``skill`` = 1 - MAE / naive MAE: above 0 the model beats the naive weighted mean.
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
