"""The SMP's options, stochastic reproducibility, batches and the two computation paths."""

from __future__ import annotations

import numpy as np
import pytest

from detente.core.arrays import ScenarioArrays
from detente.errors import ModelError
from detente.models.registry import get_model
from detente.models.smp import kernels
from detente.models.smp.options import CHOICES
from detente.scenario import load_scenario

SMP = get_model("smp")


@pytest.fixture(scope="module")
def arrays() -> ScenarioArrays:
    return load_scenario("dummyData_3Dim").to_arrays()


def random_arrays(n: int, m: int, seed: int, runs: int = 1) -> ScenarioArrays:
    """A KTAB-like random scenario: capabilities 10-200, positions 0-100, saliences sum < 1."""
    rng = np.random.default_rng(seed)
    sal = rng.uniform(0.1, 1.0, (runs, n, m))
    sal *= rng.uniform(0.75, 0.99, (runs, n, 1)) / sal.sum(axis=2, keepdims=True)
    return ScenarioArrays(
        actor_ids=tuple(f"A{k}" for k in range(n)),
        issue_ids=tuple(f"d{k}" for k in range(m)),
        position=rng.uniform(0, 100, (runs, n, m)),
        salience=sal,
        capability=rng.uniform(10, 200, (runs, n)),
        scale_low=np.zeros(m),
        scale_high=np.full(m, 100.0),
        forums=np.ones((1, n), bool),
    )


def test_defaults_are_ktabs() -> None:
    assert {k: SMP.defaults[k] for k in CHOICES} == {
        "victory_prob_model": "Linear",
        "pce_model": "Conditional",
        "state_transitions": "Deterministic",
        "voting_rule": "Prop",
        "big_r_adjust": "OneThird",
        "big_r_range": "Mid",
        "third_party_commit": "SemiCommit",
        "inter_vec_brgn": "S2P2",
        "bargn_model": "InitOnlyInterp",
    }
    assert (SMP.defaults["rounds"], SMP.defaults["min_rounds"], SMP.defaults["stop_ratio"]) == (
        100,
        2,
        0.02,
    )


def test_unknown_names_and_values_are_refused_with_the_choices(arrays) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ModelError, match="voting_rule"):
        SMP(arrays, {"VotingRul": "Prop"})
    with pytest.raises(ModelError, match="choices: Binary, PropBin, Prop, PropCbc, Cubic"):
        SMP(arrays, {"voting_rule": "Proportionate"})
    with pytest.raises(ModelError, match="unknown actor 'nobody'"):
        SMP(arrays, {"ideal_adjustment": {"nobody": {"SActor-00": 0.5}}})
    with pytest.raises(ModelError, match="sum above 1"):
        SMP(arrays, {"ideal_adjustment": {"SActor-01": {"SActor-00": 0.5}}})


def test_schema_spellings_are_accepted(arrays) -> None:  # type: ignore[no-untyped-def]
    a = SMP(arrays, {"voting_rule": "Proportional", "big_r_adjust": "No", "rounds": 2})
    b = SMP(arrays, {"voting_rule": "Prop", "big_r_adjust": "None", "rounds": 2})
    np.testing.assert_array_equal(a.positions, b.positions)


@pytest.mark.parametrize(
    ("name", "value"), [(n, v) for n, (values, _) in CHOICES.items() for v in values]
)
def test_every_option_value_runs(arrays, name: str, value: str) -> None:  # type: ignore[no-untyped-def]
    traj = SMP(arrays, {name: value, "rounds": 3}, 1)
    assert np.isfinite(traj.positions).all()
    assert (traj.positions >= 0).all() and (traj.positions <= 100).all()
    # the distinct positions' probabilities sum to one every turn
    for t in range(traj.rounds + 1):
        firsts = np.unique(traj.diagnostics["holder"][t, 0])
        assert traj.diagnostics["win_prob"][t, 0, firsts].sum() == pytest.approx(1.0, abs=1e-9)


def test_stochastic_runs_replay_from_the_seed(arrays) -> None:  # type: ignore[no-untyped-def]
    params = {"state_transitions": "Stochastic", "rounds": 15}
    a, b = SMP(arrays, params, 42), SMP(arrays, params, 42)
    np.testing.assert_array_equal(a.positions, b.positions)
    c = SMP(arrays, params, 43)
    assert not np.array_equal(a.positions, c.positions)
    seeded = {**params, "seed": 3707583219545544125}
    np.testing.assert_array_equal(
        SMP(arrays, seeded, 1).positions, SMP(arrays, seeded, 2).positions
    )


