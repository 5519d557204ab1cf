"""The scenario diff in words: every kind of change, and nothing for equal scenarios."""

from __future__ import annotations

import copy

from hypothesis import given
from hypothesis import strategies as st

from detente import load_scenario
from detente.scenario import Scenario
from detente.scenario.diff import diff_lines, diff_scenarios
from tests.conftest import small_scenario_data


def test_equal_scenarios_have_no_differences(small):
    assert diff_scenarios(small, small) == []


def test_korea_salience_change_reads_in_words():
    korea = load_scenario("korea-2005")
    stances = korea.model_dump()["stances"]
    old = stances["RUS"]["denuc_scope"]["salience"]
    stances["RUS"]["denuc_scope"]["salience"] = 0.95
    lines = diff_lines(korea, korea.replace(stances=stances))
    assert lines == [f"RUS salience on denuc_scope {old:.2f} -> 0.95"]


def test_every_kind_of_change(small_data):
    a = Scenario.model_validate(small_data)
    data = copy.deepcopy(small_data)
    data["name"] = "Renamed"
    data["actors"][1]["capability"] = 2.5
    data["actors"].append({"id": "D", "name": "Delta", "capability": 1.0})
    data["stances"]["D"] = {
        "x": {"position": 10, "salience": 0.2},
        "y": {"position": 20, "salience": 0.3},
    }
    data["stances"]["A"]["y"]["position"] = 80
    data["issues"][0]["anchors"] = {0: "none", 100: "everything"}
    data["forums"] = [{"id": "AB", "members": ["A", "B"]}]
    data["sources"]["S2"] = {"title": "Another"}
    del data["outcomes"][0]
    lines = diff_lines(a, Scenario.model_validate(data))
    assert lines == [
        "scenario name 'Small test case' -> 'Renamed'",
        "actor B capability 2 -> 2.5",
        "actor D added",
        "issue x anchors 100 'all' -> 'everything'",
        "A position on y 100 -> 80",
        "forum AB added",
        "outcome deal removed",
        "source S2 added",
    ]


def test_removed_actor_and_changed_outcome(small_data):
    a = Scenario.model_validate(small_data)
    data = copy.deepcopy(small_data)
    data["actors"] = data["actors"][:2]
    del data["stances"]["C"]
    data["outcomes"][0]["values"]["x"] = 70
    diffs = diff_scenarios(a, Scenario.model_validate(data))
    assert [d.text for d in diffs] == ["actor C removed", "outcome deal values x 60 -> 70"]
    assert diffs[1].path == "outcomes.deal.values.x"
    assert (diffs[1].before, diffs[1].after) == (60.0, 70.0)


@given(st.floats(0, 1), st.floats(0, 100))
def test_a_single_stance_change_is_exactly_one_line(salience, position):
    base = Scenario.model_validate(small_scenario_data())
    actor, issue = base.actor_ids[0], base.issue_ids[0]
    old = base.stances[actor][issue]
    stances = base.model_dump()["stances"]
    stances[actor][issue].update(salience=salience, position=position)
    diffs = diff_scenarios(base, base.replace(stances=stances))
    changed = {d.path.rsplit(".", 1)[1] for d in diffs}
    expected = {
        k for k, v in (("salience", salience), ("position", position)) if v != getattr(old, k)
    }
    assert changed == expected
    assert diff_scenarios(base.replace(stances=stances), base.replace(stances=stances)) == []
