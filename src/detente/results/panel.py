"""The expert-panel kinds: pool a panel, what each member's set implies, the ensemble over
members, and the disagreements that move the forecast.

Every panel request names its panel (a bundled panel, a folder of assessment files, or the
estimates themselves as a :class:`~detente.panel.data.PanelSnapshot`); resolving it loads the
estimates and the scenario inline, so a recorded panel result replays without the folder.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, Self

import pandas as pd
from pydantic import Field, field_validator

from detente.errors import DetenteError
from detente.execute.base import DEFAULT_CHUNK
from detente.panel.data import PanelData, PanelSnapshot
from detente.panel.implied import PanelEnsemble, member_forecasts, panel_ensemble
from detente.panel.pool import Pooling
from detente.panel.spread import spread_sensitivity
from detente.panel.summary import PanelSummary, summarize
from detente.results.registry import Kind, register_kind
from detente.results.request import Request, Stored, check_seed, scenario_from
from detente.results.result import Context, Result, Tables, plain, records
from detente.scenario.schema import Scenario


class PanelBase(Request):
    """The fields every panel request shares.

    Attributes
    ----------
    panel : a bundled panel's name, a folder of assessment files, or the estimates themselves
    scenario : the scenario the panel assessed (default: the one its panel.yaml names)
    params : the model's parameters (over the scenario's stored ones)
    seed : seed of every random draw (0 or more)
    round : the round pooled (None: the last)
    method : the pooled value per cell: 'median', 'trimmed' or 'confidence'
    trim : share cut from each end by the trimmed mean
    pool_weights : weights of the members' ranges in the linear pool, 'equal' or 'confidence'
    """

    panel: str | PanelSnapshot
    scenario: str | Scenario | None = None
    params: dict[str, Any] = Field(default_factory=dict)
    seed: int = 0
    round: int | None = Field(None, ge=1)
    method: Literal["median", "trimmed", "confidence"] = "median"
    trim: float = Field(0.2, ge=0, lt=0.5)
    pool_weights: Literal["equal", "confidence"] = "equal"

    @field_validator("seed")
    @classmethod
    def _non_negative(cls, seed: int) -> int:
        checked: int = check_seed(seed)  # type: ignore[assignment]
        return checked

    def resolve(self, files: bool = True) -> Self:
        """The request holding the panel's estimates and its scenario.

        Parameters
        ----------
        files : whether the panel or scenario may be a file or folder (False: bundled names
            and inline data only, as a web server must)

        Returns
        -------
        PanelRequest
            The same request with ``panel`` a snapshot and ``scenario`` a Scenario.
        """
        if isinstance(self.panel, PanelSnapshot):
            if self.scenario is None:
                raise DetenteError("an inline panel needs its scenario (fix: give 'scenario')")
            return self.model_copy(update={"scenario": scenario_from(self.scenario, files)})
        from detente import data
        from detente.panel.files import read_panel

        if not files and self.panel not in data.bundled_panel_names():
            raise DetenteError(
                f"panel '{self.panel}' is not a bundled panel (fix: send its estimates inline)"
            )
        given = None if self.scenario is None else scenario_from(self.scenario, files)
        loaded = read_panel(self.panel, given)
        return self.model_copy(
            update={"panel": PanelSnapshot.of(loaded), "scenario": loaded.scenario}
        )

    def data(self) -> PanelData:
        """The panel ready to analyse.

        Returns
        -------
        PanelData
            The estimates on the scenario (resolving the request first if it only names them).
        """
        if not isinstance(self.panel, PanelSnapshot) or not isinstance(self.scenario, Scenario):
            return self.resolve().data()
        return self.panel.data(self.scenario)

    @property
    def pooling(self) -> Pooling:
        """How cells are pooled."""
        return Pooling(method=self.method, trim=self.trim, weights=self.pool_weights)

    def stored(self) -> Stored:
        """The request as the run store keeps it.

        Returns
        -------
        Stored
            The scenario, model label, params and seed in their columns; the estimates and the
            other fields as options, so a replay needs no folder.
        """
        resolved = self.resolve()
        base = super(PanelBase, resolved).stored()
        params = resolved.model_dump(mode="json", include={"params"})["params"]
        scenario = resolved.scenario if isinstance(resolved.scenario, Scenario) else None
        return Stored(scenario, resolved.model_label(), params, resolved.seed, base.options)

    def options(self) -> dict[str, Any]:
        """Keyword arguments shared by the panel analyses.

        Returns
        -------
        dict[str, Any]
            round_number, pooling and params.
        """
        return {"round_number": self.round, "pooling": self.pooling, "params": self.params}


class PanelRequest(PanelBase):
    """Pool a panel's estimates, forecast from the pool and from each member, and measure how
    far the members differ.

    Attributes
    ----------
    model : the model of the forecasts
    """

    kind: Literal["panel"] = "panel"
    model: str = "weighted-median"

    def model_label(self) -> str:
        """The model's name (the run store's ``model`` column).

        Returns
        -------
        str
            The model's name.
        """
        return self.model


class PanelMembersRequest(PanelBase):
    """Every model of ``models`` on the pooled scenario and on each member's, side by side.

    Attributes
    ----------
    models : model names, or ['all'] for every registered model
    """

    kind: Literal["panel-members"] = "panel-members"
    models: list[str] = Field(default_factory=lambda: ["all"], min_length=1)

    @field_validator("models")
    @classmethod
    def _known(cls, models: list[str]) -> list[str]:
        from detente.panel.implied import model_names

        try:
            return model_names(models)
        except DetenteError as exc:  # an unknown model: a field error naming the known ones
            raise ValueError(str(exc)) from None

    def model_label(self) -> str:
        """The models, comma-separated.

        Returns
        -------
        str
            The models.
        """
        return ",".join(self.models)


class PanelEnsembleRequest(PanelRequest):
    """An ensemble over members and their stated ranges, with its variance split.

    Attributes
    ----------
    runs_per_member : runs of each member's scenario
    noise : draw each value from the member's range (False: sample members only)
    chunk_size : runs per chunk (one vectorised model call)
    """

    kind: Literal["panel-ensemble"] = "panel-ensemble"  # type: ignore[assignment]
    runs_per_member: int = Field(200, ge=1)
    noise: bool = True
    chunk_size: int = Field(DEFAULT_CHUNK, ge=1)


class PanelSpreadRequest(PanelRequest):
    """The forecast's swing as each disputed cell moves across the members' range."""

    kind: Literal["panel-spread"] = "panel-spread"  # type: ignore[assignment]


@dataclass(frozen=True, eq=False)
class PanelResult(Result[PanelRequest]):
    """A panel's headline results (:class:`~detente.panel.summary.PanelSummary`)."""

    summary: PanelSummary

    def tables(self) -> Tables:
        """The stored tables: forecasts, issues, alphas, rounds and cells.

        Returns
        -------
        dict[str, pandas.DataFrame]
            The tables by name.
        """
        s = self.summary
        return {"forecasts": s.forecasts, "issues": s.issues, "alphas": s.alphas,
                "rounds": s.rounds, "cells": s.cells}  # fmt: skip

    def payload(self) -> dict[str, Any]:
        """The `detente panel aggregate` JSON (docs/json-output.md).

        Returns
        -------
        Any
            Plain JSON types.
        """
        return plain(self.summary.payload())

    def pooled_scenario(self) -> Scenario:
        """The round's pooled scenario: an ordinary scenario every analysis takes.

        Returns
        -------
        Scenario
            The panel's scenario with each assessed cell at its pooled value.
        """
        from detente.panel.scenarios import pooled_scenario

        s = self.summary
        return pooled_scenario(s.data, s.round, s.pooling, s.cells)


