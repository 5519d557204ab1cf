"""Succession by hand: the rotation matrix cycles under global succession and settles under
local succession; attractors and basins counted by hand; compiled and NumPy paths agree."""

from __future__ import annotations

import numpy as np
import pytest

from detente.errors import ModelError
from detente.futures import CrossImpactMatrix, basins, monte_carlo, path, read_scw, solve, step
from detente.futures.succession import attractors_of
from tests.futures.conftest import CIB


def test_global_step_rotates_by_hand(rot: CrossImpactMatrix) -> None:
    # (a2, b1, c1): A follows C (a1), B follows A (b2), C follows B (c1, unchanged)
    assert step(rot, np.array([1, 0, 0])).tolist() == [0, 1, 0]


def test_global_succession_cycles_with_period_three(rot: CrossImpactMatrix) -> None:
    p = path(rot, np.array([1, 0, 0]))
    assert p.states.tolist() == [[1, 0, 0], [0, 1, 0], [0, 0, 1]]
    assert (p.entered, p.period) == (0, 3)


def test_local_succession_settles_by_hand(rot: CrossImpactMatrix) -> None:
    """Gaps at (a2,b1,c1): A 2, B 4, C 0 -> B moves; then A and C tie at 2 -> A (first);
    then B (4) -> the consistent (a1, b1, c1)."""
    p = path(rot, np.array([1, 0, 0]), "local")
    assert p.states.tolist() == [[1, 0, 0], [1, 1, 0], [0, 1, 0], [0, 0, 0]]
    assert (p.entered, p.period) == (3, 1)


def test_global_basins_by_hand(rot: CrossImpactMatrix) -> None:
    b = basins(rot)
    assert b.exhaustive and b.starts == 8 and b.unresolved == 0
    found = sorted((a.period, a.basin, a.states.tolist()) for a in b.attractors)
    assert found == [
        (1, 1, [[0, 0, 0]]),
        (1, 1, [[1, 1, 1]]),
        (3, 3, [[0, 0, 1], [1, 0, 0], [0, 1, 0]]),
        (3, 3, [[0, 1, 1], [1, 0, 1], [1, 1, 0]]),
    ]
    assert b.table()["kind"].tolist() == ["consistent", "consistent", "cycle", "cycle"]


def test_local_basins_end_only_in_the_two_consistent_scenarios(rot: CrossImpactMatrix) -> None:
    b = basins(rot, "local")
    assert all(a.consistent for a in b.attractors)
    assert sorted(a.basin for a in b.attractors) == [4, 4]


@pytest.mark.parametrize("mode", ["global", "local"])
def test_compiled_and_numpy_attractors_agree(mode: str) -> None:
    m = read_scw(CIB / "CIB_natl_regional.scw")
    starts = np.random.default_rng(5).integers(0, m.sizes, size=(300, len(m.descriptors)))
    a = attractors_of(m, starts, mode, method="numba")
    b = attractors_of(m, starts, mode, method="numpy")
    assert np.array_equal(a[0], b[0]) and np.array_equal(a[1], b[1])


def test_every_fixed_point_is_a_consistent_scenario() -> None:
    m = read_scw(CIB / "CIB_global.scw")
    b = basins(m)
    fixed = sorted(tuple(a.states[0].tolist()) for a in b.attractors if a.consistent)
    assert fixed == sorted(map(tuple, solve(m).local.tolist()))
    assert sum(a.basin for a in b.attractors) == 36


def test_step_limit_is_reported(rot: CrossImpactMatrix) -> None:
    _, period = attractors_of(rot, np.array([[1, 0, 0]]), max_steps=1)
    assert period.tolist() == [0]
    assert path(rot, np.array([1, 0, 0]), max_steps=1).period == 0


def test_monte_carlo_finds_the_reference_set_and_states_its_coverage() -> None:
    m = read_scw(CIB / "CIB_natl_regional.scw")
    mc = monte_carlo(m, 20_000, seed=1)
    assert sorted(map(tuple, mc.local.tolist())) == sorted(map(tuple, solve(m).local.tolist()))
    assert not mc.complete and "95% probability" in mc.note
    again = monte_carlo(m, 20_000, seed=1)
    assert np.array_equal(mc.local, again.local)  # seeded: replays exactly


def test_sampled_basins_are_seeded_and_state_coverage() -> None:
    m = read_scw(CIB / "CIB_natl_regional.scw")  # 22.7 million starts: sampled
    b = basins(m, samples=2_000, seed=3)
    assert not b.exhaustive and b.starts == 2_000 and b.seed == 3
    assert 0.0 < b.coverage <= 1.0 and b.detectable == pytest.approx(1 - 0.05 ** (1 / 2000))
    assert sum(a.basin for a in b.attractors) + b.unresolved == 2_000


def test_bad_mode_is_refused(rot: CrossImpactMatrix) -> None:
    with pytest.raises(ModelError, match="global or local"):
        path(rot, np.array([0, 0, 0]), "sideways")
