"""Perception noise: shares by channel, opt-in, and what it does to an ensemble."""

from __future__ import annotations

import numpy as np
import pytest

from detente.analysis import Perturbation, ensemble
from detente.analysis.perception import noise_shares, perception_sds
from detente.scenario import Scenario


def _scenario(forums: list[dict], perception: dict | None = None) -> Scenario:
    ids = ["A", "B", "C", "D"]
    data = {
        "id": "seen",
        "name": "seen",
        "actors": [{"id": a, "name": a, "capability": 10 + k} for k, a in enumerate(ids)],
        "issues": [{"id": "x", "name": "x"}],
        "stances": {a: {"x": {"position": 20 * k, "salience": 0.5}} for k, a in enumerate(ids)},
        "forums": forums,
    }
    if perception is not None:
        data["perception"] = perception
    return Scenario.model_validate(data)


PLENARY = {"id": "all", "members": ["A", "B", "C", "D"]}


def test_shares_by_channel() -> None:
    s = _scenario(
        [
            PLENARY,
            {"id": "ab", "members": ["A", "B"]},
            {"id": "cd", "members": ["C", "D"], "perception": 0.8},
        ]
    )
    share = noise_shares(s)
    assert share[0, 1] == 0.25  # a channel of two
    assert share[0, 2] == 0.5  # only the plenary of four
    assert share[2, 3] == 0.5  # the plenary beats a poor channel: the best forum counts
    assert share[0, 0] == 0.0
    lone = _scenario([{"id": "ab", "members": ["A", "B"]}, {"id": "cd", "members": ["C", "D"]}])
    assert noise_shares(lone)[0, 2] == 1.0


def test_sds_are_the_mean_share_over_the_others() -> None:
    s = _scenario([PLENARY, {"id": "ab", "members": ["A", "B"]}])
    pos, sal = perception_sds(s)
    # A is seen by B through the channel (0.25) and by C, D through the plenary (0.5 each)
    assert pos[0, 0] == pytest.approx(10.0 * (0.25 + 0.5 + 0.5) / 3)
    assert sal[2, 0] == pytest.approx(0.1 * 0.5)


def test_off_unless_declared_so_old_ensembles_are_unchanged() -> None:
    plain = _scenario([PLENARY])
    declared = _scenario([PLENARY], perception={})
    assert not Perturbation().perceives(plain) and Perturbation().perceives(declared)
    a = ensemble(plain, runs=200, seed=1).samples
    b = ensemble(plain, runs=200, seed=1, perturb=Perturbation(perception=False)).samples
    c = ensemble(declared, runs=200, seed=1).samples
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c)


def test_a_channel_narrows_the_ensemble_even_under_a_plenary() -> None:
    before = _scenario([PLENARY], perception={"position_sd": 30})
    after = _scenario(
        [PLENARY, {"id": "bc", "members": ["B", "C"]}], perception={"position_sd": 30}
    )
    spread = [
        np.ptp(np.quantile(ensemble(s, "weighted-mean", runs=2000).samples, [0.05, 0.95]))
        for s in (before, after)
    ]
    assert spread[1] < spread[0]
