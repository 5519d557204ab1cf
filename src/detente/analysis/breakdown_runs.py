"""The runs behind a breakdown: the point run and the ensemble, reduced to what walking out needs.

Each run gives its forecast, every actor's utility of it (judged by the actor's own position
and saliences in that run), its reservation value, whether the model already had it walk out,
and the logistic scale drawn for the run. The ensemble perturbs the inputs exactly as
:func:`detente.analysis.ensemble.ensemble` does (same seed, same draws), then draws the stopping
round of cycling runs, the reservation values and the scale from the chunk's generator.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from detente.analysis.batches import model_params
from detente.analysis.ensemble import _ChunkTask, stopping_final
from detente.analysis.perturb import Perturbation
from detente.core.convergence import Convergence
from detente.core.trajectory import Trajectory
from detente.core.utility import utilities
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
from detente.scenario import Scenario
from detente.scenario.reservation import reservation_sds, reservation_values


@dataclass(frozen=True)
class Draws:
    """How the walk-out rule's inputs vary across ensemble runs: the logistic scale."""

    scale: float
    scale_sd: float


@dataclass(frozen=True)
class RunSample:
    """Per run: forecast (runs, issues); utility, reservation, left, left_round (runs, actors);
    status (runs, issues) convergence codes; scale (runs,) or None for the stated one."""

    final: np.ndarray
    utility: np.ndarray
    reservation: np.ndarray
    left: np.ndarray
    left_round: np.ndarray
    status: np.ndarray
    scale: np.ndarray | None = None


def _walkouts(traj: Trajectory) -> tuple[np.ndarray, np.ndarray]:
    """(runs, actors) whether the model had each actor walk out, and after which round."""
    left = np.zeros((traj.runs, len(traj.actor_ids)), bool)
    when = np.full(left.shape, np.nan)
    walk = traj.diagnostics.get("walkouts")
    if walk is not None:
        col = {a: k for k, a in enumerate(traj.actor_ids)}
        for r, a, t in zip(walk["run"], walk["actor"], walk["round"], strict=True):
            left[r, col[a]] = True
            when[r, col[a]] = t
    return left, when


def point_sample(
    s: Scenario, model: str, params: Mapping[str, Any] | None, seed: int | None
) -> tuple[RunSample, Convergence]:
    """The unperturbed scenario: the forecast (a cycle's mean where the model cycles), and how
    the model's run ended.

    Parameters
    ----------
    s : the scenario
    model : a registered model's name
    params : the model's parameters
    seed : seed of the model's draws

    Returns
    -------
    tuple[RunSample, Convergence]
        The one-run sample and the run's convergence.
    """
    arrays = s.to_arrays()
    traj = get_model(model)(arrays, model_params(s, model, params), seed)
    conv = traj.convergence
    final = conv.mean  # equals the last round except where a run cycles
    span = arrays.scale_high - arrays.scale_low
    left, when = _walkouts(traj)
    sample = RunSample(
        final=final,
        utility=utilities(arrays.position, arrays.salience, final, span),
        reservation=reservation_values(s)[None, :],
        left=left,
        left_round=when,
        status=conv.status,
    )
    return sample, conv


@dataclass(frozen=True)
class _Task:
    """One chunk: the ensemble's perturbed run, then the breakdown's own draws (picklable)."""

    inner: _ChunkTask
    reservation: np.ndarray
    reservation_sd: np.ndarray
    draws: Draws

    def __call__(self, chunk: Chunk) -> tuple[np.ndarray, ...]:
        arrays, traj, rng = self.inner.trajectory(chunk)
        final = stopping_final(traj, rng)
        span = arrays.scale_high - arrays.scale_low
        utility = utilities(arrays.position, arrays.salience, final, span)
        left, when = _walkouts(traj)
        z = rng.standard_normal((chunk.size, self.reservation.size))
        res = np.clip(self.reservation + self.reservation_sd * z, 0.0, 1.0)
        res = np.where(np.isnan(self.reservation), np.nan, res)
        scale = self.draws.scale * np.exp(self.draws.scale_sd * rng.standard_normal(chunk.size))
        return final, utility, res, left, when, traj.convergence.status, scale


def sample_runs(
    s: Scenario,
    model: str,
    runs: int,
    seed: int | None,
    perturb: Perturbation | None,
    params: Mapping[str, Any] | None,
    draws: Draws,
    executor: Executor | None = None,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> RunSample | None:
    """The ensemble's runs (None when ``runs`` is 0), chunked and seeded as ensembles are.

    Parameters
    ----------
    s, model, runs, seed, perturb, params : as for :func:`detente.analysis.ensemble.ensemble`
    draws : how the walk-out rule's scale varies across runs
    executor, progress, cancel : where the chunks run, told ``(runs done, runs)``, asked to stop

    Returns
    -------
    RunSample or None
        Every run's forecast, utilities, reservation values, walk-outs, convergence and scale.
    """
    if runs <= 0:
        return None
    merged = model_params(s, model, params)
    inner = _ChunkTask(s.to_arrays(1), None if perturb is None else perturb.sds(s), model, merged)
    task = _Task(inner, reservation_values(s), reservation_sds(s), draws)
    chunks = plan_chunks(runs, seed, DEFAULT_CHUNK)
    sizes = [c.size for c in chunks]
    parts = map_in_groups(executor or SerialExecutor(), task, chunks, sizes, progress, cancel)
    final, utility, res, left, when, status, scale = (
        np.concatenate([p[k] for p in parts]) for k in range(7)
    )
    return RunSample(final, utility, res, left, when, status, scale)
