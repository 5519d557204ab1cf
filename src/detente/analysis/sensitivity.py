"""Sensitivity: which inputs (whose position, salience, capability) move the forecast most.

Two methods with one signature. ``oat`` moves one input at a time to the ends of its uncertainty
range and records the swing of the forecast. ``sobol`` varies all inputs together, uniformly over
the same ranges, and splits the forecast's variance into each input's share (Sobol' 2001; the
Saltelli 2010 estimators as implemented by SALib, Herman & Usher 2017).

References
----------
Sobol', I. M. (2001). Global sensitivity indices for nonlinear mathematical models and their Monte
Carlo estimates. Mathematics and Computers in Simulation 55, 271-280.
Saltelli, A. et al. (2010). Variance based sensitivity analysis of model output. Computer Physics
Communications 181, 259-270.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from detente.analysis.batches import as_scenario, model_params, run_final
from detente.analysis.perturb import Perturbation
from detente.errors import DetenteError, require
from detente.execute.base import Cancel, Executor, Progress, SerialExecutor, map_in_groups
from detente.models.registry import get_model
from detente.scenario import Scenario, ScenarioArrays

ATTRIBUTES = ("position", "salience", "capability")
NO_EFFECT = 1e-9  # below this (x the issue's scale width for oat) an input has no effect


@dataclass(frozen=True)
class Factors:
    """The uncertain inputs: which array cell each one is, and its range [low, high]."""

    actor: np.ndarray  # (F,) actor index
    attribute: np.ndarray  # (F,) index into ATTRIBUTES
    issue: np.ndarray  # (F,) issue index, -1 for capability
    low: np.ndarray
    high: np.ndarray
    base: np.ndarray

    def __len__(self) -> int:
        return int(self.actor.size)

    def subset(self, keep: np.ndarray) -> Factors:
        """The factors at the indices ``keep``.

        Parameters
        ----------
        keep : indices of the inputs kept

        Returns
        -------
        Factors
            Those inputs.
        """
        return Factors(*(getattr(self, f.name)[keep] for f in fields(self)))


def factors(
    scenario: Scenario, perturb: Perturbation, attributes: Sequence[str] = ATTRIBUTES
) -> Factors:
    """Every input whose range (value +- its sd, clipped to what is admissible) has width.

    Parameters
    ----------
    scenario : the scenario
    perturb : where the sds come from
    attributes : which of position, salience and capability to include

    Returns
    -------
    Factors
        One entry per input: actor, attribute, issue (-1 for a capability), low, high, base.
    """
    unknown = sorted(set(attributes) - set(ATTRIBUTES))
    if unknown:
        raise DetenteError(f"unknown attribute(s) {unknown} (known: {', '.join(ATTRIBUTES)})")
    arrays = scenario.to_arrays()
    pos_sd, sal_sd, cap_sd = perturb.sds(scenario)
    rows: list[tuple[int, int, int, float, float, float]] = []
    n, m = arrays.n_actors, arrays.n_issues
    for a in range(n):
        for j in range(m):
            x, s = arrays.position[0, a, j], arrays.salience[0, a, j]
            lo, hi = arrays.scale_low[j], arrays.scale_high[j]
            if "position" in attributes:
                rows.append((a, 0, j, max(lo, x - pos_sd[a, j]), min(hi, x + pos_sd[a, j]), x))
            if "salience" in attributes:
                rows.append((a, 1, j, max(0.0, s - sal_sd[a, j]), min(1.0, s + sal_sd[a, j]), s))
        if "capability" in attributes:
            c = arrays.capability[0, a]
            rows.append((a, 2, -1, c * max(1e-9, 1 - cap_sd[a]), c * (1 + cap_sd[a]), c))
    table = np.array([r for r in rows if r[4] > r[3]], float).reshape(-1, 6)
    ints = table[:, :3].astype(np.int64)
    return Factors(ints[:, 0], ints[:, 1], ints[:, 2], table[:, 3], table[:, 4], table[:, 5])


def set_factors(arrays: ScenarioArrays, fs: Factors, values: np.ndarray) -> ScenarioArrays:
    """A batch of runs = rows of ``values`` (runs, F), each input set to its column's value.

    Parameters
    ----------
    arrays : the scenario's arrays (one run)
    fs : the inputs
    values : (runs, inputs) the value of every input in every run

    Returns
    -------
    ScenarioArrays
        A batch of ``runs`` runs.
    """
    runs = values.shape[0]
    pos = np.repeat(arrays.position[:1], runs, axis=0)
    sal = np.repeat(arrays.salience[:1], runs, axis=0)
    cap = np.repeat(arrays.capability[:1], runs, axis=0)
    for target, code in ((pos, 0), (sal, 1)):
        cols = np.flatnonzero(fs.attribute == code)
        target[:, fs.actor[cols], fs.issue[cols]] = values[:, cols]
    cols = np.flatnonzero(fs.attribute == 2)
    cap[:, fs.actor[cols]] = values[:, cols]
    return arrays.with_values(position=pos, salience=sal, capability=cap)


@dataclass(frozen=True)
class Sensitivity:
    """Every uncertain input ranked by its effect on each issue's forecast.

    Attributes
    ----------
    table : one row per (actor, attribute, issue): ``base``, ``low``, ``high`` (oat) or ``S1``,
        ``ST``, ``S1_conf``, ``ST_conf`` (sobol), then ``index`` and ``rank`` (1 = strongest,
        per issue; missing for an input with no effect on the issue); rows sorted by issue,
        then rank
    method : 'oat' or 'sobol'
    """

    table: pd.DataFrame
    method: str

    def top(self, n: int) -> pd.DataFrame:
        """The ``n`` strongest inputs of each issue (rows of :attr:`table` with rank <= n).

        Parameters
        ----------
        n : rows per issue

        Returns
        -------
        pandas.DataFrame
            The same columns as :attr:`table`.
        """
        return self.table[(self.table["rank"] <= n).fillna(False)]


def sensitivity(
    scenario: Scenario | str | Path,
    model: str = "weighted-median",
    *,
    params: Mapping[str, Any] | None = None,
    seed: int | None = 0,
    executor: Executor | None = None,
    method: str = "oat",
    samples: int = 512,
    perturb: Perturbation = Perturbation(),
    attributes: Sequence[str] = ATTRIBUTES,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> Sensitivity:
    """Rank every actor's position, salience and capability by its effect on each issue's forecast.

    A position or salience counts for the issue it belongs to; a capability for every issue.

    Parameters
    ----------
    scenario : a scenario, a bundled scenario's name or a file
    model : a registered model's name
    params : the model's parameters (over the scenario's stored ones)
    seed : seed of the model's draws and of the Sobol design's scrambling
    executor : where the design runs (as one task: one vectorised model call)
    method : 'oat' (each input to the ends of its range, the others held) or 'sobol'
        (variance-based indices over all inputs varied together)
    samples : Sobol's base sample size N, a power of two (N * (3 actors + 2) runs per issue)
    perturb : the ranges: each input's value +- its sd, clipped to what is admissible
    attributes : which of position, salience, capability to vary
    progress : told ``(0, 1)`` before and ``(1, 1)`` after the model call
    cancel : asked before the model call; True stops with :class:`Cancelled`

    Returns
    -------
    Sensitivity
        The ranking table; ``index`` is the forecast swing |high - low| (oat) or the
        total-order index ST (sobol).

    References
    ----------
    Saltelli, A. et al. (2008). Global Sensitivity Analysis: The Primer. Wiley (ch. 2, OAT).
    Sobol', I. M. (2001), and Saltelli, A. et al. (2010): see the module's references.
    """
    s = as_scenario(scenario)
    spec = get_model(model)
    merged = model_params(s, model, params)
    arrays = s.to_arrays()
    fs = factors(s, perturb, attributes)
    if len(fs) == 0:
        raise DetenteError("no input has any uncertainty: give a Perturbation with sds above 0")
    run = _Design(spec.name, merged, seed, executor or SerialExecutor(), progress, cancel)
    if method == "oat":
        table = _oat(run, arrays, fs)
    elif method == "sobol":
        table = _sobol(run, arrays, fs, seed, samples)
    else:
        raise DetenteError(f"unknown sensitivity method '{method}' (known: oat, sobol)")
    return Sensitivity(_ranked(table, arrays), method)


def _ranked(table: pd.DataFrame, arrays: ScenarioArrays) -> pd.DataFrame:
    """Actor names for indices, ranks per issue (1 = largest index), sorted by issue and rank.

    An input with no effect at all on an issue gets no rank (a missing value) and comes last:
    with ``oat`` the forecast at both ends of its range equals the base forecast, with
    ``sobol`` both its indices are zero (exactly, for an input the model never reads).
    """
    table.insert(0, "actor", [arrays.actor_ids[a] for a in table.pop("actor_index")])
    order = {iid: k for k, iid in enumerate(arrays.issue_ids)}
    table["_issue"] = table["issue"].map(order)
    if "base" in table:
        width = (arrays.scale_high - arrays.scale_low)[table["_issue"].to_numpy()]
        tol = NO_EFFECT * width
        moved = (np.abs(table["low"] - table["base"]) > tol) | (
            np.abs(table["high"] - table["base"]) > tol
        )
    else:
        moved = (table["ST"].abs() > NO_EFFECT) | (table["S1"].abs() > NO_EFFECT)
    ranks = table["index"].where(moved).groupby(table["issue"], sort=False)
    table["rank"] = ranks.rank(method="first", ascending=False).astype("Int64")
    return table.sort_values(["_issue", "rank"]).drop(columns="_issue").reset_index(drop=True)


@dataclass(frozen=True)
class _FinalForecast:
    """The model's final forecast of a batch (picklable: one task on an executor)."""

    model: str
    params: Mapping[str, Any]
    seed: int | None

    def __call__(self, arrays: ScenarioArrays) -> np.ndarray:
        return run_final(get_model(self.model), arrays, self.params, self.seed)


