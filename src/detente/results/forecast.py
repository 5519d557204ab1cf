"""The forecast and trace kinds: one model run on a scenario, its final forecast or every round.

``forecast`` answers where the talks land (the final forecast per issue, beside the known
outcomes); ``trace`` how positions move round by round. Both run the model once on the
unperturbed scenario (``detente.simulate``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd

from detente.core.trajectory import Trajectory
from detente.errors import UnknownNameError
from detente.models.registry import get_model
from detente.results.registry import Kind, register_kind
from detente.results.request import ModelRequest
from detente.results.result import Context, Result, Tables, plain, records
from detente.scenario.schema import Outcome, Scenario


class ForecastRequest(ModelRequest):
    """Run a model once on a scenario and read its final forecast per issue."""

    kind: Literal["forecast"] = "forecast"


class TraceRequest(ModelRequest):
    """Run a model once on a scenario and keep every round."""

    kind: Literal["trace"] = "trace"


def _simulate(request: ModelRequest) -> Trajectory:
    s = request.loaded
    spec = get_model(request.model)
    merged = {**s.params.get(request.model, {}), **request.params}
    return spec(s.to_arrays(), merged, request.seed)


def final_table(traj: Trajectory) -> pd.DataFrame:
    """The final forecast of the trajectory's first run, with the weighted median and mean.

    Parameters
    ----------
    traj : a model's trajectory

    Returns
    -------
    pandas.DataFrame
        One row per issue: issue, forecast, median, mean.
    """
    rows = [
        (i, traj.forecast[-1, 0, j], traj.median[-1, 0, j], traj.mean[-1, 0, j])
        for j, i in enumerate(traj.issue_ids)
    ]
    return pd.DataFrame(rows, columns=["issue", "forecast", "median", "mean"])


@dataclass(frozen=True, eq=False, repr=False)
class ForecastResult(Result[ForecastRequest], Mapping[str, float]):
    """A model's forecast of a scenario: a mapping {issue id: final forecast} with its tables.

    Attributes
    ----------
    request : the resolved request
    trajectory : the model's trajectory (run 0 is the forecast)
    """

    trajectory: Trajectory

    def __getitem__(self, issue: str) -> float:
        return float(self.trajectory.forecast[-1, 0, self.trajectory.issue_ids.index(issue)])

    def __iter__(self) -> Iterator[str]:
        return iter(self.trajectory.issue_ids)

    def __len__(self) -> int:
        return len(self.trajectory.issue_ids)

    def __repr__(self) -> str:
        where = self.request.loaded.id
        return f"ForecastResult({where!r}, {self.trajectory.model!r}: {dict(self)!r})"

    @property
    def table(self) -> pd.DataFrame:
        """One row per issue: issue, forecast, median, mean (the weighted median and mean).

        Returns
        -------
        pandas.DataFrame
            The final forecast table.
        """
        return final_table(self.trajectory)

    def tables(self) -> Tables:
        """The stored table: ``forecast`` (see :attr:`table`).

        Returns
        -------
        dict[str, pandas.DataFrame]
            ``{"forecast": self.table}``.
        """
        return {"forecast": self.table}

    def final_positions(self) -> pd.DataFrame:
        """Every actor's final position: one row per issue, one column per actor.

        Returns
        -------
        pandas.DataFrame
            Column ``issue`` then one column per actor.
        """
        traj = self.trajectory
        table = pd.DataFrame(traj.positions[-1, 0].T, columns=list(traj.actor_ids))
        table.insert(0, "issue", list(traj.issue_ids))
        return table

    def outcomes(self) -> pd.DataFrame | None:
        """The distinct end states with their probabilities, for models that give them (smp).

        Returns
        -------
        pandas.DataFrame or None
            Columns outcome, actors, probability and one per issue; None for other models.
        """
        hook = get_model(self.trajectory.model).outcomes
        if hook is None or "walkouts" in self.trajectory.diagnostics:  # spliced: no records
            return None
        return pd.DataFrame(hook(self.trajectory, 0))

    def payload(self) -> dict[str, Any]:
        """The forecast JSON (docs/json-output.md).

        Returns
        -------
        dict[str, Any]
            scenario, model, issues (id, name, forecast, known_outcomes), convergence (one
            record per issue) and, for models with distinct outcomes, final_positions and
            outcomes.
        """
        s = self.request.loaded
        data: dict[str, Any] = {
            "scenario": s.id,
            "model": self.trajectory.model,
            "issues": [
                {
                    "id": i.id,
                    "name": i.name,
                    "forecast": self[i.id],
                    "known_outcomes": {
                        o.id: o.values[i.id] for o in s.outcomes if i.id in o.values
                    },
                }
                for i in s.issues
            ],
            "convergence": self.trajectory.convergence.records(self.trajectory.issue_ids),
        }
        outcomes = self.outcomes()
        if outcomes is not None:
            data["final_positions"] = self.final_positions().set_index("issue").to_dict()
            data["outcomes"] = records(outcomes)
        return plain(data)


@dataclass(frozen=True, eq=False, repr=False)
class TraceResult(Result[TraceRequest]):
    """A model's trajectory on a scenario, round by round.

    Attributes
    ----------
    request : the resolved request
    trajectory : the model's trajectory (run 0)
    """

    trajectory: Trajectory

    def tables(self) -> Tables:
        """The stored tables: the final ``forecast``, the forecast per round (``rounds``) and
        every actor's position per round (``positions``).

        Returns
        -------
        dict[str, pandas.DataFrame]
            ``forecast`` (issue, forecast, median, mean), ``rounds`` (round, issue, forecast),
            ``positions`` (round, actor, issue, position).
        """
        traj = self.trajectory
        frame = traj.to_frame(run=0)
        per_round = pd.DataFrame(
            [(r, issue, traj.forecast[r, 0, j])
             for r in range(traj.rounds + 1) for j, issue in enumerate(traj.issue_ids)],
            columns=["round", "issue", "forecast"],
        )  # fmt: skip
        positions = frame[["round", "actor", "issue", "position"]].reset_index(drop=True)
        return {"forecast": final_table(traj), "rounds": per_round, "positions": positions}

    def table(self, issues: Sequence[str] | None = None) -> pd.DataFrame:
        """Rounds x (forecast, median, mean, every actor's position), issue after issue.

        Parameters
        ----------
        issues : these issues, in this order (default: all)

        Returns
        -------
        pandas.DataFrame
            Columns round, issue, forecast, median, mean and one per actor; one row per issue
            and round.
        """
        traj = self.trajectory
        parts = []
        for issue in issues or traj.issue_ids:
            k = traj.issue_ids.index(issue)
            part = pd.DataFrame(
                {
                    "round": np.arange(traj.rounds + 1),
                    "issue": issue,
                    "forecast": traj.forecast[:, 0, k],
                    "median": traj.median[:, 0, k],
                    "mean": traj.mean[:, 0, k],
                }
            )
            for j, actor in enumerate(traj.actor_ids):
                part[actor] = traj.positions[:, 0, j, k]
            parts.append(part)
        return pd.concat(parts, ignore_index=True)

    def events(self) -> pd.DataFrame:
        """What happened each round (offers taken, bargains, exchanges), for models that say.

        Returns
        -------
        pandas.DataFrame
            The model's events table (columns at least round and actor).
        """
        spec = get_model(self.trajectory.model)
        if spec.explain is None:
            raise UnknownNameError(f"model '{spec.name}' records no per-round events")
        walkouts = self.trajectory.diagnostics.get("walkouts")
        if walkouts is not None:  # a spliced run keeps only who walked out, and when
            return pd.DataFrame(walkouts)
        return pd.DataFrame(spec.explain(self.trajectory))

    def payload(self, issues: Sequence[str] | None = None) -> dict[str, Any]:
        """The trace JSON (docs/json-output.md): round 0 is the input.

        Parameters
        ----------
        issues : only these issues (default: all)

        Returns
        -------
        dict[str, Any]
            scenario, model, actors, issues, rounds (positions, forecast, median, mean) and
            convergence (one record per issue shown).
        """
        traj = self.trajectory
        chosen = list(issues or traj.issue_ids)
        idx = [traj.issue_ids.index(i) for i in chosen]

        def per_issue(values: np.ndarray) -> dict[str, float]:
            return {traj.issue_ids[k]: float(values[k]) for k in idx}

        rounds = [
            {
                "round": r,
                "positions": {a: per_issue(traj.positions[r, 0, j])
                              for j, a in enumerate(traj.actor_ids)},
                "forecast": per_issue(traj.forecast[r, 0]),
                "median": per_issue(traj.median[r, 0]),
                "mean": per_issue(traj.mean[r, 0]),
            }
            for r in range(traj.rounds + 1)
        ]  # fmt: skip
        convergence = [c for c in traj.convergence.records(traj.issue_ids) if c["issue"] in chosen]
        data = {"scenario": self.request.loaded.id, "model": traj.model,
                "actors": list(traj.actor_ids), "issues": chosen, "rounds": rounds,
                "convergence": convergence}  # fmt: skip
        return plain(data)


def forecast_table(results: Sequence[ForecastResult], outcomes: Sequence[Outcome]) -> pd.DataFrame:
    """Several models' forecasts of one scenario side by side, beside known outcomes.

    Parameters
    ----------
    results : forecasts of the same scenario by different models
    outcomes : known outcomes to show (NaN on issues an outcome does not record)

    Returns
    -------
    pandas.DataFrame
        Column ``issue``, one column per model, one per outcome.
    """
    s: Scenario = results[0].request.loaded
    table = pd.DataFrame({"issue": s.issue_ids})
    for r in results:
        table[r.trajectory.model] = r.trajectory.final[0]
    for o in outcomes:
        table[o.id] = [o.values.get(i, np.nan) for i in s.issue_ids]
    return table


OUTCOME_CHOICES = ("latest", "first", "all", "none")


def pick_outcomes(scenario: Scenario, which: str = "latest") -> list[Outcome]:
    """The known outcomes to show beside a forecast.

    Only outcomes with values count: a record without any (a collapse) has nothing to compare.

    Parameters
    ----------
    scenario : the scenario
    which : ``latest`` (the outcome with the latest date; the last listed when none is dated),
        ``first`` (the first listed), ``all``, ``none`` or an outcome's id

    Returns
    -------
    list[Outcome]
        The chosen outcomes (empty when the scenario records none with values).
    """
    outcomes = [o for o in scenario.outcomes if o.values]
    if which == "none" or (which in ("latest", "first", "all") and not outcomes):
        return []
    if which == "all":
        return outcomes
    if which == "first":
        return outcomes[:1]
    if which == "latest":
        dated = [o for o in outcomes if o.date is not None]
        if not dated:
            return outcomes[-1:]
        return [max(reversed(dated), key=lambda o: o.date or dt.date.min)]
    return [scenario.outcome(which)]


def mean_gaps(table: pd.DataFrame, models: Sequence[str], outcome: str) -> dict[str, float]:
    """Each model's mean absolute gap to a known outcome, over the issues it records.

    Parameters
    ----------
    table : a :func:`forecast_table`
    models : the model columns
    outcome : the outcome column

    Returns
    -------
    dict[str, float]
        {model: mean |forecast - outcome|}; empty when the outcome records none of the issues.
    """
    known = table[outcome].notna()
    if not known.any():
        return {}
    return {m: float(np.nanmean(np.abs(table[m][known] - table[outcome][known]))) for m in models}


def compute_forecast(request: ForecastRequest, context: Context) -> ForecastResult:
    """The forecast kind's compute function: run the model once.

    Parameters
    ----------
    request : a resolved forecast request
    context : unused hooks (one model run is not long)

    Returns
    -------
    ForecastResult
        The forecast.
    """
    return ForecastResult(request, _simulate(request))


def compute_trace(request: TraceRequest, context: Context) -> TraceResult:
    """The trace kind's compute function: run the model once, keeping every round.

    Parameters
    ----------
    request : a resolved trace request
    context : unused hooks (one model run is not long)

    Returns
    -------
    TraceResult
        The trajectory.
    """
    return TraceResult(request, _simulate(request))


register_kind(
    Kind(ForecastRequest, compute_forecast, "Where the talks land: a model's forecast per issue.")
)
register_kind(Kind(TraceRequest, compute_trace, "How positions move round by round under a model."))
