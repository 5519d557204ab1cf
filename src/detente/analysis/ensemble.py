"""Monte Carlo ensembles: how sure is a forecast, given how unsure its inputs are?

The scenario is perturbed within its stated uncertainty (:mod:`.perturb`) many times and the model
runs on each chunk of perturbed copies in one vectorised call. Chunks carry seeds spawned from one
``SeedSequence`` (:func:`detente.execute.plan_chunks`), so the result is bit-identical for any
executor and any number of workers.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from detente.analysis.batches import as_scenario, model_params, point_forecast
from detente.analysis.perturb import Perturbation, perturb_arrays
from detente.core.convergence import sample_final
from detente.core.trajectory import Trajectory
from detente.errors import DetenteError
from detente.execute.base import (
    DEFAULT_CHUNK,
    Cancel,
    Chunk,
    Executor,
    Progress,
    SerialExecutor,
    map_in_groups,
    plan_chunks,
)
from detente.models.registry import get_model
from detente.scenario import Scenario, ScenarioArrays

QUANTILES = {"median": 0.5, "p05": 0.05, "p25": 0.25, "p75": 0.75, "p95": 0.95}
_THRESHOLD = re.compile(r"^\s*([A-Za-z][A-Za-z0-9_\-]*)\s*(>=|<=|>|<)\s*([-+]?[0-9.]+)\s*$")
_COMPARE: dict[str, Callable[[np.ndarray, float], np.ndarray]] = {
    ">=": np.greater_equal,
    "<=": np.less_equal,
    ">": np.greater,
    "<": np.less,
}


@dataclass(frozen=True)
class Threshold:
    """An event on one issue, such as ``verification>=75``."""

    issue: str
    op: str
    value: float

    @classmethod
    def parse(cls, text: str) -> Threshold:
        """A threshold from its text, such as ``"verification>=75"``.

        Parameters
        ----------
        text : ISSUE OP NUMBER, OP one of >=, <=, >, <

        Returns
        -------
        Threshold
            The parsed event; anything else raises :class:`DetenteError` with the expected form.
        """
        match = _THRESHOLD.match(text)
        if not match:
            raise DetenteError(
                f"threshold '{text}': expected ISSUE OP NUMBER with OP one of >=, <=, >, < "
                "(e.g. 'verification>=75')"
            )
        try:
            value = float(match.group(3))
        except ValueError:
            raise DetenteError(f"threshold '{text}': '{match.group(3)}' is not a number") from None
        return cls(match.group(1), match.group(2), value)

    @property
    def label(self) -> str:
        """The column name of the event's probability, e.g. ``P(verification>=75)``."""
        return f"P({self.issue}{self.op}{self.value:g})"

    def probability(self, samples: np.ndarray) -> float:
        """The share of samples in which the event happens.

        Parameters
        ----------
        samples : (runs,) forecasts of the threshold's issue

        Returns
        -------
        float
            The probability, between 0 and 1.
        """
        return float(_COMPARE[self.op](samples, self.value).mean())


@dataclass(frozen=True)
class Ensemble:
    """An ensemble's per-issue summary and its raw samples.

    Attributes
    ----------
    summary : one row per issue: point, median, p05, p25, p75, p95 and one P(...) per threshold
    samples : (runs, issues) final forecast of every perturbed run
    seed, runs, model : what produced it
    issue_ids : the issues, in the order of the samples' columns
    """

    summary: pd.DataFrame
    samples: np.ndarray
    seed: int | None
    runs: int
    model: str
    issue_ids: tuple[str, ...]


@dataclass(frozen=True)
class _ChunkTask:
    """Perturb one chunk and run the model on it (picklable, for process pools and Dask)."""

    arrays: ScenarioArrays
    sds: tuple[np.ndarray, np.ndarray, np.ndarray] | None
    model: str
    params: Mapping[str, Any]

    def __call__(self, chunk: Chunk) -> np.ndarray:
        _, traj, rng = self.trajectory(chunk)
        return stopping_final(traj, rng)

    def trajectory(self, chunk: Chunk) -> tuple[ScenarioArrays, Trajectory, np.random.Generator]:
        """The chunk's perturbed copies, the model's trajectory on them, and the generator."""
        rng = chunk.rng()
        arrays = self.arrays.with_values(
            position=np.repeat(self.arrays.position, chunk.size, axis=0),
            salience=np.repeat(self.arrays.salience, chunk.size, axis=0),
            capability=np.repeat(self.arrays.capability, chunk.size, axis=0),
        )
        if self.sds is not None:
            arrays = perturb_arrays(arrays, self.sds, rng)
        return arrays, get_model(self.model)(arrays, self.params, rng), rng


