"""`detente scenarios` reads a small catalogue; it must say what the scenario files say."""

from __future__ import annotations

from detente.data import BUNDLED, catalogue, catalogue_of_files


def test_catalogue_matches_the_scenario_files() -> None:
    assert catalogue() == catalogue_of_files(), (
        "src/detente/data/catalogue.json is stale: run `python scripts/build_catalogue.py`"
    )
    assert [row["name"] for row in catalogue()] == list(BUNDLED)
    korea = catalogue()[0]
    assert (korea["actors"], korea["issues"], korea["outcomes"]) == (6, 10, 6)
