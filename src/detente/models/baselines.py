"""Baselines: the mean, the weighted mean ("compromise") and weighted median ("median voter").

They are static (one round: the input) and are the yardsticks every dynamic model must beat.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from detente.core.arrays import ScenarioArrays
from detente.core.stats import weighted_mean, weighted_median, weights
from detente.core.trajectory import Trajectory
from detente.models.registry import ModelSpec, register


def _static(name: str, arrays: ScenarioArrays, forecast: np.ndarray) -> Trajectory:
    positions = arrays.position[None]
    return Trajectory.from_positions(name, arrays, positions, forecast=forecast[None])


def run_mean(
    arrays: ScenarioArrays, params: Mapping[str, Any], rng: np.random.Generator
) -> Trajectory:
    """Unweighted mean of the actors' positions.

    Parameters
    ----------
    arrays : the batch (runs, actors, issues)
    params : the model's parameters (none for this model)
    rng : unused (the model draws nothing)

    Returns
    -------
    Trajectory
        One round: the input and the forecast.
    """
    return _static("mean", arrays, arrays.position.mean(axis=-2))


def run_weighted_mean(
    arrays: ScenarioArrays, params: Mapping[str, Any], rng: np.random.Generator
) -> Trajectory:
    """Mean weighted by capability x salience (the "compromise model").

    Parameters
    ----------
    arrays : the batch (runs, actors, issues)
    params : the model's parameters (none for this model)
    rng : unused (the model draws nothing)

    Returns
    -------
    Trajectory
        One round: the input and the forecast.
    """
    w = weights(arrays.capability, arrays.salience)
    return _static("weighted-mean", arrays, weighted_mean(arrays.position, w))


def run_weighted_median(
    arrays: ScenarioArrays, params: Mapping[str, Any], rng: np.random.Generator
) -> Trajectory:
    """Position of the weighted median actor, capability x salience (the "median voter").

    Parameters
    ----------
    arrays : the batch (runs, actors, issues)
    params : the model's parameters (none for this model)
    rng : unused (the model draws nothing)

    Returns
    -------
    Trajectory
        One round: the input and the forecast.
    """
    w = weights(arrays.capability, arrays.salience)
    return _static("weighted-median", arrays, weighted_median(arrays.position, w))


register(ModelSpec("mean", run_mean, "Unweighted mean of positions", reference="hand-computed"))
register(
    ModelSpec(
        "weighted-mean",
        run_weighted_mean,
        "Capability x salience weighted mean (compromise model)",
        reference="hand-computed",
    )
)
register(
    ModelSpec(
        "weighted-median",
        run_weighted_median,
        "Capability x salience weighted median (median voter)",
        reference="hand-computed",
    )
)