@dataclass(frozen=True, eq=False)
class TableResult(Result[PanelBase]):
    """A panel result that is one tidy table (members' forecasts, spread sensitivity)."""

    name: str
    table: pd.DataFrame

    def tables(self) -> Tables:
        """The one stored table.

        Returns
        -------
        dict[str, pandas.DataFrame]
            The tables by name.
        """
        return {self.name: self.table}

    def payload(self) -> list[dict[str, Any]]:
        """The table's records.

        Returns
        -------
        Any
            Plain JSON types.
        """
        return records(self.table)


@dataclass(frozen=True, eq=False)
class PanelEnsembleResult(Result[PanelEnsembleRequest]):
    """The ensemble over members (:class:`~detente.panel.implied.PanelEnsemble`)."""

    ensemble: PanelEnsemble

    def tables(self) -> Tables:
        """The stored tables: summary and by_member.

        Returns
        -------
        dict[str, pandas.DataFrame]
            The tables by name.
        """
        return {"summary": self.ensemble.summary, "by_member": self.ensemble.by_member}

    def payload(self) -> dict[str, Any]:
        """The `detente panel ensemble` JSON (docs/json-output.md).

        Returns
        -------
        Any
            Plain JSON types.
        """
        r, e = self.request, self.ensemble
        data = r.panel if isinstance(r.panel, PanelSnapshot) else None
        return plain({
            "panel": data.name if data else str(r.panel),
            "synthetic": bool(data and data.synthetic),
            "scenario": r.scenario.id if isinstance(r.scenario, Scenario) else r.scenario,
            "model": r.model, "runs_per_member": r.runs_per_member, "seed": r.seed,
            "members": list(e.members), "issues": records(e.summary),
            "by_member": records(e.by_member),
        })  # fmt: skip


