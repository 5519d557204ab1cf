"""The bundled korea-2005 scenario: shape, ids, citations, baseline (not later) values, outcomes.

Expected numbers are copied by hand from the Korea data set (actors.yaml / outcomes.yaml baseline
fields) so that the test never reads /work/shared.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from detente import forecast
from detente.scenario import Scenario, load_scenario

PARTIES = ["US", "DPRK", "ROK", "JPN", "CHN", "RUS"]
ISSUES = [
    "denuc_scope", "sequencing", "verification", "sanctions_relief", "security_assurance",
    "econ_energy_aid", "lwr", "normalization", "abductee_linkage", "regional_mechanism",
]  # fmt: skip
OUTCOMES = [
    "JS_2005_09_19", "IA_2007_02_13", "SPA_2007_10_03", "HOD_2008_07_12", "REALIZED_2008_12",
    "COLLAPSE_2009_06",
]  # fmt: skip
CLOUT = {"US": 100, "DPRK": 30, "ROK": 50, "JPN": 55, "CHN": 85, "RUS": 45}
# Joint Statement of 19 Sep 2005 placed on the ten scales (outcomes.yaml).
JOINT_STATEMENT = [75, 50, 55, 30, 70, 60, 50, 50, 35, 50]


@pytest.fixture(scope="module")
def korea() -> Scenario:
    return load_scenario("korea-2005")


def test_six_parties_on_ten_issues(korea: Scenario) -> None:
    assert korea.actor_ids == PARTIES
    assert korea.issue_ids == ISSUES
    arrays = korea.to_arrays()
    assert arrays.position.shape == (1, 6, 10)
    assert "IAEA" in korea.description and "UN Security Council" in korea.description
    assert {a.id: a.capability for a in korea.actors} == CLOUT


def test_issues_keep_all_five_anchors(korea: Scenario) -> None:
    for issue in korea.issues:
        assert sorted(issue.anchors) == [0, 25, 50, 75, 100], issue.id
        assert issue.question.endswith("?")
    assert korea.issue("lwr").anchors[50] == "agree to discuss LWR provision at an appropriate time"


@pytest.mark.parametrize(
    ("actor", "issue", "position", "salience"),
    [
        ("US", "denuc_scope", 95, 1.0),
        # later_evidence would give ~50-55 (2007 action for action)
        ("US", "sequencing", 80, 0.8),
        # later_evidence: ~60 after the 2007-08 TWEA/SST steps
        ("US", "sanctions_relief", 20, 0.5),
        # later_evidence: 2007 monitoring accepted, ~25-35
        ("DPRK", "verification", 15, 0.8),
        ("DPRK", "security_assurance", 95, 1.0),
        ("RUS", "regional_mechanism", 85, 0.7),
        ("RUS", "abductee_linkage", 20, 0.2),
    ],
)
def test_baseline_values_not_later_evidence(
    korea: Scenario, actor: str, issue: str, position: float, salience: float
) -> None:
    stance = korea.stances[actor][issue]
    assert (stance.position, stance.salience) == (position, salience)


def test_uncertainty_follows_confidence(korea: Scenario) -> None:
    rule = {"high": (5.0, 0.05), "medium": (10.0, 0.10), "low": (15.0, 0.15)}
    counts = {"high": 0, "medium": 0, "low": 0}
    for row in korea.stances.values():
        for stance in row.values():
            assert stance.confidence is not None and stance.basis
            assert (stance.position_sd, stance.salience_sd) == rule[stance.confidence]
            counts[stance.confidence] += 1
    assert counts == {"high": 20, "medium": 27, "low": 13}
    assert korea.stances["US"]["abductee_linkage"].position_sd == 15.0  # a "low" cell


def test_every_number_cites_defined_sources(korea: Scenario) -> None:
    cited: set[str] = set()
    for actor in korea.actors:
        assert actor.sources, actor.id
        cited.update(actor.sources)
    for row in korea.stances.values():
        for stance in row.values():
            assert stance.sources
            cited.update(stance.sources)
    for outcome in korea.outcomes:
        assert outcome.sources, outcome.id
        cited.update(outcome.sources)
    for forum in korea.forums:
        match = re.search(r"Sources: ([A-Za-z0-9_, ]+)\.$", forum.notes or "")
        assert match, forum.id
        cited.update(s.strip() for s in match.group(1).split(","))
    assert cited == set(korea.sources)  # every citation resolves, and nothing uncited is kept
    for sid, source in korea.sources.items():
        assert source.title and source.url and source.kind, sid
        assert source.reliability in {"A", "B", "C"}, sid


def test_outcomes_dated_and_on_the_scales(korea: Scenario) -> None:
    assert [o.id for o in korea.outcomes] == OUTCOMES
    js = korea.outcome("JS_2005_09_19")
    assert str(js.date) == "2005-09-19"
    assert [js.values[i] for i in ISSUES] == JOINT_STATEMENT
    assert korea.outcome("HOD_2008_07_12").values == {"verification": 50.0}
    assert korea.outcome("REALIZED_2008_12").values["sanctions_relief"] == 65.0
    assert "JS2005_TEXT" in js.sources


def test_forums_plenary_and_working_groups(korea: Scenario) -> None:
    members = {f.id: f.members for f in korea.forums}
    assert list(members) == ["PLENARY", "WG-DENUC", "WG-EEC", "WG-NEAPSM", "WG-USDPRK", "WG-JDPRK"]
    assert members["WG-USDPRK"] == ("US", "DPRK")
    assert members["WG-JDPRK"] == ("JPN", "DPRK")
    for wg in ("PLENARY", "WG-DENUC", "WG-EEC", "WG-NEAPSM"):
        assert set(members[wg]) == set(PARTIES)
    chairs = {f.id: (f.notes or "").split(".")[0] for f in korea.forums}
    assert chairs["WG-DENUC"] == "Chair: China"
    assert chairs["WG-NEAPSM"] == "Chair: Russia"
    assert bool(korea.to_arrays().channels.all())


def test_weighted_mean_sanity_check_against_joint_statement(korea: Scenario) -> None:
    """The data set's own check: clout x salience mean of the six vs the Joint Statement."""
    arrays = korea.to_arrays()
    w = arrays.capability[0][:, None] * arrays.salience[0]
    mean = (w * arrays.position[0]).sum(axis=0) / w.sum(axis=0)
    gap = np.abs(mean - np.array(JOINT_STATEMENT))
    assert float(gap.mean()) == pytest.approx(10.30, abs=0.01)
    assert 8 <= gap.mean() <= 12
    assert mean[0] == pytest.approx(79.6, abs=0.05)  # denuc_scope, as in outcomes.yaml
    assert mean[8] == pytest.approx(57.4, abs=0.05)  # abductee_linkage
    baseline = forecast(korea, "weighted-mean")
    assert [baseline[i] for i in ISSUES] == pytest.approx(mean.tolist())


def test_documented_anchors_and_clout_match_the_scenario(korea: Scenario) -> None:
    page = Path(__file__).resolve().parents[2] / "docs" / "data" / "korea.md"
    rows = {line.split("|")[1].strip(" `"): line for line in page.read_text().splitlines()
            if line.startswith("| ")}  # fmt: skip
    for issue in korea.issues:
        assert all(issue.anchors[k] in rows[issue.id] for k in (0, 50, 100)), issue.id
    for actor in korea.actors:
        assert rows[actor.id].split("|")[2].strip() == f"{actor.capability:g}", actor.id