@dataclass(frozen=True)
class _Design:
    """Runs a whole design as one task on the executor, with progress and cancel around it."""

    model: str
    params: Mapping[str, Any]
    seed: int | None
    executor: Executor
    progress: Progress | None
    cancel: Cancel | None

    def __call__(self, batch: ScenarioArrays) -> np.ndarray:
        task = _FinalForecast(self.model, self.params, self.seed)
        if self.progress is not None:
            self.progress(0, 1)
        (out,) = map_in_groups(self.executor, task, [batch], None, self.progress, self.cancel)
        return out


def _rows(fs: Factors, n_issues: int) -> tuple[np.ndarray, np.ndarray]:
    """(factor, issue) pairs shown: a position/salience on its issue, a capability on all."""
    f_idx, j_idx = [], []
    for f in range(len(fs)):
        issues = range(n_issues) if fs.issue[f] < 0 else [int(fs.issue[f])]
        for j in issues:
            f_idx.append(f)
            j_idx.append(j)
    return np.array(f_idx, np.int64), np.array(j_idx, np.int64)


def _frame(fs: Factors, arrays: ScenarioArrays, f: np.ndarray, j: np.ndarray) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "actor_index": fs.actor[f],
            "attribute": [ATTRIBUTES[k] for k in fs.attribute[f]],
            "issue": [arrays.issue_ids[k] for k in j],
        }
    )


