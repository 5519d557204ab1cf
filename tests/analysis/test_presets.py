"""The sources' proposals as named what-ifs; how a what-if explains an effect or its absence."""

from __future__ import annotations

import numpy as np
import pytest

from detente.analysis import apply_changes, whatif
from detente.errors import DetenteError, UnknownNameError
from detente.roadmap import load_roadmap
from detente.scenario import Scenario, load_scenario
from detente.scenario.change_forms import parse_change
from detente.scenario.changes import OpenForum, SetValue, ShiftValue
from detente.scenario.presets import CTR_ENERGY, CTR_STAGE_ONE, PRESETS, expand_preset


@pytest.fixture(scope="module")
def k9() -> Scenario:
    return load_scenario("korea-2009")


@pytest.mark.parametrize("name", list(PRESETS))
@pytest.mark.parametrize("scenario", ["korea-2009", "korea-2005"])
def test_every_preset_applies_to_the_korea_scenarios(name: str, scenario: str) -> None:
    changed = apply_changes(scenario, [f"preset {name}"])
    assert len(changed.forums) > len(load_scenario(scenario).forums)


def test_preset_text_round_trips() -> None:
    change = parse_change("preset us-russia-channel")
    assert parse_change(change.to_text()) == change
    assert parse_change({"op": "preset", "name": "nunn-lugar"}).to_text() == "preset nunn-lugar"


def test_a_preset_needs_its_actors() -> None:
    with pytest.raises(DetenteError, match="needs the actor"):
        apply_changes("ec-car-emissions", ["preset us-russia-channel"])
    with pytest.raises(UnknownNameError, match="us-russia-channel"):
        apply_changes("korea-2009", ["preset no-such"])


def test_nunn_lugar_is_stage_one_of_the_dismantlement_roadmap(k9: Scenario) -> None:
    stage = load_roadmap("dismantlement").stages[0]
    moves = {(a.actor, a.issue, a.shift) for a in stage.actions if a.issue is not None}
    assert moves == {*CTR_STAGE_ONE, CTR_ENERGY}
    changes = expand_preset("nunn-lugar", k9.model_dump())
    assert changes[0] == OpenForum(("US", "RUS", "DPRK", "CHN"), "ctr_programme")
    assert ShiftValue("DPRK", "exit_cost", 0.05) in changes  # k9's DPRK states a reservation
    after = apply_changes(k9, ["preset nunn-lugar"])
    assert after.stances["DPRK"]["denuc_scope"].position == 25.0  # 10 + 15
    assert after.actor("DPRK").reservation.exit_cost == pytest.approx(0.05)


def test_aid_coordination_sets_one_common_offer(k9: Scenario) -> None:
    donors = ["US", "ROK", "JPN", "CHN", "RUS"]
    w = {a: k9.actor(a).capability * k9.stances[a]["econ_energy_aid"].salience for a in donors}
    common = sum(w[a] * k9.stances[a]["econ_energy_aid"].position for a in donors) / sum(w.values())
    changes = expand_preset("aid-coordination", k9.model_dump())
    assert changes[0] == OpenForum(tuple(donors), "aid_coordination")
    assert {c.value for c in changes[1:] if isinstance(c, SetValue)} == {round(common, 6)}
    after = apply_changes(k9, ["preset aid-coordination"])
    assert after.stances["DPRK"]["econ_energy_aid"].position == 75.0  # the recipient is untouched


def test_us_russia_channel_on_korea_2009_has_an_explained_effect(k9: Scenario) -> None:
    out = whatif(k9, changes=["preset us-russia-channel"], runs=200, seed=0)
    notes = " | ".join(out.notes)
    assert "US-RUS 75% -> 25%" in notes  # the ad hoc briefings become a standing channel
    assert "no effect" not in notes
    assert np.abs(out.table["median_shift"]).max() > 0.005
    assert set(out.collapse) == {"before", "after"}


def test_a_forum_change_without_effect_says_why() -> None:
    notes = " | ".join(whatif("korea-2005", "bdm", changes=["open-forum US,RUS"], runs=0).notes)
    assert "already meet in PLENARY" in notes
    assert "perception noise is off" in notes
    assert "no effect" in notes
    # with perception on, the same channel narrows what the two know of each other
    seen = whatif("korea-2005", changes=["open-forum US,RUS"], runs=100, perturb=_perceiving())
    assert "US-RUS 50% -> 25%" in " ".join(seen.notes)


def test_a_model_that_ignores_forums_is_named(k9: Scenario) -> None:
    notes = " | ".join(whatif(k9, "weighted-mean", changes=["open-forum JPN,DPRK"], runs=0).notes)
    assert "DPRK-JPN can now bargain and trade" in notes
    assert "weighted-mean pools every actor's position" in notes


def test_a_value_change_without_effect_says_why() -> None:
    out = whatif("korea-2005", "weighted-median", changes=["shift RUS position:lwr +1"], runs=0)
    assert "pivotal actor" in out.notes[-1]


def test_reservation_and_exit_cost_changes(k9: Scenario) -> None:
    after = apply_changes(k9, ["shift DPRK reservation +0.1", "set JPN exit_cost 0.2"])
    before_r = k9.actor("DPRK").reservation.utility
    assert after.actor("DPRK").reservation.utility == pytest.approx(before_r + 0.1)
    assert after.actor("JPN").reservation.exit_cost == 0.2
    with pytest.raises(DetenteError, match="states no reservation"):
        apply_changes("korea-2005", ["shift US exit_cost +0.1"])
    set_one = apply_changes("korea-2005", ["set US reservation 0.4"])
    assert set_one.actor("US").reservation.utility == 0.4


def _perceiving():  # type: ignore[no-untyped-def]
    from detente.analysis import Perturbation

    return Perturbation(perception=True)
