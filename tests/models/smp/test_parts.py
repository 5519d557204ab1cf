"""Hand-computed pieces of the SMP and invariants over random scenarios (hypothesis)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from detente.models.registry import get_model
from detente.models.smp.bargain import interpolate
from detente.models.smp.pce import coalitions, election, victory, vote
from detente.models.smp.utility import distance, risk_from_prob, utility

from .test_model import random_arrays


def test_utility_and_distance_by_hand() -> None:
    assert utility(np.array(0.5), 1.0) == pytest.approx(0.75)  # (1 - .5)(1 + .5)
    assert utility(np.array(0.5), -1.0) == pytest.approx(0.25)
    ideal = np.array([[0.0, 0.0]])
    other = np.array([[0.3, 0.4]])
    # saliences 0.6 and 0.8: sqrt((.36*.09 + .64*.16) / 1.0)
    d = distance(ideal, other, np.array([[0.6, 0.8]]))
    assert d[0, 0] == pytest.approx(np.sqrt(0.36 * 0.09 + 0.64 * 0.16))


@pytest.mark.parametrize(("rng", "low", "high"), [("Min", 0, 1), ("Mid", -0.5, 1), ("Max", -1, 1)])
def test_risk_ranges(rng: str, low: float, high: float) -> None:
    r = risk_from_prob(np.array([0.1, 0.2, 0.7]), rng)
    assert (r.min(), r.max()) == pytest.approx((low, high))
    assert r[1] == pytest.approx(low + (high - low) / 6)


def test_two_option_election_by_hand() -> None:
    # voter weights 3 and 1, preferring option 0 and 1 by 0.5 each: coalitions 1.5 and 0.5
    util = np.array([[[1.0, 0.5], [0.5, 1.0]]])  # (runs, voters, options)
    c = coalitions("Prop", np.array([[3.0, 1.0]]), util)[0]
    assert c[1, 0] == pytest.approx(0.5 + 1e-8) and c[0, 1] == pytest.approx(1.5 + 1e-8)
    p = victory("Linear", c[None])
    assert p[0, 0, 1] == pytest.approx(0.75)
    assert victory("Square", c[None])[0, 0, 1] == pytest.approx(0.9)
    mask = np.ones((1, 1, 2), bool)
    assert election("Conditional", c[None], p, mask)[0, 0] == pytest.approx([0.75, 0.25])
    for markov in ("MarkovUniform", "MarkovIncentive"):
        q = election(markov, c[None], p, mask)[0, 0]
        assert q.sum() == pytest.approx(1.0) and q[0] > q[1]


def test_asymmetric_rule_counts_losses_fully() -> None:
    assert vote("ASymProsp", 3.0, 0.6, 0.3) == pytest.approx(0.6)  # 3 * 2/3 * 0.3
    assert vote("ASymProsp", 3.0, 0.3, 0.6) == pytest.approx(-0.9)


def test_bargain_of_the_reference_log() -> None:
    """Bargain [1012, 1:0] of KTAB's turn 0: SActor-01 proposes (81.69, 73.16, 64.50)."""
    x_i, s_i = np.array([[82.72, 73.50, 64.00]]) / 100, np.array([[30.33, 21.22, 24.79]]) / 100
    x_j, s_j = np.array([[75.79, 6.37, 70.45]]) / 100, np.array([[49.53, 5.91, 28.15]]) / 100
    b_i, b_j = interpolate("S2P2", x_i, s_i, np.array([0.7964]), x_j, s_j)
    np.testing.assert_allclose(b_i[0] * 100, [81.69, 73.16, 64.50], atol=0.011)
    np.testing.assert_allclose(b_j[0] * 100, [81.69, 73.16, 64.50], atol=0.011)


@settings(max_examples=12, deadline=None)
@given(
    n=st.integers(3, 7), m=st.integers(1, 3), seed=st.integers(0, 10**6), stochastic=st.booleans()
)
def test_invariants_on_random_scenarios(n: int, m: int, seed: int, stochastic: bool) -> None:
    arrays = random_arrays(n, m, seed)
    params = {"rounds": 6, "state_transitions": "Stochastic" if stochastic else "Deterministic"}
    traj = get_model("smp")(arrays, params, seed)
    pos = traj.positions[:, 0]
    # bargains interpolate: no issue's range of positions ever widens (4-decimal rounding aside)
    lo, hi = pos[0].min(axis=0), pos[0].max(axis=0)
    assert (pos >= lo - 0.005).all() and (pos <= hi + 0.005).all()
    # the distinct positions' winning probabilities sum to one every turn
    for t in range(traj.rounds + 1):
        firsts = np.unique(traj.diagnostics["holder"][t, 0])
        assert traj.diagnostics["win_prob"][t, 0, firsts].sum() == pytest.approx(1.0)
    # an actor keeps its position exactly when its queue chose the status quo
    moved = np.abs(np.diff(pos, axis=0)).max(axis=2) > 0
    assert not (moved & (traj.diagnostics["mover_init"][:, 0] < 0)).any()
    # and the same seed replays the run
    np.testing.assert_array_equal(get_model("smp")(arrays, params, seed).positions, traj.positions)