def stopping_final(traj: Trajectory, rng: np.random.Generator) -> np.ndarray:
    """Each run's final forecast, its stopping round drawn from the cycle where a run cycles.

    Where a dynamic model cycles, when it was stopped decides the answer; an ensemble treats
    that round as uncertain (:func:`detente.core.convergence.sample_final`) rather than reporting
    whichever phase the round limit happened to hit. Static models: the forecast as it is.

    Parameters
    ----------
    traj : the model's trajectory on a chunk
    rng : the chunk's generator (one draw per run, after the model's own draws)

    Returns
    -------
    numpy.ndarray
        (runs, issues) the final forecast of every run.
    """
    if traj.rounds == 0:
        return np.asarray(traj.final, dtype=float)
    return sample_final(traj.forecast, traj.convergence, rng)


def ensemble(
    scenario: Scenario | str | Path,
    model: str = "weighted-median",
    *,
    params: Mapping[str, Any] | None = None,
    seed: int | None = 0,
    executor: Executor | None = None,
    runs: int = 1000,
    perturb: Perturbation | None = Perturbation(),
    thresholds: Sequence[str | Threshold] = (),
    chunk_size: int = DEFAULT_CHUNK,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> Ensemble:
    """Run ``model`` on ``runs`` perturbed copies of the scenario and summarize per issue.

    Parameters
    ----------
    scenario : a scenario, a bundled scenario's name or a file
    model : a registered model's name
    params : the model's parameters (over the scenario's stored ones)
    seed : seed of every draw; each chunk gets its own seed spawned from it, so the result does
        not depend on the executor or the number of workers
    executor : where the chunks run (default: serially in this process)
    runs : number of perturbed copies
    perturb : the input uncertainty; None runs the unperturbed scenario (only a stochastic
        model then varies)
    thresholds : events to price, such as ``"verification>=75"``
    chunk_size : runs per chunk (one vectorised model call each)
    progress : told ``(runs done, runs)`` after every group of chunks
    cancel : asked before every group of chunks; True stops with :class:`Cancelled`

    Returns
    -------
    Ensemble
        The per-issue summary (quantiles by linear interpolation, threshold probabilities) and
        the samples.

    References
    ----------
    L'Ecuyer, P. et al. (2017). Random numbers for parallel computers: requirements and
    methods. Mathematics and Computers in Simulation 135, 3-17 (independent streams per chunk,
    as NumPy's ``SeedSequence.spawn`` provides).
    """
    s = as_scenario(scenario)
    checks = [t if isinstance(t, Threshold) else Threshold.parse(t) for t in thresholds]
    for t in checks:
        s.issue(t.issue)  # unknown issue -> UnknownNameError naming the known ones
    merged = model_params(s, model, params)
    task = _ChunkTask(s.to_arrays(1), None if perturb is None else perturb.sds(s), model, merged)
    chunks = plan_chunks(runs, seed, chunk_size)
    parts = map_in_groups(
        executor or SerialExecutor(), task, chunks, [c.size for c in chunks], progress, cancel
    )
    samples = np.concatenate(parts, axis=0)
    point = point_forecast(s, model, params, seed)
    summary = summarize(s.issue_ids, point, samples, checks)
    return Ensemble(summary, samples, seed, runs, model, tuple(s.issue_ids))


def summarize(
    issue_ids: Sequence[str],
    point: np.ndarray,
    samples: np.ndarray,
    thresholds: Sequence[Threshold] = (),
) -> pd.DataFrame:
    """The tidy per-issue table of an ensemble.

    Parameters
    ----------
    issue_ids : the issues, in the order of the samples' columns
    point : (issues,) the forecast of the unperturbed scenario
    samples : (runs, issues) the forecasts of the perturbed copies
    thresholds : events whose probability gets a column (NaN on the other issues)

    Returns
    -------
    pandas.DataFrame
        Columns issue, point, median, p05, p25, p75, p95 and one ``P(...)`` per threshold.

    References
    ----------
    Hyndman, R. J. & Fan, Y. (1996). Sample quantiles in statistical packages. The American
    Statistician 50(4), 361-365 (definition 7, NumPy's default linear interpolation).
    """
    qs = np.quantile(samples, list(QUANTILES.values()), axis=0)
    table = pd.DataFrame({"issue": list(issue_ids), "point": point})
    for name, row in zip(QUANTILES, qs, strict=True):
        table[name] = row
    for t in thresholds:
        column = np.full(len(issue_ids), np.nan)
        j = list(issue_ids).index(t.issue)
        column[j] = t.probability(samples[:, j])
        table[t.label] = column
    return table
