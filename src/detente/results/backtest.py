"""The back-test kind: would the models have called the outcomes the talks reached?"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, Self

import pandas as pd
from pydantic import field_validator

from detente.analysis.backtest import Backtest, backtest
from detente.results.registry import Kind, register_kind
from detente.results.request import Request, Stored, scenario_from
from detente.results.result import Context, Result, Tables, plain, records
from detente.scenario.schema import Scenario


class BacktestRequest(Request):
    """Score models against a scenario's known outcomes.

    Attributes
    ----------
    scenario : a bundled name, a file or the scenario itself; None scores every bundled
        scenario that records outcomes (one run each in the store)
    models : the models to score (None: every registered model)
    outcome : only this known outcome (None: every one)
    """

    kind: Literal["backtest"] = "backtest"
    scenario: str | Scenario | None = None
    models: list[str] | None = None
    outcome: str | None = None

    @field_validator("models")
    @classmethod
    def _known(cls, models: list[str] | None) -> list[str] | None:
        from detente.models.registry import list_models

        known = [m.name for m in list_models()]
        for name in models or []:
            if name not in known:
                raise ValueError(f"no model '{name}' (known: {', '.join(sorted(known))})")
        return models

    def scenarios(self, files: bool = True) -> list[Scenario]:
        """The scenarios scored: the one named, or every bundled one that records outcomes.

        Parameters
        ----------
        files : whether the scenario may be a file

        Returns
        -------
        list[Scenario]
            The scenarios, loaded.
        """
        if self.scenario is not None:
            return [scenario_from(self.scenario, files)]
        from detente.data import bundled_names

        every = [scenario_from(name, files) for name in bundled_names()]
        return [s for s in every if s.outcomes]

    def resolve(self, files: bool = True) -> Self:
        """The request with its scenario loaded (None stays None: every bundled scenario).

        Parameters
        ----------
        files : whether the scenario may be a file

        Returns
        -------
        BacktestRequest
            The same request holding the scenario itself.
        """
        if self.scenario is None:
            return self
        return self.model_copy(update={"scenario": scenario_from(self.scenario, files)})

    def model_label(self) -> str:
        """'all', or the models' names joined by commas (the store's ``model`` column).

        Returns
        -------
        str
            The label.
        """
        return "all" if self.models is None else ",".join(self.models)

    def stored(self) -> Stored:
        """The request as the run store keeps it (one scenario per run).

        Returns
        -------
        Stored
            The scenario, the model label, no params or seed, and models and outcome.
        """
        base = super().stored()
        (scenario,) = self.scenarios()
        return Stored(scenario, base.model, {}, None, base.options)


@dataclass(frozen=True, eq=False, repr=False)
class BacktestResult(Result[BacktestRequest]):
    """Per-issue errors of the models against the known outcomes, and their MAE summary.

    Attributes
    ----------
    request : the resolved request
    backtest : the per-issue errors and the models left out
    scenarios : the scenarios scored, in the order of the rows
    """

    backtest: Backtest
    scenarios: tuple[Scenario, ...]

    @property
    def detail(self) -> pd.DataFrame:
        """Per-issue errors (see :attr:`detente.analysis.Backtest.detail`).

        Returns
        -------
        pandas.DataFrame
            One row per scenario, model, outcome and issue.
        """
        return self.backtest.detail

    @property
    def summary(self) -> pd.DataFrame:
        """MAE, bias and skill per scenario, model and outcome.

        Returns
        -------
        pandas.DataFrame
            See :func:`detente.analysis.summarize`.
        """
        return self.backtest.summary

    def tables(self) -> Tables:
        """The stored tables: ``backtest`` (the detail) and ``summary``.

        Returns
        -------
        dict[str, pandas.DataFrame]
            The two tables.
        """
        return {"backtest": self.detail, "summary": self.summary}

    def records(self) -> list[tuple[Request, Tables]]:
        """One run per scenario scored, each with its rows and their summary.

        Returns
        -------
        list[tuple[Request, dict[str, pandas.DataFrame]]]
            Per scenario: a request for that scenario alone, and its tables.
        """
        out: list[tuple[Request, Tables]] = []
        by_id = {s.id: s for s in self.scenarios}
        for scenario_id, rows in self.detail.groupby("scenario", sort=False):
            part = Backtest(rows.reset_index(drop=True), [])
            request = self.request.model_copy(update={"scenario": by_id[str(scenario_id)]})
            out.append((request, {"backtest": part.detail, "summary": part.summary}))
        return out

    def payload(self) -> dict[str, Any]:
        """The back-test JSON (docs/json-output.md).

        Returns
        -------
        dict[str, Any]
            summary, detail and skipped (each left-out model with the reason).
        """
        return plain({"summary": records(self.summary), "detail": records(self.detail),
                      "skipped": self.backtest.skipped})  # fmt: skip


def compute_backtest(request: BacktestRequest, context: Context) -> BacktestResult:
    """The back-test kind's compute function (:func:`detente.analysis.backtest`).

    Parameters
    ----------
    request : a resolved back-test request
    context : executor, progress (models done) and cancel

    Returns
    -------
    BacktestResult
        The errors, their summary and the scenarios scored.
    """
    scenarios = tuple(request.scenarios())
    out = backtest(list(scenarios), request.models, outcome=request.outcome, **context.hooks())
    return BacktestResult(request, out, scenarios)


register_kind(
    Kind(
        BacktestRequest,
        compute_backtest,
        "Score models against known outcomes: MAE per model and outcome vs the naive mean.",
    )
)
