"""The bundled dummyData_3Dim scenario is KTAB's sample CSV as detente's reader sees it, cited."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from detente.data import bundled_path
from detente.scenario import load_scenario

KTAB_CSV = Path(__file__).parent / "ktab" / "dummyData_3Dim.csv"


def _without_citations(data: Any) -> Any:
    """A model dump with every ``sources`` entry dropped (the bundle only adds citations)."""
    if isinstance(data, dict):
        return {k: _without_citations(v) for k, v in data.items() if k != "sources"}
    if isinstance(data, list | tuple):
        return [_without_citations(v) for v in data]
    return data


def test_bundle_equals_the_csv_read_by_the_reader() -> None:
    bundled = load_scenario("dummyData_3Dim")
    read = load_scenario(KTAB_CSV)
    assert bundled.id == "dummyData_3Dim"
    assert bundled.description.startswith(read.description)
    same = {"id": read.id, "description": read.description}
    expected = _without_citations(read.model_dump())
    assert _without_citations(bundled.replace(**same).model_dump()) == expected


def test_bundle_numbers_match_the_ktab_file() -> None:
    s = load_scenario("dummyData_3Dim")
    assert len(s.actors) == 7 and s.issue_ids == ["dim1", "dim2", "dim3"]
    assert s.actor("SActor-02").capability == 129.643
    assert s.stances["SActor-02"]["dim3"].position == 0.07
    assert s.stances["SActor-00"]["dim1"].salience == 0.4953  # KTAB's 49.53 on 0-100


def test_every_number_cites_ktab_with_its_licence() -> None:
    s = load_scenario("dummyData_3Dim")
    assert set(s.sources) == {"KTAB"}
    assert s.sources["KTAB"].url == "https://github.com/KAPSARC/KTAB"
    assert "MIT" in (s.sources["KTAB"].kind or "")
    assert all(a.sources == ("KTAB",) for a in s.actors)
    assert all(st.sources == ("KTAB",) for row in s.stances.values() for st in row.values())


def test_bundled_file_carries_the_mit_notice() -> None:
    text = bundled_path("dummyData_3Dim").read_text(encoding="utf-8")
    assert "Copyright (c) 2015 KAPSARC" in text
    assert "permission notice shall be included" in text
    assert "Copyright (c) 2015 KAPSARC" in (KTAB_CSV.parent / "LICENSE").read_text()
