"""Nash and Kalai-Smorodinsky solutions against closed-form cases."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import detente
from detente.errors import ModelError
from detente.scenario import Scenario


def scenario(stances: dict[str, list[tuple[float, float]]], cap: float = 1.0) -> Scenario:
    """Actors with (position, salience) per issue; issues a, b, ... on 0-100."""
    n_issues = len(next(iter(stances.values())))
    issues = "ab"[:n_issues]
    data: dict[str, Any] = {
        "id": "bargain",
        "name": "Bargain",
        "actors": [{"id": k, "name": k, "capability": cap} for k in stances],
        "issues": [{"id": i, "name": i} for i in issues],
        "stances": {
            k: {i: {"position": p, "salience": s} for i, (p, s) in zip(issues, v, strict=True)}
            for k, v in stances.items()
        },
    }
    return Scenario.model_validate(data)


ONE_ISSUE = scenario({"X": [(0, 1.0)], "Y": [(100, 1.0)]})
# X wants (0, 0) and cares more about a; Y wants (100, 100) and cares more about b
TWO_ISSUES = scenario({"X": [(0, 1.0), (0, 0.5)], "Y": [(100, 0.5), (100, 1.0)]})


def solve(s: Scenario, **params: Any) -> dict[str, float]:
    return detente.forecast(s, "nash", params)


@pytest.mark.parametrize("solution", ["nash", "kalai-smorodinsky"])
def test_symmetric_split_the_difference(solution: str) -> None:
    # d = -100 for both: max (100 - z) z at z = 50
    assert solve(ONE_ISSUE, solution=solution, reservation=1.0)["a"] == pytest.approx(50, abs=1e-6)


def test_asymmetric_disagreement_one_issue() -> None:
    # d_X = -80, d_Y = -90: Nash max (80 - z)(z - 10) at z = 45; on a straight frontier
    # Kalai-Smorodinsky agrees (ideal gains 70 and 70)
    params = {"reservation": {"X": 0.8, "Y": 0.9}}
    assert solve(ONE_ISSUE, **params)["a"] == pytest.approx(45, abs=1e-6)
    ks = solve(ONE_ISSUE, solution="kalai-smorodinsky", **params)["a"]
    assert ks == pytest.approx(45, abs=1e-6)


def test_two_issues_nash_trades_one_issue_for_the_other() -> None:
    # frontier (U_X, U_Y): (0, -150) - (-50, -50) - (-150, 0); d = (-150, -100).
    # Along z = (0, b): (150 - b/2)(b - 50) peaks at b = 175 > 100; along z = (a, 100):
    # (100 - a)(50 + a/2) peaks at a = 0: the kink, each gets its own issue.
    got = solve(TWO_ISSUES, reservation={"X": 1.0, "Y": 100 / 150})
    assert got == pytest.approx({"a": 0, "b": 100}, abs=1e-5)


def test_two_issues_kalai_smorodinsky_by_hand() -> None:
    # ideal U*_X = -25 (Y needs b >= 50), U*_Y = 0; equal shares of gains 125 and 100:
    # (100 - a)/125 = (50 + a/2)/100 at a = 3750 / 162.5
    got = solve(TWO_ISSUES, solution="kalai-smorodinsky", reservation={"X": 1.0, "Y": 100 / 150})
    assert got == pytest.approx({"a": 3750 / 162.5, "b": 100}, abs=1e-6)


def test_status_quo_disagreement() -> None:
    # from (50, 50) both lose 75; trading a for b gives both 25 more, a straight split does not
    got = solve(TWO_ISSUES, disagreement="status-quo", status_quo={"a": 50, "b": 50})
    assert got == pytest.approx({"a": 0, "b": 100}, abs=1e-5)


def test_efficient_status_quo_stands() -> None:
    # one issue, status quo 30: any move hurts one side, so nothing beats disagreement
    traj = detente.simulate(
        ONE_ISSUE, "nash", {"disagreement": "status-quo", "status_quo": {"a": 30}}
    )
    assert traj.final_of(0) == pytest.approx({"a": 30})
    assert not traj.diagnostics["feasible"][0]


def test_capability_as_bargaining_power() -> None:
    # exponents 2*(2/3), 2*(1/3): max (100 - z)^(4/3) z^(2/3) at z = 100/3
    s = scenario({"X": [(0, 1.0)], "Y": [(100, 1.0)]}).model_dump()
    s["actors"][0]["capability"] = 2.0
    got = solve(Scenario.model_validate(s), reservation=1.0, power="capability")["a"]
    assert got == pytest.approx(100 / 3, abs=1e-4)


def test_solutions_are_individually_rational() -> None:
    s = detente.load_scenario("korea-2005")
    for solution in ("nash", "kalai-smorodinsky"):
        traj = detente.simulate(s, "nash", {"solution": solution})
        assert traj.diagnostics["feasible"][0]
        assert (traj.diagnostics["utility"] >= traj.diagnostics["disagreement"] - 1e-7).all()


def test_pareto_frontier_two_issues() -> None:
    from detente.analysis.frontier import pareto_frontier

    frame = pareto_frontier(TWO_ISSUES.to_arrays(), "X", "Y", points=7)
    assert list(frame.columns) == ["point", "utility_X", "utility_Y", "a", "b"]
    assert frame["utility_X"].iloc[0] == pytest.approx(-150) and frame["utility_X"].iloc[-1] == 0
    # the frontier by hand: U_Y = -50 + (U_X + 50) * 2 for U_X <= -50 ... and the kink
    expected = np.where(
        frame["utility_X"] >= -50,
        -50 - 2 * (frame["utility_X"] + 50),
        -50 - 0.5 * (frame["utility_X"] + 50),
    )
    assert np.allclose(frame["utility_Y"], expected, atol=1e-6)


def test_bad_parameters() -> None:
    from detente.analysis.frontier import pareto_frontier

    with pytest.raises(ModelError, match="solution"):
        solve(ONE_ISSUE, solution="fair")
    with pytest.raises(ModelError, match="unknown issues"):
        solve(ONE_ISSUE, disagreement="status-quo", status_quo={"zz": 3})
    with pytest.raises(ModelError, match="reservation"):
        solve(ONE_ISSUE, reservation=0)
    with pytest.raises(ModelError, match="two different actors"):
        pareto_frontier(ONE_ISSUE.to_arrays(), "X", "X")


position = st.integers(0, 100)
salience = st.integers(1, 10)


@settings(max_examples=20, deadline=None)
@given(
    st.lists(st.tuples(position, position, salience, salience), min_size=2, max_size=3),
    st.floats(0.3, 1.0),
)
def test_solutions_beat_every_sampled_outcome(actors: list, reservation: float) -> None:
    """No sampled outcome has a larger Nash product, or a larger equal share of ideal gains."""
    from detente.models.nash.solvers import ideal_utilities, utility

    stances = {f"a{k}": [(a[0], a[2] / 10), (a[1], a[3] / 10)] for k, a in enumerate(actors)}
    s = scenario(stances)
    x, sal = s.to_arrays().position, s.to_arrays().salience
    d = -reservation * (sal * np.maximum(x, 100 - x)).sum(axis=-1)
    samples = np.random.default_rng(0).uniform(0, 100, (400, 2))
    gains = utility(np.repeat(x, 400, 0), np.repeat(sal, 400, 0), samples) - d
    ok = (gains > 0).all(axis=1)
    traj = detente.simulate(s, "nash", {"reservation": reservation})
    if not traj.diagnostics["feasible"][0]:  # nothing beats disagreement for all
        assert not ok.any()
        return
    g = utility(x, sal, traj.forecast[-1])[0] - d[0]
    assert (g >= -1e-7).all()
    if ok.any():
        assert np.log(g).sum() >= np.log(gains[ok]).sum(axis=1).max() - 1e-6
    span = (ideal_utilities(x, sal, d) - d)[0]
    ks = solve(s, solution="kalai-smorodinsky", reservation=reservation)
    share = ((utility(x, sal, np.array([list(ks.values())])) - d)[0] / span).min()
    assert share >= (gains / span).min(axis=1).max() - 1e-7


def perturbed_korea(runs: int) -> Any:
    from detente.analysis.perturb import Perturbation, perturb_arrays

    s = detente.load_scenario("korea-2005")
    return perturb_arrays(s.to_arrays(runs), Perturbation().sds(s), np.random.default_rng(3))


@pytest.mark.parametrize("solution", ["nash", "kalai-smorodinsky"])
def test_batch_equals_runs_one_by_one(solution: str) -> None:
    """Runs are solved together, but each one's answer is its own."""
    from detente.models.registry import get_model

    arrays = perturbed_korea(12)
    model, params = get_model("nash"), {"solution": solution}
    batch = model(arrays, params).forecast[-1]
    for r in (0, 5, 11):
        one = arrays.with_values(
            arrays.position[r : r + 1], arrays.salience[r : r + 1], arrays.capability[r : r + 1]
        )
        np.testing.assert_allclose(model(one, params).forecast[-1, 0], batch[r], atol=1e-7)


