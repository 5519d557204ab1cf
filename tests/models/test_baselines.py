"""Baseline models against hand-computed values."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import detente
from detente.core.stats import weighted_mean, weighted_median


def test_ec_weighted_median_is_seven() -> None:
    # cap x sal: at 4 -> .248, at 7 -> .093, at 10 -> .336 of .677; half = .3385 is passed at 7
    assert detente.forecast("ec-car-emissions", "weighted-median") == {"emissions_delay": 7.0}


def test_ec_weighted_mean_by_hand() -> None:
    expected = (4 * 0.248 + 7 * 0.093 + 10 * 0.336) / 0.677  # = 7.38996
    got = detente.forecast("ec-car-emissions", "weighted-mean")["emissions_delay"]
    assert got == pytest.approx(expected, abs=1e-12)
    assert round(got, 3) == 7.390


def test_ec_mean() -> None:
    assert detente.forecast("ec-car-emissions", "mean")["emissions_delay"] == pytest.approx(6.7)


def test_small_case(small: detente.Scenario) -> None:
    # x: weights A 1*1=1, B 2*.5=1, C 3*.5=1.5 -> mean (0+50+150)/3.5; median: cum 1,2 >= 1.75 at 50
    assert detente.forecast(small, "weighted-mean")["x"] == pytest.approx(200 / 3.5)
    assert detente.forecast(small, "weighted-median")["x"] == 50
    # y: C has salience 0, so only A (w .5 at 100) and B (w 2 at 50) count
    assert detente.forecast(small, "weighted-mean")["y"] == pytest.approx((50 + 100) / 2.5)
    assert detente.forecast(small, "weighted-median")["y"] == 50


def test_weighted_median_exact_half_takes_lower() -> None:
    pos = np.array([[[10.0], [20.0]]])
    w = np.ones_like(pos)
    assert weighted_median(pos, w)[0, 0] == 10.0


def test_all_zero_weights_fall_back_to_equal_weights() -> None:
    pos = np.array([[[10.0], [20.0], [60.0]]])
    w = np.zeros_like(pos)
    assert weighted_median(pos, w)[0, 0] == 20.0
    assert weighted_mean(pos, w)[0, 0] == pytest.approx(30.0)


def test_batched_runs_are_independent(small: detente.Scenario) -> None:
    arrays = small.to_arrays(runs=3)
    arrays = arrays.with_values(position=arrays.position + np.arange(3)[:, None, None])
    traj = detente.get_model("weighted-mean")(arrays)
    single = detente.forecast(small, "weighted-mean")
    for run in range(3):
        assert traj.final[run, 0] == pytest.approx(single["x"] + run)


values = arrays(np.float64, (1, 7, 2), elements=st.floats(0, 100))
wts = arrays(np.float64, (1, 7, 2), elements=st.floats(0.01, 10))


@given(values, wts)
def test_median_is_an_actor_position_and_mean_is_inside(pos: np.ndarray, w: np.ndarray) -> None:
    med = weighted_median(pos, w)
    mean = weighted_mean(pos, w)
    for k in range(2):
        assert med[0, k] in pos[0, :, k]
        assert pos[0, :, k].min() - 1e-9 <= mean[0, k] <= pos[0, :, k].max() + 1e-9
        below = w[0, pos[0, :, k] <= med[0, k], k].sum()
        assert below >= w[0, :, k].sum() / 2 * (1 - 1e-9)


def test_registry_lists_baselines_and_rejects_unknown() -> None:
    names = [m.name for m in detente.list_models()]
    assert names[:3] == ["mean", "weighted-mean", "weighted-median"]
    with pytest.raises(detente.DetenteError, match="no model 'nope'"):
        detente.get_model("nope")
    with pytest.raises(detente.DetenteError, match="no parameter"):
        detente.simulate("ec-car-emissions", "mean", params={"rounds": 3})
