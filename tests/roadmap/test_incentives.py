"""Incentive arithmetic on the two-party roadmap, checked against numbers worked out by hand.

Scenario: A sits at disarm 0 / aid 100 with saliences 0.5 / 1.0, B at disarm 100 / aid 0 with
saliences 1.0 / 0.5; both issues start at 0; each of two stages moves both issues by 50. So
u_A(d, a) = 100 (0.5 (1 - d/100) + a/100) / 1.5 and u_B(d, a) = 100 (d/100 + 0.5 (1 - a/100)) / 1.5:
both are 33.33 at the start, 50 after stage one and 66.67 at the end.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from detente.roadmap import Plan, check, optimize, read_roadmap, utility
from detente.roadmap.incentives import RoadmapArrays, evaluate
from tests.roadmap.conftest import DATA


def test_utility_formula_by_hand() -> None:
    pos = np.array([[0.0, 100.0]])
    sal = np.array([[0.5, 1.0]])
    u = utility(pos, sal, np.zeros(2), np.full(2, 100.0), np.array([50.0, 50.0]))
    assert u.shape == (1,)
    assert u[0] == pytest.approx(100 * (0.5 * 0.5 + 1.0 * 0.5) / 1.5)


def margins_of(mini, **kw) -> dict[tuple[str, str], float]:  # type: ignore[no-untyped-def]
    c = check(mini.roadmap, mini.scenario, **kw)
    return {(r.stage, r.party): r.margin for r in c.table.itertuples()}


def test_no_discount_sure_partners_margin_is_gain_to_the_end(mini) -> None:  # type: ignore[no-untyped-def]
    m = margins_of(mini)
    assert m[("s1", "A")] == pytest.approx(200 / 3 - 100 / 3, abs=1e-3)
    assert m[("s2", "A")] == pytest.approx(200 / 3 - 50, abs=1e-3)
    assert m[("s2", "B")] == pytest.approx(50 / 3, abs=1e-3)


def test_half_reliable_partners_leave_no_margin(mini) -> None:  # type: ignore[no-untyped-def]
    # stage 2: W = .5 * 66.67 + .5 * u_A(100, 50) = .5 * 66.67 + .5 * 33.33 = 50 = u_A(x1)
    # stage 1: W = .5 * 50 + .5 * u_A(50, 0) = 25 + 8.33 = 33.33 = u_A(x0)
    m = margins_of(mini, perform=0.5)
    assert all(abs(v) < 1e-3 for v in m.values())


def test_discount_halves_the_future(mini) -> None:  # type: ignore[no-untyped-def]
    # stage 2: .5 * (66.67 - 50) = 8.33; stage 1: W1 = .5 * 50 + .5 * 66.67, margin .5 (W1 - 33.33)
    m = margins_of(mini, discount=0.5)
    assert m[("s2", "A")] == pytest.approx(8.333, abs=1e-3)
    assert m[("s1", "B")] == pytest.approx(12.5, abs=1e-3)


def test_rewards_first_tempts_the_principal(mini) -> None:  # type: ignore[no-untyped-def]
    model = RoadmapArrays.build(mini.roadmap, mini.scenario)
    plan = Plan(
        "rewards first", (("pay", (("b1", 1.0), ("b2", 1.0))), ("act", (("a1", 1.0), ("a2", 1.0))))
    )
    c = evaluate(model, plan)
    # before 'act', A holds u_A(0, 100) = 100 and the end is worth 66.67
    assert c.weakest_stage == "act" and c.weakest_party == "A"
    assert c.strength == pytest.approx(-33.333, abs=1e-3)
    assert list(c.defections()["party"]) == ["A"]


def test_check_rejects_bad_parameters(mini) -> None:  # type: ignore[no-untyped-def]
    from detente.errors import ModelError

    with pytest.raises(ModelError, match="discount"):
        check(mini.roadmap, mini.scenario, discount=0)
    with pytest.raises(ModelError, match="perform"):
        check(mini.roadmap, mini.scenario, perform=1.5)


def test_optimize_keeps_the_agreed_plan_when_nothing_beats_it(mini) -> None:  # type: ignore[no-untyped-def]
    o = optimize(mini.roadmap, mini.scenario)
    assert o.best.strength == pytest.approx(o.agreed.strength)
    assert o.best.strength == pytest.approx(16.667, abs=1e-3)
    assert o.changes().empty
    row = o.strategies.set_index("strategy")
    assert row.loc["rewards first (whole roadmap)", "strength"] == pytest.approx(-33.333, abs=1e-3)
    assert row.loc["principal first (whole roadmap)", "weakest_party"] == "B"


@settings(max_examples=8, deadline=None)
@given(
    st.lists(st.tuples(st.integers(-30, 60), st.integers(-30, 60)), min_size=2, max_size=3),
    st.floats(0.5, 1.0),
    st.floats(0.5, 1.0),
)
def test_optimize_is_never_weaker_than_agreed(moves, discount, perform) -> None:  # type: ignore[no-untyped-def]
    mini = read_roadmap(DATA / "mini.yaml")
    stages = [
        {
            "id": f"s{k}",
            "actions": [
                {"id": f"a{k}", "actor": "A", "what": "x", "issue": "disarm", "shift": da},
                {"id": f"b{k}", "actor": "B", "what": "y", "issue": "aid", "shift": db},
            ],
        }
        for k, (da, db) in enumerate(moves)
    ]
    roadmap = mini.roadmap.model_validate(
        {**mini.roadmap.model_dump(), "stages": stages, "events": []}
    )
    o = optimize(roadmap, mini.scenario, discount, perform)
    assert o.best.strength >= o.agreed.strength - 1e-9
    assert o.strategies["chosen"].sum() == 1


def test_heuristic_search_on_a_long_roadmap(mini) -> None:  # type: ignore[no-untyped-def]
    # seven unordered stages (5,040 orders: too many, so the hill climb runs): all aid first,
    # then five slices of disarmament; A gains 33.33 by stopping before it disarms at all
    aid = [
        {
            "id": f"b{k}",
            "actions": [
                {"id": f"pay{k}", "actor": "B", "what": "aid", "issue": "aid", "shift": 50}
            ],
        }
        for k in range(2)
    ]
    arms = [
        {
            "id": f"a{k}",
            "actions": [
                {"id": f"arm{k}", "actor": "A", "what": "disarm", "issue": "disarm", "shift": 20}
            ],
        }
        for k in range(5)
    ]
    roadmap = mini.roadmap.model_validate(
        {**mini.roadmap.model_dump(), "stages": aid + arms, "events": []}
    )
    o = optimize(roadmap, mini.scenario)
    assert o.agreed.strength == pytest.approx(-100 / 3)
    assert o.best.strength > 0 and not o.best.table["defects"].any()
    # the fix interleaves payment and disarmament: some disarmament moves before a payment
    moved = o.changes()
    assert len(moved) > 0 and set(moved["agreed_stage"]) <= {
        "b0",
        "b1",
        "a0",
        "a1",
        "a2",
        "a3",
        "a4",
    }


def test_random_roadmaps_are_reproducible(mini) -> None:  # type: ignore[no-untyped-def]
    from detente.roadmap.synthetic import random_roadmap

    first = random_roadmap(mini.scenario, stages=8, actions=2, rng=7)
    assert first == random_roadmap(mini.scenario, stages=8, actions=2, rng=7)
    assert first != random_roadmap(mini.scenario, stages=8, actions=2, rng=8)
