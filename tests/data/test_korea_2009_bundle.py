"""The bundled korea-2009 and korea-2007 scenarios: what the build scripts promise.

korea-2009 is checked against its sourced extension file (scripts/data/korea-2009.yaml, in the
repository), so the test never reads /work/shared.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import yaml

from detente.core.utility import utilities
from detente.scenario import Scenario, load_scenario

EXTENSION = Path(__file__).resolve().parents[2] / "scripts" / "data" / "korea-2009.yaml"


@pytest.fixture(scope="module")
def k9() -> Scenario:
    return load_scenario("korea-2009")


@pytest.fixture(scope="module")
def ext() -> dict:
    return yaml.safe_load(EXTENSION.read_text(encoding="utf-8"))


def test_every_stance_is_the_sourced_judgement(k9: Scenario, ext: dict) -> None:
    for actor, raw in ext["actors"].items():
        for issue, cell in raw["stances"].items():
            stance = k9.stances[actor][issue]
            assert (stance.position, stance.salience) == (cell["position"], cell["salience"])
            assert list(stance.sources) == cell["src"] and stance.basis == cell["basis"]


def test_vetoes_and_reservation_values(k9: Scenario, ext: dict) -> None:
    assert [a.id for a in k9.actors if a.veto] == ["US", "DPRK", "ROK", "CHN"]
    issues = [i for i in k9.issue_ids if i in ext["no_deal"]]
    assert "sequencing" not in issues and len(issues) == 9
    state = np.array([ext["no_deal"][i]["value"] for i in issues], float)
    for a in k9.actors:
        pos = np.array([[k9.stances[a.id][i].position for i in issues]])
        sal = np.array([[k9.stances[a.id][i].salience for i in issues]])
        by_hand = utilities(pos, sal, state, np.full(len(issues), 100.0))[0]
        assert a.reservation is not None
        assert a.reservation.utility == pytest.approx(by_hand, abs=5e-4)
        assert a.reservation.exit_cost == ext["actors"][a.id]["exit_cost"]["value"]
    # China: 1 - sum(s * |p - state|) / sum(s) over its nine issues, by hand
    loss = 0.8 * 70 + 0.4 * 60 + 0.6 * 50 + 0.7 * 75 + 0.6 * 60 + 0.4 * 50 + 0.4 * 65 + 0.1 * 55
    loss += 0.6 * 60
    china = 1 - loss / 100 / (0.8 + 0.4 + 0.6 + 0.7 + 0.6 + 0.4 + 0.4 + 0.1 + 0.6)
    assert k9.actor("CHN").reservation.utility == pytest.approx(china, abs=5e-4)


def test_no_plenary_only_channels_that_met(k9: Scenario) -> None:
    assert all(len(f.members) == 2 for f in k9.forums)
    assert {f.id for f in k9.forums} >= {"US-DPRK", "CHN-DPRK", "ROK-DPRK", "RUS-DPRK"}
    assert next(f for f in k9.forums if f.id == "US-DPRK").perception == 0.5
    assert all(f.sources for f in k9.forums)
    channels = k9.to_arrays().channels
    ids = k9.actor_ids
    assert not channels[ids.index("JPN"), ids.index("DPRK")]  # no Japan-DPRK talks in 2009
    assert k9.perception is not None


def test_outcomes_for_back_testing(k9: Scenario) -> None:
    stalemate, deal, broke = k9.outcomes
    assert (stalemate.collapsed, deal.collapsed, broke.collapsed) == (True, False, True)
    assert str(deal.date) == "2012-02-29" and deal.values["econ_energy_aid"] == 25
    assert stalemate.values["denuc_scope"] == 5 and "sequencing" not in stalemate.values


def test_every_source_is_cited_with_title_and_url(k9: Scenario) -> None:
    for sid, src in k9.sources.items():
        assert src.title and src.url, sid


def test_korea_2007_updates_the_dated_cells_and_applies_the_test() -> None:
    k5, k7 = load_scenario("korea-2005"), load_scenario("korea-2007")
    moved = {
        (a, i): (k5.stances[a][i].position, k7.stances[a][i].position)
        for a in k5.actor_ids
        for i in k5.issue_ids
        if k5.stances[a][i].position != k7.stances[a][i].position
    }
    assert moved == {
        ("US", "sequencing"): (80.0, 52.5),
        ("US", "sanctions_relief"): (20.0, 60.0),
        ("US", "security_assurance"): (45.0, 60.0),
        ("DPRK", "verification"): (15.0, 30.0),
        ("JPN", "econ_energy_aid"): (40.0, 10.0),
    }
    assert k7.actor("DPRK").capability == pytest.approx(36.0)  # the nuclear-test shock, +20%
    assert k7.stances["US"]["verification"].salience == 1.0  # 0.9 + 0.2, capped
    assert [o.id for o in k7.outcomes] == ["IA_2007_02_13", "SPA_2007_10_03"]
    assert all(o.collapsed is False for o in k7.outcomes)
