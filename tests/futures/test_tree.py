"""The bundled dprk-futures study and its scenario tree on korea-2005."""

from __future__ import annotations

import numpy as np
import pytest

from detente.analysis import apply_changes, whatif
from detente.errors import DetenteError, UnknownNameError
from detente.futures import basins, read_futures, scenario_tree, solve
from detente.futures.bridge import bridge_changes, weigh
from detente.futures.tree import weighted_quantiles


@pytest.fixture(scope="module")
def dprk():  # type: ignore[no-untyped-def]
    return read_futures("dprk-futures")


def test_bundle_is_sourced_and_labelled(dprk) -> None:  # type: ignore[no-untyped-def]
    spec = dprk.spec
    assert spec.illustrative and len(spec.descriptors) <= 12
    assert all(2 <= len(d.variants) <= 4 for d in spec.descriptors)
    assert all(d.definition and d.sources for d in spec.descriptors)
    assert all(s.title and s.author and s.year and s.url for s in spec.sources)
    assert all(s.rationale for s in spec.judgements)
    cited = {s for d in spec.descriptors for s in d.sources}
    assert cited == {s.id for s in spec.sources}  # every source is used


@pytest.mark.parametrize("scenario", ["korea-2005", "korea-2009"])
def test_every_bridged_variant_applies(dprk, scenario: str) -> None:  # type: ignore[no-untyped-def]
    assert set(dprk.spec.bridges) == {"korea-2005", "korea-2009"}
    for ref, changes in dprk.spec.bridges[scenario].changes.items():
        assert apply_changes(scenario, list(changes)).id == scenario, ref


def test_dprk_futures_are_found_exactly(dprk) -> None:  # type: ignore[no-untyped-def]
    found = solve(dprk.matrix)
    assert found.complete and 3 <= len(found) <= 20
    assert set(dprk.matrix.variant_ids(found.local[0])) == set(dprk.matrix.ids)


def test_weights(dprk) -> None:  # type: ignore[no-untyped-def]
    found = solve(dprk.matrix)
    w, note, b = weigh(dprk, found, "basin")
    assert b is not None and b.exhaustive and np.isclose(w.sum(), 1)
    basin = {tuple(a.states[0].tolist()): a.basin for a in b.attractors if a.consistent}
    raw = np.array([basin[tuple(r.tolist())] for r in found.local], float)
    assert np.allclose(w, raw / raw.sum()) and "exact" in note
    priors = dprk.spec.priors()
    wp, _, _ = weigh(dprk, found, "prior")
    p0 = np.prod([priors[d][v] for d, v in found.scenarios()[0].items()])
    assert np.isclose(wp.sum(), 1) and np.isclose(
        wp[0] / wp[1], p0 / np.prod([priors[d][v] for d, v in found.scenarios()[1].items()])
    )
    we, _, _ = weigh(dprk, found, "equal")
    assert np.allclose(we, 1 / len(found))
    with pytest.raises(DetenteError, match="basin, prior, equal"):
        weigh(dprk, found, "votes")
    assert sum(a.basin for a in basins(dprk.matrix).attractors) == dprk.matrix.combinations


@pytest.fixture(scope="module")
def tree(dprk):  # type: ignore[no-untyped-def]
    return scenario_tree(dprk, "korea-2005", runs=40, seed=3)


def test_tree_forecasts_match_the_what_ifs(dprk, tree) -> None:  # type: ignore[no-untyped-def]
    first = tree.futures.iloc[0]
    variants = {d: first[d] for d in dprk.matrix.ids}
    changes = bridge_changes(dprk, "korea-2005", variants)
    direct = whatif("korea-2005", changes=changes, runs=0).table
    f1 = tree.forecasts[tree.forecasts["future"] == "F1"]
    assert np.allclose(f1["point"].to_numpy(), direct["after"].to_numpy())
    assert np.allclose(tree.combined["base"].to_numpy(), direct["before"].to_numpy())


def test_tree_weights_and_mixture(tree) -> None:  # type: ignore[no-untyped-def]
    w = tree.futures["weight"].to_numpy()
    assert np.isclose(w.sum(), 1) and np.all(np.diff(w) <= 0)
    points = tree.forecasts.pivot(index="issue", columns="future", values="point")
    expected = points.loc[tree.combined["issue"], tree.futures["future"]].to_numpy() @ w
    assert np.allclose(tree.combined["expected"], expected)
    assert (tree.combined["p05"] <= tree.combined["p95"]).all()
    assert np.allclose(tree.points()["expected"], tree.combined["expected"])
    assert tree.intervals().shape == (len(tree.combined), 1 + len(tree.futures))


def test_tree_stages_verdicts(tree) -> None:  # type: ignore[no-untyped-def]
    stages = tree.stages
    assert set(stages["roadmap"]) == {"korea-2007", "ne-asia-security", "dismantlement"}
    n = len(tree.futures)
    for row in stages.itertuples():
        want = "all" if row.passes_in == n else "some" if row.passes_in else "none"
        assert (
            row.verdict == want
            and len(row.fails_in.split(", ") if row.fails_in else []) == n - row.passes_in
        )


def test_tree_payload_shape(tree) -> None:  # type: ignore[no-untyped-def]
    payload = tree.payload()
    assert payload["scenario"] == "korea-2005" and payload["futures"][0]["id"] == "F1"
    assert set(payload["futures"][0]) == {
        "id",
        "weight",
        "total_impact_score",
        "variants",
        "changes",
    }
    assert {"future", "issue", "point", "p05", "p95"} <= set(payload["forecasts"][0])


def test_tree_needs_a_bridge(dprk) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(UnknownNameError, match="no bridge to scenario 'ec-car-emissions'"):
        scenario_tree(dprk, "ec-car-emissions", runs=5)


def test_weighted_quantiles_by_hand() -> None:
    values = np.array([1.0, 2.0, 3.0, 4.0])
    weights = np.array([0.1, 0.4, 0.4, 0.1])
    assert weighted_quantiles(values, weights, [0.05, 0.5, 0.95]).tolist() == [1.0, 2.0, 4.0]