def compute_panel(request: PanelRequest, context: Context) -> PanelResult:
    """The panel kind's compute function (:func:`detente.panel.summarize`).

    Parameters
    ----------
    request : a resolved panel request
    context : executor, progress and cancel (not used: the pooling is quick)

    Returns
    -------
    PanelResult
        The panel's summary.
    """
    summary = summarize(request.data(), request.model, seed=request.seed, **request.options())
    return PanelResult(request, summary)


def compute_members(request: PanelMembersRequest, context: Context) -> TableResult:
    """The panel-members kind's compute function (:func:`detente.panel.member_forecasts`).

    Parameters
    ----------
    request : a resolved panel-members request
    context : executor, progress and cancel (not used)

    Returns
    -------
    TableResult
        The tidy table of forecasts ('forecasts').
    """
    table = member_forecasts(request.data(), request.models, seed=request.seed,
                             **request.options())  # fmt: skip
    return TableResult(request, "forecasts", table)


def compute_ensemble(request: PanelEnsembleRequest, context: Context) -> PanelEnsembleResult:
    """The panel-ensemble kind's compute function (:func:`detente.panel.panel_ensemble`).

    Parameters
    ----------
    request : a resolved panel-ensemble request
    context : executor, progress (runs done) and cancel

    Returns
    -------
    PanelEnsembleResult
        The ensemble with its variance split.
    """
    ensemble = panel_ensemble(
        request.data(), request.model, seed=request.seed, runs_per_member=request.runs_per_member,
        noise=request.noise, chunk_size=request.chunk_size, **request.options(), **context.hooks(),
    )  # fmt: skip
    return PanelEnsembleResult(request, ensemble)


def compute_spread(request: PanelSpreadRequest, context: Context) -> TableResult:
    """The panel-spread kind's compute function (:func:`detente.panel.spread_sensitivity`).

    Parameters
    ----------
    request : a resolved panel-spread request
    context : executor, progress and cancel (not used: one model call)

    Returns
    -------
    TableResult
        The swings table ('spread').
    """
    table = spread_sensitivity(request.data(), request.model, seed=request.seed,
                               **request.options())  # fmt: skip
    return TableResult(request, "spread", table)


for _kind in (
    Kind(PanelRequest, compute_panel,
         "An expert panel pooled: forecasts from the pool and each member, disagreement."),
    Kind(PanelMembersRequest, compute_members,
         "What each expert's numbers imply: every model on each member's scenario."),
    Kind(PanelEnsembleRequest, compute_ensemble,
         "How much of the forecast's uncertainty is the experts disagreeing."),
    Kind(PanelSpreadRequest, compute_spread,
         "Which disagreements among the experts move the forecast most."),
):  # fmt: skip
    register_kind(_kind)
