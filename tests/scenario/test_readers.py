"""Readers of the classic CSV (and its long form) and of KTAB's CSV; arrays from a scenario."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from detente.scenario import Scenario, load_scenario, read

EC_CSV = """Actor,Capability,Position,Salience
Netherlands,0.08,4,0.8
Belgium,0.08,7,0.4
UK,0.16,10,0.9
"""

KTAB_CSV = """Tiny ,"A tiny KTAB scenario",3,2,
Actor,Description,Power,Pstn1,Sal1,Pstn2,Sal2,
A-1, first, 10.5, 20.0, 40.0, 80.0, 60.0,
A-2, second, 20.0, 50.0, 70.0, 10.0, 30.0,
A-3, third, 30.0, 90.0, 10.0, 45.5, 5.0,
"""


def test_classic_csv(tmp_path: Path) -> None:
    path = tmp_path / "ec.csv"
    path.write_text(EC_CSV)
    loaded = read(path)
    s = loaded.scenario
    assert s.actor_ids == ["Netherlands", "Belgium", "UK"]
    assert s.stances["UK"]["issue"].position == 10
    assert s.actor("UK").capability == 0.16
    # no scale in the file: the positions' range
    assert (s.issues[0].scale.low, s.issues[0].scale.high) == (4, 10)
    assert loaded.notes == []


def test_classic_csv_with_its_scale(tmp_path: Path) -> None:
    path = tmp_path / "scaled.csv"
    path.write_text(
        "Actor,Capability,Position,Salience,ScaleLow,ScaleHigh\nA,1,4,0.5,0,12\nB,2,7,1,0,12\n"
    )
    loaded = read(path)
    assert (loaded.scenario.issues[0].scale.low, loaded.scenario.issues[0].scale.high) == (0, 12)
    assert loaded.notes == []


def test_classic_csv_detects_percent_salience_and_other_ranges(tmp_path: Path) -> None:
    path = tmp_path / "odd.csv"
    path.write_text("Actor,Capability,Position,Salience\nA,1,-40,80\nB,2,160,50\n")
    loaded = read(path)
    st = loaded.scenario.stances
    assert st["A"]["issue"].salience == pytest.approx(0.8)
    assert any("0-100" in n for n in loaded.notes)
    assert (loaded.scenario.issues[0].scale.low, loaded.scenario.issues[0].scale.high) == (-40, 160)
    assert loaded.scenario.issues[0].scale.low == -40


def test_long_csv_with_issue_column(tmp_path: Path) -> None:
    path = tmp_path / "long.csv"
    path.write_text(
        "Actor,Issue,Capability,Position,Salience\nA,x,1,10,0.5\nA,y,1,20,0.5\n"
        "B,x,2,30,1\nB,y,2,40,0\n"
    )
    s = load_scenario(path)
    assert s.issue_ids == ["x", "y"]
    assert s.stances["B"]["y"].position == 40


def test_ktab_csv(tmp_path: Path) -> None:
    path = tmp_path / "tiny.csv"
    path.write_text(KTAB_CSV)
    s = load_scenario(path)
    assert s.id == "Tiny"
    assert s.actor_ids == ["A-1", "A-2", "A-3"]
    assert s.issue_ids == ["dim1", "dim2"]
    assert s.stances["A-3"]["dim2"].position == 45.5
    assert s.stances["A-1"]["dim2"].salience == pytest.approx(0.6)
    assert s.actor("A-2").capability == 20.0


def test_arrays_have_a_batch_axis_and_channels(small: Scenario) -> None:
    a = small.to_arrays(runs=4)
    assert a.position.shape == (4, 3, 2)
    assert a.salience.shape == (4, 3, 2)
    assert a.capability.shape == (4, 3)
    assert a.channels.all()  # default plenary of everyone
    np.testing.assert_array_equal(a.position[2, :, 0], [0, 50, 100])


def test_forums_make_channels(small_data: dict) -> None:
    small_data["forums"] = [{"id": "ab", "members": ["A", "B"]}]
    a = Scenario.model_validate(small_data).to_arrays()
    assert a.channels[0, 1] and a.channels[1, 0]
    assert not a.channels[0, 2] and not a.channels[1, 2]
    assert a.channels[2, 2]
