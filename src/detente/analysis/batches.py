"""What every analysis shares: resolving a scenario, running a model on a batch, dropping actors.

Analyses never special-case a model: they look it up in the registry and call it on arrays, so a
model registered tomorrow works with every analysis today.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from detente.models.registry import ModelSpec, get_model
from detente.scenario import Scenario, ScenarioArrays, load_scenario

Seed = int | np.random.Generator | None


def as_scenario(scenario: Scenario | str | Path) -> Scenario:
    """A scenario object from an object, a bundled name or a file path."""
    return scenario if isinstance(scenario, Scenario) else load_scenario(scenario)


def model_params(
    scenario: Scenario, model: str, params: Mapping[str, Any] | None
) -> dict[str, Any]:
    """The scenario's stored parameters for ``model`` overlaid with ``params`` (checked by name)."""
    merged = {**scenario.params.get(model, {}), **dict(params or {})}
    return get_model(model).params(merged)


def run_final(
    spec: ModelSpec, arrays: ScenarioArrays, params: Mapping[str, Any], rng: Seed
) -> np.ndarray:
    """The model's final forecast for every run of the batch: (runs, issues)."""
    return np.asarray(spec(arrays, params, rng).final, dtype=float)


def point_forecast(
    scenario: Scenario, model: str, params: Mapping[str, Any] | None = None, seed: Seed = 0
) -> np.ndarray:
    """The model's forecast per issue on the unperturbed scenario: (issues,)."""
    spec = get_model(model)
    return run_final(spec, scenario.to_arrays(), model_params(scenario, model, params), seed)[0]


def settled_forecast(
    scenario: Scenario, model: str, params: Mapping[str, Any] | None = None, seed: Seed = 0
) -> np.ndarray:
    """The forecast per issue with a cycle read as its mean: (issues,).

    Equals :func:`point_forecast` except where a dynamic model cycles; there the last round is
    only one phase of the cycle (:mod:`detente.core.convergence`), and comparing two runs'
    last rounds would report the phase, not the change.
    """
    spec = get_model(model)
    traj = spec(scenario.to_arrays(), model_params(scenario, model, params), seed)
    return np.asarray(traj.convergence.mean[0], dtype=float)


def select_actors(arrays: ScenarioArrays, keep: Sequence[int] | np.ndarray) -> ScenarioArrays:
    """The same batch with only the actors at ``keep`` (channels follow the forums kept)."""
    idx = np.asarray(keep, dtype=np.int64)
    return replace(
        arrays,
        actor_ids=tuple(arrays.actor_ids[i] for i in idx),
        position=arrays.position[:, idx],
        salience=arrays.salience[:, idx],
        capability=arrays.capability[:, idx],
        forums=arrays.forums[:, idx],
        reservation=None if arrays.reservation is None else arrays.reservation[idx],
        veto=None if arrays.veto is None else arrays.veto[idx],
    )


def stack_subsets(arrays: ScenarioArrays, subsets: np.ndarray) -> ScenarioArrays:
    """One batch whose run ``r`` holds only the actors ``subsets[r]`` (all the same size).

    Lets a model score many coalitions in one vectorised call. The channel matrix is not batched,
    so callers use this only where every subset sees the same channels (all actors talk).
    """
    subsets = np.asarray(subsets, dtype=np.int64)
    base = select_actors(arrays, subsets[0])
    return base.with_values(
        position=arrays.position[0][subsets],
        salience=arrays.salience[0][subsets],
        capability=arrays.capability[0][subsets],
    )