def _oat(run: _Design, arrays: ScenarioArrays, fs: Factors) -> pd.DataFrame:
    """Two runs per input (at the low and high end of its range) plus the base, in one call."""
    F = len(fs)
    values = np.repeat(fs.base[None], 2 * F + 1, axis=0)
    values[np.arange(F), np.arange(F)] = fs.low
    values[F + np.arange(F), np.arange(F)] = fs.high
    out = run(set_factors(arrays, fs, values))
    f, j = _rows(fs, arrays.n_issues)
    table = _frame(fs, arrays, f, j)
    table["base"] = out[2 * F, j]
    table["low"] = out[f, j]
    table["high"] = out[F + f, j]
    table["index"] = np.abs(table["high"] - table["low"])
    return table


def _sobol(
    run: _Design, arrays: ScenarioArrays, fs: Factors, seed: int | None, samples: int
) -> pd.DataFrame:
    """Saltelli sampling, one design per issue over the inputs shown for it (its positions and
    saliences, and every capability), all designs run in one model call.

    Keeping each design to 3 x actors inputs (not all of them) keeps the quasi-random sample
    well spread at moderate N; with all 126 Korea inputs at N = 256 estimates were unstable.
    """
    sample = require("SALib.sample.sobol", "science", "Sobol sensitivity analysis")
    analyze = require("SALib.analyze.sobol", "science", "Sobol sensitivity analysis")
    if samples < 2 or samples & (samples - 1):
        raise DetenteError(f"Sobol samples must be a power of two (e.g. 512), not {samples}")
    # SALib treats a seed of 0 as "no seed", so hand it a derived, never-zero one.
    salib_seed = int(np.random.SeedSequence(seed).generate_state(1)[0]) | 1
    designs = []
    for k in range(arrays.n_issues):
        keep = np.flatnonzero((fs.issue == k) | (fs.issue < 0))
        problem = {
            "num_vars": keep.size,
            "names": [f"x{i}" for i in keep],
            "bounds": np.column_stack([fs.low[keep], fs.high[keep]]).tolist(),
        }
        x = sample.sample(problem, samples, calc_second_order=False, seed=salib_seed)
        designs.append((k, keep, problem, set_factors(arrays, fs.subset(keep), x)))
    batch = arrays.with_values(
        *(np.concatenate([getattr(d[3], name) for d in designs]) for name in ATTRIBUTES)
    )
    out = run(batch)
    f, j = _rows(fs, arrays.n_issues)
    indices = np.zeros((arrays.n_issues, 4, len(fs)))
    start = 0
    for k, keep, problem, part in designs:
        y = out[start : start + part.runs, k]
        start += part.runs
        if np.ptp(y) > 0:
            res = analyze.analyze(problem, y, calc_second_order=False, seed=salib_seed)
            indices[k][:, keep] = [res["S1"], res["ST"], res["S1_conf"], res["ST_conf"]]
    table = _frame(fs, arrays, f, j)
    for c, name in enumerate(("S1", "ST", "S1_conf", "ST_conf")):
        table[name] = indices[j, c, f]
    table["index"] = table["ST"]
    return table
