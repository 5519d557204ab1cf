"""Pooling per cell, the linear pool of the members' ranges, and the scenarios a panel implies."""

from __future__ import annotations

import numpy as np
import pytest

from detente.errors import DetenteError
from detente.panel import Pooling, cell_table, member_scenarios, pooled_scenario
from detente.panel.pool import Z95, Beliefs
from detente.scenario import Scenario

# Three members on the small scenario: A's position on x by hand.
ROWS = [
    {"round": 1, "member": "m1", "kind": "position", "actor": "A", "issue": "x", "value": 10,
     "low": None, "high": None, "confidence": 0.2, "rationale": ""},
    {"round": 1, "member": "m2", "kind": "position", "actor": "A", "issue": "x", "value": 20,
     "low": None, "high": None, "confidence": 0.2, "rationale": ""},
    {"round": 1, "member": "m3", "kind": "position", "actor": "A", "issue": "x", "value": 60,
     "low": None, "high": None, "confidence": 0.6, "rationale": ""},
    {"round": 1, "member": "m1", "kind": "capability", "actor": "C", "issue": "", "value": 4,
     "low": 3, "high": 5, "confidence": 0.5, "rationale": ""},
]  # fmt: skip


def test_cell_table_by_hand(panel_data):
    table = cell_table(panel_data(ROWS)).set_index(["kind", "actor"])
    a = table.loc[("position", "A")]
    assert (a["n"], a["base"], a["median"], a["pooled"]) == (3, 0.0, 20.0, 20.0)
    assert a["trimmed"] == 30.0  # three values: floor(0.6) = 0 cut
    assert a["confidence_mean"] == pytest.approx((2 + 4 + 36) / 1.0)
    assert (a["iqr"], a["range"]) == (25.0, 50.0)
    # three point beliefs, equal weights: the pool is 1/3 at each value
    assert a["p05"] == pytest.approx(10, abs=1e-9)
    assert a["p50"] == pytest.approx(20, abs=1e-9)
    assert a["p95"] == pytest.approx(60, abs=1e-9)
    c = table.loc[("capability", "C")]
    assert (c["n"], c["pooled"], c["iqr"], c["range"]) == (1, 4.0, 0.0, 0.0)
    # one member's range is the pool: its 5%, 50% and 95% quantiles are low, value, high
    assert (c["p05"], c["p50"], c["p95"]) == pytest.approx((3.0, 4.0, 5.0), abs=1e-9)


def test_pooling_methods_choose_the_pooled_column(panel_data):
    data = panel_data(ROWS)
    pos = lambda m: cell_table(data, pooling=Pooling(m)).iloc[0]["pooled"]  # noqa: E731
    assert (pos("median"), pos("trimmed"), pos("confidence")) == (20.0, 30.0, 42.0)
    with pytest.raises(DetenteError, match="unknown pooling method"):
        Pooling("mode")


def test_confidence_weights_tilt_the_linear_pool(panel_data):
    equal = cell_table(panel_data(ROWS)).iloc[0]
    tilted = cell_table(panel_data(ROWS), pooling=Pooling(weights="confidence")).iloc[0]
    # weights .2 .2 .6: 40% of the mass sits at 10 and 20, so the median is 60
    assert equal["p50"] == pytest.approx(20, abs=1e-9)
    assert tilted["p50"] == pytest.approx(60, abs=1e-9)


def test_two_piece_normal_belief_hits_its_stated_quantiles():
    # a skewed belief: value 70, 5% at 40, 95% at 80 (sd below 30/Z95, above 10/Z95)
    b = Beliefs.of(np.array([[70.0]]), np.array([[40.0]]), np.array([[80.0]]),
                   np.array([[1.0]]), np.array([[0.0, 100.0]]))  # fmt: skip
    q = b.quantiles(np.array([0.05, 0.5, 0.95]))[0]
    assert q == pytest.approx([40.0, 70.0, 80.0], abs=1e-9)
    draws = b.sample(0, np.zeros(200_000, np.int64), np.random.default_rng(1))
    assert np.quantile(draws, [0.05, 0.5, 0.95]) == pytest.approx([40, 70, 80], abs=0.3)
    assert b.sd_low[0, 0] == pytest.approx(30 / Z95)


def test_symmetric_mixture_is_centred():
    b = Beliefs.of(np.array([[40.0, 60.0]]), np.array([[30.0, 50.0]]), np.array([[50.0, 70.0]]),
                   np.array([[0.5, 0.5]]), np.array([[0.0, 100.0]]))  # fmt: skip
    p05, p50, p95 = b.quantiles(np.array([0.05, 0.5, 0.95]))[0]
    assert p50 == pytest.approx(50.0, abs=1e-9)
    assert p05 + p95 == pytest.approx(100.0, abs=1e-9)


def test_pooled_scenario_is_an_ordinary_scenario(panel_data, small: Scenario):
    pooled = pooled_scenario(panel_data(ROWS))
    assert isinstance(pooled, Scenario)
    assert pooled.id == "small-pooled"
    assert pooled.stances["A"]["x"].position == 20.0
    assert pooled.actor("C").capability == 4.0
    assert pooled.actor("C").capability_sd == pytest.approx(1.0 / Z95, abs=1e-9)
    # cells nobody assessed keep the scenario's values
    assert pooled.stances["B"]["y"] == small.stances["B"]["y"]
    assert pooled.actor("A").capability == small.actor("A").capability


def test_member_scenarios_fill_empty_cells_with_the_pooled_value(panel_data):
    sets = member_scenarios(panel_data(ROWS))
    assert list(sets) == ["m1", "m2", "m3"]
    assert [s.stances["A"]["x"].position for s in sets.values()] == [10.0, 20.0, 60.0]
    # only m1 gave C's capability; m2 and m3 take the pooled 4
    assert [s.actor("C").capability for s in sets.values()] == [4.0, 4.0, 4.0]
    assert sets["m1"].actor("C").capability_sd == pytest.approx(2 / (2 * Z95))


def test_walk_away_values_are_cells_too(panel_data, small: Scenario):
    rows = [
        {
            "round": 1,
            "member": m,
            "kind": "reservation",
            "actor": "A",
            "issue": "",
            "value": v,
            "low": v - 0.1,
            "high": v + 0.1,
        }
        for m, v in (("m1", 0.2), ("m2", 0.4))
    ]
    table = cell_table(panel_data(rows)).iloc[0]
    assert np.isnan(table["base"]) and table["pooled"] == pytest.approx(0.3)
    pooled = pooled_scenario(panel_data(rows))
    assert pooled.actor("A").reservation.utility == pytest.approx(0.3)
    assert pooled.actor("A").reservation.utility_sd == pytest.approx(table["pool_sd"])
    sets = member_scenarios(panel_data(rows))
    assert [s.actor("A").reservation.utility for s in sets.values()] == [0.2, 0.4]
    assert small.actor("A").reservation is None  # the scenario itself is untouched
