"""Bad roadmap files get one clear problem each: field path, line number, fix."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from detente.errors import ScenarioError, UnknownNameError
from detente.roadmap import read_roadmap


def problems(write_roadmap, data: dict[str, Any]) -> list[str]:  # type: ignore[no-untyped-def]
    with pytest.raises(ScenarioError) as info:
        read_roadmap(write_roadmap(data))
    assert "roadmap.yaml" in str(info.value)
    return [p.render() for p in info.value.problems]


def test_the_mini_file_is_valid(write_roadmap, mini_data) -> None:  # type: ignore[no-untyped-def]
    assert read_roadmap(write_roadmap(mini_data)).roadmap.parties == ["A", "B"]


def test_stage_requiring_itself(write_roadmap, mini_data) -> None:  # type: ignore[no-untyped-def]
    mini_data["stages"][1]["requires"] = ["s2"]
    (p,) = problems(write_roadmap, mini_data)
    assert "stages.1.requires.0" in p and "requires itself" in p and p.startswith("line ")


def test_stage_requiring_a_missing_stage(write_roadmap, mini_data) -> None:  # type: ignore[no-untyped-def]
    mini_data["stages"][1]["requires"] = ["s9"]
    (p,) = problems(write_roadmap, mini_data)
    assert "unknown stage 's9'" in p and "stages: s1, s2" in p


def test_cycle_between_stages(write_roadmap, mini_data) -> None:  # type: ignore[no-untyped-def]
    mini_data["stages"][0]["requires"] = ["s2:verified"]
    (p,) = problems(write_roadmap, mini_data)
    assert "cycle s1 -> s2 -> s1" in p


def test_negative_quantity(write_roadmap, mini_data) -> None:  # type: ignore[no-untyped-def]
    mini_data["stages"][0]["actions"][1]["quantity"] = -5
    (p,) = problems(write_roadmap, mini_data)
    assert "stages.0.actions.1" in p and "negative" in p


def test_unknown_actor_and_issue_checked_against_the_scenario(write_roadmap, mini_data) -> None:  # type: ignore[no-untyped-def]
    mini_data["stages"][0]["actions"][0]["actor"] = "Z"
    mini_data["stages"][1]["actions"][0]["issue"] = "tariffs"
    found = problems(write_roadmap, mini_data)
    assert any("stages.0.actions.0.actor" in p and "unknown actor 'Z'" in p for p in found)
    assert any("stages.1.actions.0.issue" in p and "unknown issue 'tariffs'" in p for p in found)
    assert all(p.startswith("line ") for p in found)


def test_event_for_an_action_that_does_not_exist(write_roadmap, mini_data) -> None:  # type: ignore[no-untyped-def]
    mini_data["events"].append({"date": "2020-05-05", "action": "zz", "kind": "done"})
    (p,) = problems(write_roadmap, mini_data)
    assert "events.6.action" in p and "no action 'zz'" in p


def test_delivery_without_quantity_and_bad_date(write_roadmap, mini_data) -> None:  # type: ignore[no-untyped-def]
    bad = copy.deepcopy(mini_data)
    bad["events"][1].pop("quantity")
    bad["events"][0]["date"] = "March 2020"
    found = problems(write_roadmap, bad)
    assert any("events.1" in p and "quantity" in p for p in found)
    assert any("events.0.date" in p and "YYYY-MM-DD" in p for p in found)


def test_unknown_scenario_and_unknown_roadmap(write_roadmap, mini_data) -> None:  # type: ignore[no-untyped-def]
    mini_data["scenario"] = "no-such-scenario"
    (p,) = problems(write_roadmap, mini_data)
    assert "scenario" in p and "no-such-scenario" in p
    with pytest.raises(UnknownNameError, match="bundled roadmap"):
        read_roadmap("no-such-roadmap")


def test_roadmap_with_its_scenario_inline(write_roadmap, mini_data) -> None:  # type: ignore[no-untyped-def]
    import yaml

    from tests.roadmap.conftest import DATA

    mini_data["scenario"] = yaml.safe_load((DATA / "mini-scenario.yaml").read_text("utf-8"))
    loaded = read_roadmap(write_roadmap(mini_data))
    assert loaded.scenario.id == "mini" and loaded.roadmap.parties == ["A", "B"]
    mini_data["scenario"]["stances"]["A"].pop("aid")
    (p,) = problems(write_roadmap, mini_data)
    assert "scenario.stances.A.aid" in p and "missing" in p


@pytest.mark.parametrize(
    ("text", "expected"),
    [("", "expected a mapping"), ("id: x\nstages: [\n", "not valid YAML"), ("- 1\n", "mapping")],
)
def test_unreadable_files(tmp_path, text: str, expected: str) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "r.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioError, match=expected):
        read_roadmap(path)
    with pytest.raises(ScenarioError, match="YAML file"):
        read_roadmap(tmp_path)
