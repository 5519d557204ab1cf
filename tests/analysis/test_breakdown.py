"""Walking out and collapse: hand-computed cases, invariants, and the ensemble's interval."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from detente.analysis.breakdown import breakdown
from detente.analysis.walkaway import (
    collapse_probability,
    first_walker,
    risk_limits,
    walk_probability,
)
from detente.scenario import Scenario


def _logistic(z: float, s: float = 0.05) -> float:
    return 1.0 / (1.0 + math.exp(-z / s))


def _scenario(c: dict[str, Any]) -> Scenario:
    """One issue: A (cap 60) at 40, B (cap 30) at 0, C (cap 10) at 100, all salience 1.

    The weighted median is 40 (B holds 30 of 100, A takes it past half), so the utilities of
    the forecast are A 1.0, B 0.6 and C 0.4."""
    actors = [
        {"id": "A", "name": "A", "capability": 60},
        {"id": "B", "name": "B", "capability": 30},
        {"id": "C", "name": "C", "capability": 10, **c},
    ]
    return Scenario.model_validate(
        {
            "id": "walk",
            "name": "walk",
            "actors": actors,
            "issues": [{"id": "x", "name": "x"}],
            "stances": {
                a: {"x": {"position": p, "salience": 1.0}}
                for a, p in (("A", 40), ("B", 0), ("C", 100))
            },
        }
    )


# C's P(walk) by hand: U = 0.4, r = 0.5, s = 0.05, noise confined to [0, 1]
HAND = (_logistic(0.1) - _logistic(-0.4)) / (_logistic(0.6) - _logistic(-0.4))


def test_hand_value() -> None:
    assert abs(HAND - 0.8807625) < 1e-7


def test_one_actor_below_its_reservation_walks_with_the_stated_probability() -> None:
    r = breakdown(_scenario({"reservation": {"utility": 0.5}, "veto": True}), runs=0)
    c = r.actors.set_index("actor").loc["C"]
    assert c["utility"] == pytest.approx(0.4)
    assert c["margin"] == pytest.approx(-0.1)
    assert c["p_walk"] == pytest.approx(HAND, rel=1e-12)
    assert r.collapse["point"] == pytest.approx(HAND, rel=1e-12)  # C holds the only veto
    assert r.first == "C"


def test_a_non_veto_walker_causes_no_collapse() -> None:
    r = breakdown(_scenario({"reservation": {"utility": 0.5}}), runs=0)
    assert r.actors.set_index("actor").loc["C", "p_walk"] == pytest.approx(HAND, rel=1e-12)
    assert r.collapse["point"] == 0.0
    assert any("holds a veto" in n for n in r.notes)


def test_a_reservation_value_of_zero_never_walks() -> None:
    r = breakdown(_scenario({"reservation": {"utility": 0.0}, "veto": True}), runs=200)
    assert r.actors.set_index("actor").loc["C", "p_walk"] == 0.0
    assert r.collapse["point"] == 0.0 and r.collapse["mean"] == 0.0


def test_exit_cost_lowers_the_reservation_value() -> None:
    r = breakdown(_scenario({"reservation": {"utility": 0.6, "exit_cost": 0.1}}), runs=0)
    assert r.actors.set_index("actor").loc["C", "reservation"] == pytest.approx(0.5)
    assert r.actors.set_index("actor").loc["C", "p_walk"] == pytest.approx(HAND, rel=1e-9)


def test_zeuthen_risk_limit() -> None:
    r = breakdown(_scenario({"reservation": {"utility": 0.5}}), runs=0)
    limits = r.actors.set_index("actor")["risk_limit"]
    # (1 - U) / (1 - r): C (1 - 0.4) / 0.5 = 1.2 prefers no deal; A (1 - 1) / 1 = 0 concedes next
    assert limits["C"] == pytest.approx(1.2)
    assert limits["A"] == pytest.approx(0.0)
    assert limits["B"] == pytest.approx(0.4)


def test_ensemble_interval_brackets_the_mean_and_the_scale_is_sampled() -> None:
    s = _scenario({"reservation": {"utility": 0.5, "utility_sd": 0.05}, "veto": True})
    r = breakdown(s, runs=400, seed=3)
    c = r.collapse
    assert 0.0 <= c["p05"] <= c["mean"] <= c["p95"] <= 1.0
    assert c["p95"] - c["p05"] > 0.1  # inputs, scale and reservation all vary
    again = breakdown(s, runs=400, seed=3)
    assert again.collapse == c  # a seed replays bit for bit
    flat = breakdown(s, runs=400, seed=3, scale_sd=0.0)
    assert flat.collapse["mean"] != c["mean"]


def test_sensitivity_over_reservation_values_is_monotone() -> None:
    r = breakdown(_scenario({"reservation": {"utility": 0.5}, "veto": True}), runs=100)
    row = r.sensitivity.set_index("actor").loc["C"]
    assert row["p_collapse_low"] < r.collapse["mean"] < row["p_collapse_high"]
    assert np.all(np.diff(r.sweep["p_collapse"]) >= 0)


def test_conditional_forecast_leans_away_from_collapse() -> None:
    # runs in which C (the veto player at 100) gets more are likelier to survive
    r = breakdown(_scenario({"reservation": {"utility": 0.5}, "veto": True}), runs=400)
    row = r.issues.iloc[0]
    assert row["median_no_collapse"] >= row["median"]


probabilities = st.lists(st.floats(0, 1), min_size=1, max_size=6)


@given(probabilities)
def test_first_walker_rows_sum_to_one(p: list[float]) -> None:
    arr = np.array([p])
    margins = np.linspace(-1, 1, len(p))[None, :]
    first = first_walker(arr, margins)
    assert first.sum() == pytest.approx(1.0)
    assert first[0, -1] == pytest.approx(np.prod(1 - arr))


@given(probabilities, st.lists(st.booleans(), min_size=6, max_size=6))
def test_collapse_is_any_veto_player_walking(p: list[float], veto: list[bool]) -> None:
    arr, v = np.array(p), np.array(veto[: len(p)])
    expected = 1 - np.prod([1 - x for x, is_v in zip(p, v, strict=True) if is_v])
    assert collapse_probability(arr, v) == pytest.approx(expected)


@given(st.floats(0, 1), st.floats(0, 1), st.floats(0.01, 0.5))
def test_walk_probability_bounds(u: float, r: float, s: float) -> None:
    p = float(walk_probability(np.array([u]), np.array([r]), s)[0])
    assert 0.0 <= p <= 1.0
    if r == 0.0:
        assert p == 0.0
    if r == 1.0:
        assert p == 1.0


def test_walk_probability_falls_with_the_margin() -> None:
    u = np.linspace(0, 1, 101)
    p = walk_probability(u, np.full_like(u, 0.5), 0.05)
    assert np.all(np.diff(p) <= 0)
    assert p[50] == pytest.approx(0.5)  # at the reservation value, symmetric in the middle


def test_risk_limits_without_reservation_read_no_deal_as_zero() -> None:
    assert risk_limits(np.array([0.7]), np.array([np.nan]))[0] == pytest.approx(0.3)
