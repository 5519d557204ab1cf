"""Trajectory: the weighted median and mean are computed when first read, and right."""

from __future__ import annotations

import numpy as np

from detente.core.arrays import ScenarioArrays
from detente.core.stats import weighted_mean, weighted_median
from detente.core.trajectory import Trajectory


def arrays() -> ScenarioArrays:
    rng = np.random.default_rng(0)
    return ScenarioArrays(
        actor_ids=("a", "b", "c"),
        issue_ids=("x", "y"),
        position=rng.uniform(0, 100, (4, 3, 2)),
        salience=rng.uniform(0, 1, (4, 3, 2)),
        capability=rng.uniform(1, 5, (4, 3)),
        scale_low=np.zeros(2),
        scale_high=np.full(2, 100.0),
        forums=np.ones((1, 3), bool),
    )


def test_median_and_mean_wait_until_read() -> None:
    a = arrays()
    positions = np.stack([a.position, a.position[::-1]])
    traj = Trajectory.from_positions("test", a, positions, forecast=positions.mean(axis=2))
    assert "median" not in vars(traj) and "mean" not in vars(traj)
    w = np.broadcast_to(a.capability[..., None] * a.salience, positions.shape)
    np.testing.assert_array_equal(traj.median, weighted_median(positions, w))
    np.testing.assert_array_equal(traj.mean, weighted_mean(positions, w))
    assert traj.median is traj.median  # computed once


def test_median_is_the_default_forecast() -> None:
    a = arrays()
    traj = Trajectory.from_positions("test", a, a.position[None])
    assert traj.forecast is traj.median
    assert traj.forecast.shape == (1, 4, 2)
