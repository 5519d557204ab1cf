"""Reservation values, vetoes, perception and collapsed outcomes in the scenario format."""

from __future__ import annotations

from typing import Any

import pytest

from detente.errors import ScenarioError
from detente.scenario import Scenario, load_scenario
from detente.scenario.problems import validate_as
from detente.scenario.yaml_io import scenario_to_yaml


def _data(reservation: Any = None, **extra: Any) -> dict[str, Any]:
    actor = {"id": "A", "name": "A", "capability": 1.0, "veto": True}
    if reservation is not None:
        actor["reservation"] = reservation
    return {
        "id": "r",
        "name": "r",
        "actors": [actor, {"id": "B", "name": "B", "capability": 2.0}],
        "issues": [{"id": "x", "name": "x"}, {"id": "y", "name": "y"}],
        "stances": {
            a: {"x": {"position": 10.0, "salience": 0.5}, "y": {"position": 90.0, "salience": 1.0}}
            for a in "AB"
        },
        **extra,
    }


@pytest.mark.parametrize(
    ("reservation", "message"),
    [
        ({}, "either as 'utility'"),
        ({"utility": 0.4, "accepts": {"x": [0, 50]}}, "not both"),
        ({"utility": 1.2}, "less than or equal to 1"),
        ({"accepts": {"x": [60, 50]}}, "above high"),
        ({"accepts": {"z": [0, 50]}}, "unknown issue"),
        ({"accepts": {"x": [-10, 50]}}, "leaves the issue's scale"),
        ({"utility": 0.4, "sources": ["NOPE"]}, "cited but not defined"),
    ],
)
def test_bad_reservations_are_refused_with_the_place(reservation: dict, message: str) -> None:
    with pytest.raises(ScenarioError, match=message):
        validate_as(Scenario, _data(reservation), "test.yaml")


def test_accepted_positions_become_the_worst_accepted_outcome() -> None:
    s = Scenario.model_validate(_data({"accepts": {"x": [0, 40]}}))
    # worst accepted: x = 40 (30 from 10) and y = 0 (90 from 90): 1 - (0.5*0.3 + 1.0*0.9) / 1.5
    assert s.to_arrays().reservation[0] == pytest.approx(1 - 1.05 / 1.5)
    assert s.to_arrays().veto.tolist() == [True, False]


def test_new_fields_are_optional_and_round_trip() -> None:
    plain = Scenario.model_validate(_data())
    arrays = plain.to_arrays()
    assert arrays.reservation is None and not arrays.walkout
    full = Scenario.model_validate(
        _data(
            {"utility": 0.4, "utility_sd": 0.05, "exit_cost": 0.1},
            perception={"position_sd": 5},
            forums=[{"id": "f", "members": ["A", "B"], "perception": 0.3}],
            outcomes=[{"id": "o", "values": {"x": 20}, "collapsed": True}],
        )
    )
    import yaml

    again = Scenario.model_validate(yaml.safe_load(scenario_to_yaml(full)))
    assert again == full
    written = scenario_to_yaml(load_scenario("korea-2005"))
    assert "veto:" not in written and "reservation:" not in written
