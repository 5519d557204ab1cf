"""Ensembles of experts' matrices (robustness, pooled matrix) and judgement sensitivity, on
hand-computed cases."""

from __future__ import annotations

import numpy as np
import pytest

from detente.errors import ModelError, ScenarioError
from detente.futures import (
    CrossImpactMatrix,
    Descriptor,
    expert_ensemble,
    fragile_judgements,
    judgement_sensitivity,
)
from detente.futures.scores import is_consistent
from detente.futures.synthetic import random_matrix

DS = (Descriptor("a", ("x", "y")), Descriptor("b", ("p", "q")))


def pair(ab: float, ba: float) -> CrossImpactMatrix:
    """a -> b with strength ``ab`` (x pulls p, y pulls q) and b -> a with ``ba``."""
    values = np.zeros((4, 4))
    values[0:2, 2:4] = ab * np.array([[1, -1], [-1, 1]])
    values[2:4, 0:2] = ba * np.array([[1, -1], [-1, 1]])
    return CrossImpactMatrix(DS, values, f"pair {ab} {ba}")


def test_robustness_counts_experts_by_hand() -> None:
    """Expert 1 and 2: like pulls like, (x,p) and (y,q) consistent. Expert 3 reverses b -> a:
    a 2-cycle, nothing consistent. Robustness of both scenarios: 2 of 3."""
    experts = [pair(2, 1), pair(1, 2), pair(1, -3)]
    ens = expert_ensemble(experts, ["E1", "E2", "E3"])
    table = ens.table()
    assert table[["a", "b"]].values.tolist() == [["x", "p"], ["y", "q"]]
    assert table["robustness"].tolist() == [2, 2]
    assert table["E3"].tolist() == [False, False]
    # pooled b -> a is (1 + 2 - 3) / 3 = 0: a is indifferent, so (x,p) and (y,q) stay consistent
    assert ens.pooled.judgement("b.p", "a.x") == 0
    assert table["pooled_consistent"].tolist() == [True, True]
    assert ens.payload()["scenarios"][0]["consistent_for"] == ["E1", "E2"]


def test_ensemble_refuses_different_layouts() -> None:
    other = CrossImpactMatrix(
        (Descriptor("a", ("x", "y")), Descriptor("c", ("p", "q"))), np.zeros((4, 4))
    )
    with pytest.raises(ScenarioError, match="differ"):
        expert_ensemble([pair(1, 1), other])
    with pytest.raises(ModelError, match="one distinct name"):
        expert_ensemble([pair(1, 1), pair(1, 1)], ["same", "same"])


def test_sensitivity_by_hand() -> None:
    """pair(1, 1): in (x,p) each descriptor wins by a margin of 2 (1 - (-1)). A single change
    of 3 (2 + 1) breaks it: lower a->b 'x->p' from 1 to -2, or raise 'x->q' from -1 to 2."""
    m = pair(1, 1)
    table = judgement_sensitivity(m, max_change=3)
    s1 = table[(table["scenario"] == "S1") & (table["effect"] == "breaks")]
    flips = {(r.source, r.target, r.to) for r in s1.itertuples()}
    assert flips == {
        ("a.x", "b.p", -2.0),
        ("a.x", "b.q", 2.0),
        ("b.p", "a.x", -2.0),
        ("b.p", "a.y", 2.0),
    }
    assert judgement_sensitivity(m, max_change=2).query("effect == 'breaks'").empty


@pytest.mark.parametrize("seed", range(3))
def test_sensitivity_flips_really_flip(seed: int) -> None:
    """Every listed change, applied alone, breaks or makes its scenario."""
    m = random_matrix(6, rng=seed)
    table = judgement_sensitivity(m, max_change=2)
    assert len(table)
    for row in table.itertuples():
        changed = m.with_judgement(row.source, row.target, row.to)
        local = m.scenario(dict(p.split("=") for p in row.variants.split()))
        assert bool(is_consistent(changed, local)) == (row.effect == "makes")
    summary = fragile_judgements(table)
    assert list(summary.columns) == ["source", "target", "breaks", "makes"]
    assert summary["breaks"].sum() == (table["effect"] == "breaks").sum()


def test_made_consistent_by_one_judgement_by_hand() -> None:
    """b follows a; a is free. In (x, q) only b is out, by 2 (p: +1, q: -1): raising x->q to 1
    or lowering x->p to -1 makes it consistent (ties count as consistent)."""
    m = pair(1, 0)
    table = judgement_sensitivity(m, max_change=2)
    makes = table[table["effect"] == "makes"]
    assert set(makes["variants"]) == {"a=x b=q", "a=y b=p"}
    flips = {(r.source, r.target, r.to) for r in makes[makes["variants"] == "a=x b=q"].itertuples()}
    assert flips == {("a.x", "b.q", 1.0), ("a.x", "b.p", -1.0)}