def test_stochastic_batch_runs_differ_and_each_replays(arrays) -> None:  # type: ignore[no-untyped-def]
    batch = load_scenario("dummyData_3Dim").to_arrays(runs=3)
    params = {"state_transitions": "Stochastic", "rounds": 12}
    first, again = SMP(batch, params, 7), SMP(batch, params, 7)
    np.testing.assert_array_equal(first.positions, again.positions)
    assert not np.array_equal(first.positions[:, 0], first.positions[:, 1])


def test_converged_runs_repeat_their_final_positions() -> None:
    batch = random_arrays(6, 2, seed=3, runs=3)
    traj = SMP(batch, {}, 0)
    turns = traj.diagnostics["turns"]
    assert traj.rounds == turns.max()
    for r, t in enumerate(turns):
        assert (traj.positions[t:, r] == traj.positions[t, r]).all()
        assert (traj.diagnostics["mover_init"][t:, r] == -1).all()
    # each run of the batch equals the same run alone
    alone = SMP(
        batch.with_values(batch.position[1:2], batch.salience[1:2], batch.capability[1:2]), {}, 0
    )
    np.testing.assert_array_equal(alone.positions[:, 0], traj.positions[: alone.rounds + 1, 1])


def test_identity_ideal_adjustment_changes_nothing(arrays) -> None:  # type: ignore[no-untyped-def]
    ident = {a: {a: 1.0} for a in arrays.actor_ids}
    np.testing.assert_array_equal(
        SMP(arrays, {"ideal_adjustment": ident}).positions, SMP(arrays, {}).positions
    )
    lagging = {a: {a: 0.5} for a in arrays.actor_ids}  # ideals keep half their old place
    assert not np.array_equal(
        SMP(arrays, {"ideal_adjustment": lagging}).positions, SMP(arrays, {}).positions
    )


@pytest.mark.skipif(
    kernels.kernel("coalitions", 10**6) is None,
    reason="no compiled kernels (Numba missing or DETENTE_NO_JIT=1)",
)
def test_compiled_and_numpy_paths_agree(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    batch = random_arrays(kernels.MIN_ACTORS + 2, 2, seed=11)
    for commit in ("SemiCommit", "FullCommit"):
        for rule in ("Prop", "ASymProsp"):
            params = {"rounds": 3, "third_party_commit": commit, "voting_rule": rule}
            fast = SMP(batch, params)
            with monkeypatch.context() as m:
                m.setattr(kernels, "MIN_ACTORS", 10**6)
                slow = SMP(batch, params)
            np.testing.assert_allclose(fast.positions, slow.positions, atol=1e-9)
            np.testing.assert_allclose(
                fast.diagnostics["win_prob"], slow.diagnostics["win_prob"], atol=1e-9
            )


@pytest.mark.skipif(
    kernels.kernel("coalitions", 10**6) is None,
    reason="no compiled kernels (Numba missing or DETENTE_NO_JIT=1)",
)
def test_threaded_and_serial_kernels_agree_bit_for_bit(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Large runs spread their loops over the cores; every thread sums whole rows in order."""
    batch = random_arrays(kernels.MIN_ACTORS + 2, 2, seed=12)
    with monkeypatch.context() as m:
        m.setattr(kernels, "THREADS_FROM", kernels.MIN_ACTORS)
        threaded = SMP(batch, {"rounds": 3})
    serial = SMP(batch, {"rounds": 3})
    np.testing.assert_array_equal(threaded.positions, serial.positions)
    np.testing.assert_array_equal(threaded.diagnostics["win_prob"], serial.diagnostics["win_prob"])


def test_forums_limit_who_can_challenge_whom() -> None:
    """detente's extension: an actor challenges only actors it shares a forum with."""
    s = load_scenario("dummyData_3Dim")
    ids = s.actor_ids
    split = s.replace(
        forums=[{"id": "west", "members": ids[:4]}, {"id": "east", "members": ids[3:]}]
    )
    traj = SMP(split.to_arrays(), {})
    channels = split.to_arrays().channels
    d = traj.diagnostics
    t, r, a = np.nonzero(d["target"] >= 0)
    assert channels[a, d["target"][t, r, a]].all()
    t, r, a = np.nonzero(d["mover_init"] >= 0)
    assert channels[d["mover_init"][t, r, a], d["mover_rcvr"][t, r, a]].all()
    assert not channels[0, 4]  # so SActor-04 cannot make its turn-1 bargain with SActor-00
    assert not np.array_equal(traj.positions, SMP(s.to_arrays(), {}).positions)
    plenary = s.replace(forums=[{"id": "all", "members": ids}])
    np.testing.assert_array_equal(
        SMP(plenary.to_arrays(), {}).positions, SMP(s.to_arrays(), {}).positions
    )
