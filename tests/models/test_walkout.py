"""The walk-out rule of the dynamic models, on small hand-checked cases."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from detente.models.registry import get_model
from detente.scenario import Scenario

DYNAMIC = ("bdm", "smp", "exchange")


def _scenario(reservation: dict[str, Any] | None = None, veto: bool = False) -> Scenario:
    """Three actors on two issues; C sits alone at 100 while A and B hold the weight near 0."""
    actors = [
        {"id": "A", "name": "A", "capability": 50},
        {"id": "B", "name": "B", "capability": 40},
        {"id": "C", "name": "C", "capability": 10, "veto": veto, "reservation": reservation},
    ]
    pos = {"A": (0, 10), "B": (20, 0), "C": (100, 100)}
    return Scenario.model_validate(
        {
            "id": "walk",
            "name": "walk",
            "actors": [{k: v for k, v in a.items() if v is not None} for a in actors],
            "issues": [{"id": "x", "name": "x"}, {"id": "y", "name": "y"}],
            "stances": {
                a: {
                    "x": {"position": p[0], "salience": 0.8},
                    "y": {"position": p[1], "salience": 0.6},
                }
                for a, p in pos.items()
            },
        }
    )


@pytest.mark.parametrize("model", DYNAMIC)
def test_without_reservation_values_nothing_changes(model: str) -> None:
    spec = get_model(model)
    plain = spec(_scenario().to_arrays(), {}, 0)
    off = spec(_scenario({"utility": 0.99}).to_arrays(), {"walkout_rounds": 0}, 0)
    assert "walkouts" not in plain.diagnostics and plain.present is None
    np.testing.assert_array_equal(plain.positions, off.positions)
    np.testing.assert_array_equal(plain.forecast, off.forecast)


@pytest.mark.parametrize("model", DYNAMIC)
def test_an_actor_kept_below_its_reservation_leaves_after_k_rounds(model: str) -> None:
    # C's utility of any forecast near A and B is about 0.1 (it sits at the far end of both
    # issues), below 0.5 from round 1 on, so with k = 2 it leaves after round 2
    traj = get_model(model)(_scenario({"utility": 0.5}).to_arrays(), {"walkout_rounds": 2}, 0)
    walk = traj.diagnostics["walkouts"]
    assert walk["actor"] == ["C"] and list(walk["round"]) == [2] and not walk["veto"].any()
    assert traj.present is not None
    assert traj.present[:3, 0, 2].all() and not traj.present[3:, 0, 2].any()
    # after it left its position stays where it was
    assert (traj.positions[3:, 0, 2] == traj.positions[2, 0, 2]).all()


@pytest.mark.parametrize("model", DYNAMIC)
def test_a_veto_player_walking_out_ends_the_talks(model: str) -> None:
    s = _scenario({"utility": 0.5}, veto=True)
    traj = get_model(model)(s.to_arrays(), {"walkout_rounds": 1}, 0)
    assert list(traj.diagnostics["walkouts"]["veto"]) == [True]
    assert (traj.positions[1:] == traj.positions[1]).all()  # frozen after round 1
    assert (traj.forecast[1:] == traj.forecast[1]).all()


def test_reservation_zero_never_leaves() -> None:
    traj = get_model("bdm")(_scenario({"utility": 0.0}).to_arrays(), {"walkout_rounds": 1}, 0)
    assert "walkouts" not in traj.diagnostics


@pytest.mark.parametrize(("cost", "leaves"), [(0.5, False), (0.45, True)])
def test_exit_cost_lowers_the_bar(cost: float, leaves: bool) -> None:
    # bdm's forecast goes from (0, 10) to (0, 0), the worst outcome for C (utility 0): a bar
    # of 0.5 - 0.5 = 0 keeps C at the table, one of 0.5 - 0.45 = 0.05 does not
    s = _scenario({"utility": 0.5, "exit_cost": cost})
    traj = get_model("bdm")(s.to_arrays(), {"walkout_rounds": 1}, 0)
    assert ("walkouts" in traj.diagnostics) is leaves


def test_reservation_as_accepted_positions() -> None:
    # C accepts x in [60, 100] and y anywhere: the worst accepted outcome is x = 60, y = 0,
    # distance 0.4 on x (weight 0.8) and 1.0 on y (weight 0.6): U = 1 - (0.32 + 0.6) / 1.4
    s = _scenario({"accepts": {"x": [60, 100]}})
    assert s.to_arrays().reservation[2] == pytest.approx(1 - 0.92 / 1.4)


def test_bad_walkout_rounds_is_a_model_error() -> None:
    from detente.errors import ModelError

    with pytest.raises(ModelError, match="walkout_rounds"):
        get_model("bdm")(_scenario({"utility": 0.5}).to_arrays(), {"walkout_rounds": -1}, 0)
