"""Writers round-trip: what detente writes, it reads back unchanged.

YAML keeps every field (the bundled korea-2005 and generated scenarios); the CSV formats keep
positions, saliences and capabilities (they have no room for the rest).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from detente.scenario import Scenario, load_scenario, save_scenario

IDS = st.from_regex(r"[A-Za-z][A-Za-z0-9_\-]{0,7}", fullmatch=True)
# U+0085, U+2028 and U+2029 are left out: PyYAML writes them as raw line breaks and reads them
# back as spaces or newlines (a known limitation of its emitter with allow_unicode); lone
# surrogates (category Cs) are not text at all and cannot be stored in UTF-8.
TEXT = st.text(
    st.characters(exclude_characters="\x85\u2028\u2029", exclude_categories=("Cs",)), max_size=12
)
FINITE = {"allow_nan": False, "allow_infinity": False}
SETTINGS = settings(max_examples=40, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip


def _issue(draw: st.DrawFn, iid: str, unit_scales: bool) -> dict:
    low = 0.0 if unit_scales else draw(st.floats(-1e3, 1e3, **FINITE))
    high = 100.0 if unit_scales else low + draw(st.floats(0.5, 1e3, **FINITE))
    anchors = draw(st.dictionaries(st.sampled_from([0, 25, 50, 75, 100]), TEXT, max_size=2))
    scale = {"low": low, "high": high}
    return {
        "id": iid,
        "name": draw(TEXT),
        "question": draw(TEXT),
        "scale": scale,
        "anchors": anchors,
    }


def _stance(draw: st.DrawFn, scale: dict, cite: st.SearchStrategy) -> dict:
    return {
        "position": draw(st.floats(scale["low"], scale["high"], **FINITE)),
        "salience": draw(st.floats(0, 1, **FINITE)),
        "position_sd": draw(st.floats(0, 20, **FINITE)),
        "confidence": draw(st.none() | st.sampled_from(["high", "low"])),
        "sources": draw(cite),
    }


@st.composite
def scenarios(draw: st.DrawFn, unit_scales: bool = False, plain_ids: bool = False) -> Scenario:
    """Small valid scenarios: 1-4 actors, 1-3 issues, optional forums, outcomes and sources."""
    ids = st.from_regex(r"[A-Za-z][A-Za-z0-9]{0,7}", fullmatch=True) if plain_ids else IDS
    actor_ids = draw(st.lists(ids, min_size=1, max_size=4, unique=True))
    issues = [
        _issue(draw, iid, unit_scales)
        for iid in draw(st.lists(ids, min_size=1, max_size=3, unique=True))
    ]
    source_ids = draw(st.lists(IDS, max_size=3, unique=True))
    cite = (
        st.lists(st.sampled_from(source_ids), max_size=2, unique=True)
        if source_ids
        else st.just([])
    )
    actors = [
        {"id": aid, "name": draw(TEXT), "capability": draw(st.floats(1e-3, 1e4, **FINITE)),
         "notes": draw(st.none() | TEXT), "sources": draw(cite)}
        for aid in actor_ids
    ]  # fmt: skip
    stances = {aid: {i["id"]: _stance(draw, i["scale"], cite) for i in issues} for aid in actor_ids}
    forums, outcomes = [], []
    if len(actor_ids) >= 2 and draw(st.booleans()):
        members = draw(st.lists(st.sampled_from(actor_ids), min_size=2, unique=True))
        forums.append({"id": "F1", "name": draw(TEXT), "members": members})
    if draw(st.booleans()):
        values = {i["id"]: draw(st.floats(i["scale"]["low"], i["scale"]["high"])) for i in issues}
        date = draw(st.none() | st.dates())
        outcomes.append({"id": "O1", "date": date, "values": values, "sources": draw(cite)})
    params = st.dictionaries(
        IDS, st.dictionaries(IDS, st.integers() | TEXT, max_size=2), max_size=2
    )
    sources = {sid: {"title": draw(TEXT), "url": draw(st.none() | TEXT)} for sid in source_ids}
    return Scenario(
        id=draw(IDS), name=draw(TEXT), description=draw(TEXT), date=draw(st.none() | st.dates()),
        actors=actors, issues=issues, stances=stances, forums=forums, outcomes=outcomes,
        params=draw(params), sources=sources,
    )  # fmt: skip


def test_korea_yaml_round_trip(tmp_path: Path) -> None:
    korea = load_scenario("korea-2005")
    save_scenario(korea, tmp_path / "korea.yaml")
    again = load_scenario(tmp_path / "korea.yaml")
    assert again == korea
    assert again.outcome("JS_2005_09_19").date == dt.date(2005, 9, 19)


@SETTINGS
@given(scenario=scenarios())
def test_yaml_round_trip(tmp_path: Path, scenario: Scenario) -> None:
    path = tmp_path / "s.yaml"
    save_scenario(scenario, path)
    assert load_scenario(path) == scenario


def _numbers(s: Scenario) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Positions and saliences (actors x issues, in file order) and capabilities."""
    cells = [[s.stances[a][i] for i in s.issue_ids] for a in s.actor_ids]
    position = np.array([[c.position for c in row] for row in cells])
    salience = np.array([[c.salience for c in row] for row in cells])
    return position, salience, np.array([a.capability for a in s.actors])


@SETTINGS
@given(scenario=scenarios(unit_scales=True, plain_ids=True))
def test_csv_round_trip_keeps_numbers(tmp_path: Path, scenario: Scenario) -> None:
    path = tmp_path / "s.csv"
    save_scenario(scenario, path)
    again = load_scenario(path)
    assert again.actor_ids == scenario.actor_ids
    if len(scenario.issues) > 1:
        assert again.issue_ids == scenario.issue_ids
    for got, want in zip(_numbers(again), _numbers(scenario), strict=True):
        np.testing.assert_array_equal(got, want)


def test_csv_round_trip_of_korea(tmp_path: Path) -> None:
    korea = load_scenario("korea-2005")
    save_scenario(korea, tmp_path / "korea.csv")
    again = load_scenario(tmp_path / "korea.csv")
    assert (again.actor_ids, again.issue_ids) == (korea.actor_ids, korea.issue_ids)
    for got, want in zip(_numbers(again), _numbers(korea), strict=True):
        np.testing.assert_array_equal(got, want)