@settings(max_examples=20, deadline=None)
@given(st.lists(st.tuples(position, salience), min_size=2, max_size=6), st.floats(0.2, 1.0))
def test_one_issue_ideal_utilities_equal_the_linear_programmes(actors: list, share: float) -> None:
    """On one issue U*_a has a closed form; with a second issue nobody cares about the batched
    linear programmes must find the same values."""
    from detente.models.nash.solvers import feasible, ideal_utilities

    x = np.array([[[p, 50.0] for p, _ in actors]])
    s = np.array([[[w / 10, 0.0] for _, w in actors]])
    d = -share * (s * np.maximum(x, 100 - x)).sum(axis=-1)
    if not feasible(x, s, d)[0][0]:
        return
    closed = ideal_utilities(x[..., :1], s[..., :1], d)
    np.testing.assert_allclose(ideal_utilities(x, s, d), closed, atol=1e-8)


def test_phase_one_splits_the_difference() -> None:
    # gains 100 - z and z, each over a largest loss of 100: the best equal share is 1/2 at 50
    from detente.models.nash.solvers import feasible

    ok, z = feasible(np.array([[[0.0], [100.0]]]), np.ones((1, 2, 1)), np.full((1, 2), -100.0))
    assert ok[0] and z[0, 0] == pytest.approx(50.0, abs=1e-9)
