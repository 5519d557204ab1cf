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
    """A scenario object from an object, a bundled name or a file path.

    Parameters
    ----------
    scenario : a scenario, a bundled scenario's name or a file

    Returns
    -------
    Scenario
        The scenario (loaded and validated when given by name or file).
    """
    return scenario if isinstance(scenario, Scenario) else load_scenario(scenario)


def model_params(
    scenario: Scenario, model: str, params: Mapping[str, Any] | None
) -> dict[str, Any]:
    """The scenario's stored parameters for ``model`` overlaid with ``params`` (checked by name).

    Parameters
    ----------
    scenario : the scenario (its ``params`` may hold parameters per model)
    model : a registered model's name
    params : parameters given now (win over the stored ones)

    Returns
    -------
    dict[str, Any]
        The model's defaults overlaid with both; an unknown name raises :class:`ModelError`.
    """
    merged = {**scenario.params.get(model, {}), **dict(params or {})}
    return get_model(model).params(merged)


def run_final(
    spec: ModelSpec, arrays: ScenarioArrays, params: Mapping[str, Any], rng: Seed
) -> np.ndarray:
    """The model's final forecast for every run of the batch.

    Parameters
    ----------
    spec : the registered model
    arrays : the batch
    params : the model's parameters
    rng : a seed (int 0 or more) or a generator

    Returns
    -------
    numpy.ndarray
        (runs, issues) final forecasts.
    """
    return np.asarray(spec(arrays, params, rng).final, dtype=float)


def point_forecast(
    scenario: Scenario, model: str, params: Mapping[str, Any] | None = None, seed: Seed = 0
) -> np.ndarray:
    """The model's forecast per issue on the unperturbed scenario.

    Parameters
    ----------
    scenario : the scenario
    model : a registered model's name
    params : the model's parameters (over the scenario's stored ones)
    seed : seed of the model's draws

    Returns
    -------
    numpy.ndarray
        (issues,) the final forecast.
    """
    spec = get_model(model)
    return run_final(spec, scenario.to_arrays(), model_params(scenario, model, params), seed)[0]


def settled_forecast(
    scenario: Scenario, model: str, params: Mapping[str, Any] | None = None, seed: Seed = 0
) -> np.ndarray:
    """The forecast per issue with a cycle read as its mean: (issues,).

    Equals :func:`point_forecast` except where a dynamic model cycles; there the last round is
    only one phase of the cycle (:mod:`detente.core.convergence`), and comparing two runs'
    last rounds would report the phase, not the change.

    Parameters
    ----------
    scenario : the scenario
    model : a registered model's name
    params : the model's parameters
    seed : seed of the model's draws

    Returns
    -------
    numpy.ndarray
        (issues,) the forecast.
    """
    spec = get_model(model)
    traj = spec(scenario.to_arrays(), model_params(scenario, model, params), seed)
    return np.asarray(traj.convergence.mean[0], dtype=float)


def select_actors(arrays: ScenarioArrays, keep: Sequence[int] | np.ndarray) -> ScenarioArrays:
    """The same batch with only the actors at ``keep`` (channels follow the forums kept).

    Parameters
    ----------
    arrays : a batch
    keep : indices of the actors kept, in the order wanted

    Returns
    -------
    ScenarioArrays
        The batch restricted to those actors.
    """
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

    Parameters
    ----------
    arrays : a batch of one run
    subsets : (coalitions, size) actor indices

    Returns
    -------
    ScenarioArrays
        A batch of ``coalitions`` runs of ``size`` actors each.
    """
    subsets = np.asarray(subsets, dtype=np.int64)
    base = select_actors(arrays, subsets[0])
    return base.with_values(
        position=arrays.position[0][subsets],
        salience=arrays.salience[0][subsets],
        capability=arrays.capability[0][subsets],
    )
