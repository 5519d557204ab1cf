"""Shared fixtures: small scenarios built in memory and written to temporary files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from detente.scenario import Scenario


def small_scenario_data() -> dict[str, Any]:
    """Three actors, two issues: small enough to check by hand."""
    return {
        "id": "small",
        "name": "Small test case",
        "actors": [
            {"id": "A", "name": "Alpha", "capability": 1.0},
            {"id": "B", "name": "Beta", "capability": 2.0},
            {"id": "C", "name": "Gamma", "capability": 3.0},
        ],
        "issues": [
            {"id": "x", "name": "Issue x", "anchors": {0: "none", 100: "all"}},
            {"id": "y", "name": "Issue y"},
        ],
        "stances": {
            "A": {"x": {"position": 0, "salience": 1.0}, "y": {"position": 100, "salience": 0.5}},
            "B": {"x": {"position": 50, "salience": 0.5}, "y": {"position": 50, "salience": 1.0}},
            "C": {"x": {"position": 100, "salience": 0.5}, "y": {"position": 0, "salience": 0.0}},
        },
        "outcomes": [{"id": "deal", "date": "2005-09-19", "values": {"x": 60}, "sources": ["S1"]}],
        "sources": {"S1": {"title": "A source", "url": "https://example.org"}},
    }


@pytest.fixture
def small_data() -> dict[str, Any]:
    return small_scenario_data()


@pytest.fixture
def small() -> Scenario:
    return Scenario.model_validate(small_scenario_data())


@pytest.fixture
def write_yaml(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Write a dict (or raw text) as a YAML file and return its path."""

    def _write(data: Any, name: str = "scenario.yaml") -> Path:
        path = tmp_path / name
        text = data if isinstance(data, str) else yaml.safe_dump(data, sort_keys=False)
        path.write_text(text, encoding="utf-8")
        return path

    return _write
