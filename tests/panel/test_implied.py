"""What each set implies: forecasts per member and pool; the ensemble's variance split."""

from __future__ import annotations

import numpy as np
import pytest

from detente.execute import get_executor
from detente.panel import member_forecasts, member_scenarios, panel_ensemble, pooled_scenario
from detente.panel.implied import final_forecast, wide_forecasts
from tests.panel.test_pool import ROWS

WITH_RANGES = [
    {"round": 1, "member": "m1", "kind": "position", "actor": "A", "issue": "x", "value": 10,
     "low": 0, "high": 30},
    {"round": 1, "member": "m2", "kind": "position", "actor": "A", "issue": "x", "value": 20},
    {"round": 1, "member": "m3", "kind": "position", "actor": "A", "issue": "x", "value": 60,
     "low": 40, "high": 70},
    {"round": 1, "member": "m3", "kind": "salience", "actor": "B", "issue": "y", "value": 0.9,
     "low": 0.5, "high": 1.0},
]  # fmt: skip


def test_member_forecasts_run_each_model_on_each_set(panel_data):
    data = panel_data(ROWS)
    table = member_forecasts(data, "mean,weighted-mean")
    assert list(dict.fromkeys(table["set"])) == ["pooled", "m1", "m2", "m3"]
    wide = wide_forecasts(table, "mean").set_index("issue")
    # the plain mean of x over A (the member's value), B 50 and C 100
    assert wide.loc["x", ["m1", "m2", "m3"]].tolist() == pytest.approx([160 / 3, 170 / 3, 70])
    assert wide.loc["x", "pooled"] == pytest.approx(170 / 3)
    sets = member_scenarios(data)
    expected = final_forecast(sets["m3"], "weighted-mean")
    got = wide_forecasts(table, "weighted-mean").set_index("issue")["m3"]
    assert got.tolist() == pytest.approx(expected.tolist(), abs=0)
    assert wide_forecasts(table, "weighted-mean")["pooled"].tolist() == pytest.approx(
        final_forecast(pooled_scenario(data), "weighted-mean").tolist(), abs=0
    )


def test_without_noise_all_variance_is_disagreement(panel_data):
    result = panel_ensemble(panel_data(ROWS), "mean", runs_per_member=5, noise=False)
    x = result.summary.set_index("issue").loc["x"]
    means = np.array([160, 170, 210]) / 3
    assert x["within_var"] == pytest.approx(0, abs=1e-12)
    assert x["between_var"] == pytest.approx(means.var(), rel=1e-12)
    assert x["disagreement_share"] == pytest.approx(1.0)
    y = result.summary.set_index("issue").loc["y"]
    assert y["total_var"] == 0 and np.isnan(y["disagreement_share"])
    assert result.samples.shape == (15, 2)
    assert list(result.member) == [0] * 5 + [1] * 5 + [2] * 5


def test_law_of_total_variance_holds_exactly(panel_data):
    result = panel_ensemble(panel_data(WITH_RANGES), "weighted-mean", runs_per_member=400, seed=3)
    s = result.summary
    assert np.allclose(s["total_var"], s["within_var"] + s["between_var"], rtol=1e-12, atol=0)
    assert np.allclose(s["total_var"], result.samples.var(axis=0), rtol=1e-9)
    x = s.set_index("issue").loc["x"]
    assert 0 < x["disagreement_share"] < 1  # members disagree and are unsure
    # m2 gave a point, and nobody else gave B's salience on y: m2's runs vary only through the
    # draws of cells m2 left empty (B.y salience, from m3's range)
    by = result.by_member.set_index(["member", "issue"])
    assert by.loc[("m2", "x"), "var"] > 0
    draws = result.samples[result.member == 0]
    assert draws.min() >= 0 and draws.max() <= 100


def test_ensembles_replay_bit_for_bit_on_any_executor(panel_data):
    data = panel_data(WITH_RANGES)
    a = panel_ensemble(data, "weighted-median", runs_per_member=50, seed=11, chunk_size=40)
    b = panel_ensemble(data, "weighted-median", runs_per_member=50, seed=11, chunk_size=40)
    assert np.array_equal(a.samples, b.samples)
    pool = get_executor("local", workers=2)
    try:
        c = panel_ensemble(data, "weighted-median", runs_per_member=50, seed=11, chunk_size=40,
                           executor=pool)  # fmt: skip
    finally:
        pool.close()
    assert np.array_equal(a.samples, c.samples)
    d = panel_ensemble(data, "weighted-median", runs_per_member=50, seed=12, chunk_size=40)
    assert not np.array_equal(a.samples, d.samples)


def test_each_member_runs_on_their_own_walk_away_values(panel_data):
    from detente.panel.implied import _sampler
    from detente.panel.pool import Pooling

    rows = [
        *ROWS,
        *(
            {"round": 1, "member": m, "kind": "reservation", "actor": a, "issue": "", "value": v}
            for m, v in (("m1", 0.1), ("m2", 0.9))
            for a in ("A", "B")
        ),
    ]
    data = panel_data(rows)
    completed = member_scenarios(data)
    sampler = _sampler(data, 1, Pooling(), completed, "smp", None, True)
    # models read walk-away values whole (not per run): each member's runs carry their own
    reservations = [list(b.reservation[:2]) for b in sampler.bases]
    assert reservations == [[0.1, 0.1], [0.9, 0.9], [0.5, 0.5]]  # m3 takes the pooled 0.5
    assert "reservation" not in {array for array, _, _ in sampler.targets}
    result = panel_ensemble(data, "smp", runs_per_member=3, seed=1)
    assert result.samples.shape == (9, 2)
