"""Exact search: agrees with brute force on small random matrices (k = 0, 1, 2), in both the
compiled and the NumPy path; consistency is 'no descriptor gains by switching'."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from detente.errors import ModelError
from detente.futures import CrossImpactMatrix, Descriptor, solve
from detente.futures.scores import gains_by_switching, inconsistency, is_consistent
from detente.futures.search import brute_force, descriptor_order
from detente.futures.synthetic import random_matrix


@st.composite
def matrices(draw: st.DrawFn, max_descriptors: int = 6) -> CrossImpactMatrix:
    n = draw(st.integers(1, max_descriptors))
    sizes = [draw(st.integers(1, 4)) for _ in range(n)]
    total = sum(sizes)
    values = np.array(
        draw(st.lists(st.integers(-3, 3), min_size=total * total, max_size=total * total)),
        dtype=float,
    ).reshape(total, total)
    keep = np.array(draw(st.lists(st.booleans(), min_size=n * n, max_size=n * n))).reshape(n, n)
    o = np.concatenate([[0], np.cumsum(sizes)])
    for i in range(n):
        for j in range(n):
            if i == j or not keep[i, j]:
                values[o[i] : o[i + 1], o[j] : o[j + 1]] = 0
    ds = tuple(Descriptor(f"D{j}", tuple(f"v{k}" for k in range(s))) for j, s in enumerate(sizes))
    return CrossImpactMatrix(ds, values, "hypothesis")


def _rows(a: np.ndarray) -> list[tuple[int, ...]]:
    return sorted(map(tuple, a.tolist()))


@settings(max_examples=100, deadline=None)
@given(matrices(), st.sampled_from([0, 1, 2]))
def test_exact_search_equals_brute_force(m: CrossImpactMatrix, k: int) -> None:
    want = _rows(brute_force(m, k))
    compiled = solve(m, k, method="numba")
    assert _rows(compiled.local) == want
    assert (compiled.inconsistency <= k).all()


@settings(max_examples=60, deadline=None)
@given(matrices(max_descriptors=5), st.sampled_from([0, 1]))
def test_numpy_twin_visits_the_same_nodes(m: CrossImpactMatrix, k: int) -> None:
    a, b = solve(m, k, method="numba"), solve(m, k, method="numpy")
    assert _rows(a.local) == _rows(b.local) and a.nodes == b.nodes


@settings(max_examples=100, deadline=None)
@given(matrices(), st.data())
def test_consistent_iff_no_descriptor_gains_by_switching(
    m: CrossImpactMatrix, data: st.DataObject
) -> None:
    local = np.array([data.draw(st.integers(0, int(s) - 1)) for s in m.sizes])
    assert bool(is_consistent(m, local)) == (not gains_by_switching(m, local).any())


@pytest.mark.parametrize("seed", range(3))
def test_synthetic_eight_descriptors_against_brute_force(seed: int) -> None:
    m = random_matrix(8, rng=seed)
    assert _rows(solve(m).local) == _rows(brute_force(m))


def test_solutions_are_sorted_and_scored() -> None:
    m = random_matrix(9, rng=4)
    s = solve(m, 1)
    assert np.all(np.diff(s.inconsistency) >= 0)
    assert np.allclose(s.inconsistency, inconsistency(m, s.local))
    table = s.table()
    assert list(table.columns[:2]) == ["scenario", "D1"] and table["scenario"].iloc[0] == "S1"


def test_limits_mark_the_set_incomplete() -> None:
    m = random_matrix(12, rng=0)
    stopped = solve(m, max_nodes=5)
    assert not stopped.complete and "node limit" in stopped.note and stopped.nodes == 6
    capped = solve(m, 2, max_solutions=1)
    assert not capped.complete and len(capped) == 1


def test_bad_arguments_are_refused() -> None:
    m = random_matrix(4, rng=0)
    with pytest.raises(ModelError, match="0 or more"):
        solve(m, -1)
    with pytest.raises(ModelError, match="each of the 4 descriptors once"):
        solve(m, order=np.array([0, 1, 1, 2]))
    with pytest.raises(ModelError, match="numba or numpy"):
        solve(m, method="fast")


def test_order_is_a_permutation() -> None:
    m = random_matrix(15, rng=2)
    assert sorted(descriptor_order(m).tolist()) == list(range(15))
