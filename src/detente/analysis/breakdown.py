"""When talks collapse: who would walk out, how likely the talks are to fail, and what is left.

From a model's forecast (and from every run of an ensemble) each actor's margin is its utility of
the forecast less its reservation value (:mod:`detente.core.utility`,
:mod:`detente.scenario.reservation`). A logistic rule with a stated scale turns margins into
walk-out probabilities (:mod:`.walkaway`); the talks collapse when any veto player walks. In an
ensemble the inputs are perturbed as in :func:`detente.analysis.ensemble`, the scale is drawn
log-normally around its stated value and each reservation value around its stated one (its
``utility_sd``), so P(collapse) comes with an interval. Where a dynamic model has an actor walk
out during the run (:mod:`detente.models.walkout`), that actor has walked (probability 1).

Outputs: P(collapse) with its interval, each actor's margin and P(walk), who walks first, the
forecast per issue given no collapse, Zeuthen's risk limits, and how P(collapse) moves with the
reservation values. See docs/breakdown.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from detente.analysis.batches import as_scenario
from detente.analysis.breakdown_runs import Draws, RunSample, point_sample, sample_runs
from detente.analysis.perturb import Perturbation
from detente.analysis.walkaway import (
    collapse_probability,
    first_walker,
    risk_limits,
    walk_probability,
    weighted_quantiles,
)
from detente.core.convergence import CYCLING, Convergence
from detente.errors import DetenteError
from detente.execute.base import Cancel, Executor, Progress
from detente.scenario import Scenario
from detente.scenario.reservation import veto_players

SCALE = 0.05  # logistic scale of the walk-out rule, in utility (0-1)
SCALE_SD = 0.5  # log-normal sd of the scale across ensemble runs (a factor of about 1.65)
SHIFT = 0.1  # the reservation-value shift of the one-at-a-time sensitivity
SWEEP = tuple(np.round(np.linspace(-0.3, 0.3, 13), 2))


@dataclass(frozen=True)
class Breakdown:
    """Everything :func:`breakdown` computed, as tidy tables (docs/json-output.md: breakdown).

    Attributes
    ----------
    actors : one row per actor: veto, reservation, utility, margin, p_walk, their ensemble
        intervals, p_first, risk_limit, left_round and p_left
    issues : one row per issue: forecast, convergence, ensemble median and interval, and the
        same given no collapse
    collapse : point, mean, p05, p95, se (Monte Carlo standard error of the mean), p_nobody
    sensitivity : per actor with a reservation value (and 'all'), P(collapse) with it lowered
        and raised by ``shift``
    sweep : P(collapse) with every reservation value shifted by the same amount
    notes : sentences for the reader (no veto player, cycling forecasts ...)
    convergence_summary : the point run's cycling and unconverged issues, in one line
    """

    scenario: str
    model: str
    runs: int
    seed: int | None
    scale: float
    scale_sd: float
    actors: pd.DataFrame
    issues: pd.DataFrame
    collapse: dict[str, float]
    sensitivity: pd.DataFrame
    sweep: pd.DataFrame
    notes: tuple[str, ...] = field(default=())
    convergence_summary: str = ""

    @property
    def first(self) -> str:
        """The actor likeliest to walk out first ('' when walking out is impossible)."""
        p = self.actors.set_index("actor")["p_first"]
        return str(p.idxmax()) if p.max() > 0 else ""

    def headline(self) -> str:
        """One sentence: P(collapse) with its interval and who walks out first.

        Returns
        -------
        str
            The sentence.
        """
        c = self.collapse
        if np.isnan(c["mean"]):
            text = f"P(collapse) {c['point']:.2f} (point forecast; no ensemble)"
        else:
            text = (
                f"P(collapse) {c['mean']:.2f} (90% of {self.runs} runs between {c['p05']:.2f} "
                f"and {c['p95']:.2f}; {c['point']:.2f} at the point forecast)"
            )
        first = self.first
        if not first:
            return text + "; no one walks out."
        p = float(self.actors["p_first"].max())
        return text + f"; likeliest to walk out first: {first} ({p:.2f})."

    def payload(self) -> dict[str, Any]:
        """The documented JSON shape (docs/json-output.md, `detente breakdown`).

        Returns
        -------
        dict[str, Any]
            Plain JSON types.
        """
        return {
            "scenario": self.scenario,
            "model": self.model,
            "runs": self.runs,
            "seed": self.seed,
            "scale": self.scale,
            "scale_sd": self.scale_sd,
            "collapse": dict(self.collapse),
            "first": self.first,
            "actors": self.actors.to_dict(orient="records"),
            "issues": self.issues.to_dict(orient="records"),
            "sensitivity": self.sensitivity.to_dict(orient="records"),
            "sweep": self.sweep.to_dict(orient="records"),
            "notes": list(self.notes),
            "convergence": self.convergence_summary,
        }


def breakdown(
    scenario: Scenario | str | Path,
    model: str = "weighted-median",
    *,
    params: Mapping[str, Any] | None = None,
    seed: int | None = 0,
    executor: Executor | None = None,
    runs: int = 1000,
    perturb: Perturbation = Perturbation(),
    scale: float = SCALE,
    scale_sd: float = SCALE_SD,
    shift: float = SHIFT,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> Breakdown:
    """P(collapse), walk-out probabilities and the forecast given no collapse for one model.

    Parameters
    ----------
    scenario : a scenario, a bundled scenario's name or a file
    model : a registered model's name
    params : the model's parameters (over the scenario's stored ones)
    seed : seed of every draw
    executor : where the ensemble's chunks run
    runs : ensemble runs (0: the point forecast only, without intervals)
    perturb : input uncertainty of the ensemble (perception noise included where it applies)
    params : model parameters
    scale, scale_sd : the logistic scale of the walk-out rule and its log-normal sd across runs
    shift : the reservation-value shift of the sensitivity table
    progress : told ``(runs done, runs)`` by the ensemble
    cancel : asked between the ensemble's chunks; True stops with :class:`Cancelled`

    Returns
    -------
    Breakdown
        The tables, P(collapse) and notes.
    """
    if not scale > 0 or not scale_sd >= 0 or not 0 < shift < 1:
        raise DetenteError(
            f"breakdown: scale {scale} must be > 0, scale_sd {scale_sd} >= 0 and shift {shift} "
            "between 0 and 1 (e.g. --scale 0.05 --scale-sd 0.5)"
        )
    s = as_scenario(scenario)
    veto = veto_players(s)
    point, conv = point_sample(s, model, params, seed)
    draws = Draws(scale=scale, scale_sd=scale_sd)
    ens = sample_runs(s, model, runs, seed, perturb, params, draws, executor, progress, cancel)
    p_point = _p_walk(point, scale)
    actors = _actors_table(s, point, p_point, ens, veto, draws)
    collapse = _collapse(point, p_point, ens, veto, scale)
    return Breakdown(
        scenario=s.id,
        model=model,
        runs=runs,
        seed=seed,
        scale=scale,
        scale_sd=scale_sd,
        actors=actors,
        issues=_issues_table(s, point, conv, ens, veto),
        collapse=collapse,
        sensitivity=_sensitivity(s, point, ens, veto, shift, scale),
        sweep=_sweep(point, ens, veto, scale),
        notes=tuple(_notes(s, conv, veto, model)),
        convergence_summary=conv.summary(s.issue_ids),
    )


def _p_walk(sample: RunSample, scale: np.ndarray | float, shift: np.ndarray | float = 0.0) -> Any:
    """P(walk) per run and actor; actors the model already had walk out have walked."""
    res = np.clip(sample.reservation + shift, 0.0, 1.0)
    p = walk_probability(sample.utility, res, scale)
    return np.where(sample.left, 1.0, p)


def _scale_of(sample: RunSample, scale: float) -> np.ndarray | float:
    return scale if sample.scale is None else sample.scale[:, None]


def _actors_table(
    s: Scenario,
    point: RunSample,
    p_point: np.ndarray,
    ens: RunSample | None,
    veto: np.ndarray,
    draws: Draws,
) -> pd.DataFrame:
    margin = point.utility[0] - point.reservation[0]
    table = pd.DataFrame(
        {
            "actor": s.actor_ids,
            "veto": veto,
            "reservation": point.reservation[0],
            "utility": point.utility[0],
            "margin": margin,
            "p_walk": p_point[0],
            "risk_limit": risk_limits(point.utility[0], point.reservation[0]),
            "left_round": point.left_round[0],
        }
    )
    nan = np.full(len(s.actors), np.nan)
    if ens is None:
        table["p_first"] = first_walker(p_point, point.utility - point.reservation)[0, :-1]
        for name in ("p_walk_mean", "p_walk_p05", "p_walk_p95", "margin_p05", "margin_p95"):
            table[name] = nan
        table["p_left"] = nan
        return table
    p = _p_walk(ens, _scale_of(ens, draws.scale))
    margins = ens.utility - ens.reservation
    table["p_first"] = first_walker(p, margins)[:, :-1].mean(axis=0)
    table["p_walk_mean"] = p.mean(axis=0)
    table["p_walk_p05"], table["p_walk_p95"] = np.quantile(p, [0.05, 0.95], axis=0)
    stated = ~np.isnan(point.reservation[0])
    low, high = np.full((2, len(s.actors)), np.nan)
    if stated.any():
        low[stated], high[stated] = np.quantile(margins[:, stated], [0.05, 0.95], axis=0)
    table["margin_p05"], table["margin_p95"] = low, high
    table["p_left"] = ens.left.mean(axis=0)
    return table


def _collapse(
    point: RunSample, p_point: np.ndarray, ens: RunSample | None, veto: np.ndarray, scale: float
) -> dict[str, float]:
    out = {"point": float(collapse_probability(p_point, veto)[0])}
    if ens is None:
        return {**out, **dict.fromkeys(("mean", "p05", "p95", "se", "p_nobody"), np.nan)}
    return {**out, **collapse_summary(ens, veto, scale)}


def collapse_summary(ens: RunSample, veto: np.ndarray, scale: float = SCALE) -> dict[str, float]:
    """P(collapse) over an ensemble's runs: mean, 90% interval, standard error, P(nobody walks).

    Parameters
    ----------
    ens : the ensemble's runs (walk-out probabilities per run and actor)
    veto : (actors,) the veto players
    scale : the logistic's scale

    Returns
    -------
    dict[str, float]
        mean, p05, p95, stderr and P(nobody walks).
    """
    p = _p_walk(ens, _scale_of(ens, scale))
    runs = collapse_probability(p, veto)
    low, high = np.quantile(runs, [0.05, 0.95])
    return {
        "mean": float(runs.mean()),
        "p05": float(low),
        "p95": float(high),
        "se": float(runs.std(ddof=1) / np.sqrt(runs.size)) if runs.size > 1 else np.nan,
        "p_nobody": float((1.0 - p).prod(axis=-1).mean()),
    }


def _issues_table(
    s: Scenario, point: RunSample, conv: Convergence, ens: RunSample | None, veto: np.ndarray
) -> pd.DataFrame:
    table = pd.DataFrame(
        {
            "issue": s.issue_ids,
            "forecast": point.final[0],
            "convergence": [conv.label(0, k) for k in range(len(s.issues))],
            "cycle_low": conv.low[0],
            "cycle_high": conv.high[0],
        }
    )
    names = ("median", "p05", "p95", "median_no_collapse", "p05_no_collapse", "p95_no_collapse")
    if ens is None:
        for name in names:
            table[name] = np.nan
        table["cycling_share"] = np.nan
        return table
    p = _p_walk(ens, _scale_of(ens, SCALE))
    keep = 1.0 - collapse_probability(p, veto)
    q = np.quantile(ens.final, [0.5, 0.05, 0.95], axis=0)
    qc = weighted_quantiles(ens.final, keep, [0.5, 0.05, 0.95])
    for name, row in zip(names, [*q, *qc], strict=True):
        table[name] = row
    table["cycling_share"] = (ens.status == CYCLING).mean(axis=0)
    return table


def _sensitivity(
    s: Scenario,
    point: RunSample,
    ens: RunSample | None,
    veto: np.ndarray,
    shift: float,
    scale: float,
) -> pd.DataFrame:
    base = ens if ens is not None else point
    sc = _scale_of(base, scale)
    stated = ~np.isnan(point.reservation[0])
    rows = []
    targets = [(a, np.arange(len(s.actors)) == k) for k, a in enumerate(s.actor_ids) if stated[k]]
    if stated.any():
        targets.append(("all", stated))
    for name, mask in targets:
        low = collapse_probability(_p_walk(base, sc, np.where(mask, -shift, 0.0)), veto).mean()
        high = collapse_probability(_p_walk(base, sc, np.where(mask, shift, 0.0)), veto).mean()
        rows.append((name, -shift, float(low), shift, float(high), float(high - low)))
    columns = ["actor", "shift_low", "p_collapse_low", "shift_high", "p_collapse_high", "swing"]
    return pd.DataFrame(rows, columns=columns)


def _sweep(point: RunSample, ens: RunSample | None, veto: np.ndarray, scale: float) -> pd.DataFrame:
    base = ens if ens is not None else point
    sc = _scale_of(base, scale)
    values = [collapse_probability(_p_walk(base, sc, d), veto).mean() for d in SWEEP]
    return pd.DataFrame({"shift": list(SWEEP), "p_collapse": np.asarray(values, float)})


def _notes(s: Scenario, conv: Convergence, veto: np.ndarray, model: str) -> list[str]:
    notes = []
    if all(a.reservation is None for a in s.actors):
        notes.append(
            f"no actor in '{s.id}' states a reservation value, so no one walks out and "
            "P(collapse) is 0 (fix: give actors a 'reservation'; see docs/breakdown.md)"
        )
    if not veto.any():
        notes.append(
            f"no actor in '{s.id}' holds a veto, so walking out never collapses the talks "
            "(fix: set 'veto: true' on the actors the talks cannot do without)"
        )
    if conv.swings(0).any():
        notes.append(
            f"where {model} cycles, margins use the forecast's mean over the cycle and the "
            "ensemble draws the stopping round from the cycle"
        )
    notes += conv.notes(model, s.issue_ids)
    return notes
