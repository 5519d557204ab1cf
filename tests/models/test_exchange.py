"""The exchange model against hand-computed two-actor, two-issue trades and invariants."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import detente
from detente.errors import ModelError
from detente.models.registry import get_model
from detente.scenario import Scenario


def two_actor(
    *stances: tuple[float, float, float, float], cap: tuple[float, ...] = (2, 1, 4)
) -> Scenario:
    """Actors A, B (, C) with (x_p, x_q, s_p, s_q) each on issues p and q."""
    names = "ABC"[: len(stances)]
    data: dict[str, Any] = {
        "id": "two",
        "name": "Two actors",
        "actors": [
            {"id": n, "name": n, "capability": c}
            for n, c in zip(names, cap[: len(names)], strict=True)
        ],
        "issues": [{"id": "p", "name": "p"}, {"id": "q", "name": "q"}],
        "stances": {
            name: {
                "p": {"position": v[0], "salience": v[2]},
                "q": {"position": v[1], "salience": v[3]},
            }
            for name, v in zip(names, stances, strict=True)
        },
    }
    return Scenario.model_validate(data)


def test_two_actors_full_shift_on_p() -> None:
    # w: A (1.8, .6), B (.2, .6); O_p = (162 + 2) / 2 = 82, O_q = (12 + 42) / 1.2 = 45.
    # A cares relatively more about p (.9/.3 > .2/.6): A demands p and gives way on q.
    # Equal-gain rate k = (.9 + .2) / (.3 + .6) = 11/9. B moves all the way on p (80 points):
    # dO_p = 80 * .2 / 2 = 8, dO_q = 8 * 11/9, A's shift on q = dO_q * 1.2 / .6 = 176/9.
    traj = detente.simulate(
        two_actor((90, 20, 0.9, 0.3), (10, 70, 0.2, 0.6)), "exchange", {"rounds": 1}
    )
    table = pd.DataFrame(get_model("exchange").explain(traj))  # type: ignore[misc]
    assert len(table) == 1
    row = table.iloc[0]
    assert (row["actor"], row["gives"], row["partner"], row["gets"]) == ("A", "q", "B", "p")
    assert row["to"] == pytest.approx(20 + 176 / 9)
    assert row["partner_to"] == pytest.approx(90)
    gain = 8 * 0.9 - 8 * 11 / 9 * 0.3  # = 64/15, the same for B: dO_q * .6 - dO_p * .2
    assert row["gain"] == pytest.approx(gain) and row["partner_gain"] == pytest.approx(gain)
    # voting: p at 90 for both; q: (0.6 (20 + 176/9) + 0.6 * 70) / 1.2
    assert traj.forecast[1, 0] == pytest.approx([90, (20 + 176 / 9 + 70) / 2])
    # next start: share .1 + .4 (1 - s) of the way to the voting position
    share_a, share_b = 0.1 + 0.4 * 0.7, 0.1 + 0.4 * 0.8
    assert traj.positions[1, 0, 0] == pytest.approx([90, 20 + share_a * 176 / 9])
    assert traj.positions[1, 0, 1] == pytest.approx([10 + share_b * 80, 70])


def test_two_actors_shift_capped_by_partner_position() -> None:
    # as above but B stands at 30 on q: A's full shift (176/9) would pass B, so A moves 10
    # points (to B), dO_q = 10 * .6 / 1.2 = 5, dO_p = 5 / k = 45/11, B's shift = dO_p * 2 / .2.
    traj = detente.simulate(
        two_actor((90, 20, 0.9, 0.3), (10, 30, 0.2, 0.6)), "exchange", {"rounds": 1}
    )
    row = pd.DataFrame(get_model("exchange").explain(traj)).iloc[0]  # type: ignore[misc]
    assert row["to"] == pytest.approx(30)
    assert row["partner_to"] == pytest.approx(10 + 450 / 11)
    assert row["gain"] == pytest.approx(45 / 11 * 0.9 - 5 * 0.3)  # = 24/11
    assert traj.forecast[1, 0] == pytest.approx([(162 + 0.2 * (10 + 450 / 11)) / 2, 30])


def test_no_trade_between_actors_on_the_same_side() -> None:
    # C (capability 4) pulls both outcomes near 10: A and B stand right of them on both issues
    s = two_actor((90, 80, 0.9, 0.3), (70, 60, 0.2, 0.6), (10, 10, 0.5, 0.5))
    table = pd.DataFrame(
        get_model("exchange").explain(detente.simulate(s, "exchange", {"rounds": 1}))
    )  # type: ignore[misc]
    assert len(table) > 0
    assert not (table["actor"] + table["partner"]).isin(["AB", "BA"]).any()
    assert (table[["actor", "partner"]] == "C").any(axis=1).all()


def test_no_trade_when_both_care_alike() -> None:
    # equal salience ratios: no rate makes both better off
    traj = detente.simulate(two_actor((90, 20, 0.6, 0.3), (10, 70, 0.4, 0.2)), "exchange")
    assert len(traj.diagnostics["exchanges"]["run"]) == 0


def test_random_rate_gains_are_both_positive_and_reproducible() -> None:
    s = two_actor((90, 20, 0.9, 0.3), (10, 70, 0.2, 0.6))
    one = detente.simulate(s, "exchange", {"variant": "random-rate", "rounds": 3}, seed=5)
    two = detente.simulate(s, "exchange", {"variant": "random-rate", "rounds": 3}, seed=5)
    table = pd.DataFrame(get_model("exchange").explain(one))  # type: ignore[misc]
    assert len(table) >= 1
    assert (table["gain"] > 0).all() and (table["partner_gain"] > 0).all()
    assert not np.allclose(table["gain"], table["partner_gain"])
    assert np.array_equal(one.forecast, two.forecast)


def test_random_rate_run_does_not_depend_on_the_rest_of_the_batch() -> None:
    # each run draws from its own spawned generator: run 0 of a batch is run 0 alone
    korea = detente.load_scenario("korea-2005").to_arrays(3)
    rng = np.random.default_rng(3)
    noisy = korea.with_values(
        position=np.clip(korea.position + rng.normal(0, 8, korea.position.shape), 0, 100)
    )
    spec, params = get_model("exchange"), {"variant": "random-rate", "rounds": 4}
    batch = spec(noisy, params, 11)
    alone = spec(
        noisy.with_values(noisy.position[:1], noisy.salience[:1], noisy.capability[:1]), params, 11
    )
    assert np.array_equal(batch.forecast[:, 0], alone.forecast[:, 0])
    assert not np.array_equal(batch.forecast[:, 0], batch.forecast[:, 1])


def test_bad_parameters() -> None:
    with pytest.raises(ModelError, match="variant"):
        detente.simulate(
            two_actor((90, 20, 0.9, 0.3), (10, 70, 0.2, 0.6)), "exchange", {"variant": "fair"}
        )
    with pytest.raises(ModelError, match="rounds"):
        detente.simulate(
            two_actor((90, 20, 0.9, 0.3), (10, 70, 0.2, 0.6)), "exchange", {"rounds": 0}
        )


stance = st.tuples(st.integers(0, 100), st.integers(0, 100), st.integers(1, 10), st.integers(1, 10))


@settings(max_examples=25, deadline=None)
@given(st.lists(stance, min_size=3, max_size=5), st.lists(stance, min_size=3, max_size=5))
def test_batched_runs_equal_single_runs_and_stay_on_scale(rows1: list, rows2: list) -> None:
    """Each run of a batch gives what it gives alone; positions stay on the scale."""
    n = min(len(rows1), len(rows2))
    runs = [np.array(r[:n], float) for r in (rows1, rows2)]
    base = two_actor((90, 20, 0.9, 0.3), (10, 70, 0.2, 0.6)).to_arrays()
    ids = tuple(f"a{k}" for k in range(n))
    from dataclasses import replace

    arrays = replace(base, actor_ids=ids, forums=np.ones((1, n), bool))
    pos = np.stack([r[:, :2] for r in runs])
    sal = np.stack([r[:, 2:] / 10 for r in runs])
    cap = np.ones((2, n))
    batch = arrays.with_values(position=pos, salience=sal, capability=cap)
    spec = get_model("exchange")
    together = spec(batch, {"rounds": 3}, 0)
    for k in range(2):
        alone = spec(
            batch.with_values(pos[k : k + 1], sal[k : k + 1], cap[k : k + 1]), {"rounds": 3}, 0
        )
        assert np.allclose(together.positions[:, k], alone.positions[:, 0], atol=1e-12)
        assert np.allclose(together.forecast[:, k], alone.forecast[:, 0], atol=1e-12)
    assert together.positions.min() >= -1e-9 and together.positions.max() <= 100 + 1e-9
