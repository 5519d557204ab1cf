"""Influence: leave-one-out and Shapley values by hand, and the efficiency of Shapley values."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from detente.analysis import apply_changes, influence
from detente.analysis.batches import model_params
from detente.analysis.influence import _Game
from detente.errors import DetenteError
from detente.models.registry import get_model, list_models
from detente.scenario import Scenario

MODELS = [m.name for m in list_models()]
# KTAB's SMP breaks ties by actor order and rounds each bargain towards its initiator, so an
# exact twin of an actor is not exactly symmetric to it: the symmetry property excludes it.
SYMMETRIC = [m for m in MODELS if m != "smp"]


def _with_silent_actor(data: dict[str, Any]) -> Scenario:
    """The small case plus D: tiny capability and zero salience everywhere, at an extreme."""
    data["actors"].append({"id": "D", "name": "Delta", "capability": 1e-9})
    data["stances"]["D"] = {
        "x": {"position": 0, "salience": 0.0},
        "y": {"position": 100, "salience": 0.0},
    }
    return Scenario.model_validate(data)


@pytest.mark.parametrize("model", ["weighted-mean", "weighted-median"])
def test_leave_one_out_of_a_weightless_actor_changes_nothing(
    small_data: dict[str, Any], model: str
) -> None:
    table = influence(_with_silent_actor(small_data), model, method="loo").values.set_index("actor")
    np.testing.assert_allclose(table.loc["D", "value"], 0.0, atol=1e-12)
    assert (table.loc[["A", "B", "C"], "value"].abs().max()) > 1  # the others do matter


def test_leave_one_out_by_hand(small: Scenario) -> None:
    """Weighted mean on x: weights 1, 1, 1.5 at 0, 50, 100 -> 57.14; without C -> 25."""
    table = influence(small, "weighted-mean", method="loo").values
    c_on_x = table[(table["actor"] == "C") & (table["issue"] == "x")]["value"].item()
    assert c_on_x == pytest.approx(200 / 3.5 - 25.0)
    assert (table["method"] == "loo").all() and (table["stderr"] == 0).all()


@pytest.mark.parametrize("model", MODELS)
def test_shapley_values_sum_to_the_total_shift(small: Scenario, model: str) -> None:
    result = influence(small, model)
    table = result.values
    totals = table.groupby("issue")["value"].sum()
    for issue in small.issue_ids:
        shift = result.forecast[issue] - result.reference[issue]
        assert totals[issue] == pytest.approx(shift, abs=1e-9)
    sampled = influence(small, model, samples=50, seed=3).values
    assert sampled.groupby("issue")["value"].sum().to_numpy() == pytest.approx(totals.to_numpy())


def test_shapley_of_the_mean_by_hand(small: Scenario) -> None:
    """Mean of three, v(S) = mean of S's positions, v(empty) = 50: Shapley's formula for n = 3
    (weights 1/3 for the empty and the full predecessor set, 1/6 for each single one)."""
    table = influence(small, "mean").values.set_index(["actor", "issue"])["value"]
    x = {"A": 0.0, "B": 50.0, "C": 100.0}
    m = 50.0

    def v(members: tuple[str, ...]) -> float:
        return float(np.mean([x[a] for a in members])) if members else m

    def phi(a: str) -> float:
        o = [b for b in x if b != a]
        return (
            (v((a,)) - v(())) / 3
            + sum(v((a, b)) - v((b,)) for b in o) / 6
            + (v((a, *o)) - v(tuple(o))) / 3
        )

    for a in x:
        assert table[(a, "x")] == pytest.approx(phi(a))
    assert table[("A", "x")] == pytest.approx(-table[("C", "x")])  # mirror-image actors


def test_sampled_shapley_is_close_to_exact_with_an_honest_error(small: Scenario) -> None:
    exact = influence(small, "weighted-mean").values
    sampled = influence(small, "weighted-mean", samples=4000, seed=5).values
    assert (sampled["method"] == "shapley-sampled").all()
    gap = (sampled["value"] - exact["value"]).abs()
    assert (gap <= 4 * sampled["stderr"] + 1e-9).all()
    assert sampled["stderr"].max() > 0


def test_batched_coalitions_equal_one_call_per_coalition(small: Scenario) -> None:
    spec = get_model("weighted-median")
    arrays = small.to_arrays()
    game = _Game(spec, arrays, model_params(small, spec.name, None), 0)
    subsets = np.array([[0, 1], [0, 2], [1, 2]])
    batched = game.values(subsets)
    game.batch = False
    np.testing.assert_array_equal(batched, game.values(subsets))


def test_unknown_method_is_an_error(small: Scenario) -> None:
    with pytest.raises(DetenteError, match="shapley, loo"):
        influence(small, "mean", method="banzhaf")


@st.composite
def scenarios(draw: st.DrawFn) -> Scenario:
    """Random small scenarios: 2-6 actors, 1-3 issues, positions on the 0-100 grid."""
    n, m = draw(st.integers(2, 6)), draw(st.integers(1, 3))
    grid = st.integers(0, 20).map(lambda k: 5.0 * k)
    caps = [draw(st.floats(0.1, 10)) for _ in range(n)]
    return Scenario.model_validate(
        {
            "id": "random",
            "name": "random",
            "actors": [{"id": f"a{i}", "name": f"a{i}", "capability": caps[i]} for i in range(n)],
            "issues": [{"id": f"i{j}", "name": f"i{j}"} for j in range(m)],
            "stances": {
                f"a{i}": {
                    f"i{j}": {"position": draw(grid), "salience": draw(st.floats(0.05, 1))}
                    for j in range(m)
                }
                for i in range(n)
            },
        }
    )


@settings(max_examples=30, deadline=None)
@given(scenarios(), st.sampled_from(SYMMETRIC))
def test_shapley_efficiency_and_symmetry_on_random_scenarios(s: Scenario, model: str) -> None:
    """Values add up to forecast - 50 on every issue; an exact copy of an actor gets its value."""
    twin = apply_changes(s, ["add twin capability=1 position=0 salience=0"])
    a0 = s.actors[0]
    data = twin.model_dump()
    data["actors"][-1]["capability"] = a0.capability
    data["stances"]["twin"] = data["stances"][a0.id]
    twin = Scenario.model_validate(data)
    result = influence(twin, model)
    table = result.values
    for issue, total in table.groupby("issue")["value"].sum().items():
        assert total == pytest.approx(result.forecast[issue] - 50.0, abs=1e-9)
    values = table.set_index(["actor", "issue"])["value"]
    for issue in s.issue_ids:
        assert values[("twin", issue)] == pytest.approx(values[(a0.id, issue)], abs=1e-9)
