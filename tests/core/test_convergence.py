"""Cycle detection: a constructed 2-cycle, a converging run, and bdm's korea-2005 flip."""

from __future__ import annotations

import numpy as np
import pytest

import detente
from detente.core.convergence import CONVERGED, CYCLING, ROUND_LIMIT, STATIC, detect, sample_final

SPAN = np.array([100.0])


def _trajectory(values: list[float]) -> tuple[np.ndarray, np.ndarray]:
    """One run, one issue, two actors: actor 0 follows ``values``, actor 1 stays at 50."""
    first = np.array(values, float)
    positions = np.stack([first, np.full_like(first, 50.0)], axis=1)[:, None, :, None]
    return positions, positions.mean(axis=2)


def test_constructed_two_cycle() -> None:
    positions, forecast = _trajectory([10, 30, 80, 30, 80, 30, 80])
    c = detect(positions, forecast, SPAN)
    assert c.status[0, 0] == CYCLING
    assert c.period[0, 0] == 2
    assert c.since[0, 0] == 1  # round 1 (30) starts the repeating pattern
    assert c.mean[0, 0] == pytest.approx((40 + 65) / 2)
    assert (c.low[0, 0], c.high[0, 0]) == (40.0, 65.0)
    assert c.label(0, 0) == "cycling (period 2)"


def test_a_single_repeat_is_not_yet_a_cycle() -> None:
    positions, forecast = _trajectory([10, 20, 80, 30, 80])  # 80 30 80: one period seen
    assert detect(positions, forecast, SPAN).status[0, 0] == ROUND_LIMIT


def test_converging_run() -> None:
    values = [0.0]
    for _ in range(30):
        values.append(values[-1] + (60 - values[-1]) / 2)  # halves the gap to 60 each round
    positions, forecast = _trajectory(values)
    c = detect(positions, forecast, SPAN)
    assert c.status[0, 0] == CONVERGED and c.period[0, 0] == 1
    # the move from round t to t + 1 is 60 / 2**(t + 1): below 0.01 points (1e-4 of the
    # scale) once 2**(t + 1) >= 6000, so the state has settled from round 12 on
    assert c.since[0, 0] == 12
    short = detect(positions[:8], forecast[:8], SPAN)
    assert short.status[0, 0] == ROUND_LIMIT


def test_model_stopping_rule_counts_as_converged() -> None:
    positions, forecast = _trajectory([0, 40, 41])
    c = detect(positions, forecast, SPAN, settled=np.array([True]))
    assert c.status[0, 0] == CONVERGED and c.since[0, 0] == 2


def test_static_models_are_static() -> None:
    traj = detente.simulate("korea-2005", "weighted-median")
    assert (traj.convergence.status == STATIC).all()


def test_bdm_korea_normalization_flips_between_rounds_9_and_10() -> None:
    k = detente.load_scenario("korea-2005").issue_ids.index("normalization")
    nine = detente.simulate("korea-2005", "bdm", {"rounds": 9})
    ten = detente.simulate("korea-2005", "bdm", {"rounds": 10})
    assert (nine.final[0, k], ten.final[0, k]) == (40.0, 95.0)
    # at 9 rounds only one period is seen; at 10 two, and the flip is reported as a cycle
    assert nine.convergence.status[0, k] == ROUND_LIMIT
    c = ten.convergence
    assert c.label(0, k) == "cycling (period 2)"
    assert c.since[0, k] == 7
    assert (c.low[0, k], c.high[0, k], c.mean[0, k]) == (40.0, 95.0, 67.5)
    # issues that settled are not flagged
    assert c.label(0, ten.issue_ids.index("denuc_scope")) == "converged"


def test_sample_final_draws_the_stopping_round_from_the_cycle() -> None:
    positions, forecast = _trajectory([10, 30, 80, 30, 80, 30, 80])
    many = np.repeat(positions, 2000, axis=1), np.repeat(forecast, 2000, axis=1)
    c = detect(many[0], many[1], SPAN)
    drawn = sample_final(many[1], c, np.random.default_rng(0))[:, 0]
    assert set(np.unique(drawn)) == {40.0, 65.0}
    assert abs((drawn == 40.0).mean() - 0.5) < 0.05
